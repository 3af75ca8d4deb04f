// bench/notify digest: a daily digest run for 10,000 users, each with notifications in two
// workspaces from the day before, on a fresh embedded PGlite and (with BENCH_DATABASE_URL or
// TEST_DATABASE_URL) a fresh PostgreSQL database. Prints the run's time, the mails it queued,
// and a second run (as another instance would, or after a restart) that must queue none.
// Target: the run finishes within one minute (issue 21, Measure).
//   pnpm --filter @regiotafel/bench notify:digest     (BENCH_USERS=10000, BENCH_PER_USER=3, BENCH_BATCH=500)
import { rm } from "node:fs/promises";
import { openDatabase, runDigests, type Database } from "@regiotafel/db";
import { createPostgresDatabase, postgresServerUrl, tempDir } from "../lib/databases";
import { fmt } from "../lib/stats";

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const PER_USER = Number(process.env.BENCH_PER_USER ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const TARGET_MS = 60_000;
// Tuesday 8 December 2026, 09:00 in Amsterdam: the daily digest of 2026-12-08 is due.
const NOW = new Date("2026-12-08T08:00:00Z");

async function seed(db: Database): Promise<void> {
  const p = db.prisma;
  const region = await p.region.create({ data: { slug: "bench", name: "Bench" } });
  const org = await p.organisation.create({ data: { slug: "bench", name: "Bench", kind: "MUNICIPALITY", regionId: region.id } });
  const a = await p.workspace.create({ data: { slug: "bench-a", name: "Limburg", regions: { create: [{ regionId: region.id }] } } });
  const b = await p.workspace.create({ data: { slug: "bench-b", name: "Rivierenland", regions: { create: [{ regionId: region.id }] } } });
  const actor = await p.user.create({ data: { email: "actor@bench.example", name: "Anna de Vries", organisationId: org.id, passwordHash: "x" } });
  // USERS with the daily digest (the default for comments), and a tenth more who chose the
  // weekly one: their notifications are scanned but not in this run.
  await p.$executeRawUnsafe(
    `INSERT INTO app_user (id, email, name, organisation_id, password_hash)
     SELECT gen_random_uuid(), 'u' || i || '@bench.example', 'Gebruiker ' || i, $1::uuid, 'x' FROM generate_series(1, $2::int) AS i
     UNION ALL
     SELECT gen_random_uuid(), 'w' || i || '@bench.example', 'Wekelijks ' || i, $1::uuid, 'x' FROM generate_series(1, $2::int / 10) AS i`,
    org.id,
    USERS,
  );
  // Members of both workspaces: a digest lists only workspaces the user still belongs to.
  await p.$executeRawUnsafe(
    `INSERT INTO membership (id, user_id, workspace_id, role)
     SELECT gen_random_uuid(), u.id, w.id, 'EDITOR'::"Role" FROM app_user u CROSS JOIN (VALUES ($1::uuid), ($2::uuid)) AS w(id) WHERE u.email LIKE '_%@bench.example' AND u.id <> $3::uuid`,
    a.id,
    b.id,
    actor.id,
  );
  await p.$executeRawUnsafe(`INSERT INTO notification_preference (user_id, kind, delivery) SELECT id, 'comment', 'WEEKLY' FROM app_user WHERE email LIKE 'w%@bench.example'`);
  await p.$executeRawUnsafe(
    `INSERT INTO notification (id, user_id, workspace_id, kind, actor_id, path, params, created_at)
     SELECT gen_random_uuid(), u.id, CASE WHEN k % 2 = 0 THEN $1::uuid ELSE $2::uuid END, 'comment', $3::uuid,
            '/w/bench-a/documenten/d' || k, jsonb_build_object('title', 'Stuk ' || k), $4::timestamptz - k * interval '1 hour'
     FROM app_user u CROSS JOIN generate_series(1, $5::int) AS k
     WHERE u.email LIKE '_%@bench.example' AND u.id <> $3::uuid`,
    a.id,
    b.id,
    actor.id,
    new Date("2026-12-07T20:00:00Z"),
    PER_USER,
  );
}

async function measure(label: string, db: Database): Promise<number> {
  let started = performance.now();
  await seed(db);
  console.log(`${label}: seeded ${USERS} daily-digest users (+${USERS / 10} weekly) with ${PER_USER} notifications each in ${fmt(performance.now() - started)} ms`);
  started = performance.now();
  const first = await runDigests(db.prisma, { now: NOW, period: "daily", batchSize: BATCH });
  const ms = performance.now() - started;
  console.log(`${label}: digest run ${first.periodKey}: ${first.mailed} mails with ${first.notifications} notifications in ${fmt(ms)} ms (${fmt(first.mailed / (ms / 1000))} users/s, ${BATCH} per transaction)`);
  started = performance.now();
  const second = await runDigests(db.prisma, { now: new Date(NOW.getTime() + 5 * 60_000), period: "daily", batchSize: BATCH });
  console.log(`${label}: second run (another instance, a restart): ${second.mailed} mails in ${fmt(performance.now() - started)} ms`);
  const counted = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM mail_outbox WHERE template = 'digest'`);
  const n = counted[0]?.n ?? 0;
  if (n !== USERS || first.mailed !== USERS || second.mailed !== 0) throw new Error(`expected ${first.mailed} digest mails once, found ${n} (second run ${second.mailed})`);
  console.log(`${label}: target < ${TARGET_MS / 1000} s -> ${fmt(ms / 1000)} s: ${ms < TARGET_MS ? "MET" : "NOT MET"}`);
  return ms;
}

const dir = await tempDir("regiotafel-bench-digest-");
const pglite = await openDatabase({ dataDir: dir });
try {
  await measure("PGlite", pglite);
} finally {
  await pglite.close();
  await rm(dir, { recursive: true, force: true });
}
const server = postgresServerUrl();
if (!server) console.log("PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://…)");
else {
  const pg = await createPostgresDatabase(server, "regiotafel_bench_digest");
  const db = await openDatabase({ url: pg.url });
  try {
    await measure("PostgreSQL", db);
  } finally {
    await db.close();
    await pg.drop();
  }
}
