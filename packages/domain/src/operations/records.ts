import { z } from "zod";
import { emptyAsNull, formInteger } from "../form-input";
import {
  canEditMarketFigure,
  canEditRegionRecord,
  canEditSegment,
  canEditStaffingLine,
  type RecordMember,
  type SegmentOwnership,
  type TenderOwnership,
} from "../procurement/permissions";
import { decisionSchema, governanceBodySchema, governanceModelSchema, marketFigureSchema, nvoCheckSchema, segmentSchema, staffingLineSchema } from "../procurement/schemas";
import { idSchema, versionSchema } from "../schemas";
import { defineOperation } from "./contract";

// The workspace's other records: governance, staffing, segments, market figures (ADR 0016
// says whose each is; ADR 0017 how a contract is used). Queries without input (lists) are
// the member tier with the viewer role.

const version = formInteger(versionSchema);
/** A region's record, or the workspace's (null). */
const regionOrWorkspace = z.object({ regionId: emptyAsNull(idSchema.nullable()) });

// ---------------------------------------------------------------- governance

const REGION_COORDINATORS = "record.regionCoordinators";
/** Governance belongs to its region (or the workspace): its coordinators, the workspace's coordinators and admins. */
const regionCoordinators = {
  role: "COORDINATOR" as const,
  rule: (member: RecordMember, regionId: string | null) => (canEditRegionRecord(member, regionId) ? null : REGION_COORDINATORS),
  refusals: [REGION_COORDINATORS],
};

export const saveGovernanceModel = defineOperation({
  name: "governance.saveModel",
  // No version yet: the region has no model, this creates it.
  input: regionOrWorkspace.extend(governanceModelSchema.shape).extend({ version: emptyAsNull(version.nullable()) }),
  ...regionCoordinators,
});
export const addGovernanceBody = defineOperation({ name: "governance.addBody", input: governanceBodySchema.extend({ modelId: idSchema }), ...regionCoordinators });
export const updateGovernanceBody = defineOperation({ name: "governance.updateBody", input: governanceBodySchema.extend({ bodyId: idSchema, version }), ...regionCoordinators });
export const removeGovernanceBody = defineOperation({ name: "governance.removeBody", input: z.object({ bodyId: idSchema }), ...regionCoordinators });
export const addDecision = defineOperation({ name: "governance.addDecision", input: decisionSchema.extend(regionOrWorkspace.shape), ...regionCoordinators });
export const removeDecision = defineOperation({ name: "governance.removeDecision", input: z.object({ decisionId: idSchema }), ...regionCoordinators });
export const setNvoCheck = defineOperation({ name: "governance.setNvo", input: nvoCheckSchema.extend(regionOrWorkspace.shape).extend({ version }), ...regionCoordinators });

// ---------------------------------------------------------------- staffing

const STAFFING_OWNERS = "record.staffingOwners";
/** A municipality's own staffing is its editors'; a region's staffing its coordinators'. */
const staffingOwners = {
  role: "EDITOR" as const,
  rule: (member: RecordMember, line: { regionId: string | null; municipalityId: string | null }) => (canEditStaffingLine(member, line) ? null : STAFFING_OWNERS),
  refusals: [STAFFING_OWNERS],
};

export const addStaffingLine = defineOperation({
  name: "staffing.add",
  input: staffingLineSchema.extend({ regionId: emptyAsNull(idSchema.nullable()).default(null), municipalityId: emptyAsNull(idSchema.nullable()).default(null) }),
  ...staffingOwners,
});
export const updateStaffingLine = defineOperation({ name: "staffing.update", input: staffingLineSchema.extend({ lineId: idSchema, version }), ...staffingOwners });
export const removeStaffingLine = defineOperation({ name: "staffing.remove", input: z.object({ lineId: idSchema }), ...staffingOwners });

// ---------------------------------------------------------------- segments

const SEGMENT_OWNERS = "record.segmentOwners";
/** A supra-regional segment is kept by the lead region's coordinators (see canEditSegment). */
const segmentOwners = {
  role: "COORDINATOR" as const,
  rule: (member: RecordMember, segment: SegmentOwnership) => (canEditSegment(member, segment) ? null : SEGMENT_OWNERS),
  refusals: [SEGMENT_OWNERS],
};
/** Coordinators record only segments they keep afterwards: nobody hands a segment to other regions. */
const keepsAfter = (member: RecordMember, next: SegmentOwnership) => (canEditSegment(member, next) ? null : "segment.ownOnly");

export const createSegment = defineOperation({ name: "segment.create", input: segmentSchema, role: "COORDINATOR", rule: keepsAfter, refusals: ["segment.ownOnly"] });
export const updateSegment = defineOperation({
  name: "segment.update",
  input: segmentSchema.extend({ segmentId: idSchema, version }),
  role: "COORDINATOR",
  rule: (member, { current, next }: { current: SegmentOwnership; next: SegmentOwnership }) => segmentOwners.rule(member, current) ?? keepsAfter(member, next),
  refusals: [SEGMENT_OWNERS, "segment.ownOnly"],
});
export const removeSegment = defineOperation({ name: "segment.remove", input: z.object({ segmentId: idSchema }), ...segmentOwners });

// ---------------------------------------------------------------- market figures

const MARKET_OWNERS = "record.marketFigureOwners";
/** A figure of a lot is its tender's owners'; a figure without a lot the workspace's coordinators'. Its tender, or null. */
const marketOwners = {
  role: "EDITOR" as const,
  rule: (member: RecordMember, lotTender: TenderOwnership | null) => (canEditMarketFigure(member, lotTender) ? null : MARKET_OWNERS),
  refusals: [MARKET_OWNERS],
};

export const marketAnalysis = defineOperation({
  name: "market.get",
  input: z.object({ year: z.number().int().min(2000).max(2100).optional() }),
  role: "VIEWER",
  refusals: [],
});
export const addMarketFigure = defineOperation({ name: "market.add", input: marketFigureSchema, ...marketOwners });
export const updateMarketFigure = defineOperation({
  name: "market.update",
  input: marketFigureSchema.extend({ figureId: idSchema, version }),
  role: "EDITOR",
  // Moving a figure to another lot needs that lot's tender too.
  rule: (member, { current, next }: { current: TenderOwnership | null; next: TenderOwnership | null }) => marketOwners.rule(member, current) ?? marketOwners.rule(member, next),
  refusals: [MARKET_OWNERS],
});
export const removeMarketFigure = defineOperation({ name: "market.remove", input: z.object({ figureId: idSchema }), ...marketOwners });
