// bench/api, multi-instance mode (issue 19): the workspace-overview query at 1, 8 and 32
// concurrent keep-alive connections, in one run, against one instance directly and against
// two instances behind HAProxy (deploy/haproxy.cfg), on one PostgreSQL with Redis. On a
// 2-core machine two instances cannot add capacity: this shows what the proxy costs.
//   pnpm --filter @regiotafel/bench api:cluster   (BENCH_SECONDS=10; TEST_DATABASE_URL or Debian's PostgreSQL)
import { startCluster } from "@regiotafel/scale";
import { closedLoop, login, type LoadResult } from "../lib/load";
import { fmt } from "../lib/stats";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LEVELS = [1, 8, 32];
const PATH = `/api/trpc/workspace.overview?input=${encodeURIComponent(JSON.stringify({ workspace: "limburg" }))}`;
const USERS = ["weert", "nederweert", "leudal", "venlo", "roermond", "coordinator.west", "admin", "horst-aan-de-maas"].map((u) => `${u}@demo.regiotafel.nl`);

const cluster = await startCluster({ instances: 2, env: { NODE_ENV: "test" } });
try {
  const direct = cluster.instances[0]!.url.replace("localhost", "127.0.0.1");
  const proxied = cluster.url;
  const cookies: string[] = [];
  for (const email of USERS) cookies.push(await login(direct, email));
  console.log(`bench/api cluster: workspace.overview, ${SECONDS}s per level; sessions in PostgreSQL serve both`);
  const results: Record<string, LoadResult[]> = { "1 direct": [], "2 via HAProxy": [] };
  for (const c of LEVELS) {
    for (const [label, base] of [["1 direct", direct], ["2 via HAProxy", proxied]] as const) {
      const r = await closedLoop(base, PATH, cookies, c, SECONDS);
      results[label]!.push(r);
      console.log(`${label.padEnd(14)} ${String(c).padStart(3)} conn  ${fmt(r.rps, 0).padStart(6)} req/s  p50 ${fmt(r.p50).padStart(6)} ms  p99 ${fmt(r.p99).padStart(6)} ms  errors ${r.errors}`);
    }
  }
  console.log("\nHAProxy + 2 instances relative to 1 instance direct (req/s ratio, p99 ratio):");
  LEVELS.forEach((c, i) => {
    const [a, b] = [results["1 direct"]![i]!, results["2 via HAProxy"]![i]!];
    console.log(`  ${String(c).padStart(3)} conn  ${fmt(b.rps / a.rps, 2)}  ${fmt(b.p99 / a.p99, 2)}`);
  });
} finally {
  await cluster.dispose();
}
