// The workspace's history (issue 18 point 5, ADR 0031): the audit log and the document text
// edits (document_edit_summary, one line per document, author and hour) in one time order,
// a page at a time. Each source is read from its (workspace, time) index up to one page past
// the cursor; the page is the newest `limit` of both.
import { comesAfter, decodeTimelineCursor, encodeTimelineCursor, type TimelinePosition } from "@regiotafel/domain";
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../client";
import type { Scope } from "../scope";
import { actorNames } from "./audit";

export interface HistoryQuery {
  /** Only events of this entity type; "document" includes the text edits. */
  entityType?: string;
  limit: number;
  /** Where the previous page ended (its nextCursor). */
  cursor?: string;
}

/** Text edits of a document by one author in one hour. */
export interface EditLine {
  /** Their last edit in that hour: where the line sits in time. */
  at: Date;
  /** The start of the hour. */
  hour: Date;
  updates: number;
  document: { id: string; title: string; kind: string };
  actor: { name: string; organisation: string } | null;
  /** The line's key, "documentId:userId" (unique with `at`). */
  key: string;
}

export async function listHistory(prisma: Db, scope: Scope, query: HistoryQuery) {
  const cursor = query.cursor ? decodeTimelineCursor(query.cursor) : null;
  const withEdits = query.entityType === undefined || query.entityType === "document";
  const [audits, edits] = await Promise.all([auditAfter(prisma, scope, query, cursor), withEdits ? editsAfter(prisma, scope, query.limit + 1, cursor) : []]);

  // The newest `limit` of both.
  const lines = [
    ...audits.map((e) => ({ position: { at: e.at.getTime(), kind: "a" as const, key: e.id }, audit: e, edit: null })),
    ...edits.map((e) => ({ position: { at: e.lastAt.getTime(), kind: "e" as const, key: `${e.documentId}:${e.userId}` }, audit: null, edit: e })),
  ].sort((x, y) => (comesAfter(x.position, y.position) ? 1 : -1));
  const page = lines.slice(0, query.limit);
  const actorOf = await actorNames(prisma, [
    ...audits.map((e) => ({ userId: e.actorId, organisationId: e.actorOrganisationId })),
    ...edits.map((e) => ({ userId: e.userId, organisationId: e.organisationId })),
  ]);
  const last = page.at(-1);
  return {
    events: page.flatMap(({ audit: e }) =>
      e ? [{ id: e.id, at: e.at, action: e.action, entityType: e.entityType, entityId: e.entityId, before: e.before, after: e.after, actor: actorOf(e.actorId, e.actorOrganisationId) }] : [],
    ),
    edits: page.flatMap(({ edit: e, position }): EditLine[] =>
      e
        ? [{ at: e.lastAt, hour: e.hour, updates: e.updates, document: { id: e.documentId, title: e.title, kind: e.kind }, actor: actorOf(e.userId, e.organisationId), key: position.key }]
        : [],
    ),
    nextCursor: lines.length > query.limit && last ? encodeTimelineCursor(last.position) : null,
  };
}

/** Audit events after the cursor, newest first, one more than a page. */
function auditAfter(prisma: Db, scope: Scope, query: HistoryQuery, cursor: TimelinePosition | null) {
  let after: Prisma.AuditEventWhereInput = {};
  if (cursor) {
    const at = new Date(cursor.at);
    // At the cursor's own millisecond, audit events come after its edit lines ("a" < "e").
    after = cursor.kind === "e" ? { at: { lte: at } } : { OR: [{ at: { lt: at } }, { at, id: { lt: cursor.key } }] };
  }
  return prisma.auditEvent.findMany({
    where: { workspaceId: scope.workspaceId, ...(query.entityType ? { entityType: query.entityType } : {}), ...after },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
}

interface EditRow {
  documentId: string;
  userId: string;
  organisationId: string | null;
  hour: Date;
  updates: number;
  lastAt: Date;
  title: string;
  kind: string;
}

/** Edit lines of the workspace's documents after the cursor, newest first. */
function editsAfter(prisma: Db, scope: Scope, take: number, cursor: TimelinePosition | null): Promise<EditRow[]> {
  // Keys compare as text in byte order ("C"), as the cursor's comparison does.
  const key = `(s.document_id::text || ':' || s.user_id::text) COLLATE "C"`;
  const at = cursor ? new Date(cursor.at).toISOString() : null;
  const after = !cursor ? "" : cursor.kind === "a" ? "AND s.last_at < $3::timestamptz" : `AND (s.last_at < $3::timestamptz OR (s.last_at = $3::timestamptz AND ${key} < $4))`;
  const values: unknown[] = [scope.workspaceId, take];
  if (cursor) values.push(at);
  if (cursor?.kind === "e") values.push(cursor.key);
  return prisma.$sql<EditRow>(
    `SELECT s.document_id AS "documentId", s.user_id AS "userId", s.organisation_id AS "organisationId", s.hour,
            s.updates, s.last_at AS "lastAt", d.title, d.kind
     FROM document_edit_summary s
     JOIN document d ON d.id = s.document_id AND d.workspace_id = s.workspace_id
     WHERE s.workspace_id = $1::uuid ${after}
     ORDER BY s.last_at DESC, ${key} DESC
     LIMIT $2`,
    values,
  );
}
