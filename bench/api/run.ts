// bench/api: the authenticated workspace-overview query (GET /api/trpc/workspace.overview)
// at 1, 8 and 32 concurrent keep-alive connections, against the real server process on the
// embedded PGlite and on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL; skipped
// without one). Prints requests/s and p50/p99 latency; target on PostgreSQL at 32
// connections: >= 300 requests/s with p99 <= 100 ms.
//   pnpm --filter @regiotafel/bench api            (BENCH_SECONDS=10 by default)
import { rm } from "node:fs/promises";
import { createPostgresDatabase, postgresServerUrl, tempDir } from "../lib/databases";
import { closedLoop, login, type LoadResult } from "../lib/load";
import { startBenchServer } from "../lib/server-process";
import { fmt } from "../lib/stats";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LEVELS = [1, 8, 32];
const PATH = `/api/trpc/workspace.overview?input=${encodeURIComponent(JSON.stringify({ workspace: "limburg" }))}`;
const USERS = ["weert", "nederweert", "leudal", "venlo", "roermond", "coordinator.west", "admin", "horst-aan-de-maas"].map(
  (u) => `${u}@demo.regiotafel.nl`,
);

async function measure(label: string, env: Record<string, string>): Promise<LoadResult[]> {
  const server = await startBenchServer({ NODE_ENV: "test", DEMO_DATA: "1", ...env });
  try {
    const cookies: string[] = [];
    for (const email of USERS) cookies.push(await login(server.url, email));
    const results: LoadResult[] = [];
    for (const c of LEVELS) {
      const r = await closedLoop(server.url, PATH, cookies, c, SECONDS);
      results.push(r);
      console.log(`${label.padEnd(10)} ${String(c).padStart(3)} conn  ${fmt(r.rps, 0).padStart(6)} req/s  p50 ${fmt(r.p50).padStart(6)} ms  p99 ${fmt(r.p99).padStart(6)} ms  errors ${r.errors}`);
    }
    return results;
  } finally {
    await server.stop();
  }
}

const TARGETS = (process.env.BENCH_TARGETS ?? "pglite,postgres").split(",");

console.log(`bench/api: workspace.overview, ${SECONDS}s per level, server in its own process`);
if (TARGETS.includes("pglite")) {
  const dataDir = await tempDir("regiotafel-bench-api-");
  try {
    await measure("PGlite", { DATA_DIR: dataDir });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const pgServer = TARGETS.includes("postgres") ? postgresServerUrl() : undefined;
if (!pgServer) {
  console.log("PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to measure it)");
} else {
  const db = await createPostgresDatabase(pgServer, "regiotafel_bench_api");
  try {
    const results = await measure("PostgreSQL", { DATABASE_URL: db.url });
    const at32 = results.find((r) => r.concurrency === 32)!;
    const ok = at32.rps >= 300 && at32.p99 <= 100 && at32.errors === 0;
    console.log(`target PostgreSQL @32: >= 300 req/s, p99 <= 100 ms -> ${fmt(at32.rps, 0)} req/s, p99 ${fmt(at32.p99)} ms: ${ok ? "MET" : "NOT MET"}`);
  } finally {
    await db.drop();
  }
}
