import { assertTransition, canEditMunicipalityRecord, canEditSharedRecord, notFound, type TenderStatus } from "@regiotafel/domain";
import type { z } from "zod";
import type { lotSchema, milestoneSchema, tenderSchema } from "@regiotafel/domain";
import type { Db } from "../../client";
import type { Scope } from "../../scope";
import { assertAllowed, assertOrganisationsInWorkspace, assertRegionInWorkspace, change, fromDate, presentMilestone, stale, toDate } from "./common";

const EDITORS = "bewerkers, coördinatoren en beheerders";
const OWN_MUNICIPALITY = "de gemeente zelf";

export interface TenderBoardFilter {
  status?: TenderStatus;
  domain?: string;
  regionId?: string;
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
            r.name AS "ownerRegion", pe.name AS "procuringEntity", to_char(t.contract_start, 'YYYY-MM-DD') AS "contractStart",
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
  return { tenders: rows, canEdit: canEditSharedRecord(scope) };
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

/** A tender with its parties, lots (with each municipality's choice) and milestones. */
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
    lots: tender.lots.map((l) => ({
      id: l.id,
      segment: l.segment,
      title: l.title,
      regionalProvidersMin: l.regionalProvidersMin,
      regionalProvidersMax: l.regionalProvidersMax,
      localProvidersMin: l.localProvidersMin,
      localProvidersMax: l.localProvidersMax,
      procedureOverride: l.procedureOverride,
      status: l.status,
      notes: l.notes,
      version: l.version,
      participations: l.participations
        .map((p) => ({ municipalityId: p.municipalityId, name: p.municipality.name, participating: p.participating, updatedAt: p.updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name, "nl")),
      myParticipation: l.participations.find((p) => p.municipalityId === scope.organisationId)?.participating ?? null,
    })),
    milestones: tender.milestones.map(presentMilestone),
    canEdit: canEditSharedRecord(scope),
    /** The member's own municipality, when it may opt in or out of lots. */
    ownMunicipalityId: scope.organisationKind === "MUNICIPALITY" && canEditMunicipalityRecord(scope, scope.organisationId) ? scope.organisationId : null,
  };
}

type TenderInput = z.infer<typeof tenderSchema>;

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
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  await assertTenderReferences(prisma, scope, input);
  return change(prisma, scope, { action: "tender.created", entityType: "tender", after: { title: input.title, procedure: input.procedure } }, (tx) =>
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

export async function updateTender(prisma: Db, scope: Scope, tenderId: string, input: TenderInput, expectedVersion: number) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const before = await tenderOf(prisma, scope, tenderId);
  await assertTenderReferences(prisma, scope, input);
  return change(
    prisma,
    scope,
    { action: "tender.updated", entityType: "tender", entityId: tenderId, before: { title: before.title, procedure: before.procedure, estimatedValue: before.estimatedValue }, after: { title: input.title, procedure: input.procedure, estimatedValue: input.estimatedValue } },
    async (tx) => {
      const { count } = await tx.tender.updateMany({ where: { id: tenderId, version: expectedVersion }, data: { ...tenderData(input), version: { increment: 1 } } });
      if (count === 0) throw stale();
      await tx.tenderParticipant.deleteMany({ where: { tenderId } });
      await tx.tenderParticipant.createMany({ data: [...new Set(input.participantIds)].map((organisationId) => ({ tenderId, organisationId })) });
      return { id: tenderId, version: expectedVersion + 1 };
    },
  );
}

/** Moves a tender along its lifecycle; only the allowed transitions. */
export async function changeTenderStatus(prisma: Db, scope: Scope, tenderId: string, to: TenderStatus, expectedVersion: number) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const tender = await tenderOf(prisma, scope, tenderId);
  assertTransition(tender.status, to);
  return change(prisma, scope, { action: "tender.statusChanged", entityType: "tender", entityId: tenderId, before: { status: tender.status }, after: { status: to } }, async (tx) => {
    const { count } = await tx.tender.updateMany({ where: { id: tenderId, version: expectedVersion, status: tender.status }, data: { status: to, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id: tenderId, version: expectedVersion + 1, status: to };
  });
}

type LotInput = z.infer<typeof lotSchema>;

export async function addLot(prisma: Db, scope: Scope, tenderId: string, input: LotInput) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  await tenderOf(prisma, scope, tenderId);
  return change(prisma, scope, { action: "lot.added", entityType: "lot", parentId: tenderId, after: { title: input.title } }, async (tx) => {
    const sortOrder = await tx.lot.count({ where: { tenderId } });
    return tx.lot.create({ data: { tenderId, ...input, sortOrder }, select: { id: true, version: true } });
  });
}

async function lotOf(prisma: Db, scope: Scope, lotId: string) {
  const lot = await prisma.lot.findFirst({ where: { id: lotId, tender: { workspaceId: scope.workspaceId } } });
  if (!lot) throw notFound();
  return lot;
}

export async function updateLot(prisma: Db, scope: Scope, lotId: string, input: LotInput, expectedVersion: number) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const lot = await lotOf(prisma, scope, lotId);
  return change(prisma, scope, { action: "lot.updated", entityType: "lot", entityId: lotId, parentId: lot.tenderId, before: { title: lot.title }, after: { title: input.title } }, async (tx) => {
    const { count } = await tx.lot.updateMany({ where: { id: lotId, version: expectedVersion }, data: { ...input, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id: lotId, version: expectedVersion + 1 };
  });
}

export async function changeLotStatus(prisma: Db, scope: Scope, lotId: string, to: TenderStatus, expectedVersion: number) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const lot = await lotOf(prisma, scope, lotId);
  assertTransition(lot.status, to);
  return change(prisma, scope, { action: "lot.statusChanged", entityType: "lot", entityId: lotId, parentId: lot.tenderId, before: { status: lot.status }, after: { status: to } }, async (tx) => {
    const { count } = await tx.lot.updateMany({ where: { id: lotId, version: expectedVersion, status: lot.status }, data: { status: to, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id: lotId, version: expectedVersion + 1, status: to };
  });
}

export async function removeLot(prisma: Db, scope: Scope, lotId: string) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const lot = await lotOf(prisma, scope, lotId);
  return change(prisma, scope, { action: "lot.removed", entityType: "lot", entityId: lotId, parentId: lot.tenderId, before: { title: lot.title } }, async (tx) => {
    await tx.lot.delete({ where: { id: lotId } });
    return { id: lotId };
  });
}

/** A municipality opts its own participation in a lot in or out; nobody else may. */
export async function setLotParticipation(prisma: Db, scope: Scope, lotId: string, municipalityId: string, participating: boolean) {
  const lot = await lotOf(prisma, scope, lotId);
  await assertOrganisationsInWorkspace(prisma, scope, [municipalityId], "MUNICIPALITY");
  assertAllowed(canEditMunicipalityRecord(scope, municipalityId), OWN_MUNICIPALITY);
  const before = await prisma.lotParticipation.findUnique({ where: { lotId_municipalityId: { lotId, municipalityId } } });
  return change(
    prisma,
    scope,
    { action: "lot.participation", entityType: "lot", entityId: lotId, parentId: lot.tenderId, before: before ? { municipalityId, participating: before.participating } : null, after: { municipalityId, participating } },
    async (tx) => {
      await tx.lotParticipation.upsert({
        where: { lotId_municipalityId: { lotId, municipalityId } },
        create: { lotId, municipalityId, participating, updatedById: scope.userId },
        update: { participating, updatedById: scope.userId, updatedAt: new Date() },
      });
      return { id: lotId, participating };
    },
  );
}

type MilestoneInput = z.infer<typeof milestoneSchema>;

export async function addMilestone(prisma: Db, scope: Scope, tenderId: string, input: MilestoneInput) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  await tenderOf(prisma, scope, tenderId);
  if (input.lotId && !(await prisma.lot.findFirst({ where: { id: input.lotId, tenderId } }))) throw notFound();
  return change(prisma, scope, { action: "milestone.added", entityType: "milestone", parentId: tenderId, after: { title: input.title, dueDate: input.dueDate } }, (tx) =>
    tx.milestone.create({
      data: { tenderId, ...input, dueDate: toDate(input.dueDate), dateMet: toDate(input.dateMet) },
      select: { id: true, version: true },
    }),
  );
}

export async function updateMilestone(prisma: Db, scope: Scope, milestoneId: string, input: MilestoneInput, expectedVersion: number) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const milestone = await prisma.milestone.findFirst({ where: { id: milestoneId, tender: { workspaceId: scope.workspaceId } } });
  if (!milestone) throw notFound();
  if (input.lotId && !(await prisma.lot.findFirst({ where: { id: input.lotId, tenderId: milestone.tenderId } }))) throw notFound();
  return change(
    prisma,
    scope,
    { action: "milestone.updated", entityType: "milestone", entityId: milestoneId, parentId: milestone.tenderId, before: { title: milestone.title, status: milestone.status, dueDate: fromDate(milestone.dueDate) }, after: { title: input.title, status: input.status, dueDate: input.dueDate } },
    async (tx) => {
      const { count } = await tx.milestone.updateMany({
        where: { id: milestoneId, version: expectedVersion },
        data: { ...input, dueDate: toDate(input.dueDate), dateMet: toDate(input.dateMet), version: { increment: 1 } },
      });
      if (count === 0) throw stale();
      return { id: milestoneId, version: expectedVersion + 1 };
    },
  );
}

export async function removeMilestone(prisma: Db, scope: Scope, milestoneId: string) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const milestone = await prisma.milestone.findFirst({ where: { id: milestoneId, tender: { workspaceId: scope.workspaceId } } });
  if (!milestone) throw notFound();
  return change(prisma, scope, { action: "milestone.removed", entityType: "milestone", entityId: milestoneId, parentId: milestone.tenderId, before: { title: milestone.title } }, async (tx) => {
    await tx.milestone.delete({ where: { id: milestoneId } });
    return { id: milestoneId };
  });
}
