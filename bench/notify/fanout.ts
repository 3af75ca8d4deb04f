// bench/notify fan-out (issue 21): one comment on a tender followed by 1,000 members fans out
// to 1,000 notifications inside the comment's transaction. Measures, against the real server
// process on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL):
//   - the latency of comment.start (the change and its 1,000 notifications, committed), p99,
//     alone and while 8 connections read the overview;
//   - bench/api's workspace.overview p99 at 8 connections alone, and again while comments fan
//     out back to back, in the same run: the ratio.
// Targets: fan-out p99 <= 200 ms; overview p99 under fan-out <= 1.2 x alone.
//   pnpm --filter @regiotafel/bench notify:fanout      (BENCH_SECONDS=10 by default)
import pg from "pg";
import { createPostgresDatabase, postgresServerUrl } from "../lib/databases";
import { closedLoop, login } from "../lib/load";
import { startBenchServer } from "../lib/server-process";
import { fmt, summarise } from "../lib/stats";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const FOLLOWERS = Number(process.env.BENCH_FOLLOWERS ?? 1000);
const OVERVIEW = `/api/trpc/workspace.overview?input=${encodeURIComponent(JSON.stringify({ workspace: "limburg" }))}`;
const USERS = ["weert", "nederweert", "leudal", "venlo", "roermond", "coordinator.west", "admin", "horst-aan-de-maas"].map((u) => `${u}@demo.regiotafel.nl`);

/** 1,000 members of Limburg (viewers of Venlo) who follow the tender. */
async function seedFollowers(url: string, tenderTitle: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; workspace_id: string }>(`SELECT id, workspace_id FROM tender WHERE title = $1 LIMIT 1`, [tenderTitle]);
    const tender = rows[0]!;
    await client.query(
      `WITH venlo AS (SELECT u.organisation_id, u.password_hash FROM app_user u WHERE u.email = 'venlo@demo.regiotafel.nl'),
            made AS (
              INSERT INTO app_user (id, email, name, organisation_id, password_hash)
              SELECT gen_random_uuid(), 'volger' || g || '@bench.regiotafel.nl', 'Volger ' || g, venlo.organisation_id, venlo.password_hash
              FROM generate_series(1, $1::int) g, venlo RETURNING id),
            joined AS (INSERT INTO membership (id, user_id, workspace_id, role) SELECT gen_random_uuid(), id, $2::uuid, 'VIEWER' FROM made RETURNING user_id)
       INSERT INTO follow (user_id, workspace_id, subject_type, subject_id) SELECT user_id, $2::uuid, 'tender', $3::uuid FROM joined`,
      [FOLLOWERS, tender.workspace_id, tender.id],
    );
    return tender.id;
  } finally {
    await client.end();
  }
}

async function comment(baseUrl: string, cookie: string, tenderId: string, n: number): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${baseUrl}/api/trpc/comment.start`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: baseUrl, "Content-Type": "application/json" },
    body: JSON.stringify({ workspace: "limburg", subjectType: "tender", subjectId: tenderId, body: `Nieuwe marktcijfers, ronde ${n}.` }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`comment.start answered ${res.status}`);
  return performance.now() - start;
}

const server = postgresServerUrl();
if (!server) {
  console.log("bench/notify fan-out: skipped (set BENCH_DATABASE_URL=postgres://…; the fan-out is measured on PostgreSQL)");
  process.exit(0);
}
const db = await createPostgresDatabase(server, "regiotafel_bench_notify");
const app = await startBenchServer({ NODE_ENV: "test", DEMO_DATA: "1", DATABASE_URL: db.url });
try {
  const tenderId = await seedFollowers(db.url, "Wmo-begeleiding Midden-Limburg West");
  const cookies: string[] = [];
  for (const email of USERS) cookies.push(await login(app.url, email));
  const author = await login(app.url, "weert@demo.regiotafel.nl");
  console.log(`bench/notify fan-out: ${FOLLOWERS} followers of one tender, ${SECONDS}s per phase, PostgreSQL, server in its own process`);

  const alone = await closedLoop(app.url, OVERVIEW, cookies, 8, SECONDS);
  console.log(`overview alone        p50 ${fmt(alone.p50).padStart(6)} ms  p99 ${fmt(alone.p99).padStart(6)} ms  ${fmt(alone.rps, 0)} req/s`);

  // The fan-out alone: comments back to back, nothing else running.
  const quiet: number[] = [];
  const quietUntil = performance.now() + SECONDS * 1000;
  for (let n = 1; performance.now() < quietUntil; n++) quiet.push(await comment(app.url, author, tenderId, n));
  const q = summarise(quiet);
  console.log(`fan-out alone (comment.start + ${FOLLOWERS} notifications): ${q.count} comments, p50 ${fmt(q.p50)} ms, p99 ${fmt(q.p99)} ms`);

  // The same while 8 connections read the overview: the server's one event loop serves both.
  const fanout: number[] = [];
  let stop = false;
  const writer = (async () => {
    let n = 0;
    while (!stop) fanout.push(await comment(app.url, author, tenderId, ++n));
  })();
  const loaded = await closedLoop(app.url, OVERVIEW, cookies, 8, SECONDS);
  stop = true;
  await writer;
  const f = summarise(fanout);
  console.log(`overview under fan-out p50 ${fmt(loaded.p50).padStart(6)} ms  p99 ${fmt(loaded.p99).padStart(6)} ms  ${fmt(loaded.rps, 0)} req/s`);
  console.log(`fan-out under overview load: ${f.count} comments, p50 ${fmt(f.p50)} ms, p99 ${fmt(f.p99)} ms`);

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE kind = 'comment'`);
  await client.end();
  console.log(`notifications stored: ${rows[0]!.n} (expected ${(q.count + f.count) * FOLLOWERS})`);

  const ratio = loaded.p99 / alone.p99;
  console.log(`target fan-out p99 <= 200 ms -> ${fmt(q.p99)} ms alone: ${q.p99 <= 200 ? "MET" : "NOT MET"} (under overview load ${fmt(f.p99)} ms)`);
  console.log(`target overview p99 under fan-out <= 1.2 x alone -> ${fmt(ratio, 2)} x: ${ratio <= 1.2 ? "MET" : "NOT MET"}`);
} finally {
  await app.stop();
  await db.drop();
}
