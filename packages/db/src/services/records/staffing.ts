import { assertPermitted, compareStaffing, DomainError, notFound, permits, recordOperations as ops, type Employment, type StaffingUnit } from "@regiotafel/domain";
import type { z } from "zod";
import type { staffingLineSchema } from "@regiotafel/domain";
import type { Db } from "../../client";
import type { Scope } from "../../scope";
import { assertOrganisationsInWorkspace, assertRegionInWorkspace, change, stale } from "./common";

type LineInput = z.infer<typeof staffingLineSchema>;

interface LineRow {
  id: string;
  regionId: string | null;
  municipalityId: string | null;
  function: string;
  fteCurrent: number;
  fteMinimum: number | null;
  employment: Employment;
  notes: string;
  version: number;
}

/** The workspace's regions and municipalities as staffing units. */
function staffingUnits(prisma: Db, scope: Scope) {
  return prisma.$sql<StaffingUnit>(
    `SELECT 'region' AS kind, r.id, r.name, r.name AS "regionName"
     FROM workspace_region wr JOIN region r ON r.id = wr.region_id WHERE wr.workspace_id = $1
     UNION ALL
     SELECT 'municipality', o.id, o.name, r.name
     FROM workspace_region wr JOIN region r ON r.id = wr.region_id
     JOIN organisation o ON o.region_id = r.id AND o.kind = 'MUNICIPALITY'
     WHERE wr.workspace_id = $1`,
    [scope.workspaceId],
  );
}

/** The units and every staffing line, in display order. */
async function unitsAndLines(prisma: Db, scope: Scope) {
  const [units, lines] = await Promise.all([
    staffingUnits(prisma, scope),
    prisma.$sql<LineRow>(
      `SELECT id, region_id AS "regionId", municipality_id AS "municipalityId", function, fte_current AS "fteCurrent",
              fte_minimum AS "fteMinimum", employment, notes, version
       FROM staffing_line WHERE workspace_id = $1 ORDER BY sort_order, function`,
      [scope.workspaceId],
    ),
  ]);
  return { units, lines };
}

/** Every unit's lines, with whether the member may edit them. */
export async function listStaffing(prisma: Db, scope: Scope) {
  const { units, lines } = await unitsAndLines(prisma, scope);
  return units
    .sort((a, b) => a.regionName.localeCompare(b.regionName, "nl") || (a.kind === b.kind ? a.name.localeCompare(b.name, "nl") : a.kind === "region" ? -1 : 1))
    .map((unit) => {
      const owner = unit.kind === "region" ? { regionId: unit.id, municipalityId: null } : { regionId: null, municipalityId: unit.id };
      return {
        ...unit,
        canEdit: permits(ops.updateStaffingLine, scope, owner),
        lines: lines.filter((l) => (unit.kind === "region" ? l.regionId === unit.id && !l.municipalityId : l.municipalityId === unit.id)),
      };
    });
}

/** The comparison across regions and municipalities: current vs minimum and the gap, per unit. */
export async function staffingComparison(prisma: Db, scope: Scope) {
  // Only the figures the totals need, unordered: the hot path of the comparison page.
  const [units, lines] = await Promise.all([
    staffingUnits(prisma, scope),
    prisma.$sql<Pick<LineRow, "regionId" | "municipalityId" | "fteCurrent" | "fteMinimum" | "employment">>(
      `SELECT region_id AS "regionId", municipality_id AS "municipalityId", fte_current AS "fteCurrent", fte_minimum AS "fteMinimum", employment
       FROM staffing_line WHERE workspace_id = $1`,
      [scope.workspaceId],
    ),
  ]);
  return compareStaffing(units, lines);
}

export async function addStaffingLine(prisma: Db, scope: Scope, owner: { regionId: string | null; municipalityId: string | null }, input: LineInput) {
  if ((owner.regionId === null) === (owner.municipalityId === null)) throw new DomainError("BAD_REQUEST", "input.invalid");
  await assertRegionInWorkspace(prisma, scope, owner.regionId);
  if (owner.municipalityId) await assertOrganisationsInWorkspace(prisma, scope, [owner.municipalityId], "MUNICIPALITY");
  assertPermitted(ops.addStaffingLine, scope, owner);
  return change(prisma, scope, { action: "staffing.added", entityType: "staffing", after: input }, (tx) =>
    tx.staffingLine.create({ data: { workspaceId: scope.workspaceId, ...owner, ...input }, select: { id: true, version: true } }),
  );
}

async function editableLine(prisma: Db, scope: Scope, id: string, operation: typeof ops.removeStaffingLine | typeof ops.updateStaffingLine) {
  const line = await prisma.staffingLine.findFirst({ where: { id, workspaceId: scope.workspaceId } });
  if (!line) throw notFound();
  assertPermitted(operation, scope, line);
  return line;
}

export async function updateStaffingLine(prisma: Db, scope: Scope, id: string, input: LineInput, expectedVersion: number) {
  const line = await editableLine(prisma, scope, id, ops.updateStaffingLine);
  const before = { function: line.function, fteCurrent: line.fteCurrent, fteMinimum: line.fteMinimum, employment: line.employment, notes: line.notes };
  return change(prisma, scope, { action: "staffing.updated", entityType: "staffing", entityId: id, before, after: input }, async (tx) => {
    const { count } = await tx.staffingLine.updateMany({ where: { id, version: expectedVersion }, data: { ...input, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id, version: expectedVersion + 1 };
  });
}

export async function removeStaffingLine(prisma: Db, scope: Scope, id: string) {
  const line = await editableLine(prisma, scope, id, ops.removeStaffingLine);
  return change(prisma, scope, { action: "staffing.removed", entityType: "staffing", entityId: id, before: { function: line.function, fteCurrent: line.fteCurrent, fteMinimum: line.fteMinimum } }, async (tx) => {
    await tx.staffingLine.delete({ where: { id } });
    return { id };
  });
}
