import { DEMO_ADMIN, DEMO_EMAIL_DOMAIN, DEMO_PLATFORM_ADMIN, DEMO_WORKSPACES } from "../../../prisma/seed/demo-data";
import type { Db } from "./client";
import { importDirectory } from "./services/directory";

export { DEMO_PASSWORD, DEMO_EMAIL_DOMAIN, DEMO_PLATFORM_ADMIN } from "../../../prisma/seed/demo-data";

export const demoEmail = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

/**
 * Creates the demo workspaces, regions and accounts when they are not there yet; the demo's
 * municipalities are the organisation directory's rows (by CBS code), placed in their regions. Safe to call on every start: it does nothing once the `limburg` workspace exists.
 * @param passwordHash hash of DEMO_PASSWORD, shared by every demo account.
 * @returns true when it created the data.
 */
export async function seedDemoData(prisma: Db, passwordHash: string): Promise<boolean> {
  if (await prisma.workspace.findUnique({ where: { slug: "limburg" } })) {
    // Demo data from before the platform administrators gets theirs too.
    await seedDemoPlatformAdmin(prisma, passwordHash);
    return false;
  }
  // The demo's municipalities are the directory's (ADR 0020): make sure it is there.
  await importDirectory(prisma);

  await prisma.$transaction(async (tx) => {
    const adminOrg = await tx.organisation.create({
      data: { slug: "regiotafel-beheer", name: DEMO_ADMIN.organisation, kind: "REGIONAL_BODY" },
    });
    const admin = await tx.user.create({
      data: { email: DEMO_ADMIN.email, name: DEMO_ADMIN.name, organisationId: adminOrg.id, passwordHash },
    });

    for (const ws of DEMO_WORKSPACES) {
      const workspace = await tx.workspace.create({
        data: { slug: ws.slug, name: ws.name, description: ws.description },
      });
      await tx.membership.create({ data: { userId: admin.id, workspaceId: workspace.id, role: "ADMIN" } });

      for (const r of ws.regions) {
        const region = await tx.region.create({ data: { slug: r.slug, name: r.name } });
        await tx.workspaceRegion.create({ data: { workspaceId: workspace.id, regionId: region.id } });

        const body = await tx.organisation.create({
          data: { slug: `${r.slug}-regio`, name: r.body, kind: "REGIONAL_BODY", regionId: region.id },
        });
        const coordinator = await tx.user.create({
          data: {
            email: demoEmail(`coordinator.${r.coordinatorKey}`),
            name: `Coördinator ${r.name}`,
            organisationId: body.id,
            passwordHash,
          },
        });
        await tx.membership.create({ data: { userId: coordinator.id, workspaceId: workspace.id, role: "COORDINATOR" } });

        for (const m of r.municipalities) {
          const org = await tx.organisation.update({
            where: { cbsCode: m.code },
            data: { slug: m.slug, name: m.name, regionId: region.id },
          });
          const user = await tx.user.create({
            data: { email: demoEmail(m.slug), name: `Inkoop ${m.name}`, organisationId: org.id, passwordHash },
          });
          await tx.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: "EDITOR" } });
        }
      }
    }
  }, { timeout: 60_000 });
  await seedDemoPlatformAdmin(prisma, passwordHash);
  return true;
}

/**
 * The demo's platform administrator (platform@…): of the demo admin's organisation, a member
 * of no workspace, so it sees the platform page and no workspace content. Idempotent.
 */
async function seedDemoPlatformAdmin(prisma: Db, passwordHash: string): Promise<void> {
  if (await prisma.user.findUnique({ where: { email: DEMO_PLATFORM_ADMIN.email }, select: { id: true } })) return;
  const organisation = await prisma.organisation.findUniqueOrThrow({ where: { slug: "regiotafel-beheer" } });
  await prisma.user.create({
    data: { email: DEMO_PLATFORM_ADMIN.email, name: DEMO_PLATFORM_ADMIN.name, organisationId: organisation.id, passwordHash, platformAdmin: { create: {} } },
  });
}
