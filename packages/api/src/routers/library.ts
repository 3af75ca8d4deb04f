import { initialState, outlineBlocks, plainText } from "@regiotafel/collab";
import {
  createAssessment,
  dismissNotification,
  getAssessment,
  getTemplate,
  listAssessments,
  listLibrary,
  listNotifications,
  lockAssessment,
  networksOf,
  previewPublication,
  reviewQueue,
  reviewVersion,
  scoreCell,
  search,
  setCriterionWeight,
  submitTemplate,
  templatesFromWorkspace,
  unpublishTemplate,
  useTemplate,
  type LibraryDocuments,
} from "@regiotafel/db";
import { assessmentOperations as ops, libraryOperations as libraryOps } from "@regiotafel/domain";
import type { Context } from "../context";
import { authedProcedure, memberProcedure, operationProcedure, router, userOperationProcedure, withoutWorkspace } from "../trpc";

/** Documents for the library: read through the live co-editing server, written as Yjs states. */
function libraryDocuments(ctx: Context): LibraryDocuments {
  return {
    blocks: async (documentId) => outlineBlocks(await ctx.collab.currentState(documentId)),
    initialState(blocks) {
      const state = initialState(blocks);
      return { state, text: plainText(state) };
    },
  };
}

export const assessmentRouter = router({
  list: memberProcedure("VIEWER").query(({ ctx }) => listAssessments(ctx.prisma, ctx.scope)),
  get: operationProcedure(ops.getAssessment).query(({ ctx, input }) => getAssessment(ctx.prisma, ctx.scope, input.assessmentId)),
  create: operationProcedure(ops.createAssessment).mutation(({ ctx, input }) => createAssessment(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  /** Scores one cell for the member's own organisation (never one named by the client). */
  score: operationProcedure(ops.scoreAssessment).mutation(({ ctx, input: { workspace: _w, assessmentId, ...score } }) => scoreCell(ctx.prisma, ctx.scope, assessmentId, score)),
  setWeight: operationProcedure(ops.setCriterionWeight).mutation(({ ctx, input }) => setCriterionWeight(ctx.prisma, ctx.scope, input.criterionId, input.weight)),
  lock: operationProcedure(ops.lockAssessment).mutation(({ ctx, input }) => lockAssessment(ctx.prisma, ctx.scope, input.assessmentId, input.version)),
});

export const libraryRouter = router({
  /** The learning networks the user reads or moderates. */
  networks: authedProcedure.query(({ ctx }) => networksOf(ctx.prisma, ctx.user.id)),
  list: userOperationProcedure(libraryOps.listLibrary).query(({ ctx, input }) => listLibrary(ctx.prisma, ctx.user.id, input)),
  get: userOperationProcedure(libraryOps.getTemplate).query(({ ctx, input }) => getTemplate(ctx.prisma, ctx.user.id, input.templateId)),
  preview: operationProcedure(libraryOps.previewPublication).query(({ ctx, input }) => previewPublication(ctx.prisma, ctx.scope, input.kind, input.sourceId, libraryDocuments(ctx))),
  publish: operationProcedure(libraryOps.publishTemplate).mutation(({ ctx, input }) => submitTemplate(ctx.prisma, ctx.scope, withoutWorkspace(input), libraryDocuments(ctx))),
  fromWorkspace: operationProcedure(libraryOps.templatesFromWorkspace).query(({ ctx, input }) => templatesFromWorkspace(ctx.prisma, ctx.scope, input.kind)),
  reviewQueue: authedProcedure.query(({ ctx }) => reviewQueue(ctx.prisma, ctx.user.id)),
  review: userOperationProcedure(libraryOps.reviewTemplate).mutation(({ ctx, input }) => reviewVersion(ctx.prisma, ctx.user.id, input.versionId, input.approve, input.note)),
  unpublish: userOperationProcedure(libraryOps.unpublishTemplate).mutation(({ ctx, input }) => unpublishTemplate(ctx.prisma, ctx.user.id, input.templateId)),
  use: operationProcedure(libraryOps.useTemplate).mutation(({ ctx, input }) => useTemplate(ctx.prisma, ctx.scope, withoutWorkspace(input), libraryDocuments(ctx))),
});

export const notificationRouter = router({
  list: memberProcedure("VIEWER").query(({ ctx }) => listNotifications(ctx.prisma, ctx.scope)),
  dismiss: operationProcedure(ops.dismissNotification).mutation(({ ctx, input }) => dismissNotification(ctx.prisma, ctx.scope, input.notificationId)),
});

export const searchRouter = router({
  query: userOperationProcedure(libraryOps.search).query(({ ctx, input }) => search(ctx.prisma, ctx.user.id, input.query, input.workspace)),
});
