import { assertPermitted, bodyFitsDecision, DomainError, notFound, NVO_AGREEMENTS, permits, recordOperations as ops } from "@regiotafel/domain";
import type { z } from "zod";
import type { decisionSchema, governanceBodySchema, governanceModelSchema, nvoCheckSchema } from "@regiotafel/domain";
import type { Db } from "../../client";
import type { Scope } from "../../scope";
import { assertRegionInWorkspace, change, fromDate, stale, toDate } from "./common";


/** Governance of the workspace and each region: models with bodies, the decision log, the NvO checklists. */
export async function getGovernance(prisma: Db, scope: Scope) {
  const [regions, models, decisions, checks] = await Promise.all([
    prisma.region.findMany({ where: { workspaces: { some: { workspaceId: scope.workspaceId } } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    prisma.governanceModel.findMany({ where: { workspaceId: scope.workspaceId }, include: { bodies: { orderBy: [{ sortOrder: "asc" }, { name: "asc" }] } } }),
    prisma.decision.findMany({ where: { workspaceId: scope.workspaceId }, orderBy: [{ date: "desc" }, { createdAt: "desc" }], include: { body: { select: { name: true } } } }),
    prisma.nvoCheck.findMany({ where: { workspaceId: scope.workspaceId } }),
  ]);
  const units = [{ id: null as string | null, name: null as string | null }, ...regions];
  return {
    units: units.map((unit) => {
      const model = models.find((m) => m.regionId === unit.id) ?? null;
      return {
        regionId: unit.id,
        regionName: unit.name,
        canEdit: permits(ops.saveGovernanceModel, scope, unit.id),
        model: model && {
          id: model.id,
          organisationForm: model.organisationForm,
          description: model.description,
          version: model.version,
          bodies: model.bodies.map((b) => ({ id: b.id, kind: b.kind, name: b.name, members: b.members as { name: string; role: string; organisation: string }[], version: b.version })),
        },
        nvo: NVO_AGREEMENTS.map((text, i) => {
          const check = checks.find((c) => c.regionId === unit.id && c.agreement === i + 1);
          return { agreement: i + 1, text, status: check?.status ?? "NOT_STARTED", notes: check?.notes ?? "", version: check?.version ?? 0 };
        }),
      };
    }),
    decisions: decisions.map((d) => ({
      id: d.id,
      regionId: d.regionId,
      date: fromDate(d.date)!,
      body: d.body?.name ?? null,
      bodyId: d.bodyId,
      title: d.title,
      decision: d.decision,
      documents: d.documents as { title: string; url: string }[],
    })),
  };
}

/** Creates the model of a region (or of the workspace) or updates it under a version check. */
export async function saveGovernanceModel(
  prisma: Db,
  scope: Scope,
  regionId: string | null,
  input: z.infer<typeof governanceModelSchema>,
  expectedVersion: number | null,
) {
  await assertRegionInWorkspace(prisma, scope, regionId);
  assertPermitted(ops.saveGovernanceModel, scope, regionId);
  const existing = await prisma.governanceModel.findFirst({ where: { workspaceId: scope.workspaceId, regionId } });
  if (!existing) {
    if (expectedVersion !== null) throw stale();
    return change(prisma, scope, { action: "governance.created", entityType: "governance", after: input }, (tx) =>
      tx.governanceModel.create({ data: { workspaceId: scope.workspaceId, regionId, ...input }, select: { id: true, version: true } }),
    );
  }
  if (expectedVersion === null) throw new DomainError("CONFLICT", "governance.exists");
  return change(
    prisma,
    scope,
    { action: "governance.updated", entityType: "governance", entityId: existing.id, before: { organisationForm: existing.organisationForm, description: existing.description }, after: input },
    async (tx) => {
      const { count } = await tx.governanceModel.updateMany({ where: { id: existing.id, version: expectedVersion }, data: { ...input, version: { increment: 1 } } });
      if (count === 0) throw stale();
      return { id: existing.id, version: expectedVersion + 1 };
    },
  );
}

async function editableModel(prisma: Db, scope: Scope, modelId: string, operation: typeof ops.addGovernanceBody | typeof ops.updateGovernanceBody | typeof ops.removeGovernanceBody) {
  const model = await prisma.governanceModel.findFirst({ where: { id: modelId, workspaceId: scope.workspaceId } });
  if (!model) throw notFound();
  assertPermitted(operation, scope, model.regionId);
  return model;
}

export async function addGovernanceBody(prisma: Db, scope: Scope, modelId: string, input: z.infer<typeof governanceBodySchema>) {
  await editableModel(prisma, scope, modelId, ops.addGovernanceBody);
  return change(prisma, scope, { action: "governance.bodyAdded", entityType: "governance", entityId: modelId, after: input }, async (tx) => {
    const body = await tx.governanceBody.create({ data: { modelId, ...input }, select: { id: true } });
    return { id: body.id };
  });
}

export async function updateGovernanceBody(prisma: Db, scope: Scope, bodyId: string, input: z.infer<typeof governanceBodySchema>, expectedVersion: number) {
  const body = await prisma.governanceBody.findFirst({ where: { id: bodyId, model: { workspaceId: scope.workspaceId } } });
  if (!body) throw notFound();
  await editableModel(prisma, scope, body.modelId, ops.updateGovernanceBody);
  return change(prisma, scope, { action: "governance.bodyUpdated", entityType: "governance", entityId: body.modelId, before: { name: body.name, members: body.members as object }, after: input }, async (tx) => {
    const { count } = await tx.governanceBody.updateMany({ where: { id: bodyId, version: expectedVersion }, data: { ...input, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id: bodyId, version: expectedVersion + 1 };
  });
}

export async function removeGovernanceBody(prisma: Db, scope: Scope, bodyId: string) {
  const body = await prisma.governanceBody.findFirst({ where: { id: bodyId, model: { workspaceId: scope.workspaceId } } });
  if (!body) throw notFound();
  await editableModel(prisma, scope, body.modelId, ops.removeGovernanceBody);
  return change(prisma, scope, { action: "governance.bodyRemoved", entityType: "governance", entityId: body.modelId, before: { name: body.name } }, async (tx) => {
    await tx.governanceBody.delete({ where: { id: bodyId } });
    return { id: bodyId };
  });
}

export async function addDecision(prisma: Db, scope: Scope, regionId: string | null, input: z.infer<typeof decisionSchema>) {
  await assertRegionInWorkspace(prisma, scope, regionId);
  assertPermitted(ops.addDecision, scope, regionId);
  if (input.bodyId) {
    const body = await prisma.governanceBody.findFirst({ where: { id: input.bodyId, model: { workspaceId: scope.workspaceId } }, select: { model: { select: { regionId: true } } } });
    if (!body) throw notFound();
    // A decision of one region is never put in the name of another region's body.
    if (!bodyFitsDecision(regionId, body.model.regionId)) throw new DomainError("BAD_REQUEST", "decision.bodyOtherRegion", undefined, "bodyId");
  }
  return change(prisma, scope, { action: "decision.added", entityType: "decision", after: { date: input.date, title: input.title } }, (tx) =>
    tx.decision.create({
      data: { workspaceId: scope.workspaceId, regionId, ...input, date: toDate(input.date)!, createdById: scope.userId },
      select: { id: true },
    }),
  );
}

export async function removeDecision(prisma: Db, scope: Scope, decisionId: string) {
  const decision = await prisma.decision.findFirst({ where: { id: decisionId, workspaceId: scope.workspaceId } });
  if (!decision) throw notFound();
  assertPermitted(ops.removeDecision, scope, decision.regionId);
  return change(prisma, scope, { action: "decision.removed", entityType: "decision", before: { date: fromDate(decision.date), title: decision.title } }, async (tx) => {
    await tx.decision.delete({ where: { id: decisionId } });
    return { id: decisionId };
  });
}

/** Sets one NvO agreement's status for a region (or the workspace); version 0 means "not yet recorded". */
export async function setNvoCheck(prisma: Db, scope: Scope, regionId: string | null, input: z.infer<typeof nvoCheckSchema>, expectedVersion: number) {
  await assertRegionInWorkspace(prisma, scope, regionId);
  assertPermitted(ops.setNvoCheck, scope, regionId);
  const existing = await prisma.nvoCheck.findFirst({ where: { workspaceId: scope.workspaceId, regionId, agreement: input.agreement } });
  if ((existing?.version ?? 0) !== expectedVersion) throw stale();
  return change(
    prisma,
    scope,
    { action: "nvo.updated", entityType: "governance", before: existing ? { agreement: input.agreement, status: existing.status } : null, after: input },
    async (tx) => {
      if (!existing) {
        return tx.nvoCheck.create({ data: { workspaceId: scope.workspaceId, regionId, ...input }, select: { id: true, version: true } });
      }
      const { count } = await tx.nvoCheck.updateMany({ where: { id: existing.id, version: expectedVersion }, data: { status: input.status, notes: input.notes, version: { increment: 1 } } });
      if (count === 0) throw stale();
      return { id: existing.id, version: expectedVersion + 1 };
    },
  );
}
