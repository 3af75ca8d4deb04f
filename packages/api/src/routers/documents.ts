import { liveDocuments } from "@regiotafel/collab";
import {
  documentLoadStatus,
  getDocument,
  listDocuments,
  listVersions,
  newDocument,
  readVersion,
  recoverDocument,
  renameDocument,
  restoreVersion,
  saveVersion,
  setDocumentArchived,
} from "@regiotafel/db";
import { documentOperations as ops } from "@regiotafel/domain";
import type { Context } from "../context";
import { operationProcedure, router, withoutWorkspace } from "../trpc";

/** The live documents of the co-editing server, as the document services use them. */
const live = (ctx: Context) => liveDocuments(ctx.collab);

export const documentRouter = router({
  list: operationProcedure(ops.listDocuments).query(({ ctx, input }) => listDocuments(ctx.prisma, ctx.scope, input)),
  get: operationProcedure(ops.getDocument).query(({ ctx, input }) => getDocument(ctx.prisma, ctx.scope, input.documentId)),
  create: operationProcedure(ops.createDocument).mutation(({ ctx, input }) => newDocument(ctx.prisma, ctx.scope, withoutWorkspace(input), live(ctx))),
  rename: operationProcedure(ops.renameDocument).mutation(({ ctx, input }) => renameDocument(ctx.prisma, ctx.scope, input.documentId, input.title, input.version)),
  setArchived: operationProcedure(ops.setDocumentArchived).mutation(({ ctx, input }) => setDocumentArchived(ctx.prisma, ctx.scope, input.documentId, input.archived, live(ctx))),
  versions: operationProcedure(ops.listVersions).query(({ ctx, input }) => listVersions(ctx.prisma, ctx.scope, input.documentId)),
  version: operationProcedure(ops.readVersion).query(({ ctx, input }) => readVersion(ctx.prisma, ctx.scope, input.documentId, input.versionId, live(ctx))),
  saveVersion: operationProcedure(ops.saveVersion).mutation(({ ctx, input }) => saveVersion(ctx.prisma, ctx.scope, input.documentId, input.name, live(ctx))),
  restoreVersion: operationProcedure(ops.restoreVersion).mutation(({ ctx, input }) => restoreVersion(ctx.prisma, ctx.scope, input.documentId, input.versionId, live(ctx))),
  loadStatus: operationProcedure(ops.documentLoadStatus).query(({ ctx, input }) => documentLoadStatus(ctx.prisma, ctx.scope, input.documentId, live(ctx))),
  recover: operationProcedure(ops.recoverDocument).mutation(({ ctx, input }) => recoverDocument(ctx.prisma, ctx.scope, input.documentId, live(ctx))),
});
