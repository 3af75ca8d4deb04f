import { DEMO_CRITERIA, DEMO_SCENARIOS, DEMO_TEMPLATES } from "@regiotafel/domain";
import type { Prisma } from "./generated/prisma/client";
import type { Db } from "./client";
import { demoEmail } from "./seed";
import { contentHash } from "./services/library";

export const DEMO_NETWORK = { slug: "leernetwerk-inkoop-met-inhoud", name: "Leernetwerk Inkoop met Inhoud" };
/** The network's editor, who reviews what is published in its library. */
export const DEMO_MODERATOR = { email: demoEmail("redactie"), name: "Redactie Inkoop met Inhoud" };

/** MLW's scenario assessment (seed 001 §3): the three regions and MLW's municipalities take part. */
const ASSESSMENT_PARTICIPANTS = ["noord-limburg-regio", "midden-limburg-oost-regio", "midden-limburg-west-regio", "leudal", "nederweert", "weert"];

/**
 * The demo learning network with every municipality (and regional body) of the demo workspaces as a member, its
 * moderator, the five templates of the seeds, and MLW's scenario assessment. Once only.
 */
export async function seedDemoLibrary(prisma: Db, passwordHash: string): Promise<boolean> {
  if (!(await prisma.workspace.findUnique({ where: { slug: "limburg" } }))) return false;
  if (await prisma.organisation.findUnique({ where: { slug: DEMO_NETWORK.slug } })) return false;
  await prisma.$transaction(
    async (tx) => {
      const network = await tx.organisation.create({ data: { slug: DEMO_NETWORK.slug, name: DEMO_NETWORK.name, kind: "NATIONAL_NETWORK" } });
      const moderator = await tx.user.create({ data: { email: DEMO_MODERATOR.email, name: DEMO_MODERATOR.name, organisationId: network.id, passwordHash } });
      await tx.networkModerator.create({ data: { networkId: network.id, userId: moderator.id } });
      // Every municipality, and the regions' bodies so their coordinators can publish the region's work too.
      const members = await tx.organisation.findMany({ where: { kind: { in: ["MUNICIPALITY", "REGIONAL_BODY"] }, regionId: { not: null } }, select: { id: true } });
      await tx.networkMember.createMany({ data: members.map((m) => ({ networkId: network.id, organisationId: m.id })) });

      for (const t of DEMO_TEMPLATES) {
        await tx.template.create({
          data: {
            networkId: network.id,
            kind: t.kind,
            provenance: DEMO_NETWORK.name,
            publishedNumber: 1,
            createdById: moderator.id,
            versions: {
              create: {
                number: 1,
                title: t.title,
                description: t.description,
                tags: t.tags,
                content: t.content as unknown as Prisma.InputJsonValue,
                contentHash: contentHash(t.content),
                status: "APPROVED",
                submittedById: moderator.id,
                reviewedById: moderator.id,
                reviewedAt: new Date(),
              },
            },
          },
        });
      }

      const limburg = await tx.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
      const participants = await tx.organisation.findMany({ where: { slug: { in: ASSESSMENT_PARTICIPANTS } }, select: { id: true } });
      await tx.assessment.create({
        data: {
          workspaceId: limburg.id,
          title: "Scenario's samenwerking inkoop Midden-Limburg West",
          description:
            "Welke samenwerking past Midden-Limburg West op de middellange termijn? Scoor elk scenario per criterium: 1 punt (beperkt voldaan), 3 punten (voldaan) of 5 punten (uitstekend voldaan).",
          scenarios: { create: DEMO_SCENARIOS.map((s, sortOrder) => ({ ...s, sortOrder })) },
          criteria: { create: DEMO_CRITERIA.map((c, sortOrder) => ({ ...c, weight: 1, sortOrder })) },
          participants: { create: participants.map((p) => ({ organisationId: p.id })) },
        },
      });
    },
    { timeout: 60_000 },
  );
  return true;
}
