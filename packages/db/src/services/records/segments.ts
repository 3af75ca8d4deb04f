import { assertPermitted, hasRole, notFound, permits, recordOperations as ops } from "@regiotafel/domain";
import type { z } from "zod";
import type { segmentSchema } from "@regiotafel/domain";
import type { Db } from "../../client";
import type { Scope } from "../../scope";
import { assertOrganisationsInWorkspace, assertRegionInWorkspace, change, stale } from "./common";

type SegmentInput = z.infer<typeof segmentSchema>;


export async function listSegments(prisma: Db, scope: Scope) {
  const segments = await prisma.segment.findMany({
    where: { workspaceId: scope.workspaceId },
    orderBy: { name: "asc" },
    include: { regions: true, municipalities: true, tenders: { include: { tender: { select: { id: true, title: true, status: true } } } } },
  });
  const [regions, municipalities] = await Promise.all([
    prisma.region.findMany({ where: { workspaces: { some: { workspaceId: scope.workspaceId } } }, select: { id: true, name: true } }),
    prisma.organisation.findMany({ where: { kind: "MUNICIPALITY", region: { workspaces: { some: { workspaceId: scope.workspaceId } } } }, select: { id: true, name: true } }),
  ]);
  const regionName = new Map(regions.map((r) => [r.id, r.name]));
  const municipalityName = new Map(municipalities.map((m) => [m.id, m.name]));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "nl");
  return {
    /** The member may start a segment (one of their own region's). */
    canCreate: hasRole(ops.createSegment, scope),
    segments: segments.map((s) => ({
      id: s.id,
      name: s.name,
      domain: s.domain,
      level: s.level,
      leadRegion: s.leadRegionId ? { id: s.leadRegionId, name: regionName.get(s.leadRegionId) ?? "" } : null,
      centralMunicipality: s.centralMunicipalityId ? { id: s.centralMunicipalityId, name: municipalityName.get(s.centralMunicipalityId) ?? "" } : null,
      regions: s.regions.map((r) => ({ id: r.regionId, name: regionName.get(r.regionId) ?? "" })).sort(byName),
      municipalities: s.municipalities.map((m) => ({ id: m.municipalityId, name: municipalityName.get(m.municipalityId) ?? "" })).sort(byName),
      tenders: s.tenders.map((t) => t.tender),
      budgetSplit: s.budgetSplit,
      riskSharing: s.riskSharing,
      cooperation: s.cooperation,
      version: s.version,
      canEdit: permits(ops.removeSegment, scope, { leadRegionId: s.leadRegionId, regionIds: s.regions.map((r) => r.regionId) }),
    })),
  };
}

async function assertReferences(prisma: Db, scope: Scope, input: SegmentInput) {
  for (const regionId of [input.leadRegionId, ...input.regionIds]) await assertRegionInWorkspace(prisma, scope, regionId);
  await assertOrganisationsInWorkspace(prisma, scope, [...input.municipalityIds, ...(input.centralMunicipalityId ? [input.centralMunicipalityId] : [])], "MUNICIPALITY");
  const tenders = await prisma.tender.count({ where: { id: { in: [...new Set(input.tenderIds)] }, workspaceId: scope.workspaceId } });
  if (tenders !== new Set(input.tenderIds).size) throw notFound();
}

function links(input: SegmentInput) {
  return {
    regions: { create: [...new Set(input.regionIds)].map((regionId) => ({ regionId })) },
    municipalities: { create: [...new Set(input.municipalityIds)].map((municipalityId) => ({ municipalityId })) },
    tenders: { create: [...new Set(input.tenderIds)].map((tenderId) => ({ tenderId })) },
  };
}

export async function createSegment(prisma: Db, scope: Scope, input: SegmentInput) {
  await assertReferences(prisma, scope, input);
  assertPermitted(ops.createSegment, scope, input, "leadRegionId");
  const { regionIds: _r, municipalityIds: _m, tenderIds: _t, ...fields } = input;
  return change(prisma, scope, { action: "segment.created", entityType: "segment", after: { name: input.name } }, (tx) =>
    tx.segment.create({ data: { workspaceId: scope.workspaceId, ...fields, ...links(input) }, select: { id: true, version: true } }),
  );
}

/** A segment of the workspace, with what says whose it is (see canEditSegment). */
async function segmentOf(prisma: Db, scope: Scope, segmentId: string) {
  const segment = await prisma.segment.findFirst({ where: { id: segmentId, workspaceId: scope.workspaceId }, include: { regions: { select: { regionId: true } } } });
  if (!segment) throw notFound();
  return { ...segment, ownership: { leadRegionId: segment.leadRegionId, regionIds: segment.regions.map((r) => r.regionId) } };
}

export async function updateSegment(prisma: Db, scope: Scope, segmentId: string, input: SegmentInput, expectedVersion: number) {
  const segment = await segmentOf(prisma, scope, segmentId);
  await assertReferences(prisma, scope, input);
  assertPermitted(ops.updateSegment, scope, { current: segment.ownership, next: input }, "leadRegionId");
  const { regionIds: _r, municipalityIds: _m, tenderIds: _t, ...fields } = input;
  return change(prisma, scope, { action: "segment.updated", entityType: "segment", entityId: segmentId, before: { name: segment.name, budgetSplit: segment.budgetSplit }, after: { name: input.name, budgetSplit: input.budgetSplit } }, async (tx) => {
    const { count } = await tx.segment.updateMany({ where: { id: segmentId, version: expectedVersion }, data: { ...fields, version: { increment: 1 } } });
    if (count === 0) throw stale();
    await tx.segmentRegion.deleteMany({ where: { segmentId } });
    await tx.segmentMunicipality.deleteMany({ where: { segmentId } });
    await tx.segmentTender.deleteMany({ where: { segmentId } });
    await tx.segment.update({ where: { id: segmentId }, data: links(input) });
    return { id: segmentId, version: expectedVersion + 1 };
  });
}

export async function removeSegment(prisma: Db, scope: Scope, segmentId: string) {
  const segment = await segmentOf(prisma, scope, segmentId);
  assertPermitted(ops.removeSegment, scope, segment.ownership);
  return change(prisma, scope, { action: "segment.removed", entityType: "segment", entityId: segmentId, before: { name: segment.name } }, async (tx) => {
    await tx.segment.delete({ where: { id: segmentId } });
    return { id: segmentId };
  });
}
