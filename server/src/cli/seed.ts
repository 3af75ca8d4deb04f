// `pnpm db:seed`: creates the demo workspaces if they are not there (never in production).
import { hashPassword } from "@regiotafel/auth";
import { seedDemoDocuments } from "@regiotafel/collab";
import { DEMO_PASSWORD, openDatabase, seedDemoData, seedDemoRecords, seedDemoLibrary } from "@regiotafel/db";
import { loadConfig } from "../config";

const config = loadConfig();
if (config.production) {
  console.error("Demo-data wordt nooit aangemaakt met NODE_ENV=production.");
  process.exit(1);
}
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  const demoHash = await hashPassword(DEMO_PASSWORD, config.passwordCost);
  const created = await seedDemoData(db.prisma, demoHash);
  await seedDemoDocuments(db.prisma);
  await seedDemoRecords(db.prisma);
  await seedDemoLibrary(db.prisma, demoHash);
  console.log(created ? "Demo-werkruimtes aangemaakt." : "Demo-werkruimtes bestonden al.");
} finally {
  await db.close();
}
