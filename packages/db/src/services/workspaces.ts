import type { Db } from "../client";
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

/** Everything the workspace home shows: regions with their municipalities, and the members. */
export async function workspaceOverview(prisma: Db, scope: Scope) {
  const workspace = await prisma.workspace.findUniqueOrThrow({
    where: { id: scope.workspaceId },
    select: {
      slug: true,
      name: true,
      description: true,
      regions: {
        select: {
          region: {
            select: {
              id: true,
              slug: true,
              name: true,
              organisations: {
                orderBy: { name: "asc" },
                select: {
                  id: true,
                  slug: true,
                  name: true,
                  kind: true,
                  contactName: true,
                  contactEmail: true,
                  contactPhone: true,
                  version: true,
                },
              },
            },
          },
        },
      },
      memberships: {
        select: {
          role: true,
          user: { select: { id: true, name: true, email: true, organisation: { select: { id: true, name: true } } } },
        },
      },
    },
  });
  const regions = workspace.regions
    .map(({ region }) => ({
      id: region.id,
      slug: region.slug,
      name: region.name,
      bodies: region.organisations.filter((o) => o.kind === "REGIONAL_BODY").map((o) => ({ id: o.id, name: o.name })),
      municipalities: region.organisations
        .filter((o) => o.kind === "MUNICIPALITY")
        .map(({ kind: _kind, ...m }) => ({ ...m, isOwn: m.id === scope.organisationId })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "nl"));
  const members = workspace.memberships
    .map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      organisation: m.user.organisation.name,
      organisationId: m.user.organisation.id,
      role: m.role,
    }))
    .sort((a, b) => a.organisation.localeCompare(b.organisation, "nl") || a.name.localeCompare(b.name, "nl"));
  return {
    slug: workspace.slug,
    name: workspace.name,
    description: workspace.description,
    regions,
    members,
    me: { userId: scope.userId, role: scope.role, organisationId: scope.organisationId },
  };
}
