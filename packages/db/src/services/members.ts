import { applyMembershipChange, DomainError, type Role } from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { eventBus } from "../events";
import type { Scope } from "../scope";
import { recordAudit } from "./audit";
import { refusingLostRaces } from "./races";

async function currentMembers(tx: Db | Tx, workspaceId: string) {
  return tx.membership.findMany({ where: { workspaceId }, select: { userId: true, role: true } });
}

/** Adds an existing account to the workspace. */
export async function addMember(prisma: Db, scope: Scope, email: string, role: Role) {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user) throw new DomainError("BAD_REQUEST", "member.unknownUser", { email }, "email");
  const alreadyMember = () => new DomainError("CONFLICT", "member.alreadyMember", { email }, "email");
  // Two admins adding the same person at once: the second insert meets the unique index.
  return refusingLostRaces(
    () =>
      prisma.$transaction(async (tx) => {
        const existing = await tx.membership.findUnique({
          where: { userId_workspaceId: { userId: user.id, workspaceId: scope.workspaceId } },
        });
        if (existing) throw alreadyMember();
        const membership = await tx.membership.create({ data: { userId: user.id, workspaceId: scope.workspaceId, role } });
        await recordAudit(tx, scope, {
          action: "member.added",
          entityType: "membership",
          entityId: membership.id,
          after: { userId: user.id, email, name: user.name, role },
        });
        return { userId: user.id, role };
      }),
    alreadyMember,
  );
}

async function changeMembership(
  prisma: Db,
  scope: Scope,
  userId: string,
  change: { kind: "changeRole"; role: Role } | { kind: "remove" },
) {
  const result = await prisma.$transaction(async (tx) => {
    // Lock the workspace's memberships so two admins cannot demote each other at once.
    await tx.$queryRaw`SELECT id FROM membership WHERE workspace_id = ${scope.workspaceId}::uuid FOR UPDATE`;
    const members = await currentMembers(tx, scope.workspaceId);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw new DomainError("NOT_FOUND", "member.notMember");
    const after = applyMembershipChange(members, { ...change, userId });
    if (after === "LAST_ADMIN") throw new DomainError("CONFLICT", "member.lastAdmin");
    const membership = await tx.membership.findUniqueOrThrow({
      where: { userId_workspaceId: { userId, workspaceId: scope.workspaceId } },
      include: { user: { select: { email: true, name: true } } },
    });
    const before = { userId, email: membership.user.email, name: membership.user.name, role: target.role };
    if (change.kind === "remove") {
      await tx.membership.delete({ where: { id: membership.id } });
      await recordAudit(tx, scope, { action: "member.removed", entityType: "membership", entityId: membership.id, before });
    } else {
      await tx.membership.update({ where: { id: membership.id }, data: { role: change.role } });
      await recordAudit(tx, scope, {
        action: "member.roleChanged",
        entityType: "membership",
        entityId: membership.id,
        before,
        after: { ...before, role: change.role },
      });
    }
    return before;
  });
  // Their live connections close (the collaboration hub, the live record pages).
  eventBus.publish(
    change.kind === "remove"
      ? { type: "membership.changed", kind: "removed", workspaceId: scope.workspaceId, userId }
      : { type: "membership.changed", kind: "roleChanged", workspaceId: scope.workspaceId, userId, role: change.role },
  );
  return result;
}

export function changeMemberRole(prisma: Db, scope: Scope, userId: string, role: Role) {
  return changeMembership(prisma, scope, userId, { kind: "changeRole", role });
}

/** Removes a member; returns their e-mail and former role so the UI can offer undo. */
export function removeMember(prisma: Db, scope: Scope, userId: string) {
  return changeMembership(prisma, scope, userId, { kind: "remove" });
}
