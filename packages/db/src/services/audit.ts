import type { Prisma } from "../generated/prisma/client";
import type { Db, Tx } from "../client";
import type { Scope } from "../scope";

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
}

/** Records who changed what, with the state before and after. Call inside the change's transaction. */
/** `workspaceId` is null for changes outside any workspace (a network's library). */
/** `organisationId` (a Scope has it) is kept as the actor's organisation at that moment: a merger moves people, history keeps their old municipality. */
export async function recordAudit(tx: Tx | Db, scope: { workspaceId: string | null; userId: string; organisationId?: string }, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      workspaceId: scope.workspaceId,
      actorId: scope.userId,
      actorOrganisationId: scope.organisationId ?? null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      before: event.before ?? undefined,
      after: event.after ?? undefined,
    },
  });
}

export interface AuditQuery {
  entityType?: string;
  limit: number;
  /** Id of the last event of the previous page. */
  cursor?: string;
}

export async function listAudit(prisma: Db, scope: Scope, query: AuditQuery) {
  const events = await prisma.auditEvent.findMany({
    where: { workspaceId: scope.workspaceId, ...(query.entityType ? { entityType: query.entityType } : {}) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const actors = await prisma.user.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, name: true, organisation: { select: { name: true } } },
  });
  const byId = new Map(actors.map((a) => [a.id, a]));
  // The organisation the actor acted for, also after a merger moved them elsewhere.
  const actingForIds = [...new Set(events.map((e) => e.actorOrganisationId).filter((id): id is string => id !== null))];
  const actingFor = new Map((await prisma.organisation.findMany({ where: { id: { in: actingForIds } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const page = events.slice(0, query.limit);
  return {
    events: page.map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before,
      after: e.after,
      actor: e.actorId
        ? {
            name: byId.get(e.actorId)?.name ?? "?",
            organisation: (e.actorOrganisationId ? actingFor.get(e.actorOrganisationId) : undefined) ?? byId.get(e.actorId)?.organisation.name ?? "",
          }
        : null,
    })),
    nextCursor: events.length > query.limit ? page[page.length - 1]!.id : null,
  };
}
