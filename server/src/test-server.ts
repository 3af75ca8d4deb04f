import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { loadConfig } from "./config";
import { startServer, type RunningServer } from "./server";

/**
 * The real server (HTTP, sessions, tRPC, Remix UI) on a free port over a fresh database:
 * in-memory PGlite, or a new database on TEST_DATABASE_URL's server.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const db = await createTestDatabase();
  const config = testConfig(db, env);
  // The server opens its own client on the same database; ours is only kept to drop it.
  await db.prisma.$disconnect();
  const server = await startServer(config);
  return {
    ...server,
    async close() {
      await server.close();
      await db.close();
    },
  };
}

/** Server settings for tests: a free port on loopback, cheap password hashes, the given database. */
export function testConfig(db: Database, env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    DB_POOL_SIZE: db.kind === "pglite" ? "1" : "5",
    PASSWORD_HASH_COST: "10",
    // A fixed key (32 bytes of 7s): nothing is written to DATA_DIR.
    REGIOTAFEL_SECRET_KEY: Buffer.alloc(32, 7).toString("base64"),
    ...env,
  });
}

/** Logs in through the real form and returns the session cookie ("name=value"). */
export async function loginCookie(url: string, email: string, password = "regiotafel-demo"): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("regiotafel_session="));
  if (res.status !== 302 || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(";")[0]!;
}
