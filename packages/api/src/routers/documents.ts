import { z } from "zod";
import { CLOSE_CODES, DocumentLoadError, initialState, isLoadableState, plainText, UnloadableStateError } from "@regiotafel/collab";
import {
  createDocument,
  findRecoverableVersion,
  recoverDocumentFromVersion,
  getDocument,
  getEditableDocument,
  getVersionState,
  listDocuments,
  listVersions,
  renameDocument,
  saveNamedVersion,
  setDocumentArchived,
} from "@regiotafel/db";
import { DOCUMENT_KINDS, documentTitleSchema, DomainError, governanceBlocks, idSchema, strategyOutlineBlocks, versionNameSchema, versionSchema, type OutlineBlock } from "@regiotafel/domain";
import type { Context } from "../context";
import { memberProcedure, router } from "../trpc";

const documentInput = z.object({ documentId: idSchema });

/** A damaged document (its stored state does not load) is refused with a clear message, not a 500. */
async function whenLoadable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error instanceof DocumentLoadError && error.damaged) || error instanceof UnloadableStateError) throw new DomainError("CONFLICT", "document.damaged");
    throw error;
  }
}

const liveState = (ctx: Context, documentId: string) => whenLoadable(() => ctx.collab.currentState(documentId));

function startingContent(kind: (typeof DOCUMENT_KINDS)[number], title: string): OutlineBlock[] {
  if (kind === "STRATEGY") return strategyOutlineBlocks(title);
  if (kind === "GOVERNANCE") return governanceBlocks(title);
  return [{ type: "heading", level: 1, text: title }, { type: "paragraph", text: "" }];
}

export const documentRouter = router({
  list: memberProcedure("VIEWER")
    .input(z.object({ archived: z.boolean().default(false) }))
    .query(({ ctx, input }) => listDocuments(ctx.prisma, ctx.scope, input)),

  get: memberProcedure("VIEWER")
    .input(documentInput)
    .query(({ ctx, input }) => getDocument(ctx.prisma, ctx.scope, input.documentId)),

  create: memberProcedure("EDITOR")
    .input(z.object({ kind: z.enum(DOCUMENT_KINDS, { error: "input.invalid" }), title: documentTitleSchema, ownerRegionId: idSchema.nullable().default(null) }))
    .mutation(({ ctx, input }) => {
      const state = initialState(startingContent(input.kind, input.title));
      return createDocument(ctx.prisma, ctx.scope, input, state, plainText(state));
    }),

  rename: memberProcedure("EDITOR")
    .input(documentInput.extend({ title: documentTitleSchema, version: versionSchema.min(1) }))
    .mutation(({ ctx, input }) => renameDocument(ctx.prisma, ctx.scope, input.documentId, input.title, input.version)),

  setArchived: memberProcedure("EDITOR")
    .input(documentInput.extend({ archived: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const result = await setDocumentArchived(ctx.prisma, ctx.scope, input.documentId, input.archived);
      // Open editors reconnect and find the document read-only (or editable again).
      ctx.collab.closeDocument(input.documentId, CLOSE_CODES.DOCUMENT_ARCHIVED);
      return result;
    }),

  versions: memberProcedure("VIEWER")
    .input(documentInput)
    .query(({ ctx, input }) => listVersions(ctx.prisma, ctx.scope, input.documentId)),

  /** A version to view read-only: its Yjs state (base64) and its plain text. */
  version: memberProcedure("VIEWER")
    .input(documentInput.extend({ versionId: idSchema }))
    .query(async ({ ctx, input }) => {
      const v = await getVersionState(ctx.prisma, ctx.scope, input.documentId, input.versionId);
      return { id: v.id, name: v.name, createdAt: v.createdAt, state: Buffer.from(v.state).toString("base64"), text: plainText(v.state) };
    }),

  saveVersion: memberProcedure("EDITOR")
    .input(documentInput.extend({ name: versionNameSchema }))
    .mutation(async ({ ctx, input }) => {
      await getEditableDocument(ctx.prisma, ctx.scope, input.documentId);
      const state = await liveState(ctx, input.documentId);
      return saveNamedVersion(ctx.prisma, ctx.scope, input.documentId, input.name, state);
    }),

  /** Restores a version as a new change (history is kept) and records it as a new version. */
  restoreVersion: memberProcedure("EDITOR")
    .input(documentInput.extend({ versionId: idSchema }))
    .mutation(async ({ ctx, input }) => {
      await getEditableDocument(ctx.prisma, ctx.scope, input.documentId);
      const version = await getVersionState(ctx.prisma, ctx.scope, input.documentId, input.versionId);
      await whenLoadable(() => ctx.collab.replaceContent(input.documentId, version.state));
      const state = await liveState(ctx, input.documentId);
      return saveNamedVersion(ctx.prisma, ctx.scope, input.documentId, `Hersteld: ${version.name}`, state);
    }),

  /**
   * Whether the document loads; when it does not (its stored state is damaged), the version a
   * workspace admin can recover it from. Loading it here also warms it up for the editor.
   */
  loadStatus: memberProcedure("VIEWER")
    .input(documentInput)
    .query(async ({ ctx, input }) => {
      await getDocument(ctx.prisma, ctx.scope, input.documentId);
      if (await ctx.collab.loads(input.documentId)) return { loads: true as const, recoverFrom: null };
      const version = await findRecoverableVersion(ctx.prisma, ctx.scope, input.documentId, isLoadableState);
      return { loads: false as const, recoverFrom: version && { id: version.id, name: version.name, createdAt: version.createdAt } };
    }),

  /**
   * Recovers a damaged document: its snapshot and update log are replaced by the newest
   * version that loads cleanly (audited). Refused while the document loads.
   */
  recover: memberProcedure("ADMIN")
    .input(documentInput)
    .mutation(async ({ ctx, input }) => {
      await getDocument(ctx.prisma, ctx.scope, input.documentId);
      if (await ctx.collab.loads(input.documentId)) throw new DomainError("CONFLICT", "document.notDamaged");
      const version = await findRecoverableVersion(ctx.prisma, ctx.scope, input.documentId, isLoadableState);
      if (!version) throw new DomainError("CONFLICT", "document.noGoodVersion");
      const recovered = await recoverDocumentFromVersion(ctx.prisma, ctx.scope, input.documentId, version, plainText(version.state));
      // Editors still trying to connect reconnect and now find the recovered document.
      ctx.collab.closeDocument(input.documentId, CLOSE_CODES.SERVER_RESTART);
      return recovered;
    }),
});
