import {
  COMMENT_SUBJECTS,
  commentOperations as ops,
  commentPlainText,
  DomainError,
  FOLLOW_SUBJECTS,
  mentionedIn,
  assertPermitted,
  type CommentAnchor,
  type CommentSubject,
  type FollowSubject,
  type NotificationKind,
} from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { publishRecordChange } from "../events";
import type { Scope } from "../scope";
import { recordAudit } from "./audit";
import { createNotifications, type NewNotification } from "./notifications";
import { announceNotifications, NOBODY, type Notified } from "./notify-members";

// Comment threads on document passages and records, mentions and following (issue 21,
// ADR 0036). Every rule of who may do what is in the operation contracts; this module finds
// the subject in the member's workspace (anything else is NOT_FOUND), stores, audits, tells
// the people concerned, and announces the change to live pages after the commit.

const subjectUnknown = () => new DomainError("NOT_FOUND", "comment.subjectUnknown");
const threadUnknown = () => new DomainError("NOT_FOUND", "comment.threadUnknown");
const commentUnknown = () => new DomainError("NOT_FOUND", "comment.unknown");

/** A comment subject as found in the workspace: its title, its page, and what following it means. */
export interface CommentSubjectInfo {
  type: CommentSubject;
  id: string;
  title: string;
  /** The page it is on (within the workspace), e.g. "/w/limburg/aanbestedingen/<id>". */
  path: string;
  /** What is followed when someone comments here (a lot: the lot; a decision or segment: nothing). */
  follow: Array<{ type: FollowSubject; id: string }>;
}

/** One query per type: the subject by id, only within the workspace. */
const SUBJECT_QUERIES: Record<CommentSubject, string> = {
  document: `SELECT id, title, NULL::uuid AS parent FROM document WHERE id = $1::uuid AND workspace_id = $2::uuid`,
  tender: `SELECT id, title, NULL::uuid AS parent FROM tender WHERE id = $1::uuid AND workspace_id = $2::uuid`,
  lot: `SELECT l.id, l.title, l.tender_id AS parent FROM lot l JOIN tender t ON t.id = l.tender_id WHERE l.id = $1::uuid AND t.workspace_id = $2::uuid`,
  decision: `SELECT id, title, NULL::uuid AS parent FROM decision WHERE id = $1::uuid AND workspace_id = $2::uuid`,
  segment: `SELECT id, name AS title, NULL::uuid AS parent FROM segment WHERE id = $1::uuid AND workspace_id = $2::uuid`,
  assessment: `SELECT id, title, NULL::uuid AS parent FROM assessment WHERE id = $1::uuid AND workspace_id = $2::uuid`,
};

function subjectPath(slug: string, type: CommentSubject, id: string, parent: string | null): string {
  const base = `/w/${slug}`;
  switch (type) {
    case "document":
      return `${base}/documenten/${id}`;
    case "tender":
      return `${base}/aanbestedingen/${id}`;
    case "lot":
      return `${base}/aanbestedingen/${parent}`;
    case "decision":
      return `${base}/governance`;
    case "segment":
      return `${base}/bovenregionaal`;
    case "assessment":
      return `${base}/scenarios/${id}`;
  }
}

/** The subject in the member's workspace, or NOT_FOUND "comment.subjectUnknown". */
export async function findCommentSubject(db: Db | Tx, scope: Scope, type: CommentSubject, id: string): Promise<CommentSubjectInfo> {
  if (!COMMENT_SUBJECTS.includes(type)) throw subjectUnknown();
  const rows = await db.$queryRawUnsafe<Array<{ id: string; title: string; parent: string | null }>>(SUBJECT_QUERIES[type], id, scope.workspaceId);
  const row = rows[0];
  if (!row) throw subjectUnknown();
  const follow: CommentSubjectInfo["follow"] = [];
  if ((FOLLOW_SUBJECTS as readonly string[]).includes(type)) follow.push({ type: type as FollowSubject, id });
  return { type, id, title: row.title, path: subjectPath(scope.workspaceSlug, type, id, row.parent), follow };
}

/** Where a notification about a thread leads: the subject's page, with the thread highlighted. */
export const threadLink = (subject: Pick<CommentSubjectInfo, "path" | "type" | "id">, threadId: string) =>
  `${subject.path}?discussie=${threadId}&onderwerp=${subject.type}:${subject.id}#discussie-${threadId}`;

const base64ToBytes = (text: string) => Uint8Array.from(Buffer.from(text, "base64"));
const bytesToBase64 = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString("base64") : null);

// ---------------------------------------------------------------- reading

export interface CommentView {
  id: string;
  authorId: string | null;
  authorName: string | null;
  organisationName: string | null;
  /** Empty once deleted. */
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
}

export interface ThreadView {
  id: string;
  anchor: CommentAnchor | null;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedByName: string | null;
  comments: CommentView[];
}

/** The threads on one subject of the workspace (open ones first, then by their start). */
export async function listThreads(prisma: Db, scope: Scope, type: CommentSubject, subjectId: string): Promise<ThreadView[]> {
  await findCommentSubject(prisma, scope, type, subjectId);
  const threads = await prisma.commentThread.findMany({
    where: { workspaceId: scope.workspaceId, subjectType: type, subjectId },
    orderBy: [{ createdAt: "asc" }],
  });
  if (threads.length === 0) return [];
  const comments = await prisma.comment.findMany({ where: { threadId: { in: threads.map((t) => t.id) } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const people = await namesOf(prisma, [...comments.map((c) => c.authorId), ...threads.map((t) => t.resolvedById)]);
  const organisations = await organisationNames(prisma, comments.map((c) => c.organisationId));
  return threads
    .map((thread) => ({
      id: thread.id,
      anchor:
        thread.anchorStart && thread.anchorEnd
          ? { start: bytesToBase64(thread.anchorStart)!, end: bytesToBase64(thread.anchorEnd)!, quote: thread.quote }
          : null,
      createdAt: thread.createdAt,
      resolvedAt: thread.resolvedAt,
      resolvedByName: thread.resolvedById ? (people.get(thread.resolvedById) ?? null) : null,
      comments: comments
        .filter((c) => c.threadId === thread.id)
        .map((c) => ({
          id: c.id,
          authorId: c.authorId,
          authorName: c.authorId ? (people.get(c.authorId) ?? null) : null,
          organisationName: c.organisationId ? (organisations.get(c.organisationId) ?? null) : null,
          body: c.deletedAt ? "" : c.body,
          createdAt: c.createdAt,
          editedAt: c.editedAt,
          deleted: c.deletedAt !== null,
        })),
    }))
    .sort((a, b) => Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null));
}

/** The workspace's open threads, most recently active first (at most 100): where each is, its start and its last comment. */
export async function listOpenThreads(prisma: Db, scope: Scope) {
  const threads = await prisma.commentThread.findMany({
    where: { workspaceId: scope.workspaceId, resolvedAt: null },
    orderBy: { lastActivityAt: "desc" },
    take: 100,
  });
  const comments = await prisma.comment.findMany({ where: { threadId: { in: threads.map((t) => t.id) }, deletedAt: null }, orderBy: { createdAt: "asc" } });
  const people = await namesOf(prisma, comments.map((c) => c.authorId));
  const open = [];
  for (const thread of threads) {
    const subject = await findCommentSubject(prisma, scope, thread.subjectType as CommentSubject, thread.subjectId).catch(() => null);
    if (!subject) continue;
    const own = comments.filter((c) => c.threadId === thread.id);
    const last = own.at(-1);
    open.push({
      id: thread.id,
      subjectType: subject.type,
      title: subject.title,
      path: threadLink(subject, thread.id),
      quote: thread.quote,
      comments: own.length,
      last: last ? { authorName: last.authorId ? (people.get(last.authorId) ?? null) : null, body: commentPlainText(last.body).slice(0, 200), at: last.createdAt } : null,
    });
  }
  return open;
}

/** Open threads per subject of one type in the workspace (subject id → count), for lists. */
export async function countOpenThreads(prisma: Db, scope: Scope, type: CommentSubject): Promise<Record<string, number>> {
  const groups = await prisma.commentThread.groupBy({
    by: ["subjectId"],
    where: { workspaceId: scope.workspaceId, subjectType: type, resolvedAt: null },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.subjectId, g._count._all]));
}

async function namesOf(db: Db | Tx, ids: Array<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

async function organisationNames(db: Db | Tx, ids: Array<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db.organisation.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(rows.map((o) => [o.id, o.name]));
}

/** Members and organisations of the workspace whose name contains `query` (at most 8 of each), for the "@" search. */
export async function searchMentionables(prisma: Db, scope: Scope, query: string) {
  const text = query.trim();
  const members = await prisma.membership.findMany({
    where: { workspaceId: scope.workspaceId, user: { deactivatedAt: null, ...(text ? { name: { contains: text, mode: "insensitive" } } : {}) } },
    select: { user: { select: { id: true, name: true, organisation: { select: { name: true } } } } },
    orderBy: { user: { name: "asc" } },
    take: 8,
  });
  const organisations = await prisma.organisation.findMany({
    where: { users: { some: { memberships: { some: { workspaceId: scope.workspaceId } } } }, ...(text ? { name: { contains: text, mode: "insensitive" } } : {}) },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: 8,
  });
  return {
    people: members.map((m) => ({ id: m.user.id, name: m.user.name, organisation: m.user.organisation.name })),
    organisations,
  };
}

// ---------------------------------------------------------------- who is told

interface Recipients {
  mention: Set<string>;
  reply: Set<string>;
  comment: Set<string>;
}

/**
 * Whom a comment's mentions reach: mentioned members of the workspace, and the members of
 * mentioned organisations (by token or by a typed "@Name"). Ids of anyone else reach nobody.
 */
async function mentionedMembers(tx: Tx, scope: Scope, body: string): Promise<Set<string>> {
  const { userIds, organisationIds, words } = mentionedIn(body);
  if (userIds.length === 0 && organisationIds.length === 0 && words.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<Array<{ user_id: string }>>(
    `SELECT m.user_id FROM membership m JOIN app_user u ON u.id = m.user_id JOIN organisation o ON o.id = u.organisation_id
     WHERE m.workspace_id = $1::uuid AND u.deactivated_at IS NULL
       AND (m.user_id = ANY($2::uuid[]) OR o.id = ANY($3::uuid[]) OR lower(o.name) = ANY($4::text[]))`,
    scope.workspaceId,
    userIds,
    organisationIds,
    words,
  );
  return new Set(rows.map((r) => r.user_id));
}

async function followersOf(tx: Tx, follow: CommentSubjectInfo["follow"]): Promise<string[]> {
  if (follow.length === 0) return [];
  const rows = await tx.follow.findMany({ where: { OR: follow.map((f) => ({ subjectType: f.type, subjectId: f.id })) }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

/** One notification per person per comment: a mention counts before a reply, a reply before a followed comment. */
function notificationsFor(recipients: Recipients, scope: Scope, subject: CommentSubjectInfo, threadId: string, commentId: string, body: string): NewNotification[] {
  const told = new Set<string>([scope.userId]);
  const items: NewNotification[] = [];
  const excerpt = commentPlainText(body).slice(0, 200);
  for (const kind of ["mention", "reply", "comment"] as const satisfies readonly NotificationKind[]) {
    for (const userId of recipients[kind]) {
      if (told.has(userId)) continue;
      told.add(userId);
      items.push({
        userId,
        workspaceId: scope.workspaceId,
        kind,
        actorId: scope.userId,
        path: threadLink(subject, threadId),
        params: { title: subject.title, excerpt, threadId, commentId },
      });
    }
  }
  return items;
}

/** Follows each target; two requests at once (the same person commenting twice) both succeed. */
async function follow(db: Tx | Db, scope: Scope, targets: CommentSubjectInfo["follow"]): Promise<void> {
  for (const target of targets) {
    await db.$executeRawUnsafe(
      `INSERT INTO follow (user_id, workspace_id, subject_type, subject_id) VALUES ($1::uuid, $2::uuid, $3, $4::uuid) ON CONFLICT DO NOTHING`,
      scope.userId,
      scope.workspaceId,
      target.type,
      target.id,
    );
  }
}

/** After the commit: live pages of the subject reload their threads; the recipients' bells count again. */
function announce(scope: Scope, subject: CommentSubjectInfo, threadId: string, action: string, notified: Notified): void {
  publishRecordChange({ workspaceId: scope.workspaceId, entityType: "comment", entityId: threadId, parentId: subject.id, action, actorId: scope.userId });
  announceNotifications(notified);
}

// ---------------------------------------------------------------- writing

export interface StartThreadInput {
  subjectType: CommentSubject;
  subjectId: string;
  body: string;
  anchor?: CommentAnchor;
}

/** Starts a thread: its first comment, the author follows the subject, the mentioned and the followers are told. */
export async function startThread(prisma: Db, scope: Scope, input: StartThreadInput): Promise<{ id: string; commentId: string }> {
  if (input.anchor && input.subjectType !== "document") throw new DomainError("BAD_REQUEST", "comment.anchorOnlyOnDocuments");
  let subject!: CommentSubjectInfo;
  let notified = NOBODY;
  const result = await prisma.$transaction(async (tx) => {
    subject = await findCommentSubject(tx, scope, input.subjectType, input.subjectId);
    const thread = await tx.commentThread.create({
      data: {
        workspaceId: scope.workspaceId,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        anchorStart: input.anchor ? base64ToBytes(input.anchor.start) : null,
        anchorEnd: input.anchor ? base64ToBytes(input.anchor.end) : null,
        quote: input.anchor?.quote.trim() ?? "",
        createdById: scope.userId,
      },
    });
    const comment = await tx.comment.create({ data: { threadId: thread.id, authorId: scope.userId, organisationId: scope.organisationId, body: input.body } });
    const recipients: Recipients = {
      mention: await mentionedMembers(tx, scope, input.body),
      reply: new Set(),
      comment: new Set(await followersOf(tx, subject.follow)),
    };
    await follow(tx, scope, subject.follow);
    notified = await createNotifications(tx, notificationsFor(recipients, scope, subject, thread.id, comment.id, input.body));
    await recordAudit(tx, scope, {
      action: "comment.start",
      entityType: "comment",
      entityId: comment.id,
      after: { threadId: thread.id, subjectType: input.subjectType, subjectId: input.subjectId, body: input.body, quote: thread.quote },
    });
    return { id: thread.id, commentId: comment.id };
  });
  announce(scope, subject, result.id, "created", notified);
  return result;
}

async function findThread(db: Db | Tx, scope: Scope, threadId: string) {
  const thread = await db.commentThread.findFirst({ where: { id: threadId, workspaceId: scope.workspaceId } });
  if (!thread) throw threadUnknown();
  return thread;
}

/** A reply: reopens a resolved thread; those who took part, the mentioned and the followers are told. */
export async function replyToThread(prisma: Db, scope: Scope, input: { threadId: string; body: string }): Promise<{ id: string }> {
  let subject!: CommentSubjectInfo;
  let notified = NOBODY;
  const result = await prisma.$transaction(async (tx) => {
    const thread = await findThread(tx, scope, input.threadId);
    subject = await findCommentSubject(tx, scope, thread.subjectType as CommentSubject, thread.subjectId);
    const earlier = await tx.comment.findMany({ where: { threadId: thread.id, deletedAt: null }, select: { authorId: true } });
    const comment = await tx.comment.create({ data: { threadId: thread.id, authorId: scope.userId, organisationId: scope.organisationId, body: input.body } });
    await tx.commentThread.update({ where: { id: thread.id }, data: { lastActivityAt: new Date(), resolvedAt: null, resolvedById: null } });
    const recipients: Recipients = {
      mention: await mentionedMembers(tx, scope, input.body),
      reply: new Set([thread.createdById, ...earlier.map((c) => c.authorId)].filter((id): id is string => id !== null)),
      comment: new Set(await followersOf(tx, subject.follow)),
    };
    await follow(tx, scope, subject.follow);
    notified = await createNotifications(tx, notificationsFor(recipients, scope, subject, thread.id, comment.id, input.body));
    await recordAudit(tx, scope, { action: "comment.reply", entityType: "comment", entityId: comment.id, after: { threadId: thread.id, body: input.body } });
    return { id: comment.id };
  });
  announce(scope, subject, input.threadId, "replied", notified);
  return result;
}

async function findComment(tx: Tx, scope: Scope, commentId: string) {
  const rows = await tx.$queryRawUnsafe<Array<{ id: string; authorId: string | null; body: string; deletedAt: Date | null; threadId: string }>>(
    `SELECT c.id, c.author_id AS "authorId", c.body, c.deleted_at AS "deletedAt", c.thread_id AS "threadId"
     FROM comment c JOIN comment_thread t ON t.id = c.thread_id
     WHERE c.id = $1::uuid AND t.workspace_id = $2::uuid FOR UPDATE OF c`,
    commentId,
    scope.workspaceId,
  );
  const comment = rows[0];
  if (!comment) throw commentUnknown();
  return comment;
}

/** Changes one's own comment; people it now mentions for the first time are told. */
export async function editComment(prisma: Db, scope: Scope, input: { commentId: string; body: string }): Promise<{ id: string }> {
  let subject!: CommentSubjectInfo;
  let threadId = "";
  let notified = NOBODY;
  await prisma.$transaction(async (tx) => {
    const comment = await findComment(tx, scope, input.commentId);
    assertPermitted(ops.editComment, scope, comment);
    if (comment.deletedAt) throw new DomainError("CONFLICT", "comment.deleted");
    threadId = comment.threadId;
    const thread = await findThread(tx, scope, comment.threadId);
    subject = await findCommentSubject(tx, scope, thread.subjectType as CommentSubject, thread.subjectId);
    await tx.comment.update({ where: { id: comment.id }, data: { body: input.body, editedAt: new Date() } });
    const before = await mentionedMembers(tx, scope, comment.body);
    const now = await mentionedMembers(tx, scope, input.body);
    const recipients: Recipients = { mention: new Set([...now].filter((id) => !before.has(id))), reply: new Set(), comment: new Set() };
    notified = await createNotifications(tx, notificationsFor(recipients, scope, subject, thread.id, comment.id, input.body));
    await recordAudit(tx, scope, { action: "comment.edit", entityType: "comment", entityId: comment.id, before: { body: comment.body }, after: { body: input.body } });
  });
  announce(scope, subject, threadId, "edited", notified);
  return { id: input.commentId };
}

/** Deletes a comment softly (its place in the thread stays, its text goes; the audit keeps it). */
export async function deleteComment(prisma: Db, scope: Scope, input: { commentId: string }): Promise<{ id: string }> {
  let subject!: CommentSubjectInfo;
  let threadId = "";
  await prisma.$transaction(async (tx) => {
    const comment = await findComment(tx, scope, input.commentId);
    assertPermitted(ops.deleteComment, scope, comment);
    if (comment.deletedAt) throw new DomainError("CONFLICT", "comment.deleted");
    threadId = comment.threadId;
    const thread = await findThread(tx, scope, comment.threadId);
    subject = await findCommentSubject(tx, scope, thread.subjectType as CommentSubject, thread.subjectId);
    await tx.comment.update({ where: { id: comment.id }, data: { body: "", deletedAt: new Date() } });
    await recordAudit(tx, scope, { action: "comment.delete", entityType: "comment", entityId: comment.id, before: { body: comment.body, authorId: comment.authorId } });
  });
  announce(scope, subject, threadId, "deleted", NOBODY);
  return { id: input.commentId };
}

/** Resolves (or reopens) a thread. */
export async function setThreadResolved(prisma: Db, scope: Scope, threadId: string, resolved: boolean): Promise<{ id: string }> {
  let subject!: CommentSubjectInfo;
  await prisma.$transaction(async (tx) => {
    const thread = await findThread(tx, scope, threadId);
    subject = await findCommentSubject(tx, scope, thread.subjectType as CommentSubject, thread.subjectId);
    await tx.commentThread.update({
      where: { id: thread.id },
      data: resolved ? { resolvedAt: new Date(), resolvedById: scope.userId, lastActivityAt: new Date() } : { resolvedAt: null, resolvedById: null, lastActivityAt: new Date() },
    });
    await recordAudit(tx, scope, { action: resolved ? "comment.resolve" : "comment.reopen", entityType: "comment", entityId: thread.id });
  });
  announce(scope, subject, threadId, resolved ? "resolved" : "reopened", NOBODY);
  return { id: threadId };
}

// ---------------------------------------------------------------- following

export async function setFollowing(prisma: Db, scope: Scope, input: { subjectType: FollowSubject; subjectId: string; following: boolean }): Promise<{ following: boolean }> {
  const subject = await findCommentSubject(prisma, scope, input.subjectType, input.subjectId);
  const key = { userId: scope.userId, subjectType: subject.type, subjectId: subject.id };
  if (input.following) {
    await follow(prisma, scope, [{ type: subject.type as FollowSubject, id: subject.id }]);
  } else {
    await prisma.follow.deleteMany({ where: key });
  }
  return { following: input.following };
}

export async function isFollowing(prisma: Db, scope: Scope, input: { subjectType: FollowSubject; subjectId: string }): Promise<{ following: boolean }> {
  const subject = await findCommentSubject(prisma, scope, input.subjectType, input.subjectId);
  const row = await prisma.follow.findUnique({ where: { userId_subjectType_subjectId: { userId: scope.userId, subjectType: subject.type, subjectId: subject.id } } });
  return { following: row !== null };
}
