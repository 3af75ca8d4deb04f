import type { OcdsTenderInput } from "@regiotafel/domain";
import type { Db } from "../../client";
import type { Scope } from "../../scope";
import { fromDate, presentMilestone } from "./common";

/** Every tender of the workspace in the shape the OCDS release builder takes. */
export async function tendersForOcds(prisma: Db, scope: Scope): Promise<{ workspace: { name: string; slug: string }; tenders: OcdsTenderInput[] }> {
  const [workspace, tenders] = await Promise.all([
    prisma.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId }, select: { name: true, slug: true } }),
    prisma.tender.findMany({
      where: { workspaceId: scope.workspaceId },
      orderBy: { title: "asc" },
      include: {
        procuringEntity: { select: { id: true, name: true } },
        participants: { include: { organisation: { select: { id: true, name: true } } } },
        lots: {
          orderBy: [{ sortOrder: "asc" }, { title: "asc" }],
          include: { participations: { where: { participating: true }, include: { municipality: { select: { id: true, name: true } } } } },
        },
        milestones: { orderBy: [{ dueDate: "asc" }, { title: "asc" }] },
      },
    }),
  ]);
  return {
    workspace,
    tenders: tenders.map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      status: t.status,
      procedure: t.procedure,
      updatedAt: t.updatedAt,
      procuringEntity: t.procuringEntity,
      participants: t.participants.map((p) => p.organisation),
      estimatedValue: t.estimatedValue,
      contractStart: fromDate(t.contractStart),
      contractEnd: fromDate(t.contractEnd),
      lots: t.lots.map((l) => ({ id: l.id, title: l.title, segment: l.segment, status: l.status, expectedValue: l.expectedValue, buyers: l.participations.map((p) => p.municipality) })),
      milestones: t.milestones.map(presentMilestone),
    })),
  };
}
