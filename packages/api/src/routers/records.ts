import {
  addDecision,
  addGovernanceBody,
  addLot,
  addMarketFigure,
  addMilestone,
  addStaffingLine,
  changeLotStatus,
  changeTenderStatus,
  createSegment,
  createTender,
  getGovernance,
  getTender,
  listSegments,
  listStaffing,
  marketAnalysis,
  milestoneTimeline,
  removeDecision,
  removeGovernanceBody,
  removeLot,
  removeMarketFigure,
  removeMilestone,
  removeSegment,
  removeStaffingLine,
  restoreLot,
  saveGovernanceModel,
  setLotParticipation,
  setNvoCheck,
  staffingComparison,
  tenderBoard,
  tendersForOcds,
  updateGovernanceBody,
  updateLot,
  updateMarketFigure,
  updateMilestone,
  updateSegment,
  updateStaffingLine,
  updateTender,
} from "@regiotafel/db";
import { recordOperations as rec, releasePackage, tenderOperations as ops } from "@regiotafel/domain";
import { memberProcedure, operationProcedure, router, withoutWorkspace } from "../trpc";


export const governanceRouter = router({
  get: memberProcedure("VIEWER").query(({ ctx }) => getGovernance(ctx.prisma, ctx.scope)),
  saveModel: operationProcedure(rec.saveGovernanceModel).mutation(({ ctx, input: { workspace: _w, regionId, version: v, ...model } }) =>
    saveGovernanceModel(ctx.prisma, ctx.scope, regionId, model, v),
  ),
  addBody: operationProcedure(rec.addGovernanceBody).mutation(({ ctx, input: { workspace: _w, modelId, ...body } }) => addGovernanceBody(ctx.prisma, ctx.scope, modelId, body)),
  updateBody: operationProcedure(rec.updateGovernanceBody).mutation(({ ctx, input: { workspace: _w, bodyId, version: v, ...body } }) =>
    updateGovernanceBody(ctx.prisma, ctx.scope, bodyId, body, v),
  ),
  removeBody: operationProcedure(rec.removeGovernanceBody).mutation(({ ctx, input }) => removeGovernanceBody(ctx.prisma, ctx.scope, input.bodyId)),
  addDecision: operationProcedure(rec.addDecision).mutation(({ ctx, input: { workspace: _w, regionId, ...decision } }) => addDecision(ctx.prisma, ctx.scope, regionId, decision)),
  removeDecision: operationProcedure(rec.removeDecision).mutation(({ ctx, input }) => removeDecision(ctx.prisma, ctx.scope, input.decisionId)),
  setNvo: operationProcedure(rec.setNvoCheck).mutation(({ ctx, input: { workspace: _w, regionId, version: v, ...check } }) => setNvoCheck(ctx.prisma, ctx.scope, regionId, check, v)),
});

export const staffingRouter = router({
  list: memberProcedure("VIEWER").query(({ ctx }) => listStaffing(ctx.prisma, ctx.scope)),
  comparison: memberProcedure("VIEWER").query(({ ctx }) => staffingComparison(ctx.prisma, ctx.scope)),
  add: operationProcedure(rec.addStaffingLine).mutation(({ ctx, input: { workspace: _w, regionId, municipalityId, ...line } }) =>
    addStaffingLine(ctx.prisma, ctx.scope, { regionId, municipalityId }, line),
  ),
  update: operationProcedure(rec.updateStaffingLine).mutation(({ ctx, input: { workspace: _w, lineId, version: v, ...line } }) => updateStaffingLine(ctx.prisma, ctx.scope, lineId, line, v)),
  remove: operationProcedure(rec.removeStaffingLine).mutation(({ ctx, input }) => removeStaffingLine(ctx.prisma, ctx.scope, input.lineId)),
});

export const tenderRouter = router({
  board: operationProcedure(ops.tenderBoard).query(({ ctx, input }) => tenderBoard(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  timeline: operationProcedure(ops.milestoneTimeline).query(({ ctx, input }) => milestoneTimeline(ctx.prisma, ctx.scope, input)),
  get: operationProcedure(ops.getTender).query(({ ctx, input }) => getTender(ctx.prisma, ctx.scope, input.tenderId)),
  create: operationProcedure(ops.createTender).mutation(({ ctx, input }) => createTender(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  update: operationProcedure(ops.updateTender).mutation(({ ctx, input }) => updateTender(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  setStatus: operationProcedure(ops.setTenderStatus).mutation(({ ctx, input }) => changeTenderStatus(ctx.prisma, ctx.scope, withoutWorkspace(input))),
});

export const lotRouter = router({
  add: operationProcedure(ops.addLot).mutation(({ ctx, input }) => addLot(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  update: operationProcedure(ops.updateLot).mutation(({ ctx, input }) => updateLot(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  setStatus: operationProcedure(ops.setLotStatus).mutation(({ ctx, input }) => changeLotStatus(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  remove: operationProcedure(ops.removeLot).mutation(({ ctx, input }) => removeLot(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  restore: operationProcedure(ops.restoreLot).mutation(({ ctx, input }) => restoreLot(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  setParticipation: operationProcedure(ops.setLotParticipation).mutation(({ ctx, input }) => setLotParticipation(ctx.prisma, ctx.scope, withoutWorkspace(input))),
});

export const milestoneRouter = router({
  add: operationProcedure(ops.addMilestone).mutation(({ ctx, input }) => addMilestone(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  update: operationProcedure(ops.updateMilestone).mutation(({ ctx, input }) => updateMilestone(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  remove: operationProcedure(ops.removeMilestone).mutation(({ ctx, input }) => removeMilestone(ctx.prisma, ctx.scope, withoutWorkspace(input))),
});

export const segmentRouter = router({
  list: memberProcedure("VIEWER").query(({ ctx }) => listSegments(ctx.prisma, ctx.scope)),
  create: operationProcedure(rec.createSegment).mutation(({ ctx, input }) => createSegment(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  update: operationProcedure(rec.updateSegment).mutation(({ ctx, input: { workspace: _w, segmentId, version: v, ...segment } }) =>
    updateSegment(ctx.prisma, ctx.scope, segmentId, segment, v),
  ),
  remove: operationProcedure(rec.removeSegment).mutation(({ ctx, input }) => removeSegment(ctx.prisma, ctx.scope, input.segmentId)),
});

export const marketRouter = router({
  get: operationProcedure(rec.marketAnalysis).query(({ ctx, input }) => marketAnalysis(ctx.prisma, ctx.scope, input.year)),
  add: operationProcedure(rec.addMarketFigure).mutation(({ ctx, input }) => addMarketFigure(ctx.prisma, ctx.scope, withoutWorkspace(input))),
  update: operationProcedure(rec.updateMarketFigure).mutation(({ ctx, input: { workspace: _w, figureId, version: v, ...figure } }) =>
    updateMarketFigure(ctx.prisma, ctx.scope, figureId, figure, v),
  ),
  remove: operationProcedure(rec.removeMarketFigure).mutation(({ ctx, input }) => removeMarketFigure(ctx.prisma, ctx.scope, input.figureId)),
});

export const exportRouter = router({
  /** The workspace's tenders as an OCDS 1.1.5 release package with the Lots extension. */
  ocds: memberProcedure("VIEWER").query(async ({ ctx }) => {
    const { workspace, tenders } = await tendersForOcds(ctx.prisma, ctx.scope);
    return releasePackage({
      uri: `${ctx.origin}/w/${workspace.slug}/export/ocds.json`,
      publisher: workspace.name,
      publishedDate: new Date(),
      tenders,
    });
  }),
});
