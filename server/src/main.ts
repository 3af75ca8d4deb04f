import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from "@regiotafel/db";
import { ConfigError, loadConfig, type Config } from "./config";
import { startServer, type RunningServer } from "./server";
import { setupLink, setupLogLine } from "./setup-link";

let config: Config;
let server: RunningServer;
try {
  config = loadConfig();
  server = await startServer(config);
} catch (error) {
  // One line an operator can act on, not a stack trace; exit code 1.
  const reason = error instanceof ConfigError ? `invalid configuration: ${error.message}` : error instanceof Error ? error.message : String(error);
  console.error(`Regiotafel start niet — ${reason.replace(/\s*\n\s*/g, " ")}`);
  if (!(error instanceof ConfigError) && process.env.DEBUG) console.error(error);
  process.exit(1);
}

const listening = config.host === "127.0.0.1" || config.host === "localhost" || config.host === "::1" ? "alleen vanaf deze machine; HOST=0.0.0.0 voor het netwerk" : `op ${config.host}`;
console.log(
  `Regiotafel draait op ${server.url} (${listening}; database: ${server.database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL"})`,
);
if (config.redisUrl) {
  // Host and port only: the URL may carry a password.
  const redis = new URL(config.redisUrl);
  console.log(
    `Instanties: samen met de andere via Redis op ${redis.host}${server.transport?.connected() ? "" : " (nog niet bereikbaar; /readyz antwoordt 503 tot Redis er is)"}; load balancers vragen /readyz`,
  );
}
if (server.directory.inserted + server.directory.updated + server.directory.adopted > 0) {
  const d = server.directory;
  console.log(`Organisatieregister: ${d.inserted} gemeenten toegevoegd, ${d.updated} bijgewerkt, ${d.adopted} gekoppeld aan hun CBS-code`);
}
if (server.mail.kind === "smtp") {
  console.log(`E-mail: via ${new URL(config.mail.smtpUrl!).host}, afzender ${config.mail.from}`);
} else {
  console.log(
    config.production
      ? "Let op: geen SMTP_URL — e-mails worden niet verzonden, alleen in dit log gezet (met hun links). Stel SMTP_URL in."
      : `E-mail: niet verzonden (geen SMTP_URL); elke e-mail staat in dit log en op ${server.url}/dev/mail`,
  );
}
if (config.demoData) {
  console.log(
    `Demo-accounts: <gemeente>@${DEMO_EMAIL_DOMAIN} (bijv. weert@${DEMO_EMAIL_DOMAIN}), coordinator.west@${DEMO_EMAIL_DOMAIN}, admin@${DEMO_EMAIL_DOMAIN}, redactie@${DEMO_EMAIL_DOMAIN} (moderator leernetwerk)` +
      ` — wachtwoord: ${DEMO_PASSWORD}${server.seeded ? " (demo-werkruimtes zojuist aangemaakt)" : ""}`,
  );
}
if (server.setupToken) console.log(setupLogLine(setupLink(config, server.url, server.setupToken)));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: Regiotafel stopt…`);
  // /readyz turns 503 at once; after DRAIN_DELAY_MS live connections close (ADR 0033).
  const force = setTimeout(() => process.exit(1), 10_000 + config.drainDelayMs);
  force.unref();
  try {
    await server.close();
    console.log("Regiotafel is gestopt.");
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
// Ctrl-C reaches the whole process group (pnpm and this process): `pnpm start` execs node,
// so no shell in between dies of the SIGINT and pnpm sees this process's own exit code.
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
