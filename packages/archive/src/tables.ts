import type { Db, Tx } from "@regiotafel/db";
import type { ArchiveTable } from "@regiotafel/domain";

type Client = Db | Tx;

/**
 * How each record table is read for one workspace (and in which order, so pages are stable)
 * and written on import. `select` names exactly the fields of the format (packages/domain
 * archive.ts): the workspace id is never exported, it is the new workspace's on import.
 */
export interface TableAccess {
  read(db: Client, workspaceId: string, skip: number, take: number): Promise<Record<string, unknown>[]>;
  count(db: Client, workspaceId: string): Promise<number>;
  /** Inserts rows (already remapped); `workspaceId` is set for the tables that carry one. */
  write(tx: Tx, rows: Record<string, unknown>[], workspaceId: string): Promise<unknown>;
}

const inTenders = (workspaceId: string) => ({ tender: { workspaceId } });
const inSegments = (workspaceId: string) => ({ segment: { workspaceId } });
const inAssessments = (workspaceId: string) => ({ assessment: { workspaceId } });

/* eslint-disable @typescript-eslint/no-explicit-any -- one generic reader over many Prisma delegates */
function access(
  delegate: (db: Client) => any,
  where: (workspaceId: string) => object,
  orderBy: object[],
  options: { omitWorkspace: boolean },
): TableAccess {
  return {
    read: (db, workspaceId, skip, take) =>
      delegate(db).findMany({ where: where(workspaceId), orderBy, skip, take, ...(options.omitWorkspace ? { omit: { workspaceId: true } } : {}) }),
    count: (db, workspaceId) => delegate(db).count({ where: where(workspaceId) }),
    write: (tx, rows, workspaceId) =>
      rows.length === 0 ? Promise.resolve() : delegate(tx).createMany({ data: options.omitWorkspace ? rows.map((r) => ({ ...r, workspaceId })) : rows }),
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const own = (workspaceId: string) => ({ workspaceId });
const byId = [{ id: "asc" }];
const top = { omitWorkspace: true };
const child = { omitWorkspace: false };

export const TABLE_ACCESS: Record<ArchiveTable, TableAccess> = {
  governanceModels: access((db) => db.governanceModel, own, byId, top),
  governanceBodies: access((db) => db.governanceBody, (w) => ({ model: { workspaceId: w } }), byId, child),
  decisions: access((db) => db.decision, own, byId, top),
  nvoChecks: access((db) => db.nvoCheck, own, byId, top),
  staffingLines: access((db) => db.staffingLine, own, byId, top),
  tenders: access((db) => db.tender, own, byId, top),
  tenderParticipants: access((db) => db.tenderParticipant, inTenders, [{ tenderId: "asc" }, { organisationId: "asc" }], child),
  lots: access((db) => db.lot, inTenders, byId, child),
  lotParticipations: access((db) => db.lotParticipation, (w) => ({ lot: { tender: { workspaceId: w } } }), [{ lotId: "asc" }, { municipalityId: "asc" }], child),
  milestones: access((db) => db.milestone, inTenders, byId, child),
  segments: access((db) => db.segment, own, byId, top),
  segmentRegions: access((db) => db.segmentRegion, inSegments, [{ segmentId: "asc" }, { regionId: "asc" }], child),
  segmentMunicipalities: access((db) => db.segmentMunicipality, inSegments, [{ segmentId: "asc" }, { municipalityId: "asc" }], child),
  segmentTenders: access((db) => db.segmentTender, inSegments, [{ segmentId: "asc" }, { tenderId: "asc" }], child),
  marketFigures: access((db) => db.marketFigure, own, byId, top),
  assessments: access((db) => db.assessment, own, byId, top),
  assessmentScenarios: access((db) => db.assessmentScenario, inAssessments, byId, child),
  assessmentCriteria: access((db) => db.assessmentCriterion, inAssessments, byId, child),
  assessmentParticipants: access((db) => db.assessmentParticipant, inAssessments, [{ assessmentId: "asc" }, { organisationId: "asc" }], child),
  assessmentScores: access((db) => db.assessmentScore, inAssessments, byId, child),
  templateUses: access((db) => db.templateUse, own, byId, top),
  notifications: access((db) => db.workspaceNotification, own, byId, top),
};

/** Fields that hold a date (ISO text in the archive, a Date in the database). */
export const DATE_FIELDS = new Set([
  "updatedAt",
  "createdAt",
  "date",
  "contractStart",
  "contractEnd",
  "dueDate",
  "dateMet",
  "lockedAt",
  "usedAt",
  "dismissedAt",
  "archivedAt",
  "at",
  "memberSince",
]);
