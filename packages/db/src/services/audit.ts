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
/** `userId` is null when no person acted: an organisation's identity provider through SCIM (services/scim.ts). */
export async function recordAudit(tx: Tx | Db, scope: { workspaceId: string | null; userId: string | null; organisationId?: string }, event: AuditInput): Promise<void> {
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
  const actorOf = await actorNames(prisma, events.map((e) => ({ userId: e.actorId, organisationId: e.actorOrganisationId })));
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
      actor: actorOf(e.actorId, e.actorOrganisationId),
    })),
    nextCursor: events.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

export interface ActorName {
  name: string;
  /** The organisation they acted for. */
  organisation: string;
}

/**
 * Names of the people who acted, with the organisation they acted for (kept with the event,
 * also after a merger moved them elsewhere; their present one when none was kept). Two
 * queries for any number of events.
 */
export async function actorNames(
  prisma: Db,
  actors: { userId: string | null; organisationId: string | null }[],
): Promise<(userId: string | null, organisationId: string | null) => ActorName | null> {
  const userIds = [...new Set(actors.map((a) => a.userId).filter((id): id is string => id !== null))];
  const users = userIds.length
    ? await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, organisation: { select: { name: true } } } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const organisationIds = [...new Set(actors.map((a) => a.organisationId).filter((id): id is string => id !== null))];
  const organisations = organisationIds.length ? await prisma.organisation.findMany({ where: { id: { in: organisationIds } }, select: { id: true, name: true } }) : [];
  const actingFor = new Map(organisations.map((o) => [o.id, o.name]));
  return (userId, organisationId) =>
    userId
      ? {
          name: byId.get(userId)?.name ?? "?",
          organisation: (organisationId ? actingFor.get(organisationId) : undefined) ?? byId.get(userId)?.organisation.name ?? "",
        }
      : null;
}
