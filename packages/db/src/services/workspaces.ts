import type { Db } from "../client";
import type { Role } from "@regiotafel/domain";
import type { Scope } from "../scope";

/** The workspaces a user is a member of, with their role and regions. */
export async function listWorkspacesForUser(prisma: Db, userId: string) {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    select: {
      role: true,
      workspace: {
        select: {
          slug: true,
          name: true,
          description: true,
          regions: { select: { region: { select: { name: true } } } },
          _count: { select: { memberships: true } },
        },
      },
    },
  });
  return memberships
    .map((m) => ({
      slug: m.workspace.slug,
      name: m.workspace.name,
      description: m.workspace.description,
      role: m.role,
      regions: m.workspace.regions.map((r) => r.region.name).sort((a, b) => a.localeCompare(b, "nl")),
      memberCount: m.workspace._count.memberships,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "nl"));
}

interface OrganisationRow {
  regionId: string;
  regionSlug: string;
  regionName: string;
  id: string;
  slug: string;
  name: string;
  kind: "MUNICIPALITY" | "REGIONAL_BODY" | "NATIONAL_NETWORK";
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  version: number;
}

interface MemberRow {
  userId: string;
  name: string;
  email: string;
  organisation: string;
  organisationId: string;
  role: Role;
}

/**
 * Everything the workspace home shows: regions with their municipalities, and the members.
 * The most-read query of the product, so it is one plain round trip.
 */
export async function workspaceOverview(prisma: Db, scope: Scope) {
  // One round trip: PostgreSQL assembles the three parts as JSON.
  const [row] = await prisma.$sql<{ workspace: { slug: string; name: string; description: string }; organisations: OrganisationRow[]; members: MemberRow[] }>(
    `SELECT
       (SELECT json_build_object('slug', slug, 'name', name, 'description', description) FROM workspace WHERE id = $1::uuid) AS workspace,
       (SELECT coalesce(json_agg(json_build_object(
           'regionId', r.id, 'regionSlug', r.slug, 'regionName', r.name,
           'id', o.id, 'slug', o.slug, 'name', o.name, 'kind', o.kind,
           'contactName', o.contact_name, 'contactEmail', o.contact_email, 'contactPhone', o.contact_phone,
           'version', o.version)), '[]')
        FROM workspace_region wr
        JOIN region r ON r.id = wr.region_id
        LEFT JOIN organisation o ON o.region_id = r.id AND o.kind IN ('MUNICIPALITY', 'REGIONAL_BODY')
        WHERE wr.workspace_id = $1::uuid) AS organisations,
       (SELECT coalesce(json_agg(json_build_object(
           'userId', u.id, 'name', u.name, 'email', u.email,
           'organisation', o.name, 'organisationId', o.id, 'role', m.role)), '[]')
        FROM membership m JOIN app_user u ON u.id = m.user_id JOIN organisation o ON o.id = u.organisation_id
        WHERE m.workspace_id = $1::uuid) AS members`,
    [scope.workspaceId],
    { prepare: "workspace_overview" },
  );
  const { workspace, organisations, members } = row!;
  const byRegion = new Map<string, { id: string; slug: string; name: string; bodies: { id: string; name: string }[]; municipalities: Municipality[] }>();
  for (const row of organisations) {
    let region = byRegion.get(row.regionId);
    if (!region) {
      region = { id: row.regionId, slug: row.regionSlug, name: row.regionName, bodies: [], municipalities: [] };
      byRegion.set(row.regionId, region);
    }
    if (!row.id) continue; // a region without organisations
    if (row.kind === "REGIONAL_BODY") region.bodies.push({ id: row.id, name: row.name });
    else
      region.municipalities.push({
        id: row.id,
        slug: row.slug,
        name: row.name,
        contactName: row.contactName,
        contactEmail: row.contactEmail,
        contactPhone: row.contactPhone,
        version: row.version,
        isOwn: row.id === scope.organisationId,
      });
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "nl");
  const regions = [...byRegion.values()].sort(byName);
  for (const region of regions) {
    region.bodies.sort(byName);
    region.municipalities.sort(byName);
  }
  members.sort((a, b) => a.organisation.localeCompare(b.organisation, "nl") || a.name.localeCompare(b.name, "nl"));
  return {
    slug: workspace.slug,
    name: workspace.name,
    description: workspace.description,
    /** Archived (ADR 0022): every page says so, and nothing can be changed. */
    archived: scope.archived,
    regions,
    members,
    // The member as the operation contracts take it: pages ask them what to offer (permits).
    me: { userId: scope.userId, role: scope.role, organisationId: scope.organisationId, organisationKind: scope.organisationKind, regionId: scope.regionId },
  };
}

export interface Municipality {
  id: string;
  slug: string;
  name: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  version: number;
  isOwn: boolean;
}
