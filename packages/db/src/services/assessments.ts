import { assertPermitted, assessmentOperations as ops, assessmentResults, DomainError, hasRole, notFound, permits, type assessmentInputSchema, type scoreInputSchema } from "@regiotafel/domain";
import type { z } from "zod";
import type { Db } from "../client";
import type { Scope } from "../scope";
import { change, stale, type Tx } from "./records/common";

const locked = () => new DomainError("CONFLICT", "assessment.locked");

/**
 * Holds the assessment's row until the transaction ends (shared: scores and weights do not wait
 * for each other) and refuses once it is locked. Locking the round updates that row, so it waits
 * for every score in flight and no score lands after it.
 */
async function holdOpenAssessment(tx: Tx, assessmentId: string) {
  const [row] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM assessment WHERE id = ${assessmentId}::uuid FOR SHARE`;
  if (!row) throw notFound();
  if (row.status !== "OPEN") throw locked();
}

/** The assessments of the workspace, newest first, with how far scoring has come. */
export async function listAssessments(prisma: Db, scope: Scope) {
  const rows = await prisma.assessment.findMany({
    where: { workspaceId: scope.workspaceId },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { scenarios: true, criteria: true, participants: true, scores: true } } },
  });
  return {
    canCreate: hasRole(ops.createAssessment, scope),
    assessments: rows.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      createdAt: a.createdAt,
      lockedAt: a.lockedAt,
      scenarios: a._count.scenarios,
      criteria: a._count.criteria,
      participants: a._count.participants,
      scored: a._count.scores,
      cells: a._count.scenarios * a._count.criteria * a._count.participants,
    })),
  };
}

async function assessmentOf(prisma: Db, scope: Scope, assessmentId: string) {
  const assessment = await prisma.assessment.findFirst({ where: { id: assessmentId, workspaceId: scope.workspaceId } });
  if (!assessment) throw notFound();
  return assessment;
}

/** One assessment with its matrix, every participant's scores and the results. */
export async function getAssessment(prisma: Db, scope: Scope, assessmentId: string) {
  const a = await prisma.assessment.findFirst({
    where: { id: assessmentId, workspaceId: scope.workspaceId },
    include: {
      scenarios: { orderBy: [{ sortOrder: "asc" }, { title: "asc" }] },
      criteria: { orderBy: [{ sortOrder: "asc" }, { title: "asc" }] },
      participants: { include: { organisation: { select: { id: true, name: true, kind: true } } } },
      scores: true,
    },
  });
  if (!a) throw notFound();
  const participants = a.participants.map((p) => p.organisation).sort((x, y) => x.name.localeCompare(y.name, "nl"));
  const scores = a.scores.map((s) => ({ scenarioId: s.scenarioId, criterionId: s.criterionId, participantId: s.participantId, score: s.score, rationale: s.rationale, updatedAt: s.updatedAt }));
  const mayScore = a.status === "OPEN" && permits(ops.scoreAssessment, scope, participants.some((p) => p.id === scope.organisationId));
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    status: a.status,
    lockedAt: a.lockedAt,
    version: a.version,
    scenarios: a.scenarios.map((s) => ({ id: s.id, title: s.title, description: s.description })),
    criteria: a.criteria.map((c) => ({ id: c.id, title: c.title, description: c.description, weight: c.weight })),
    participants,
    scores,
    results: assessmentResults({ scenarios: a.scenarios, criteria: a.criteria, participants, scores }),
    /** The organisation the member scores for, when they may score now. */
    myParticipantId: mayScore ? scope.organisationId : null,
    canManage: a.status === "OPEN" && hasRole(ops.lockAssessment, scope),
  };
}

type AssessmentInput = z.infer<typeof assessmentInputSchema>;

/** Participants are municipalities or regional bodies of the workspace's regions; anything else is NOT_FOUND. */
async function assertParticipants(prisma: Db, scope: Scope, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await prisma.organisation.count({
    where: { id: { in: unique }, kind: { in: ["MUNICIPALITY", "REGIONAL_BODY"] }, region: { workspaces: { some: { workspaceId: scope.workspaceId } } } },
  });
  if (found !== unique.length) throw notFound();
  return unique;
}

export async function createAssessment(prisma: Db, scope: Scope, input: AssessmentInput) {
  const participantIds = await assertParticipants(prisma, scope, input.participantIds);
  return change(prisma, scope, { action: "assessment.created", entityType: "assessment", after: { title: input.title } }, (tx) =>
    tx.assessment.create({
      data: {
        workspaceId: scope.workspaceId,
        title: input.title,
        description: input.description,
        createdById: scope.userId,
        scenarios: { create: input.scenarios.map((s, sortOrder) => ({ ...s, sortOrder })) },
        criteria: { create: input.criteria.map((c, sortOrder) => ({ ...c, sortOrder })) },
        participants: { create: participantIds.map((organisationId) => ({ organisationId })) },
      },
      select: { id: true, version: true },
    }),
  );
}

/**
 * A participant scores one cell (1, 3 or 5, with a rationale) for its own organisation: the
 * member's organisation, never one named by the client. Refused once the round is locked.
 */
export async function scoreCell(prisma: Db, scope: Scope, assessmentId: string, input: z.infer<typeof scoreInputSchema>) {
  const assessment = await assessmentOf(prisma, scope, assessmentId);
  const [scenario, criterion] = await Promise.all([
    prisma.assessmentScenario.findFirst({ where: { id: input.scenarioId, assessmentId } }),
    prisma.assessmentCriterion.findFirst({ where: { id: input.criterionId, assessmentId } }),
  ]);
  if (!scenario || !criterion) throw notFound();
  const participant = await prisma.assessmentParticipant.findUnique({ where: { assessmentId_organisationId: { assessmentId, organisationId: scope.organisationId } } });
  assertPermitted(ops.scoreAssessment, scope, participant !== null);
  if (assessment.status !== "OPEN") throw locked();
  const key = { scenarioId_criterionId_participantId: { scenarioId: scenario.id, criterionId: criterion.id, participantId: scope.organisationId } };
  const before = await prisma.assessmentScore.findUnique({ where: key });
  return change(
    prisma,
    scope,
    {
      action: "assessment.scored",
      entityType: "assessment",
      entityId: assessmentId,
      parentId: assessmentId,
      before: before ? { scenario: scenario.title, criterion: criterion.title, score: before.score } : null,
      after: { scenario: scenario.title, criterion: criterion.title, score: input.score },
    },
    async (tx) => {
      // The lock is checked again under the row lock: a score racing the lock either lands before it or is refused.
      await holdOpenAssessment(tx, assessmentId);
      await tx.assessmentScore.upsert({
        where: key,
        create: { assessmentId, scenarioId: scenario.id, criterionId: criterion.id, participantId: scope.organisationId, score: input.score, rationale: input.rationale, updatedById: scope.userId },
        update: { score: input.score, rationale: input.rationale, updatedById: scope.userId, updatedAt: new Date() },
      });
      return { id: assessmentId, score: input.score };
    },
  );
}

/** Changes a criterion's weight while the round is open (coordinators). */
export async function setCriterionWeight(prisma: Db, scope: Scope, criterionId: string, weight: number) {
  const criterion = await prisma.assessmentCriterion.findFirst({ where: { id: criterionId, assessment: { workspaceId: scope.workspaceId } }, include: { assessment: true } });
  if (!criterion) throw notFound();
  if (criterion.assessment.status !== "OPEN") throw locked();
  return change(
    prisma,
    scope,
    { action: "assessment.weightChanged", entityType: "assessment", entityId: criterion.assessmentId, parentId: criterion.assessmentId, before: { criterion: criterion.title, weight: criterion.weight }, after: { criterion: criterion.title, weight } },
    async (tx) => {
      await holdOpenAssessment(tx, criterion.assessmentId);
      await tx.assessmentCriterion.update({ where: { id: criterionId }, data: { weight } });
      return { id: criterionId, weight };
    },
  );
}

/** Locks the round once decided: no score or weight changes afterwards. */
export async function lockAssessment(prisma: Db, scope: Scope, assessmentId: string, expectedVersion: number) {
  const assessment = await assessmentOf(prisma, scope, assessmentId);
  if (assessment.status !== "OPEN") throw locked();
  return change(
    prisma,
    scope,
    {
      action: "assessment.locked",
      entityType: "assessment",
      entityId: assessmentId,
      parentId: assessmentId,
      before: { title: assessment.title, status: "OPEN" },
      after: (result: { scores: number }) => ({ title: assessment.title, status: "LOCKED", scores: result.scores }),
    },
    async (tx: Tx) => {
      // Waits for scores in flight (they hold the row shared); afterwards none can land.
      const { count } = await tx.assessment.updateMany({
        where: { id: assessmentId, version: expectedVersion, status: "OPEN" },
        data: { status: "LOCKED", lockedAt: new Date(), lockedById: scope.userId, version: { increment: 1 } },
      });
      if (count === 0) throw stale();
      // The scores the round was decided with, for the audit.
      const scores = await tx.assessmentScore.count({ where: { assessmentId } });
      return { id: assessmentId, version: expectedVersion + 1, scores };
    },
  );
}
