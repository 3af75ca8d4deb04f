import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from "@regiotafel/db";
import { loadConfig } from "./config";
import { startServer } from "./server";

const config = loadConfig();
const server = await startServer(config);

console.log(`Regiotafel draait op ${server.url} (database: ${server.database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL"})`);
if (config.demoData) {
  console.log(
    `Demo-accounts: <gemeente>@${DEMO_EMAIL_DOMAIN} (bijv. weert@${DEMO_EMAIL_DOMAIN}), coordinator.west@${DEMO_EMAIL_DOMAIN}, admin@${DEMO_EMAIL_DOMAIN}, redactie@${DEMO_EMAIL_DOMAIN} (moderator leernetwerk)` +
      ` — wachtwoord: ${DEMO_PASSWORD}${server.seeded ? " (demo-werkruimtes zojuist aangemaakt)" : ""}`,
  );
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: Regiotafel stopt…`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await server.close();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
