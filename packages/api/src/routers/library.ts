import { z } from "zod";
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
import {
  assessmentOperations as ops,
  idSchema,
  isoDateSchema,
  isStorableText,
  optionalText,
  requiredText,
  STORABLE_TEXT,
  searchQuerySchema,
  slugSchema,
  TEMPLATE_KINDS,
  templateMetaSchema,
} from "@regiotafel/domain";
import type { Context } from "../context";
import { authedProcedure, memberProcedure, operationProcedure, router, withoutWorkspace } from "../trpc";

const templateKind = z.enum(TEMPLATE_KINDS, { error: "choice.invalid" });

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
  list: authedProcedure
    .input(
      z
        .object({
          query: z.string().trim().max(200, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT).optional(),
          kind: templateKind.optional(),
          tag: z.string().trim().max(40).refine(isStorableText, STORABLE_TEXT).optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => listLibrary(ctx.prisma, ctx.user.id, input)),
  get: authedProcedure.input(z.object({ templateId: idSchema })).query(({ ctx, input }) => getTemplate(ctx.prisma, ctx.user.id, input.templateId)),
  /** What publishing `sourceId` as a template of `kind` would put in the library (structure only). */
  preview: memberProcedure("EDITOR")
    .input(z.object({ kind: templateKind, sourceId: idSchema.nullable().default(null) }))
    .query(({ ctx, input }) => previewPublication(ctx.prisma, ctx.scope, input.kind, input.sourceId, libraryDocuments(ctx))),
  publish: memberProcedure("EDITOR")
    .input(
      templateMetaSchema.extend({
        networkId: idSchema,
        kind: templateKind,
        sourceId: idSchema.nullable().default(null),
        previewHash: z.string().regex(/^[0-9a-f]{64}$/, { error: "input.invalid" }),
        templateId: idSchema.nullable().default(null),
      }),
    )
    .mutation(({ ctx, input: { workspace: _w, ...publication } }) => submitTemplate(ctx.prisma, ctx.scope, publication, libraryDocuments(ctx))),
  /** Templates this workspace published before: a publication can be a new version of one. */
  fromWorkspace: memberProcedure("EDITOR")
    .input(z.object({ kind: templateKind.optional() }))
    .query(({ ctx, input }) => templatesFromWorkspace(ctx.prisma, ctx.scope, input.kind)),
  reviewQueue: authedProcedure.query(({ ctx }) => reviewQueue(ctx.prisma, ctx.user.id)),
  review: authedProcedure
    .input(z.object({ versionId: idSchema, approve: z.boolean(), note: optionalText(2000) }))
    .mutation(({ ctx, input }) => reviewVersion(ctx.prisma, ctx.user.id, input.versionId, input.approve, input.note)),
  unpublish: authedProcedure.input(z.object({ templateId: idSchema })).mutation(({ ctx, input }) => unpublishTemplate(ctx.prisma, ctx.user.id, input.templateId)),
  /** Copies a template's structure into the workspace as a new document, assessment or tender. */
  use: memberProcedure("EDITOR")
    .input(
      z.object({
        templateId: idSchema,
        title: requiredText(160),
        startDate: isoDateSchema.nullable().default(null),
        procuringEntityId: idSchema.nullable().default(null),
      }),
    )
    .mutation(({ ctx, input: { workspace: _w, ...use } }) => useTemplate(ctx.prisma, ctx.scope, use, libraryDocuments(ctx))),
});

export const notificationRouter = router({
  list: memberProcedure("VIEWER").query(({ ctx }) => listNotifications(ctx.prisma, ctx.scope)),
  dismiss: operationProcedure(ops.dismissNotification).mutation(({ ctx, input }) => dismissNotification(ctx.prisma, ctx.scope, input.notificationId)),
});

export const searchRouter = router({
  /** Search in the user's own workspaces (or one of them) and their networks' libraries. */
  query: authedProcedure
    .input(z.object({ query: searchQuerySchema, workspace: slugSchema.nullable().default(null) }))
    .query(({ ctx, input }) => search(ctx.prisma, ctx.user.id, input.query, input.workspace)),
});
