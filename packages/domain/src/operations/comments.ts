import { z } from "zod";
import { commentAnchorSchema, commentBodySchema } from "../comments";
import { COMMENT_SUBJECTS, FOLLOW_SUBJECTS } from "../notifications";
import { idSchema } from "../schemas";
import { isStorableText, STORABLE_TEXT } from "../text";
import { defineOperation } from "./contract";

// Comments, following and the notification centre (issue 21, ADR 0036). Every member may
// comment, viewers too (they may not edit content); a thread's subject must be the
// workspace's (another workspace's id answers NOT_FOUND). One edits and deletes only one's
// own comments; workspace admins may delete any (moderation).

const subjectTypeSchema = z.enum(COMMENT_SUBJECTS, { error: "comment.subjectInvalid" });
const followSubjectSchema = z.enum(FOLLOW_SUBJECTS, { error: "comment.subjectInvalid" });

/** The threads on one document or record, with their comments. */
export const listThreads = defineOperation({
  name: "comment.threads",
  input: z.object({ subjectType: subjectTypeSchema, subjectId: idSchema }),
  role: "VIEWER",
  refusals: ["comment.subjectUnknown"],
});

/** How many open threads each record of a type has (for lists). */
export const countThreads = defineOperation({
  name: "comment.counts",
  input: z.object({ subjectType: subjectTypeSchema }),
  role: "VIEWER",
  refusals: [],
});

/** Starts a thread on a record, or on a passage of a document (with its anchor). */
export const startThread = defineOperation({
  name: "comment.start",
  input: z.object({ subjectType: subjectTypeSchema, subjectId: idSchema, body: commentBodySchema, anchor: commentAnchorSchema.optional() }),
  role: "VIEWER",
  refusals: ["comment.subjectUnknown", "comment.anchorInvalid", "comment.anchorOnlyOnDocuments"],
});

export const replyToThread = defineOperation({
  name: "comment.reply",
  input: z.object({ threadId: idSchema, body: commentBodySchema }),
  role: "VIEWER",
  refusals: ["comment.threadUnknown"],
});

const OWN = "comment.notYours";
/** One's own comment only. */
export const editComment = defineOperation({
  name: "comment.edit",
  input: z.object({ commentId: idSchema, body: commentBodySchema }),
  role: "VIEWER",
  rule: (member: { userId: string }, comment: { authorId: string | null }) => (comment.authorId === member.userId ? null : OWN),
  refusals: [OWN, "comment.unknown", "comment.deleted"],
});

/** One's own comment, or any as a workspace admin. Soft: the thread keeps its place, the text is gone. */
export const deleteComment = defineOperation({
  name: "comment.delete",
  input: z.object({ commentId: idSchema }),
  role: "VIEWER",
  rule: (member: { userId: string; role?: string }, comment: { authorId: string | null }) =>
    comment.authorId === member.userId || member.role === "ADMIN" ? null : OWN,
  refusals: [OWN, "comment.unknown", "comment.deleted"],
});

export const resolveThread = defineOperation({
  name: "comment.resolve",
  input: z.object({ threadId: idSchema }),
  role: "VIEWER",
  refusals: ["comment.threadUnknown"],
});

export const reopenThread = defineOperation({
  name: "comment.reopen",
  input: z.object({ threadId: idSchema }),
  role: "VIEWER",
  refusals: ["comment.threadUnknown"],
});

/** Search-as-you-type after "@": the workspace's members and organisations whose name starts with (or contains) the text. */
export const searchMentions = defineOperation({
  name: "comment.mentionables",
  input: z.object({ query: z.string({ error: "input.invalid" }).max(80, { error: "input.invalid" }).refine(isStorableText, STORABLE_TEXT) }),
  role: "VIEWER",
  refusals: [],
});

/** Follow or unfollow a document, tender, lot or assessment. */
export const setFollowing = defineOperation({
  name: "follow.set",
  input: z.object({ subjectType: followSubjectSchema, subjectId: idSchema, following: z.boolean({ error: "input.invalid" }) }),
  role: "VIEWER",
  refusals: ["comment.subjectUnknown"],
});

export const followStatus = defineOperation({
  name: "follow.status",
  input: z.object({ subjectType: followSubjectSchema, subjectId: idSchema }),
  role: "VIEWER",
  refusals: ["comment.subjectUnknown"],
});

// ---------------------------------------------------------------- the notification centre (the signed-in user's own)

/** The user's notifications, newest first, grouped by workspace by the page. */
export const listNotifications = defineOperation({
  name: "inbox.list",
  input: z.object({ unreadOnly: z.boolean({ error: "input.invalid" }).default(false), before: z.iso.datetime({ error: "input.invalid" }).optional() }),
  role: null,
  refusals: [],
});

/** Opens one of the user's notifications: marks it read and says where it leads (null: not theirs, or gone). */
export const openNotification = defineOperation({
  name: "inbox.open",
  input: z.object({ id: idSchema }),
  role: null,
  refusals: [],
});

export const markNotificationsRead = defineOperation({
  name: "inbox.markRead",
  input: z.object({ ids: z.array(idSchema, { error: "input.invalid" }).min(1, { error: "input.invalid" }).max(200, { error: "input.invalid" }) }),
  role: null,
  refusals: [],
});

/** Marks everything read, or everything of one workspace (by its slug). */
export const markAllNotificationsRead = defineOperation({
  name: "inbox.markAllRead",
  input: z.object({ workspaceId: idSchema.optional() }),
  role: null,
  refusals: [],
});
