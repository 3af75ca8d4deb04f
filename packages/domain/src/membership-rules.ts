import type { Role } from "./roles";

export interface MemberRole {
  userId: string;
  role: Role;
}

export type MembershipChange =
  | { kind: "changeRole"; userId: string; role: Role }
  | { kind: "remove"; userId: string };

/**
 * A workspace must always keep at least one admin, or nobody can manage it any more.
 * @returns the members after the change, or "LAST_ADMIN" when the change would leave none.
 */
export function applyMembershipChange(
  members: readonly MemberRole[],
  change: MembershipChange,
): MemberRole[] | "LAST_ADMIN" {
  const after =
    change.kind === "remove"
      ? members.filter((m) => m.userId !== change.userId)
      : members.map((m) => (m.userId === change.userId ? { ...m, role: change.role } : m));
  const adminsBefore = members.filter((m) => m.role === "ADMIN").length;
  const adminsAfter = after.filter((m) => m.role === "ADMIN").length;
  if (adminsBefore > 0 && adminsAfter === 0) return "LAST_ADMIN";
  return after;
}
