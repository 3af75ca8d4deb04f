import { announceNotifications, NOBODY, notifyOrganisationMembers } from "../notify-members";
import {
  assertPermitted,
  assertTransition,
  DomainError,
  isFinalStatus,
  lotSchema,
  lotsFollowingTender,
  nextStatuses,
  notFound,
  permits,
  pickFields,
  refusalOf,
  tenderOperations as ops,
  type Operation,
  type TenderOwnership,
  type TenderStatus,
} from "@regiotafel/domain";
import type { z } from "zod";
import type { Db } from "../../client";
import type { Scope } from "../../scope";
import { assertOrganisationsInWorkspace, assertRegionInWorkspace, change, fromDate, presentMilestone, stale, toDate, type Tx } from "./common";
import { lotSnapshot, readLotSnapshot, removedLotSummary, type LotSnapshot } from "./lot-snapshot";
import { keepCancelledMilestone } from "../calendar-feed";

// Tenders belong to their procuring entity and managing region (ADR 0016); other
// municipalities read them and state their own participation per lot. Who may do what is in
// the operations' contracts (packages/domain/src/operations/tenders.ts): the procedure checked
// the role, these services check the rest against the record, once.

type Input<Op extends { input: z.ZodType }> = z.output<Op["input"]>;
/** An operation whose rule is the tender's ownership. */
type OwnershipOperation = Operation<z.ZodType, TenderOwnership>;

const closed = () => new DomainError("CONFLICT", "tender.closed");
const lotClosed = () => new DomainError("CONFLICT", "lot.closed");

export interface TenderBoardFilter {
  status?: TenderStatus | null;
  domain?: string | null;
  regionId?: string | null;
}

export interface TenderBoardRow {
  id: string;
  title: string;
  domain: string;
  level: string;
  procedure: string;
  status: TenderStatus;
  ownerRegionId: string | null;
  ownerRegion: string | null;
  procuringEntityId: string;
  procuringEntity: string;
  contractStart: string | null;
  lots: number;
  participants: number;
  nextMilestone: string | null;
  nextMilestoneDate: string | null;
  estimatedValue: number | null;
  version: number;
}

/** The status board: every tender of the workspace with its counts and next milestone, in one query. */
export async function tenderBoard(prisma: Db, scope: Scope, filter: TenderBoardFilter = {}) {
  // Counts and the next milestone are aggregated once per table, not once per tender.
  const rows = await prisma.$sql<TenderBoardRow>(
    `WITH t AS (
       SELECT * FROM tender
       WHERE workspace_id = $1
         AND ($2::text IS NULL OR status::text = $2)
         AND ($3::text IS NULL OR domain::text = $3)
         AND ($4::uuid IS NULL OR owner_region_id = $4)
     ),
     lots AS (SELECT tender_id, count(*)::int AS n FROM lot WHERE tender_id IN (SELECT id FROM t) GROUP BY tender_id),
     parts AS (SELECT tender_id, count(*)::int AS n FROM tender_participant WHERE tender_id IN (SELECT id FROM t) GROUP BY tender_id),
     next AS (
       SELECT DISTINCT ON (tender_id) tender_id, title, due_date FROM milestone
       WHERE tender_id IN (SELECT id FROM t) AND status = 'SCHEDULED' AND due_date IS NOT NULL
       ORDER BY tender_id, due_date
     )
     SELECT t.id, t.title, t.domain, t.level, t.procedure, t.status, t.owner_region_id AS "ownerRegionId",
            r.name AS "ownerRegion", t.procuring_entity_id AS "procuringEntityId", pe.name AS "procuringEntity", to_char(t.contract_start, 'YYYY-MM-DD') AS "contractStart",
            t.estimated_value AS "estimatedValue", t.version,
            coalesce(lots.n, 0) AS lots, coalesce(parts.n, 0) AS participants,
            next.title AS "nextMilestone", to_char(next.due_date, 'YYYY-MM-DD') AS "nextMilestoneDate"
     FROM t
     JOIN organisation pe ON pe.id = t.procuring_entity_id
     LEFT JOIN region r ON r.id = t.owner_region_id
     LEFT JOIN lots ON lots.tender_id = t.id
     LEFT JOIN parts ON parts.tender_id = t.id
     LEFT JOIN next ON next.tender_id = t.id
     ORDER BY t.title`,
    [scope.workspaceId, filter.status ?? null, filter.domain ?? null, filter.regionId ?? null],
  );
  return {
    tenders: rows.map((row) => {
      const owned = permits(ops.updateTender, scope, { current: row, next: row });
      /** `owned`: the member's organisation or region owns it (publishes its structure); `canEdit`: and it is still open. */
      return { ...row, owned, canEdit: owned && !isFinalStatus(row.status) };
    }),
    /** The member may start a tender (one they own: their organisation procures, or a region they manage). */
    canCreate: permits(ops.createTender, scope, { ownerRegionId: null, procuringEntityId: scope.organisationId }),
  };
}

/** Every milestone of every tender (and lot), by date: the timeline across tenders. */
export async function milestoneTimeline(prisma: Db, scope: Scope, range: { from?: string | null; to?: string | null } = {}) {
  return prisma.$sql<{
    id: string;
    tenderId: string;
    tender: string;
    lotId: string | null;
    lot: string | null;
    type: string;
    title: string;
    dueDate: string | null;
    dateMet: string | null;
    status: string;
  }>(
    `SELECT m.id, t.id AS "tenderId", t.title AS tender, l.id AS "lotId", l.title AS lot, m.type, m.title,
            to_char(m.due_date, 'YYYY-MM-DD') AS "dueDate", to_char(m.date_met, 'YYYY-MM-DD') AS "dateMet", m.status
     FROM milestone m JOIN tender t ON t.id = m.tender_id LEFT JOIN lot l ON l.id = m.lot_id
     WHERE t.workspace_id = $1
       AND ($2::date IS NULL OR m.due_date >= $2) AND ($3::date IS NULL OR m.due_date <= $3)
     ORDER BY m.due_date NULLS LAST, t.title, m.title`,
    [scope.workspaceId, range.from ?? null, range.to ?? null],
  );
}

async function tenderOf(prisma: Db, scope: Scope, tenderId: string) {
  const tender = await prisma.tender.findFirst({ where: { id: tenderId, workspaceId: scope.workspaceId } });
  if (!tender) throw notFound();
  return tender;
}

/** The tender when the member may change it (an operation whose rule is ownership): FORBIDDEN for another's tender, CONFLICT once it is closed. */
async function editableTender(prisma: Db, scope: Scope, tenderId: string, operation: OwnershipOperation) {
  const tender = await tenderOf(prisma, scope, tenderId);
  assertPermitted(operation, scope, tender);
  if (isFinalStatus(tender.status)) throw closed();
  return tender;
}

/**
 * Locks the tender's row until the transaction ends and refuses once the tender is closed.
 * Changes of its parts take a shared lock (they do not wait for each other); a status change
 * and the removal or restoring of a lot take it exclusively, so that they see every part as
 * committed and no part changes under them.
 */
async function lockTender(tx: Tx, tenderId: string, mode: "share" | "update") {
  const rows =
    mode === "share"
      ? await tx.$queryRaw<{ status: TenderStatus }[]>`SELECT status::text AS status FROM tender WHERE id = ${tenderId}::uuid FOR SHARE`
      : await tx.$queryRaw<{ status: TenderStatus }[]>`SELECT status::text AS status FROM tender WHERE id = ${tenderId}::uuid FOR UPDATE`;
  if (!rows[0]) throw notFound();
  if (isFinalStatus(rows[0].status)) throw closed();
}

/** A tender with its parties, lots (with each municipality's choice) and milestones, and what the member may do with each. */
export async function getTender(prisma: Db, scope: Scope, tenderId: string) {
  const tender = await prisma.tender.findFirst({
    where: { id: tenderId, workspaceId: scope.workspaceId },
    include: {
      procuringEntity: { select: { id: true, name: true } },
      participants: { include: { organisation: { select: { id: true, name: true, kind: true } } } },
      lots: { orderBy: [{ sortOrder: "asc" }, { title: "asc" }], include: { participations: { include: { municipality: { select: { id: true, name: true } } } } } },
      milestones: { orderBy: [{ dueDate: "asc" }, { title: "asc" }] },
      segments: { include: { segment: { select: { id: true, name: true } } } },
    },
  });
  if (!tender) throw notFound();
  const isClosed = isFinalStatus(tender.status);
  const canEdit = permits(ops.updateLot, scope, tender) && !isClosed;
  /** The member's own municipality, when it may opt in or out of lots. */
  const ownMunicipalityId = scope.organisationKind === "MUNICIPALITY" && permits(ops.setLotParticipation, scope, scope.organisationId) ? scope.organisationId : null;
  return {
    id: tender.id,
    title: tender.title,
    description: tender.description,
    domain: tender.domain,
    level: tender.level,
    procedure: tender.procedure,
    status: tender.status,
    ownerRegionId: tender.ownerRegionId,
    procuringEntity: tender.procuringEntity,
    participants: tender.participants.map((p) => p.organisation).sort((a, b) => a.name.localeCompare(b.name, "nl")),
    contractStart: fromDate(tender.contractStart),
    contractEnd: fromDate(tender.contractEnd),
    extensionOptions: tender.extensionOptions,
    estimatedValue: tender.estimatedValue,
    sroiPercentage: tender.sroiPercentage,
    sroiThreshold: tender.sroiThreshold,
    fundingModel: tender.fundingModel,
    version: tender.version,
    segments: tender.segments.map((s) => s.segment),
    lots: tender.lots.map((l) => {
      const lotOpen = canEdit && !isFinalStatus(l.status);
      return {
        id: l.id,
        ...pickFields(lotSchema, l),
        status: l.status,
        version: l.version,
        participations: l.participations
          .map((p) => ({ municipalityId: p.municipalityId, name: p.municipality.name, participating: p.participating, updatedAt: p.updatedAt }))
          .sort((a, b) => a.name.localeCompare(b.name, "nl")),
        myParticipation: l.participations.find((p) => p.municipalityId === scope.organisationId)?.participating ?? null,
        /** The member may change the lot's fields and status. */
        canEdit: lotOpen,
        /** The member may remove it now (a coordinator's step once other municipalities have chosen). */
        canRemove: lotOpen && permits(ops.removeLot, scope, { tender, lot: l }),
        /** Only a coordinator of the tender may remove it, because other municipalities have chosen. */
        removalNeedsCoordinator: lotOpen && refusalOf(ops.removeLot, scope, { tender, lot: l }) === "lot.removeOthersChose",
        /** The member's municipality may opt in or out of it now. */
        canParticipate: ownMunicipalityId !== null && !isClosed && !isFinalStatus(l.status),
      };
    }),
    milestones: tender.milestones.map(presentMilestone),
    /** The member may change the tender's data, lifecycle, lots and milestones (and it is not closed). */
    canEdit,
    /** Ended or withdrawn: nothing of it changes any more. */
    closed: isClosed,
    /** The steps the member may take in its lifecycle, each with the lots that follow into an end state. */
    transitions: canEdit
      ? nextStatuses(tender.status).map((status) => ({
          status,
          final: isFinalStatus(status),
          lotsFollowing: lotsFollowingTender(status, tender.lots).map(({ lot, to }) => ({ id: lot.id, title: lot.title, to })),
        }))
      : [],
    ownMunicipalityId,
  };
}

type TenderInput = Input<typeof ops.createTender>;

/**
 * A tender's fields as the audit log keeps them (the history lists those that changed, ADR
 * 0031): what the form edits, without the ids of organisations and regions; dates as yyyy-mm-dd.
 */
function tenderSnapshot(t: Omit<TenderInput, "participantIds" | "contractStart" | "contractEnd"> & { contractStart: string | Date | null; contractEnd: string | Date | null }) {
  const day = (d: string | Date | null) => (d instanceof Date ? fromDate(d) : d);
  return {
    title: t.title,
    description: t.description,
    domain: t.domain,
    level: t.level,
    procedure: t.procedure,
    contractStart: day(t.contractStart),
    contractEnd: day(t.contractEnd),
    extensionOptions: t.extensionOptions,
    estimatedValue: t.estimatedValue,
    sroiPercentage: t.sroiPercentage,
    sroiThreshold: t.sroiThreshold,
    fundingModel: t.fundingModel,
  };
}

function tenderData(input: TenderInput) {
  const { participantIds: _participants, contractStart, contractEnd, ...rest } = input;
  return { ...rest, contractStart: toDate(contractStart), contractEnd: toDate(contractEnd) };
}

async function assertTenderReferences(prisma: Db, scope: Scope, input: TenderInput) {
  await assertRegionInWorkspace(prisma, scope, input.ownerRegionId);
  await assertOrganisationsInWorkspace(prisma, scope, [input.procuringEntityId]);
  await assertOrganisationsInWorkspace(prisma, scope, input.participantIds, "MUNICIPALITY");
}

export async function createTender(prisma: Db, scope: Scope, input: TenderInput) {
  await assertTenderReferences(prisma, scope, input);
  assertPermitted(ops.createTender, scope, input, "procuringEntityId");
  return change(prisma, scope, { action: "tender.created", entityType: "tender", after: tenderSnapshot(input) }, (tx) =>
    tx.tender.create({
      data: {
        workspaceId: scope.workspaceId,
        ...tenderData(input),
        participants: { create: [...new Set(input.participantIds)].map((organisationId) => ({ organisationId })) },
      },
      select: { id: true, version: true },
    }),
  );
}

export async function updateTender(prisma: Db, scope: Scope, { tenderId, version: expectedVersion, ...input }: Input<typeof ops.updateTender>) {
  const before = await tenderOf(prisma, scope, tenderId);
  await assertTenderReferences(prisma, scope, input);
  assertPermitted(ops.updateTender, scope, { current: before, next: input }, "procuringEntityId");
  if (isFinalStatus(before.status)) throw closed();
  return change(
    prisma,
    scope,
    { action: "tender.updated", entityType: "tender", entityId: tenderId, before: tenderSnapshot(before), after: tenderSnapshot(input) },
    async (tx) => {
      const { count } = await tx.tender.updateMany({ where: { id: tenderId, version: expectedVersion }, data: { ...tenderData(input), version: { increment: 1 } } });
      if (count === 0) throw stale();
      await tx.tenderParticipant.deleteMany({ where: { tenderId } });
      await tx.tenderParticipant.createMany({ data: [...new Set(input.participantIds)].map((organisationId) => ({ tenderId, organisationId })) });
      return { id: tenderId, version: expectedVersion + 1 };
    },
  );
}

/**
 * Moves a tender along its lifecycle; only the allowed transitions. Into an end state
 * (withdrawn, ended) its open lots follow in the same transaction; the audit names them.
 */
export async function changeTenderStatus(prisma: Db, scope: Scope, { tenderId, status: to, version: expectedVersion }: Input<typeof ops.setTenderStatus>) {
  const tender = await editableTender(prisma, scope, tenderId, ops.setTenderStatus);
  assertTransition(tender.status, to);
  const { moved, ...result } = await change(
    prisma,
    scope,
    {
      action: "tender.statusChanged",
      entityType: "tender",
      entityId: tenderId,
      before: { status: tender.status },
      after: (r: { moved: { title: string; from: TenderStatus; to: TenderStatus }[] }) => ({ status: to, ...(r.moved.length ? { lots: r.moved } : {}) }),
    },
    async (tx: Tx) => {
      await lockTender(tx, tenderId, "update");
      const { count } = await tx.tender.updateMany({ where: { id: tenderId, version: expectedVersion, status: tender.status }, data: { status: to, version: { increment: 1 } } });
      if (count === 0) throw stale();
      // Every lot read under the lock: one added meanwhile follows too.
      const lots = await tx.lot.findMany({ where: { tenderId }, select: { id: true, title: true, status: true }, orderBy: [{ sortOrder: "asc" }, { title: "asc" }] });
      const moving = lotsFollowingTender(to, lots);
      for (const { lot, to: lotTo } of moving) {
        await tx.lot.update({ where: { id: lot.id }, data: { status: lotTo, version: { increment: 1 } } });
      }
      return { id: tenderId, version: expectedVersion + 1, status: to, moved: moving.map(({ lot, to: lotTo }) => ({ title: lot.title, from: lot.status, to: lotTo })) };
    },
  );
  return { ...result, lotsFollowed: moved.length };
}

export async function addLot(prisma: Db, scope: Scope, { tenderId, ...input }: Input<typeof ops.addLot>) {
  await editableTender(prisma, scope, tenderId, ops.addLot);
  return change(prisma, scope, { action: "lot.added", entityType: "lot", parentId: tenderId, after: { title: input.title } }, async (tx) => {
    await lockTender(tx, tenderId, "share");
    const sortOrder = await tx.lot.count({ where: { tenderId } });
    return tx.lot.create({ data: { tenderId, ...input, sortOrder }, select: { id: true, version: true } });
  });
}

/** A lot of the workspace (and of `tenderId`, when the caller names the tender it shows). */
async function lotOf(prisma: Db, scope: Scope, lotId: string, tenderId?: string) {
  const lot = await prisma.lot.findFirst({ where: { id: lotId, tender: { workspaceId: scope.workspaceId }, ...(tenderId ? { tenderId } : {}) }, include: { tender: true } });
  if (!lot) throw notFound();
  return lot;
}

/** The lot when the member may change it (ownership rule): its tender's owners, while neither is closed. */
async function editableLot(prisma: Db, scope: Scope, lotId: string, tenderId: string | undefined, operation: OwnershipOperation) {
  const lot = await lotOf(prisma, scope, lotId, tenderId);
  assertPermitted(operation, scope, lot.tender);
  if (isFinalStatus(lot.tender.status)) throw closed();
  if (isFinalStatus(lot.status)) throw lotClosed();
  return lot;
}

export async function updateLot(prisma: Db, scope: Scope, { lotId, tenderId, version: expectedVersion, ...input }: Input<typeof ops.updateLot>) {
  const lot = await editableLot(prisma, scope, lotId, tenderId, ops.updateLot);
  // Every field of the lot form, before and after (the history lists those that changed).
  const before = Object.fromEntries(Object.keys(input).map((key) => [key, lot[key as keyof typeof input] ?? null]));
  return change(prisma, scope, { action: "lot.updated", entityType: "lot", entityId: lotId, parentId: lot.tenderId, before, after: { ...input } }, async (tx) => {
    await lockTender(tx, lot.tenderId, "share");
    const { count } = await tx.lot.updateMany({ where: { id: lotId, version: expectedVersion }, data: { ...input, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id: lotId, version: expectedVersion + 1 };
  });
}

export async function changeLotStatus(prisma: Db, scope: Scope, { lotId, tenderId, status: to, version: expectedVersion }: Input<typeof ops.setLotStatus>) {
  const lot = await lotOf(prisma, scope, lotId, tenderId);
  assertPermitted(ops.setLotStatus, scope, lot.tender);
  if (isFinalStatus(lot.tender.status)) throw closed();
  assertTransition(lot.status, to);
  return change(prisma, scope, { action: "lot.statusChanged", entityType: "lot", entityId: lotId, parentId: lot.tenderId, before: { status: lot.status }, after: { status: to } }, async (tx) => {
    await lockTender(tx, lot.tenderId, "share");
    const { count } = await tx.lot.updateMany({ where: { id: lotId, version: expectedVersion, status: lot.status }, data: { status: to, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id: lotId, title: lot.title, version: expectedVersion + 1, status: to };
  });
}

/**
 * Removes a lot. While other municipalities have stated their choice only a coordinator of the
 * tender may (lotRemoval). The audit event keeps the whole lot (fields, every municipality's
 * choice, its milestones, the market figures tied to it): restoreLot brings it back exactly.
 */
export async function removeLot(prisma: Db, scope: Scope, { lotId, tenderId }: Input<typeof ops.removeLot>) {
  const lot = await lotOf(prisma, scope, lotId, tenderId);
  // Whether the member owns it, now; whether others have chosen, under the lock below.
  assertPermitted(ops.removeLot, scope, { tender: lot.tender, lot: { participations: [] } });
  if (isFinalStatus(lot.tender.status)) throw closed();
  if (isFinalStatus(lot.status)) throw lotClosed();
  const { snapshot: _kept, ...removed } = await change(prisma, scope, { action: "lot.removed", entityType: "lot", entityId: lotId, parentId: lot.tenderId, before: (r: { snapshot: LotSnapshot }) => r.snapshot }, async (tx: Tx) => {
    // Read under the exclusive lock: no choice or milestone can change between reading and removing.
    await lockTender(tx, lot.tenderId, "update");
    const current = await tx.lot.findUnique({
      where: { id: lotId },
      include: { participations: { include: { municipality: { select: { name: true } } } }, milestones: true, marketFigures: { select: { id: true } } },
    });
    if (!current) throw notFound();
    if (isFinalStatus(current.status)) throw lotClosed();
    assertPermitted(ops.removeLot, scope, { tender: lot.tender, lot: current });
    const snapshot = lotSnapshot(lot.tenderId, current);
    await tx.lot.delete({ where: { id: lotId } });
    return { id: lotId, title: current.title, snapshot, removed: removedLotSummary(snapshot) };
  });
  return removed;
}

/** Undoes a lot's removal: the lot with its id, fields, choices, milestones and market figure links, from its removal's audit event. */
export async function restoreLot(prisma: Db, scope: Scope, { lotId }: Input<typeof ops.restoreLot>) {
  const event = await prisma.auditEvent.findFirst({
    where: { workspaceId: scope.workspaceId, action: "lot.removed", entityType: "lot", entityId: lotId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
  });
  if (!event) throw notFound();
  const snapshot = readLotSnapshot(event.before);
  if (!snapshot) throw new DomainError("CONFLICT", "lot.notRestorable");
  await editableTender(prisma, scope, snapshot.tenderId, ops.restoreLot);
  return change(
    prisma,
    scope,
    { action: "lot.restored", entityType: "lot", entityId: lotId, parentId: snapshot.tenderId, after: { title: snapshot.title, ...removedLotSummary(snapshot) } },
    async (tx) => {
      await lockTender(tx, snapshot.tenderId, "update");
      if (await tx.lot.findUnique({ where: { id: lotId }, select: { id: true } })) throw new DomainError("CONFLICT", "lot.notRestorable");
      const { lot } = snapshot;
      await tx.lot.create({ data: { id: lotId, tenderId: snapshot.tenderId, ...lot, version: lot.version + 1 } });
      // Choices of municipalities that still exist; milestones whose ids are free.
      const municipalities = new Set(
        (await tx.organisation.findMany({ where: { id: { in: snapshot.participations.map((p) => p.municipalityId) } }, select: { id: true } })).map((o) => o.id),
      );
      await tx.lotParticipation.createMany({
        data: snapshot.participations
          .filter((p) => municipalities.has(p.municipalityId))
          .map((p) => ({ lotId, municipalityId: p.municipalityId, participating: p.participating, updatedById: p.updatedById, updatedAt: new Date(p.updatedAt) })),
      });
      const taken = new Set((await tx.milestone.findMany({ where: { id: { in: snapshot.milestones.map((m) => m.id) } }, select: { id: true } })).map((m) => m.id));
      await tx.milestone.createMany({
        data: snapshot.milestones
          .filter((m) => !taken.has(m.id))
          .map((m) => ({ ...m, tenderId: snapshot.tenderId, lotId, dueDate: toDate(m.dueDate), dateMet: toDate(m.dateMet) })),
      });
      await tx.marketFigure.updateMany({ where: { id: { in: snapshot.marketFigureIds }, workspaceId: scope.workspaceId, lotId: null }, data: { lotId } });
      return { id: lotId, title: snapshot.title };
    },
  );
}

/** A municipality opts its own participation in a lot in or out; nobody else may, and not once the lot or tender is closed. */
export async function setLotParticipation(prisma: Db, scope: Scope, { lotId, tenderId, municipalityId, participating }: Input<typeof ops.setLotParticipation>) {
  const lot = await lotOf(prisma, scope, lotId, tenderId);
  await assertOrganisationsInWorkspace(prisma, scope, [municipalityId], "MUNICIPALITY");
  assertPermitted(ops.setLotParticipation, scope, municipalityId);
  if (isFinalStatus(lot.tender.status)) throw closed();
  if (isFinalStatus(lot.status)) throw lotClosed();
  const before = await prisma.lotParticipation.findUnique({ where: { lotId_municipalityId: { lotId, municipalityId } } });
  let notified = NOBODY;
  const result = await change(
    prisma,
    scope,
    { action: "lot.participation", entityType: "lot", entityId: lotId, parentId: lot.tenderId, before: before ? { municipalityId, participating: before.participating } : null, after: { municipalityId, participating } },
    async (tx) => {
      await lockTender(tx, lot.tenderId, "share");
      const current = await tx.lot.findUnique({ where: { id: lotId }, select: { status: true } });
      if (!current) throw notFound();
      if (isFinalStatus(current.status)) throw lotClosed();
      await tx.lotParticipation.upsert({
        where: { lotId_municipalityId: { lotId, municipalityId } },
        create: { lotId, municipalityId, participating, updatedById: scope.userId },
        update: { participating, updatedById: scope.userId, updatedAt: new Date() },
      });
      // The municipality's other members are told when its choice changes (ADR 0036).
      if (before?.participating !== participating) {
        const municipality = await tx.organisation.findUniqueOrThrow({ where: { id: municipalityId }, select: { name: true } });
        notified = await notifyOrganisationMembers(tx, scope, municipalityId, {
          kind: "participation",
          path: `/w/${scope.workspaceSlug}/aanbestedingen/${lot.tenderId}`,
          params: { title: lot.title, municipality: municipality.name, participating: participating ? 1 : 0 },
        });
      }
      return { id: lotId, title: lot.title, participating };
    },
  );
  announceNotifications(notified);
  return result;
}

export async function addMilestone(prisma: Db, scope: Scope, { tenderId, ...input }: Input<typeof ops.addMilestone>) {
  await editableTender(prisma, scope, tenderId, ops.addMilestone);
  if (input.lotId && !(await prisma.lot.findFirst({ where: { id: input.lotId, tenderId } }))) throw notFound();
  return change(prisma, scope, { action: "milestone.added", entityType: "milestone", parentId: tenderId, after: { title: input.title, dueDate: input.dueDate } }, async (tx) => {
    await lockTender(tx, tenderId, "share");
    return tx.milestone.create({
      data: { tenderId, ...input, dueDate: toDate(input.dueDate), dateMet: toDate(input.dateMet) },
      select: { id: true, version: true },
    });
  });
}

async function editableMilestone(prisma: Db, scope: Scope, milestoneId: string, tenderId: string | undefined, operation: OwnershipOperation) {
  const milestone = await prisma.milestone.findFirst({ where: { id: milestoneId, tender: { workspaceId: scope.workspaceId }, ...(tenderId ? { tenderId } : {}) } });
  if (!milestone) throw notFound();
  await editableTender(prisma, scope, milestone.tenderId, operation);
  return milestone;
}

export async function updateMilestone(prisma: Db, scope: Scope, { milestoneId, tenderId, version: expectedVersion, ...input }: Input<typeof ops.updateMilestone>) {
  const milestone = await editableMilestone(prisma, scope, milestoneId, tenderId, ops.updateMilestone);
  if (input.lotId && !(await prisma.lot.findFirst({ where: { id: input.lotId, tenderId: milestone.tenderId } }))) throw notFound();
  return change(
    prisma,
    scope,
    { action: "milestone.updated", entityType: "milestone", entityId: milestoneId, parentId: milestone.tenderId, before: { title: milestone.title, status: milestone.status, dueDate: fromDate(milestone.dueDate) }, after: { title: input.title, status: input.status, dueDate: input.dueDate } },
    async (tx) => {
      await lockTender(tx, milestone.tenderId, "share");
      const { count } = await tx.milestone.updateMany({
        where: { id: milestoneId, version: expectedVersion },
        data: { ...input, dueDate: toDate(input.dueDate), dateMet: toDate(input.dateMet), version: { increment: 1 } },
      });
      if (count === 0) throw stale();
      return { id: milestoneId, version: expectedVersion + 1 };
    },
  );
}

export async function removeMilestone(prisma: Db, scope: Scope, { milestoneId, tenderId }: Input<typeof ops.removeMilestone>) {
  const milestone = await editableMilestone(prisma, scope, milestoneId, tenderId, ops.removeMilestone);
  return change(prisma, scope, { action: "milestone.removed", entityType: "milestone", entityId: milestoneId, parentId: milestone.tenderId, before: { title: milestone.title } }, async (tx) => {
    await lockTender(tx, milestone.tenderId, "share");
    // Read again under the lock: the calendar feeds keep the version that was last seen.
    const current = await tx.milestone.findUnique({ where: { id: milestoneId } });
    const { count } = await tx.milestone.deleteMany({ where: { id: milestoneId } });
    if (count === 0 || !current) throw notFound();
    // Subscribed calendars see it CANCELLED (ADR 0037), in the same transaction as the deletion.
    await keepCancelledMilestone(tx, scope.workspaceId, current);
    /** What was removed, so that undo can add it again. */
    return { id: milestoneId, removed: presentMilestone(milestone) };
  });
}
