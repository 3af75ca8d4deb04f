import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { archiveOperations as ops } from "@regiotafel/domain";
import { exportPlan, importWorkspaceArchive, workspaceArchive } from "@regiotafel/archive";
import { recordAudit } from "@regiotafel/db";
import { operationProcedure, platformOperationProcedure, router } from "../trpc";

/** The whole-workspace export and import (ADR 0025). */
export const archiveRouter = router({
  /** Counts of what the export holds; the page shows them and measures progress against `files`. */
  plan: operationProcedure(ops.exportPlan).query(async ({ ctx }) => {
    const { workspace, ...plan } = await exportPlan(ctx.prisma, ctx.scope.workspaceId);
    return { ...plan, workspace: { slug: workspace.slug, name: workspace.name } };
  }),

  /**
   * The ZIP as a stream (the page's download route sends it on as it is produced), with the
   * documents' live content. Recorded before the first byte. Called in-process by the app; a
   * JSON client gets no archive from it (a stream does not survive JSON).
   */
  export: operationProcedure(ops.exportArchive).query(async ({ ctx }) => {
    const plan = await exportPlan(ctx.prisma, ctx.scope.workspaceId);
    await recordAudit(ctx.prisma, ctx.scope, { action: "workspace.exported", entityType: "workspace", entityId: ctx.scope.workspaceId, after: { counts: plan.counts } });
    const stream = workspaceArchive(ctx.prisma, ctx.scope.workspaceId, { currentState: (id) => ctx.collab.currentState(id), origin: ctx.origin });
    return { fileName: plan.fileName, files: plan.files, body: Readable.toWeb(stream) as ReadableStream<Uint8Array> };
  }),

  /** A platform administrator imports an archive as a new workspace: all or nothing. */
  import: platformOperationProcedure(ops.importArchive).mutation(async ({ ctx, input }) => {
    const { idMap: _ids, ...result } = await importWorkspaceArchive(ctx.prisma, input.archive, { slug: input.slug, actorId: ctx.user.id });
    return result;
  }),
});
