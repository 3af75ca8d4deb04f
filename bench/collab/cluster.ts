// bench/collab, multi-instance mode (issue 19): two Regiotafel instances on one PostgreSQL and
// one redis-server. The same scenario runs with every client on one instance, then with
// writers and observers spread over both, where observers measure only edits typed on the
// other instance (cross-instance propagation; every edit must still reach every observer). Rounds alternate; the ratio compares median p99s.
//   BENCH_DATABASE_URL=postgres://… pnpm --filter @regiotafel/bench collab:cluster
//   (BENCH_SECONDS=10, BENCH_ROUNDS=3, BENCH_SCENARIOS="50 editors")
import { randomBytes } from "node:crypto";
import { startRedisServer } from "@regiotafel/cluster/testing";
import { startServerProcess, type ServerProcess } from "@regiotafel/server/testing";
import { login } from "../lib/load";
import { fmt } from "../lib/stats";
import { createPostgresDatabase, postgresServerUrl, tempDir } from "../lib/databases";
import { createBenchDocuments, EDITS_PER_SECOND, line, run, type Result, type Scenario, type Target } from "./scenario";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_RATIO = 1.5;
const ALL: Scenario[] = [
  { label: "50 editors", documents: 1, editors: 50, observers: 4 },
  { label: "200 docs x 3", documents: 200, editors: 3, observers: 2 },
];
const chosen = process.env.BENCH_SCENARIOS?.split(",").map((l) => l.trim());
const SCENARIOS = chosen ? ALL.filter((s) => chosen.includes(s.label)) : ALL;

const serverUrl = postgresServerUrl();
if (!serverUrl) {
  console.error("bench/collab cluster needs PostgreSQL: set BENCH_DATABASE_URL=postgres://… (several instances cannot share embedded PGlite)");
  process.exit(1);
}

interface Instance {
  server: ServerProcess;
  base: string;
  cookies: string[];
}

async function instance(env: Record<string, string>): Promise<Instance> {
  const server = await startServerProcess({ NODE_ENV: "test", ...env }, await tempDir("regiotafel-bench-cluster-"));
  const base = server.url.replace("localhost", "127.0.0.1");
  const cookies: string[] = [];
  for (const m of ["weert", "nederweert", "leudal", "venlo", "roermond", "venray", "gennep", "beesel"]) cookies.push(await login(base, `${m}@demo.regiotafel.nl`));
  return { server, base, cookies };
}

function target(name: string, instances: Instance[], spread: boolean, admin: string): Target {
  let documentIds: string[] = [];
  const pick = (client: number) => instances[spread ? client % instances.length : 0]!;
  return {
    name,
    pid: instances[0]!.server.process.pid!,
    documentUrl: (doc, client) => `${pick(client).base.replace("http", "ws")}/collab/doc.${documentIds[doc]}`,
    headers: (i) => ({ Cookie: pick(i).cookies[i % 8]!, Origin: pick(i).base }),
    // Spread: an observer measures only the edits typed on the other instance.
    measures: spread ? (observer, writer) => observer % instances.length !== writer % instances.length : undefined,
    async prepare(documents) {
      documentIds = await createBenchDocuments(instances[0]!.base, admin, documents);
    },
    stop: async () => undefined,
  };
}

console.log(`bench/collab cluster: ${EDITS_PER_SECOND} edits/s per editor, ${SECONDS}s per scenario after 2s warm-up, ${ROUNDS} alternating rounds`);
const pg = await createPostgresDatabase(serverUrl, "regiotafel_bench_cluster");
const redis = await startRedisServer();
// Instances joined through Redis share one secret key (the server refuses to start without it).
const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, REGIOTAFEL_SECRET_KEY: randomBytes(32).toString("base64") };
// One after the other: the second waits for nothing, the first migrated and seeded.
const a = await instance(env);
const b = await instance(env);
const admin = await login(a.base, "admin@demo.regiotafel.nl");
const one = target("1 instance", [a], false, admin);
const two = target("2 instances, across", [a, b], true, admin);
const results = new Map<string, { one: Result[]; two: Result[] }>();
try {
  for (const s of SCENARIOS) {
    const entry = { one: [] as Result[], two: [] as Result[] };
    results.set(s.label, entry);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [t, list] of [[one, entry.one], [two, entry.two]] as const) {
        const r = await run(t, s, SECONDS);
        line(t.name, s.label, r);
        list.push(r);
      }
    }
  }
} finally {
  await a.server.dispose();
  await b.server.dispose();
  await redis.dispose();
  await pg.drop();
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
console.log(`\ncross-instance p99 / one-instance p99 (medians over ${ROUNDS} rounds), target <= ${TARGET_RATIO} and 0 dropped:`);
for (const [label, r] of results) {
  const ratio = median(r.two.map((x) => x.p99)) / median(r.one.map((x) => x.p99));
  const dropped = Math.max(...r.two.map((x) => x.dropped), ...r.one.map((x) => x.dropped));
  const perRound = r.two.map((x, i) => fmt(x.p99 / r.one[i]!.p99, 2)).join(", ");
  console.log(
    `  ${label.padEnd(13)} p99 ${fmt(median(r.two.map((x) => x.p99)))} ms vs ${fmt(median(r.one.map((x) => x.p99)))} ms -> ${fmt(ratio, 2)} (per round ${perRound}), dropped ${dropped}: ${ratio <= TARGET_RATIO && dropped === 0 ? "MET" : "NOT MET"}`,
  );
}
