// Instances started at once on one empty database migrate, import the directory and seed the
// demo data once; the others wait and then start on what is there (ADR 0033). On PostgreSQL
// (TEST_DATABASE_URL) three servers start at the same moment on a new database. The embedded
// database (no DATABASE_URL) belongs to one process, so there three start one after the other
// on one data folder, each stopping before the next, as in restarts (the lock is a formality).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, whileStarting } from "@regiotafel/db";
import { createScratchDatabase } from "@regiotafel/db/testing";
import { loadConfig } from "./config";
import { startServer, type RunningServer } from "./server";
import { loginCookie } from "./test-server";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let scratch: { url: string; drop(): Promise<void> } | undefined;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "regiotafel-start-"));
  if (onPostgres) scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, "regiotafel_start");
});
afterAll(async () => {
  await scratch?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const config = () =>
  loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    PASSWORD_HASH_COST: "10",
    ...(scratch ? { DATABASE_URL: scratch.url, DB_POOL_SIZE: "5" } : { DATA_DIR: dataDir }),
  });

/** The instance serves the demo data, and the database holds one set of it. */
async function servesOneSet(server: RunningServer) {
  const res = await fetch(`${server.url}/w/limburg/documenten`, { headers: { Cookie: await loginCookie(server.url, "weert@demo.regiotafel.nl") } });
  expect(res.status).toBe(200);
  const [counts] = await server.database.prisma.$queryRaw<{ workspaces: number; migrations: number }[]>`
    SELECT (SELECT count(*)::int FROM workspace WHERE slug = 'limburg') AS workspaces,
           (SELECT count(*)::int FROM _regiotafel_migrations) AS migrations`;
  expect(counts!.workspaces).toBe(1);
  expect(counts!.migrations).toBeGreaterThan(5);
}

describe("starting several instances on one empty database", () => {
  it(`${onPostgres ? "three at the same moment" : "three in turn"}: all start, one seeds, the others find it done`, { timeout: 180_000 }, async () => {
    const started: Pick<RunningServer, "seeded" | "directory">[] = [];
    if (onPostgres) {
      const results = await Promise.allSettled([startServer(config()), startServer(config()), startServer(config())]);
      const servers = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      try {
        expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
        for (const server of servers) await servesOneSet(server);
        started.push(...servers);
      } finally {
        await Promise.all(servers.map((s) => s.close()));
      }
    } else {
      for (let i = 0; i < 3; i++) {
        const server = await startServer(config());
        try {
          expect(server.database.kind).toBe("pglite");
          await servesOneSet(server);
          started.push(server);
        } finally {
          await server.close();
        }
      }
    }
    expect(started.map((s) => s.seeded).sort()).toEqual([false, false, true]);
    expect(started.filter((s) => s.directory.inserted > 0)).toHaveLength(1);
  });

  it("runs the start-up work of one instance at a time, and lets the next go when one fails", async () => {
    const embedded = onPostgres ? null : await startEmbeddedPostgres();
    const url = scratch?.url ?? embedded!.url;
    try {
      let running = 0;
      let most = 0;
      const work = (fail: boolean) => async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 50));
        running--;
        if (fail) throw new Error("seed failed");
        return "done";
      };
      const results = await Promise.allSettled([0, 1, 2, 3].map((i) => whileStarting({ kind: "postgres", url }, work(i === 1))));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
      // PostgreSQL has one holder of the lock at a time (PGlite's one session holds it for every caller).
      expect(most).toBe(onPostgres ? 1 : 4);
      expect(await whileStarting({ kind: "pglite", url: "postgres://nowhere.invalid/x" }, async () => "embedded: nothing to lock")).toBe("embedded: nothing to lock");
    } finally {
      await embedded?.stop();
    }
  });
});
