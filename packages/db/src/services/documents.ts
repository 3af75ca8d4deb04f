import { canEditDocument, DomainError, newDocumentRights, notFound, type DocumentKind, type Role } from "@regiotafel/domain";
import type { Db } from "../client";
import type { Scope } from "../scope";
import { recordAudit } from "./audit";

export interface DocumentAccess {
  documentId: string;
  workspaceId: string;
  userId: string;
  role: Role;
  archived: boolean;
  canEdit: boolean;
  /** Shown with the member's caret and in "who is here". */
  userName: string;
  organisationName: string;
}

/**
 * What a user may do with a document, by id alone (the WebSocket upgrade has no workspace
 * in its URL): null when the document does not exist or the user is no member of its workspace.
 */
export async function resolveDocumentAccess(prisma: Db, userId: string, documentId: string): Promise<DocumentAccess | null> {
  const [row] = await prisma.$sql<{
    workspaceId: string;
    role: Role;
    regionId: string | null;
    editRole: Role;
    ownerRegionId: string | null;
    archived: boolean;
    userName: string;
    organisationName: string;
  }>(
    `SELECT d.workspace_id AS "workspaceId", m.role, o.region_id AS "regionId", d.edit_role AS "editRole",
            d.owner_region_id AS "ownerRegionId", d.archived_at IS NOT NULL AS archived,
            u.name AS "userName", o.name AS "organisationName"
     FROM document d
     JOIN membership m ON m.workspace_id = d.workspace_id AND m.user_id = $1::uuid
     JOIN app_user u ON u.id = m.user_id
     JOIN organisation o ON o.id = u.organisation_id
     WHERE d.id = $2::uuid`,
    [userId, documentId],
  );
  if (!row) return null;
  return {
    documentId,
    workspaceId: row.workspaceId,
    userId,
    role: row.role,
    archived: row.archived,
    canEdit: !row.archived && canEditDocument(row, row),
    userName: row.userName,
    organisationName: row.organisationName,
  };
}

const documentSelect = {
  id: true,
  kind: true,
  title: true,
  ownerRegionId: true,
  editRole: true,
  archivedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  ownerRegion: { select: { name: true } },
} as const;

function present<T extends { editRole: Role; ownerRegionId: string | null; archivedAt: Date | null; ownerRegion: { name: string } | null }>(scope: Scope, d: T) {
  const { ownerRegion, ...rest } = d;
  return {
    ...rest,
    ownerRegionName: ownerRegion?.name ?? null,
    archived: d.archivedAt !== null,
    canEdit: d.archivedAt === null && canEditDocument(scope, d),
  };
}

export async function listDocuments(prisma: Db, scope: Scope, options: { archived: boolean }) {
  const docs = await prisma.document.findMany({
    where: { workspaceId: scope.workspaceId, archivedAt: options.archived ? { not: null } : null },
    orderBy: [{ kind: "asc" }, { title: "asc" }],
    select: documentSelect,
  });
  return docs.map((d) => present(scope, d));
}

/** A document of the scope's workspace, or NOT_FOUND (also for another workspace's id). */
export async function getDocument(prisma: Db, scope: Scope, documentId: string) {
  const d = await prisma.document.findFirst({ where: { id: documentId, workspaceId: scope.workspaceId }, select: documentSelect });
  if (!d) throw notFound();
  return present(scope, d);
}

/** The document, when the member may change it; FORBIDDEN (or CONFLICT when archived) otherwise. */
export async function getEditableDocument(prisma: Db, scope: Scope, documentId: string) {
  const doc = await getDocument(prisma, scope, documentId);
  if (doc.archived) throw new DomainError("CONFLICT", "document.archived");
  if (!doc.canEdit) throw new DomainError("FORBIDDEN", "document.notEditable");
  return doc;
}

async function assertWorkspaceRegion(prisma: Db, scope: Scope, regionId: string | null) {
  if (!regionId) return;
  const link = await prisma.workspaceRegion.findUnique({ where: { workspaceId_regionId: { workspaceId: scope.workspaceId, regionId } } });
  if (!link) throw notFound();
}

/** Creates a document with its initial content (a Yjs state) stored as its first snapshot. */
export async function createDocument(
  prisma: Db,
  scope: Scope,
  input: { kind: DocumentKind; title: string; ownerRegionId: string | null },
  initialState: Uint8Array,
  /** The initial content's plain text, for search until the first snapshot. */
  searchText = "",
) {
  await assertWorkspaceRegion(prisma, scope, input.ownerRegionId);
  const rights = newDocumentRights(scope, input.kind, input.ownerRegionId);
  if (rights === "FORBIDDEN") {
    // Allowed for the workspace but not for that region: say so next to the region.
    const forWorkspace = input.ownerRegionId !== null && newDocumentRights(scope, input.kind, null) !== "FORBIDDEN";
    throw forWorkspace ? new DomainError("FORBIDDEN", "document.regionNotOwn", undefined, "ownerRegionId") : new DomainError("FORBIDDEN", "forbidden");
  }
  return prisma.$transaction(async (tx) => {
    const doc = await tx.document.create({
      data: { workspaceId: scope.workspaceId, kind: input.kind, title: input.title, ...rights, createdById: scope.userId, searchText },
      select: { id: true },
    });
    await tx.documentSnapshot.create({ data: { documentId: doc.id, state: Buffer.from(initialState), lastUpdateId: 0n } });
    await recordAudit(tx, scope, { action: "document.created", entityType: "document", entityId: doc.id, after: { kind: input.kind, title: input.title } });
    return doc;
  });
}

export async function renameDocument(prisma: Db, scope: Scope, documentId: string, title: string, expectedVersion: number) {
  const doc = await getEditableDocument(prisma, scope, documentId);
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.document.updateMany({ where: { id: documentId, version: expectedVersion }, data: { title, version: { increment: 1 } } });
    if (count === 0) throw new DomainError("CONFLICT", "conflict.stale");
    await recordAudit(tx, scope, { action: "document.renamed", entityType: "document", entityId: documentId, before: { title: doc.title }, after: { title } });
    return { id: documentId, title, version: expectedVersion + 1 };
  });
}

/** Archives (read-only, out of the list) or brings back a document. */
export async function setDocumentArchived(prisma: Db, scope: Scope, documentId: string, archived: boolean) {
  const doc = await getDocument(prisma, scope, documentId);
  if (!canEditDocument(scope, doc)) throw new DomainError("FORBIDDEN", "document.notEditable");
  if (doc.archived === archived) return { id: documentId, archived };
  return prisma.$transaction(async (tx) => {
    await tx.document.update({ where: { id: documentId }, data: { archivedAt: archived ? new Date() : null, version: { increment: 1 } } });
    await recordAudit(tx, scope, {
      action: archived ? "document.archived" : "document.restored",
      entityType: "document",
      entityId: documentId,
      after: { title: doc.title },
    });
    return { id: documentId, archived };
  });
}

export async function listVersions(prisma: Db, scope: Scope, documentId: string) {
  await getDocument(prisma, scope, documentId);
  const versions = await prisma.documentVersion.findMany({
    where: { documentId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, automatic: true, createdAt: true, createdById: true },
  });
  const authors = await prisma.user.findMany({
    where: { id: { in: versions.map((v) => v.createdById).filter((id): id is string => id !== null) } },
    select: { id: true, name: true },
  });
  const names = new Map(authors.map((a) => [a.id, a.name]));
  return versions.map(({ createdById, ...v }) => ({ ...v, createdBy: createdById ? (names.get(createdById) ?? null) : null }));
}

/** A stored version's content, only through its own document of the scope's workspace. */
export async function getVersionState(prisma: Db, scope: Scope, documentId: string, versionId: string) {
  await getDocument(prisma, scope, documentId);
  const version = await prisma.documentVersion.findFirst({ where: { id: versionId, documentId }, select: { id: true, name: true, createdAt: true, state: true } });
  if (!version) throw notFound();
  return version;
}

export async function saveNamedVersion(prisma: Db, scope: Scope, documentId: string, name: string, state: Uint8Array) {
  return prisma.$transaction(async (tx) => {
    const version = await tx.documentVersion.create({
      data: { documentId, name, automatic: false, state: Buffer.from(state), createdById: scope.userId },
      select: { id: true, name: true, createdAt: true },
    });
    await recordAudit(tx, scope, { action: "document.versionSaved", entityType: "document", entityId: documentId, after: { version: name } });
    return version;
  });
}

export interface RecoverableVersion {
  id: string;
  name: string;
  createdAt: Date;
  state: Uint8Array;
}

/**
 * The newest version of the document whose state `loads` accepts (the caller knows how a
 * document loads), or null when none does. Reads one version's state at a time.
 */
export async function findRecoverableVersion(
  prisma: Db,
  scope: Scope,
  documentId: string,
  loads: (state: Uint8Array) => boolean,
): Promise<RecoverableVersion | null> {
  await getDocument(prisma, scope, documentId);
  const versions = await prisma.documentVersion.findMany({ where: { documentId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
  for (const { id } of versions) {
    const version = await prisma.documentVersion.findUnique({ where: { id }, select: { id: true, name: true, createdAt: true, state: true } });
    if (version && loads(version.state)) return version;
  }
  return null;
}

/**
 * Replaces a document's stored state (its snapshot and its whole update log) with a
 * version's, in one transaction, audited: how a workspace admin brings back a document
 * whose stored state no longer loads. Whoever calls this checked that it does not.
 */
export async function recoverDocumentFromVersion(prisma: Db, scope: Scope, documentId: string, version: RecoverableVersion, searchText: string) {
  const doc = await getDocument(prisma, scope, documentId);
  return prisma.$transaction(async (tx) => {
    const snapshot = await tx.documentSnapshot.findUnique({ where: { documentId }, select: { lastUpdateId: true } });
    const log = await tx.documentUpdate.aggregate({ where: { documentId }, _max: { id: true }, _count: true });
    // Later updates get higher ids than any removed one: the snapshot covers all of those.
    const lastUpdateId = [snapshot?.lastUpdateId ?? 0n, log._max.id ?? 0n].reduce((a, b) => (a > b ? a : b));
    await tx.documentUpdate.deleteMany({ where: { documentId } });
    const state = Buffer.from(version.state);
    await tx.documentSnapshot.upsert({
      where: { documentId },
      create: { documentId, state, lastUpdateId },
      update: { state, lastUpdateId, updatedAt: new Date() },
    });
    await tx.document.update({ where: { id: documentId }, data: { searchText } });
    await recordAudit(tx, scope, {
      action: "document.recovered",
      entityType: "document",
      entityId: documentId,
      before: { title: doc.title, droppedUpdates: log._count, hadSnapshot: snapshot !== null },
      after: { title: doc.title, version: version.name, versionId: version.id, versionCreatedAt: version.createdAt.toISOString() },
    });
    return { versionId: version.id, name: version.name, createdAt: version.createdAt };
  });
}
