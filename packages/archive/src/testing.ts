import type { Readable } from "node:stream";
import { seedDemoData, seedDemoLibrary, seedDemoRecords, type Db } from "@regiotafel/db";
import { seedDemoDocuments } from "@regiotafel/collab";

/** Every byte of a stream. */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The Limburg demo (and the rest of the demo), as the server seeds it. */
export async function seedDemo(prisma: Db): Promise<string> {
  await seedDemoData(prisma, "!test");
  await seedDemoDocuments(prisma);
  await seedDemoRecords(prisma);
  await seedDemoLibrary(prisma, "!test");
  return (await prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" }, select: { id: true } })).id;
}

/** A platform administrator to import as (an account in an organisation of its own). */
export async function importer(prisma: Db): Promise<string> {
  const org = await prisma.organisation.create({ data: { slug: `beheer-${Date.now()}`, name: "Beheer", kind: "REGIONAL_BODY" } });
  const user = await prisma.user.create({ data: { email: `beheer-${Date.now()}@example.org`, name: "Beheer", organisationId: org.id, passwordHash: "!test" } });
  await prisma.platformAdmin.create({ data: { userId: user.id } });
  return user.id;
}
