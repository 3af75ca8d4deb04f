import {
  assertPermitted,
  canEditDocument,
  documentOperations as ops,
  DomainError,
  newDocumentRights,
  notFound,
  permits,
  refusalOf,
  startingBlocks,
  type DocumentKind,
  type DocumentRights,
  type Operation,
  type OutlineBlock,
  type Role,
} from "@regiotafel/domain";
import type { ZodType } from "zod";
import type { Db } from "../client";
import type { Scope } from "../scope";
import { recordAudit } from "./audit";
import {
  createInitialSnapshot,
  createNamedVersion,
  findVersion,
  listVersionRows,
  newestVersionWhere,
  replaceStoredState,
  type VersionState,
} from "./document-store";

/**
 * What the document services need of the live co-editing server and of Yjs content. The collab
 * package implements it over its hub (`liveDocuments`), so this package stays free of Yjs.
 */
export interface LiveDocuments {
  /** A complete document state holding `blocks`, and its plain text. */
  build(blocks: OutlineBlock[]): { state: Uint8Array; text: string };
  /** The plain text of a state, one line per block. */
  plainText(state: Uint8Array): string;
  /** Whether a state loads the way the store loads documents (it decodes, nothing is left pending). */
  isLoadable(state: Uint8Array): boolean;
  /** The document's content now, live when it is open. A damaged document: CONFLICT "document.damaged". */
  currentState(documentId: string): Promise<Uint8Array>;
  /** Makes the content equal to `state` as an ordinary change every editor receives. Damaged: as above. */
  replaceContent(documentId: string, state: Uint8Array): Promise<void>;
  /** Whether the stored state loads: false when it is damaged; throws when the database cannot be read. */
  loads(documentId: string): Promise<boolean>;
  /** Closes the document's live connections; editors reconnect, are authorised again and load it afresh. */
  reconnect(documentId: string, why: "archived" | "recovered"): void;
}

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
  /** Kept with the member's text edits in the history. */
  organisationId: string;
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
    workspaceArchived: boolean;
    userName: string;
    organisationName: string;
    organisationId: string;
  }>(
    `SELECT d.workspace_id AS "workspaceId", m.role, o.region_id AS "regionId", d.edit_role AS "editRole",
            d.owner_region_id AS "ownerRegionId", d.archived_at IS NOT NULL AS archived,
            w.archived_at IS NOT NULL AS "workspaceArchived",
            u.name AS "userName", o.name AS "organisationName", o.id AS "organisationId"
     FROM document d
     JOIN workspace w ON w.id = d.workspace_id
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
    // An archived document, or any document of an archived workspace (ADR 0022): viewers only.
    canEdit: !row.archived && !row.workspaceArchived && canEditDocument(row, row),
    userName: row.userName,
    organisationName: row.organisationName,
    organisationId: row.organisationId,
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
    canEdit: d.archivedAt === null && permits(ops.renameDocument, scope, d),
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

/** The document, when the member may run `operation` on it; FORBIDDEN (or CONFLICT when archived) otherwise. */
async function getEditableDocument(prisma: Db, scope: Scope, documentId: string, operation: Operation<ZodType, DocumentRights>) {
  const doc = await getDocument(prisma, scope, documentId);
  if (doc.archived) throw new DomainError("CONFLICT", "document.archived");
  assertPermitted(operation, scope, doc);
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
  // Also for documents made from a template, whose use checked only its own rule.
  const refusal = refusalOf(ops.createDocument, scope, input);
  if (refusal) throw new DomainError("FORBIDDEN", refusal, undefined, refusal === "document.regionNotOwn" ? "ownerRegionId" : undefined);
  const rights = newDocumentRights(scope, input.kind, input.ownerRegionId) as DocumentRights;
  return prisma.$transaction(async (tx) => {
    const doc = await tx.document.create({
      data: { workspaceId: scope.workspaceId, kind: input.kind, title: input.title, ...rights, createdById: scope.userId, searchText },
      select: { id: true },
    });
    await createInitialSnapshot(tx, doc.id, initialState);
    await recordAudit(tx, scope, { action: "document.created", entityType: "document", entityId: doc.id, after: { kind: input.kind, title: input.title } });
    return doc;
  });
}

/** A new document of `input.kind`, starting with that kind's content (the strategy outline, …). */
export async function newDocument(prisma: Db, scope: Scope, input: { kind: DocumentKind; title: string; ownerRegionId: string | null }, live: LiveDocuments) {
  const { state, text } = live.build(startingBlocks(input.kind, input.title));
  return createDocument(prisma, scope, input, state, text);
}

export async function renameDocument(prisma: Db, scope: Scope, documentId: string, title: string, expectedVersion: number) {
  const doc = await getEditableDocument(prisma, scope, documentId, ops.renameDocument);
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.document.updateMany({ where: { id: documentId, version: expectedVersion }, data: { title, version: { increment: 1 } } });
    if (count === 0) throw new DomainError("CONFLICT", "conflict.stale");
    await recordAudit(tx, scope, { action: "document.renamed", entityType: "document", entityId: documentId, before: { title: doc.title }, after: { title } });
    return { id: documentId, title, version: expectedVersion + 1 };
  });
}

/**
 * Archives (read-only, out of the list) or brings back a document. Open editors reconnect and
 * find it read-only (or editable again).
 */
export async function setDocumentArchived(prisma: Db, scope: Scope, documentId: string, archived: boolean, live: LiveDocuments) {
  const doc = await getDocument(prisma, scope, documentId);
  assertPermitted(ops.setDocumentArchived, scope, doc);
  if (doc.archived !== archived) {
    await prisma.$transaction(async (tx) => {
      await tx.document.update({ where: { id: documentId }, data: { archivedAt: archived ? new Date() : null, version: { increment: 1 } } });
      await recordAudit(tx, scope, {
        action: archived ? "document.archived" : "document.restored",
        entityType: "document",
        entityId: documentId,
        after: { title: doc.title },
      });
    });
  }
  live.reconnect(documentId, "archived");
  return { id: documentId, archived };
}


export async function listVersions(prisma: Db, scope: Scope, documentId: string) {
  await getDocument(prisma, scope, documentId);
  const versions = await listVersionRows(prisma, documentId);
  const authors = await prisma.user.findMany({
    where: { id: { in: versions.map((v) => v.createdById).filter((id): id is string => id !== null) } },
    select: { id: true, name: true },
  });
  const names = new Map(authors.map((a) => [a.id, a.name]));
  return versions.map(({ createdById, ...v }) => ({ ...v, createdBy: createdById ? (names.get(createdById) ?? null) : null }));
}

/** A stored version's content, only through its own document of the scope's workspace. */
export async function getVersionState(prisma: Db, scope: Scope, documentId: string, versionId: string): Promise<VersionState> {
  await getDocument(prisma, scope, documentId);
  const version = await findVersion(prisma, documentId, versionId);
  if (!version) throw notFound();
  return version;
}

/** A version to view read-only: its Yjs state (base64) and its plain text. */
export async function readVersion(prisma: Db, scope: Scope, documentId: string, versionId: string, live: LiveDocuments) {
  const v = await getVersionState(prisma, scope, documentId, versionId);
  return { id: v.id, name: v.name, createdAt: v.createdAt, state: Buffer.from(v.state).toString("base64"), text: live.plainText(v.state) };
}

async function saveNamedVersion(prisma: Db, scope: Scope, documentId: string, name: string, state: Uint8Array) {
  return prisma.$transaction(async (tx) => {
    const version = await createNamedVersion(tx, documentId, name, state, scope.userId);
    await recordAudit(tx, scope, { action: "document.versionSaved", entityType: "document", entityId: documentId, after: { version: name } });
    return version;
  });
}

/** Saves the document's current content (live when it is open) as a named version. */
export async function saveVersion(prisma: Db, scope: Scope, documentId: string, name: string, live: LiveDocuments) {
  await getEditableDocument(prisma, scope, documentId, ops.saveVersion);
  const state = await live.currentState(documentId);
  return saveNamedVersion(prisma, scope, documentId, name, state);
}

/**
 * Restores a version as a new change (history is kept, every editor receives it) and records
 * the result as a new version.
 */
export async function restoreVersion(prisma: Db, scope: Scope, documentId: string, versionId: string, live: LiveDocuments) {
  await getEditableDocument(prisma, scope, documentId, ops.restoreVersion);
  const version = await getVersionState(prisma, scope, documentId, versionId);
  await live.replaceContent(documentId, version.state);
  const state = await live.currentState(documentId);
  return saveNamedVersion(prisma, scope, documentId, `Hersteld: ${version.name}`, state);
}

/**
 * Whether the document loads; when it does not (its stored state is damaged), the version a
 * workspace admin can recover it from. Loading it also warms it up for the editor.
 */
export async function documentLoadStatus(prisma: Db, scope: Scope, documentId: string, live: LiveDocuments) {
  await getDocument(prisma, scope, documentId);
  if (await live.loads(documentId)) return { loads: true as const, recoverFrom: null };
  const version = await newestVersionWhere(prisma, documentId, live.isLoadable);
  return { loads: false as const, recoverFrom: version && { id: version.id, name: version.name, createdAt: version.createdAt } };
}

/**
 * Recovers a damaged document: its snapshot and whole update log are replaced by the newest
 * version that loads, in one transaction, audited. Refused while the document loads. Editors
 * still trying to connect reconnect and find the recovered document.
 */
export async function recoverDocument(prisma: Db, scope: Scope, documentId: string, live: LiveDocuments) {
  const doc = await getDocument(prisma, scope, documentId);
  if (await live.loads(documentId)) throw new DomainError("CONFLICT", "document.notDamaged");
  const version = await newestVersionWhere(prisma, documentId, live.isLoadable);
  if (!version) throw new DomainError("CONFLICT", "document.noGoodVersion");
  const searchText = live.plainText(version.state);
  const recovered = await prisma.$transaction(async (tx) => {
    const { droppedUpdates, hadSnapshot } = await replaceStoredState(tx, documentId, version.state);
    await tx.document.update({ where: { id: documentId }, data: { searchText } });
    await recordAudit(tx, scope, {
      action: "document.recovered",
      entityType: "document",
      entityId: documentId,
      before: { title: doc.title, droppedUpdates, hadSnapshot },
      after: { title: doc.title, version: version.name, versionId: version.id, versionCreatedAt: version.createdAt.toISOString() },
    });
    return { versionId: version.id, name: version.name, createdAt: version.createdAt };
  });
  live.reconnect(documentId, "recovered");
  return recovered;
}
