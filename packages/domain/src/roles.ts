/** Workspace roles, lowest to highest. Each role can do everything the ones below it can. */
export const ROLES = ["VIEWER", "EDITOR", "COORDINATOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function hasAtLeast(role: Role, minimum: Role): boolean {
  return roleRank(role) >= roleRank(minimum);
}

export const ORGANISATION_KINDS = ["MUNICIPALITY", "REGIONAL_BODY", "NATIONAL_NETWORK", "OTHER"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
