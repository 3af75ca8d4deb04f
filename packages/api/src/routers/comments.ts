import { commentOperations as ops } from "@regiotafel/domain";
import {
  countOpenThreads,
  listOpenThreads,
  deleteComment,
  editComment,
  isFollowing,
  listInbox,
  listThreads,
  markAllRead,
  markRead,
  openNotification,
  replyToThread,
  searchMentionables,
  setFollowing,
  setThreadResolved,
  startThread,
  unreadCount,
} from "@regiotafel/db";
import { authedProcedure, memberProcedure, operationProcedure, router, userOperationProcedure, withoutWorkspace } from "../trpc";

// Comments, following and the notification centre (issue 21, ADR 0036). Thin: the contracts
// hold the rules, the services find everything within the member's workspace.

export const commentRouter = router({
  threads: operationProcedure(ops.listThreads).query(({ ctx, input }) => listThreads(ctx.prisma, ctx.scope, input.subjectType, input.subjectId)),
  /** The workspace's open discussions (the discussions page without a subject). */
  open: memberProcedure("VIEWER").query(({ ctx }) => listOpenThreads(ctx.prisma, ctx.scope)),
  counts: operationProcedure(ops.countThreads).query(({ ctx, input }) => countOpenThreads(ctx.prisma, ctx.scope, input.subjectType)),
  start: operationProcedure(ops.startThread).mutation(({ ctx, input }) => startThread(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  reply: operationProcedure(ops.replyToThread).mutation(({ ctx, input }) => replyToThread(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  edit: operationProcedure(ops.editComment).mutation(({ ctx, input }) => editComment(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  delete: operationProcedure(ops.deleteComment).mutation(({ ctx, input }) => deleteComment(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  resolve: operationProcedure(ops.resolveThread).mutation(({ ctx, input }) => setThreadResolved(ctx.prisma, ctx.scope, input.threadId, true)),
  reopen: operationProcedure(ops.reopenThread).mutation(({ ctx, input }) => setThreadResolved(ctx.prisma, ctx.scope, input.threadId, false)),
  mentionables: operationProcedure(ops.searchMentions).query(({ ctx, input }) => searchMentionables(ctx.prisma, ctx.scope, input.query)),
});

export const followRouter = router({
  set: operationProcedure(ops.setFollowing).mutation(({ ctx, input }) => setFollowing(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  status: operationProcedure(ops.followStatus).query(({ ctx, input }) => isFollowing(ctx.prisma, ctx.scope, withoutWorkspace(input))),
});

export const inboxRouter = router({
  list: userOperationProcedure(ops.listNotifications).query(({ ctx, input }) => listInbox(ctx.prisma, ctx.user.id, input)),
  unread: authedProcedure.query(async ({ ctx }) => ({ unread: await unreadCount(ctx.prisma, ctx.user.id) })),
  open: userOperationProcedure(ops.openNotification).mutation(({ ctx, input }) => openNotification(ctx.prisma, ctx.user.id, input.id)),
  markRead: userOperationProcedure(ops.markNotificationsRead).mutation(({ ctx, input }) => markRead(ctx.prisma, ctx.user.id, input.ids)),
  markAllRead: userOperationProcedure(ops.markAllNotificationsRead).mutation(({ ctx, input }) => markAllRead(ctx.prisma, ctx.user.id, input.workspaceId)),
});
