import { notFound, type OrganisationKind, type Role } from "@regiotafel/domain";
import type { Db } from "./client";

/** What one member may see and do in one workspace: resolved once per request, on the server. */
export interface Scope {
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  /** Region of the user's organisation (a municipality's or a regional body's), if any. */
  regionId: string | null;
  workspaceId: string;
  workspaceSlug: string;
  role: Role;
  /** The workspace is archived (ADR 0022): read-only for everyone, every mutation refused. */
  archived: boolean;
}

/**
 * The scoping helper: the member's scope in the workspace named `workspaceSlug`.
 * A workspace that does not exist and one the user is not a member of answer the same
 * NOT_FOUND, so outsiders cannot tell them apart.
 */
export async function resolveScope(prisma: Db, userId: string, workspaceSlug: string): Promise<Scope> {
  // Runs on every workspace request: one round trip.
  const rows = await prisma.$sql<Omit<Scope, "userId" | "workspaceSlug">>(
    `SELECT m.role, w.id AS "workspaceId", o.id AS "organisationId", o.kind AS "organisationKind", o.region_id AS "regionId",
            w.archived_at IS NOT NULL AS archived
     FROM membership m
     JOIN workspace w ON w.id = m.workspace_id
     JOIN app_user u ON u.id = m.user_id
     JOIN organisation o ON o.id = u.organisation_id
     WHERE m.user_id = $1::uuid AND w.slug = $2`,
    [userId, workspaceSlug],
    { prepare: "resolve_scope_archived" },
  );
  const row = rows[0];
  if (!row) throw notFound();
  return { ...row, userId, workspaceSlug };
}

/** Ids of the regions taking part in the workspace. */
export async function workspaceRegionIds(prisma: Db, workspaceId: string): Promise<string[]> {
  const rows = await prisma.workspaceRegion.findMany({ where: { workspaceId }, select: { regionId: true } });
  return rows.map((r) => r.regionId);
}

/**
 * A municipality of the workspace by id, or NOT_FOUND when the id names anything else
 * (another workspace's municipality, a regional body, nothing at all).
 */
export async function findWorkspaceMunicipality(prisma: Db, scope: Scope, municipalityId: string) {
  const org = await prisma.organisation.findFirst({
    where: {
      id: municipalityId,
      kind: "MUNICIPALITY",
      region: { workspaces: { some: { workspaceId: scope.workspaceId } } },
    },
  });
  if (!org) throw notFound();
  return org;
}
