import { z } from "zod";
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
import { DOCUMENT_KINDS, documentTitleSchema, idSchema, versionNameSchema, versionSchema } from "@regiotafel/domain";
import type { Context } from "../context";
import { memberProcedure, router } from "../trpc";

const documentInput = z.object({ documentId: idSchema });

/** The live documents of the co-editing server, as the document services use them. */
const live = (ctx: Context) => liveDocuments(ctx.collab);

export const documentRouter = router({
  list: memberProcedure("VIEWER")
    .input(z.object({ archived: z.boolean().default(false) }))
    .query(({ ctx, input }) => listDocuments(ctx.prisma, ctx.scope, input)),

  get: memberProcedure("VIEWER")
    .input(documentInput)
    .query(({ ctx, input }) => getDocument(ctx.prisma, ctx.scope, input.documentId)),

  create: memberProcedure("EDITOR")
    .input(z.object({ kind: z.enum(DOCUMENT_KINDS, { error: "input.invalid" }), title: documentTitleSchema, ownerRegionId: idSchema.nullable().default(null) }))
    .mutation(({ ctx, input }) => newDocument(ctx.prisma, ctx.scope, input, live(ctx))),

  rename: memberProcedure("EDITOR")
    .input(documentInput.extend({ title: documentTitleSchema, version: versionSchema.min(1) }))
    .mutation(({ ctx, input }) => renameDocument(ctx.prisma, ctx.scope, input.documentId, input.title, input.version)),

  setArchived: memberProcedure("EDITOR")
    .input(documentInput.extend({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => setDocumentArchived(ctx.prisma, ctx.scope, input.documentId, input.archived, live(ctx))),

  versions: memberProcedure("VIEWER")
    .input(documentInput)
    .query(({ ctx, input }) => listVersions(ctx.prisma, ctx.scope, input.documentId)),

  /** A version to view read-only: its Yjs state (base64) and its plain text. */
  version: memberProcedure("VIEWER")
    .input(documentInput.extend({ versionId: idSchema }))
    .query(({ ctx, input }) => readVersion(ctx.prisma, ctx.scope, input.documentId, input.versionId, live(ctx))),

  saveVersion: memberProcedure("EDITOR")
    .input(documentInput.extend({ name: versionNameSchema }))
    .mutation(({ ctx, input }) => saveVersion(ctx.prisma, ctx.scope, input.documentId, input.name, live(ctx))),

  /** Restores a version as a new change (history is kept) and records it as a new version. */
  restoreVersion: memberProcedure("EDITOR")
    .input(documentInput.extend({ versionId: idSchema }))
    .mutation(({ ctx, input }) => restoreVersion(ctx.prisma, ctx.scope, input.documentId, input.versionId, live(ctx))),

  /** Whether the document loads, and when it does not, the version it can be recovered from. */
  loadStatus: memberProcedure("VIEWER")
    .input(documentInput)
    .query(({ ctx, input }) => documentLoadStatus(ctx.prisma, ctx.scope, input.documentId, live(ctx))),

  /** Recovers a damaged document from its newest version that loads (audited). Workspace admins only. */
  recover: memberProcedure("ADMIN")
    .input(documentInput)
    .mutation(({ ctx, input }) => recoverDocument(ctx.prisma, ctx.scope, input.documentId, live(ctx))),
});
