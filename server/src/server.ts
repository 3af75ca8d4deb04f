import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAuth, type Auth } from "@regiotafel/auth";
import { DEMO_PASSWORD, openDatabase, seedDemoData, type Database } from "@regiotafel/db";
import type { Config } from "./config";
import { createHttpApp } from "./http";

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  database: Database;
  auth: Auth;
  seeded: boolean;
  /** Stops accepting requests, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database (migrating it), seeds demo data where allowed, and starts listening. */
export async function startServer(config: Config): Promise<RunningServer> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    maxConnections: config.dbPoolSize,
  });
  const auth = createAuth({
    prisma: database.prisma,
    secureCookies: true, // dropped only for http://localhost (request-context.ts)
    idleTimeoutMs: config.sessionIdleMs,
    absoluteLifetimeMs: config.sessionAbsoluteMs,
    passwordCost: config.passwordCost,
  });
  const seeded = config.demoData ? await seedDemoData(database.prisma, await auth.hashPassword(DEMO_PASSWORD)) : false;

  const { app, close: closeUi } = await createHttpApp({ config, prisma: database.prisma, auth });
  const http = createServer(app);
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const cleanup = setInterval(() => void auth.deleteExpiredSessions().catch(() => undefined), 60 * 60_000);
  cleanup.unref();

  return {
    url: `http://localhost:${port}`,
    port,
    http,
    database,
    auth,
    seeded,
    async close() {
      clearInterval(cleanup);
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeIdleConnections();
      });
      await closeUi();
      await database.close();
    },
  };
}
