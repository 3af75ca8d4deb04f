// `pnpm db:seed`: creates the demo workspaces if they are not there (never in production).
import { hashPassword } from "@regiotafel/auth";
import { seedDemoDocuments } from "@regiotafel/collab";
import { DEMO_PASSWORD, openDatabase, seedDemoData, seedDemoRecords } from "@regiotafel/db";
import { loadConfig } from "../config";

const config = loadConfig();
if (config.production) {
  console.error("Demo-data wordt nooit aangemaakt met NODE_ENV=production.");
  process.exit(1);
}
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  const created = await seedDemoData(db.prisma, await hashPassword(DEMO_PASSWORD, config.passwordCost));
  await seedDemoDocuments(db.prisma);
  await seedDemoRecords(db.prisma);
  console.log(created ? "Demo-werkruimtes aangemaakt." : "Demo-werkruimtes bestonden al.");
} finally {
  await db.close();
}
