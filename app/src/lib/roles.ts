import { ROLES, type Role } from "@regiotafel/domain";

/** How many members have each role, highest role first, leaving out roles nobody has. */
export function countByRole(members: readonly { role: Role }[]): { role: Role; count: number }[] {
  return [...ROLES]
    .reverse()
    .map((role) => ({ role, count: members.filter((m) => m.role === role).length }))
    .filter((c) => c.count > 0);
}

