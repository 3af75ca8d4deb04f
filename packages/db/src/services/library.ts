import { createNotifications } from "./notifications";
import { announceNotifications, NOBODY } from "./notify-members";
import { createHash } from "node:crypto";
import {
  assertPermitted,
  blocksFromSections,
  canonicalJson,
  documentOperations,
  DomainError,
  libraryOperations as ops,
  permits,
  tenderOperations,
  lotStructureFromTender,
  matrixFromAssessment,
  milestonePlanFromTender,
  notFound,
  nvoChecklist,
  parseTemplateContent,
  scheduleMilestones,
  sectionsFromBlocks,
  type ChecklistContent,
  type LotStructureContent,
  type MatrixContent,
  type MilestonePlanContent,
  type OutlineBlock,
  type PublishSource,
  type SectionsContent,
  type TemplateContent,
  type TemplateKind,
} from "@regiotafel/domain";
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../client";
import type { Scope } from "../scope";
import { publishRecordChange } from "../events";
import { recordAudit } from "./audit";
import { createDocument } from "./documents";
import { refusingLostRaces } from "./races";
import { assertOrganisationsInWorkspace, fromDate, toDate } from "./records/common";

/** What the library needs of co-edited documents (implemented with Yjs by the API layer). */
export interface LibraryDocuments {
  /** The current blocks of a document the member may read. */
  blocks(documentId: string): Promise<OutlineBlock[]>;
  /** A Yjs state holding `blocks`, and its plain text. */
  initialState(blocks: OutlineBlock[]): { state: Uint8Array; text: string };
}

// ---------------------------------------------------------------- networks

/** The networks a user reads (their organisation is a member) or moderates. */
export async function networksOf(prisma: Db, userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { organisationId: true } });
  const networks = await prisma.organisation.findMany({
    where: {
      kind: "NATIONAL_NETWORK",
      OR: [{ networkMembers: { some: { organisationId: user.organisationId } } }, { networkModerators: { some: { userId } } }, { id: user.organisationId }],
    },
    select: { id: true, name: true, slug: true, networkModerators: { where: { userId }, select: { userId: true } }, _count: { select: { networkMembers: true } } },
    orderBy: { name: "asc" },
  });
  return networks.map((n) => ({ id: n.id, name: n.name, slug: n.slug, members: n._count.networkMembers, isModerator: n.networkModerators.length > 0 }));
}

interface NetworkAccess {
  networkIds: string[];
  moderated: Set<string>;
}

async function networkAccess(prisma: Db, userId: string): Promise<NetworkAccess> {
  const networks = await networksOf(prisma, userId);
  return { networkIds: networks.map((n) => n.id), moderated: new Set(networks.filter((n) => n.isModerator).map((n) => n.id)) };
}

// ---------------------------------------------------------------- the library

export interface LibraryFilter {
  query?: string;
  kind?: TemplateKind;
  tag?: string;
}

type PublishedRow = Prisma.TemplateGetPayload<{ include: { network: { select: { id: true; name: true } }; versions: true } }>;

function publishedVersion(t: PublishedRow) {
  return t.versions.find((v) => v.number === t.publishedNumber) ?? null;
}

/** Published templates of the user's networks, filtered by words, kind and tag. */
export async function listLibrary(prisma: Db, userId: string, filter: LibraryFilter = {}) {
  const { networkIds } = await networkAccess(prisma, userId);
  const templates = await prisma.template.findMany({
    where: { networkId: { in: networkIds }, publishedNumber: { not: null }, ...(filter.kind ? { kind: filter.kind } : {}) },
    include: { network: { select: { id: true, name: true } }, versions: { where: { status: "APPROVED" } } },
  });
  const words = (filter.query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const items = templates.flatMap((t) => {
    const v = publishedVersion(t);
    if (!v) return [];
    const haystack = `${v.title} ${v.description} ${v.tags.join(" ")} ${t.provenance}`.toLowerCase();
    if (!words.every((w) => haystack.includes(w))) return [];
    if (filter.tag && !v.tags.includes(filter.tag.toLowerCase())) return [];
    return [{ id: t.id, kind: t.kind, title: v.title, description: v.description, tags: v.tags, version: v.number, provenance: t.provenance, network: t.network, publishedAt: v.reviewedAt }];
  });
  items.sort((a, b) => a.title.localeCompare(b.title, "nl"));
  const tags = [...new Set(templates.flatMap((t) => publishedVersion(t)?.tags ?? []))].sort((a, b) => a.localeCompare(b, "nl"));
  return { templates: items, tags };
}

/**
 * One template: its published version for network members; moderators also see versions
 * awaiting review, and so does the person who submitted them. Anyone else: NOT_FOUND.
 */
export async function getTemplate(prisma: Db, userId: string, templateId: string) {
  const { networkIds, moderated } = await networkAccess(prisma, userId);
  const t = await prisma.template.findFirst({
    where: { id: templateId, networkId: { in: networkIds } },
    include: { network: { select: { id: true, name: true } }, versions: { orderBy: { number: "desc" } } },
  });
  if (!t) throw notFound();
  const isModerator = moderated.has(t.networkId);
  const visible = t.versions.filter((v) => v.number === t.publishedNumber || isModerator || v.submittedById === userId);
  if (visible.length === 0) throw notFound();
  const current = visible.find((v) => v.number === t.publishedNumber) ?? visible[0]!;
  return {
    id: t.id,
    kind: t.kind,
    network: t.network,
    provenance: t.provenance,
    published: t.publishedNumber !== null,
    publishedNumber: t.publishedNumber,
    isModerator,
    title: current.title,
    description: current.description,
    tags: current.tags,
    content: current.content as unknown as TemplateContent,
    number: current.number,
    versions: visible.map((v) => ({
      id: v.id,
      number: v.number,
      title: v.title,
      status: v.status,
      submittedAt: v.submittedAt,
      reviewedAt: v.reviewedAt,
      reviewNote: v.reviewNote,
      content: v.content as unknown as TemplateContent,
    })),
    canUnpublish: t.publishedNumber !== null && permits(ops.unpublishTemplate, {}, { moderator: isModerator, author: t.createdById === userId }),
  };
}

// ---------------------------------------------------------------- publishing

export const contentHash = (content: TemplateContent) => createHash("sha256").update(canonicalJson(content)).digest("hex");

/**
 * The structure a workspace record yields for a template of `kind`; never its data. Only from a
 * record the member may change themselves (canPublishSource): nobody publishes another
 * municipality's or region's work in their name.
 */
export async function extractStructure(prisma: Db, scope: Scope, kind: TemplateKind, sourceId: string | null, documents: LibraryDocuments): Promise<TemplateContent> {
  const wrongSource = () => new DomainError("BAD_REQUEST", "template.sourceKind", undefined, "sourceId");
  // Previewing and publishing share this rule (the publish step extracts again).
  const assertMayPublishSource = (source: PublishSource) => assertPermitted(ops.previewPublication, scope, source, "sourceId");
  let content: TemplateContent;
  switch (kind) {
    case "STRATEGY_OUTLINE":
    case "PROJECT_ASSIGNMENT": {
      if (!sourceId) throw wrongSource();
      const doc = await prisma.document.findFirst({ where: { id: sourceId, workspaceId: scope.workspaceId }, select: { id: true, editRole: true, ownerRegionId: true } });
      if (!doc) throw notFound();
      assertMayPublishSource({ type: "document", rights: doc });
      content = sectionsFromBlocks(await documents.blocks(doc.id));
      break;
    }
    case "SCENARIO_MATRIX": {
      if (!sourceId) throw wrongSource();
      const a = await prisma.assessment.findFirst({
        where: { id: sourceId, workspaceId: scope.workspaceId },
        include: { scenarios: { orderBy: { sortOrder: "asc" } }, criteria: { orderBy: { sortOrder: "asc" } } },
      });
      if (!a) throw notFound();
      assertMayPublishSource({ type: "assessment" });
      content = matrixFromAssessment(a);
      break;
    }
    case "NVO_CHECKLIST":
      assertMayPublishSource({ type: "none" });
      content = nvoChecklist();
      break;
    case "MILESTONE_PLAN":
    case "LOT_STRUCTURE": {
      if (!sourceId) throw wrongSource();
      const tender = await prisma.tender.findFirst({
        where: { id: sourceId, workspaceId: scope.workspaceId },
        include: { lots: { orderBy: [{ sortOrder: "asc" }, { title: "asc" }] }, milestones: { orderBy: [{ dueDate: "asc" }, { title: "asc" }] } },
      });
      if (!tender) throw notFound();
      assertMayPublishSource({ type: "tender", owner: tender });
      content = kind === "LOT_STRUCTURE" ? lotStructureFromTender(tender) : milestonePlanFromTender(tender.milestones.map((m) => ({ ...m, dueDate: fromDate(m.dueDate) })));
      break;
    }
  }
  try {
    return parseTemplateContent(kind, content);
  } catch {
    throw new DomainError("BAD_REQUEST", "template.empty", undefined, "sourceId");
  }
}

/** What would be published: the structure and its fingerprint, which the publish step must repeat. */
export async function previewPublication(prisma: Db, scope: Scope, kind: TemplateKind, sourceId: string | null, documents: LibraryDocuments) {
  const content = await extractStructure(prisma, scope, kind, sourceId, documents);
  return { kind, content, hash: contentHash(content) };
}

export interface PublishInput {
  networkId: string;
  kind: TemplateKind;
  sourceId: string | null;
  title: string;
  description: string;
  tags: string[];
  /** The hash of the preview the publisher saw. */
  previewHash: string;
  /** A new version of this template (published before from this workspace). */
  templateId: string | null;
}

/**
 * Submits a template (or a new version of one) for review by the network's moderators.
 * The structure is extracted again and must equal the preview the publisher saw, so what
 * is published is exactly what they looked at.
 */
export async function submitTemplate(prisma: Db, scope: Scope, input: PublishInput, documents: LibraryDocuments) {
  const { networkIds } = await networkAccess(prisma, scope.userId);
  if (!networkIds.includes(input.networkId)) throw notFound();
  const content = await extractStructure(prisma, scope, input.kind, input.sourceId, documents);
  const hash = contentHash(content);
  if (hash !== input.previewHash) throw new DomainError("CONFLICT", "template.previewChanged");
  const existing = input.templateId
    ? await prisma.template.findFirst({ where: { id: input.templateId, networkId: input.networkId, kind: input.kind, sourceWorkspaceId: scope.workspaceId } })
    : null;
  if (input.templateId && !existing) throw notFound();
  const [workspace, organisation] = await Promise.all([
    prisma.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId }, select: { name: true } }),
    prisma.organisation.findUniqueOrThrow({ where: { id: scope.organisationId }, select: { name: true, region: { select: { id: true, name: true } } } }),
  ]);
  const provenance = [workspace.name, organisation.region?.name ?? organisation.name].join(" · ");
  // Two submissions of a new version at once would both take the next number: one is refused.
  return refusingLostRaces(() =>
    prisma.$transaction(async (tx) => {
      const template =
        existing ??
        (await tx.template.create({
          data: { networkId: input.networkId, kind: input.kind, provenance, sourceWorkspaceId: scope.workspaceId, sourceRegionId: organisation.region?.id ?? null, createdById: scope.userId },
        }));
      const last = await tx.templateVersion.findFirst({ where: { templateId: template.id }, orderBy: { number: "desc" }, select: { number: true } });
      const version = await tx.templateVersion.create({
        data: {
          templateId: template.id,
          number: (last?.number ?? 0) + 1,
          title: input.title,
          description: input.description,
          tags: input.tags,
          content: content as unknown as Prisma.InputJsonValue,
          contentHash: hash,
          submittedById: scope.userId,
        },
      });
      await recordAudit(tx, scope, { action: "template.submitted", entityType: "template", entityId: template.id, after: { title: input.title, version: version.number } });
      return { id: template.id, versionId: version.id, number: version.number };
    }),
  );
}

/** Templates this workspace published (any state): the ones a new version can be published for. */
export async function templatesFromWorkspace(prisma: Db, scope: Scope, kind?: TemplateKind) {
  const templates = await prisma.template.findMany({
    where: { sourceWorkspaceId: scope.workspaceId, ...(kind ? { kind } : {}) },
    include: { versions: { orderBy: { number: "desc" }, take: 1 }, network: { select: { id: true, name: true } } },
    orderBy: { createdAt: "desc" },
  });
  return templates.map((t) => ({ id: t.id, kind: t.kind, network: t.network, title: t.versions[0]?.title ?? "", latestNumber: t.versions[0]?.number ?? 0, publishedNumber: t.publishedNumber }));
}

// ---------------------------------------------------------------- review

/** Versions waiting for review in the networks the user moderates. */
export async function reviewQueue(prisma: Db, userId: string) {
  const { moderated } = await networkAccess(prisma, userId);
  const versions = await prisma.templateVersion.findMany({
    where: { status: "IN_REVIEW", template: { networkId: { in: [...moderated] } } },
    include: { template: { include: { network: { select: { name: true } } } } },
    orderBy: { submittedAt: "asc" },
  });
  return versions.map((v) => ({
    id: v.id,
    templateId: v.templateId,
    kind: v.template.kind,
    title: v.title,
    number: v.number,
    network: v.template.network.name,
    provenance: v.template.provenance,
    submittedAt: v.submittedAt,
  }));
}

/**
 * A moderator approves a version (it becomes what the library shows, and workspaces that
 * used an older version are told) or rejects it with a note.
 */
export async function reviewVersion(prisma: Db, userId: string, versionId: string, approve: boolean, note: string) {
  const { networkIds, moderated } = await networkAccess(prisma, userId);
  const version = await prisma.templateVersion.findFirst({ where: { id: versionId, template: { networkId: { in: networkIds } } }, include: { template: true } });
  if (!version) throw notFound();
  assertPermitted(ops.reviewTemplate, null, { moderator: moderated.has(version.template.networkId), author: version.submittedById === userId });
  if (version.status !== "IN_REVIEW") throw new DomainError("CONFLICT", "template.notInReview");
  const actor = { workspaceId: null, userId };
  let bells = NOBODY;
  const notified = await prisma.$transaction(async (tx) => {
    const { count } = await tx.templateVersion.updateMany({
      where: { id: versionId, status: "IN_REVIEW" },
      data: { status: approve ? "APPROVED" : "REJECTED", reviewedById: userId, reviewedAt: new Date(), reviewNote: note },
    });
    if (count === 0) throw new DomainError("CONFLICT", "template.notInReview");
    await recordAudit(tx, actor, { action: approve ? "template.approved" : "template.rejected", entityType: "template", entityId: version.templateId, after: { title: version.title, version: version.number, note } });
    if (!approve) return [];
    // A later approved version wins; an older one approved late does not replace it.
    const current = version.template.publishedNumber;
    if (current === null || version.number > current) {
      await tx.template.update({ where: { id: version.templateId }, data: { publishedNumber: version.number, unpublishedAt: null, version: { increment: 1 } } });
    }
    const uses = await tx.templateUse.findMany({ where: { templateId: version.templateId, versionNumber: { lt: version.number } }, distinct: ["workspaceId"], select: { workspaceId: true } });
    await tx.workspaceNotification.createMany({
      data: uses.map((u) => ({ workspaceId: u.workspaceId, kind: "template.newVersion", templateId: version.templateId, params: { title: version.title, version: version.number } })),
    });
    // Each member of those workspaces finds it in their notification centre too (ADR 0036).
    const members = await tx.membership.findMany({ where: { workspaceId: { in: uses.map((u) => u.workspaceId) } }, select: { userId: true, workspaceId: true } });
    bells = await createNotifications(
        tx,
        members.map((m) => ({
          userId: m.userId,
          workspaceId: m.workspaceId,
          kind: "templateVersion" as const,
          actorId: userId,
          path: `/bibliotheek/${version.templateId}`,
          params: { title: version.title, version: version.number },
          dedupeKey: `templateVersion:${version.id}:${m.userId}:${m.workspaceId}`,
        })),
    );
    return uses.map((u) => u.workspaceId);
  });
  announceNotifications(bells);
  for (const workspaceId of notified) publishRecordChange({ workspaceId, entityType: "notification", entityId: version.templateId, action: "template.newVersion", actorId: userId });
  return { id: versionId, status: approve ? "APPROVED" : "REJECTED", notifiedWorkspaces: notified.length };
}

/** Takes a template out of the library; workspaces keep what they copied from it. */
export async function unpublishTemplate(prisma: Db, userId: string, templateId: string) {
  const { networkIds, moderated } = await networkAccess(prisma, userId);
  const t = await prisma.template.findFirst({ where: { id: templateId, networkId: { in: networkIds } } });
  if (!t) throw notFound();
  assertPermitted(ops.unpublishTemplate, null, { moderator: moderated.has(t.networkId), author: t.createdById === userId });
  if (t.publishedNumber === null) throw new DomainError("CONFLICT", "template.notPublished");
  await prisma.$transaction(async (tx) => {
    await tx.template.update({ where: { id: templateId }, data: { publishedNumber: null, unpublishedAt: new Date(), version: { increment: 1 } } });
    await recordAudit(tx, { workspaceId: null, userId }, { action: "template.unpublished", entityType: "template", entityId: templateId, before: { version: t.publishedNumber } });
  });
  return { id: templateId };
}

// ---------------------------------------------------------------- using a template

export interface UseInput {
  templateId: string;
  title: string;
  /** For a milestone plan: the date its first milestone falls on. */
  startDate: string | null;
  /** For a milestone plan or lot structure: the organisation procuring the new tender. */
  procuringEntityId: string | null;
}

/**
 * Copies a published template's structure into the member's workspace as a new record:
 * a document (outline, project assignment, checklist), an assessment (scenario matrix) or a
 * tender in planning (milestone plan, lot structure). Nothing but the structure is copied.
 */
export async function useTemplate(prisma: Db, scope: Scope, input: UseInput, documents: LibraryDocuments) {
  const { networkIds } = await networkAccess(prisma, scope.userId);
  const t = await prisma.template.findFirst({ where: { id: input.templateId, networkId: { in: networkIds }, publishedNumber: { not: null } }, include: { versions: true } });
  if (!t) throw notFound();
  assertPermitted(ops.useTemplate, scope, t.kind);
  const version = t.versions.find((v) => v.number === t.publishedNumber)!;
  const content = parseTemplateContent(t.kind, version.content);
  const created = await createFromTemplate(prisma, scope, t.kind, content, input, documents);
  await prisma.$transaction(async (tx) => {
    await tx.templateUse.create({ data: { templateId: t.id, versionNumber: version.number, workspaceId: scope.workspaceId, usedById: scope.userId, createdType: created.type, createdId: created.id } });
    await recordAudit(tx, scope, { action: "template.used", entityType: created.type, entityId: created.id, after: { title: input.title, template: version.title, version: version.number } });
  });
  return created;
}

async function createFromTemplate(prisma: Db, scope: Scope, kind: TemplateKind, content: TemplateContent, input: UseInput, documents: LibraryDocuments): Promise<{ type: "document" | "assessment" | "tender"; id: string }> {
  switch (kind) {
    case "STRATEGY_OUTLINE":
    case "PROJECT_ASSIGNMENT":
    case "NVO_CHECKLIST": {
      const sections =
        kind === "NVO_CHECKLIST" ? (content as ChecklistContent).items.map((i) => ({ heading: i.title, guidance: i.guidance })) : (content as SectionsContent).sections;
      const { state, text } = documents.initialState(blocksFromSections(input.title, sections));
      // A strategy outline becomes the workspace's strategy when a coordinator uses it; otherwise a free document.
      const strategy = { kind: "STRATEGY" as const, ownerRegionId: null };
      const docKind = kind === "STRATEGY_OUTLINE" && permits(documentOperations.createDocument, scope, strategy) ? "STRATEGY" : "FREE";
      const doc = await createDocument(prisma, scope, { kind: docKind, title: input.title, ownerRegionId: null }, state, text);
      return { type: "document", id: doc.id };
    }
    case "SCENARIO_MATRIX": {
      const matrix = content as MatrixContent;
      const a = await prisma.assessment.create({
        data: {
          workspaceId: scope.workspaceId,
          title: input.title,
          createdById: scope.userId,
          scenarios: { create: matrix.scenarios.map((s, sortOrder) => ({ ...s, sortOrder })) },
          criteria: { create: matrix.criteria.map((c, sortOrder) => ({ ...c, sortOrder })) },
          // Participants: the regions' bodies, so each region scores once; a coordinator can add municipalities later.
          participants: { create: (await regionalBodies(prisma, scope)).map((organisationId) => ({ organisationId })) },
        },
        select: { id: true },
      });
      return { type: "assessment", id: a.id };
    }
    case "MILESTONE_PLAN":
    case "LOT_STRUCTURE": {
      const procuringEntityId = input.procuringEntityId ?? scope.organisationId;
      await assertOrganisationsInWorkspace(prisma, scope, [procuringEntityId]);
      // A new tender of the member's own region (when it takes part in the workspace), which they own (as createTender requires).
      const ownRegion = scope.regionId && (await prisma.workspaceRegion.findUnique({ where: { workspaceId_regionId: { workspaceId: scope.workspaceId, regionId: scope.regionId } } }));
      const owner = { procuringEntityId, ownerRegionId: ownRegion ? ownRegion.regionId : null };
      assertPermitted(tenderOperations.createTender, scope, owner, "procuringEntityId");
      const lots = kind === "LOT_STRUCTURE" ? (content as LotStructureContent) : null;
      if (ops.templateUseNeeds(kind).startDate && !input.startDate) throw new DomainError("BAD_REQUEST", "template.chooseStartDate", undefined, "startDate");
      const milestones = kind === "MILESTONE_PLAN" ? scheduleMilestones(content as MilestonePlanContent, input.startDate!) : [];
      const tender = await prisma.tender.create({
        data: {
          workspaceId: scope.workspaceId,
          title: input.title,
          domain: lots?.domain ?? "WMO",
          level: "REGIONAAL",
          procedure: lots?.procedure ?? "SAS_TWO_ROUNDS",
          ...owner,
          lots: lots ? { create: lots.lots.map((l, sortOrder) => ({ ...l, sortOrder })) } : undefined,
          milestones: { create: milestones.map((m) => ({ type: m.type, title: m.title, dueDate: toDate(m.dueDate) })) },
        },
        select: { id: true },
      });
      return { type: "tender", id: tender.id };
    }
  }
}

async function regionalBodies(prisma: Db, scope: Scope): Promise<string[]> {
  const bodies = await prisma.organisation.findMany({
    where: { kind: "REGIONAL_BODY", region: { workspaces: { some: { workspaceId: scope.workspaceId } } } },
    select: { id: true },
  });
  return bodies.map((b) => b.id);
}

// ---------------------------------------------------------------- notifications

export async function listNotifications(prisma: Db, scope: Scope) {
  const rows = await prisma.workspaceNotification.findMany({ where: { workspaceId: scope.workspaceId, dismissedAt: null }, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map((n) => ({ id: n.id, kind: n.kind, templateId: n.templateId, params: n.params as Record<string, string | number>, createdAt: n.createdAt }));
}

export async function dismissNotification(prisma: Db, scope: Scope, notificationId: string) {
  const { count } = await prisma.workspaceNotification.updateMany({ where: { id: notificationId, workspaceId: scope.workspaceId, dismissedAt: null }, data: { dismissedAt: new Date() } });
  if (count === 0) throw notFound();
  return { id: notificationId };
}
