// bench/records: the staffing comparison and the tender board with 50 regions, 500
// municipalities, 2,000 tenders and 10,000 lots in one workspace, on PGlite and PostgreSQL.
// Prints p50/p99 of each query; target p99 <= 100 ms on PostgreSQL.
//   pnpm --filter @regiotafel/bench records    (BENCH_DATABASE_URL for PostgreSQL)
import { staffingComparison, tenderBoard, type Database, type Scope } from "@regiotafel/db";
import { onBothDatabases } from "../lib/databases";
import { fmt, summarise } from "../lib/stats";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

/** Generates the data set in SQL (seconds, not minutes). */
async function generate(db: Database): Promise<Scope> {
  const sql = db.prisma.$sql;
  const [ws] = await sql<{ id: string }>(`INSERT INTO workspace (id, slug, name) VALUES (gen_random_uuid(), 'bench', 'Bench') RETURNING id`);
  const workspaceId = ws!.id;
  await sql(`INSERT INTO region (id, slug, name) SELECT gen_random_uuid(), 'regio-' || g, 'Regio ' || g FROM generate_series(1, 50) g`);
  await sql(`INSERT INTO workspace_region (workspace_id, region_id) SELECT $1, id FROM region WHERE slug LIKE 'regio-%'`, [workspaceId]);
  await sql(
    `INSERT INTO organisation (id, slug, name, kind, region_id, updated_at)
     SELECT gen_random_uuid(), 'gemeente-' || r.slug || '-' || g, 'Gemeente ' || r.name || '-' || g, 'MUNICIPALITY', r.id, now()
     FROM region r CROSS JOIN generate_series(1, 10) g WHERE r.slug LIKE 'regio-%'`,
  );
  await sql(
    `INSERT INTO staffing_line (id, workspace_id, region_id, function, fte_current, fte_minimum, employment)
     SELECT gen_random_uuid(), $1, r.id, 'Functie ' || g, round((random() * 3)::numeric, 2), CASE WHEN g = 5 THEN NULL ELSE round((random() * 3)::numeric, 2) END, 'EMPLOYED'
     FROM region r CROSS JOIN generate_series(1, 5) g WHERE r.slug LIKE 'regio-%'`,
    [workspaceId],
  );
  await sql(
    `INSERT INTO staffing_line (id, workspace_id, municipality_id, function, fte_current, fte_minimum, employment)
     SELECT gen_random_uuid(), $1, o.id, 'Functie ' || g, round((random() * 2)::numeric, 2), round((random() * 2)::numeric, 2), CASE WHEN g = 4 THEN 'HIRED'::"Employment" ELSE 'EMPLOYED'::"Employment" END
     FROM organisation o CROSS JOIN generate_series(1, 4) g WHERE o.slug LIKE 'gemeente-regio-%'`,
    [workspaceId],
  );
  const statuses = ["PLANNED", "MARKET_CONSULTATION", "PUBLISHED", "QUESTIONS", "BIDS_DUE", "PROVISIONAL_AWARD", "FINAL_AWARD", "IMPLEMENTATION", "RUNNING", "EXTENDED", "ENDED", "CANCELLED"];
  await sql(
    `WITH m AS (SELECT id, region_id, row_number() OVER (ORDER BY slug) AS n FROM organisation WHERE slug LIKE 'gemeente-regio-%')
     INSERT INTO tender (id, workspace_id, owner_region_id, title, domain, level, procedure, procuring_entity_id, status, estimated_value, updated_at)
     SELECT gen_random_uuid(), $1, m.region_id, 'Aanbesteding ' || g, (ARRAY['JEUGD','WMO','PARTICIPATIE','BW_MO'])[1 + g % 4]::"SocialDomain",
            'REGIONAAL', 'SAS_TWO_ROUNDS', m.id, ($2::text[])[1 + g % 12]::"TenderStatus", g * 1000, now()
     FROM generate_series(1, 2000) g JOIN m ON m.n = 1 + g % 500`,
    [workspaceId, statuses],
  );
  await sql(
    `INSERT INTO tender_participant (tender_id, organisation_id)
     SELECT DISTINCT t.id, o.id FROM tender t JOIN organisation o ON o.region_id = t.owner_region_id
     WHERE t.workspace_id = $1 AND right(o.slug, 1) IN ('1', '3', '5', '7', '9')`,
    [workspaceId],
  );
  await sql(
    `INSERT INTO lot (id, tender_id, title, sort_order) SELECT gen_random_uuid(), t.id, 'Perceel ' || g, g FROM tender t CROSS JOIN generate_series(1, 5) g WHERE t.workspace_id = $1`,
    [workspaceId],
  );
  await sql(
    `INSERT INTO lot_participation (lot_id, municipality_id, participating)
     SELECT l.id, tp.organisation_id, true FROM lot l JOIN tender t ON t.id = l.tender_id JOIN tender_participant tp ON tp.tender_id = t.id
     WHERE t.workspace_id = $1 AND l.sort_order <= 3`,
    [workspaceId],
  );
  await sql(
    `INSERT INTO milestone (id, tender_id, type, title, due_date, status)
     SELECT gen_random_uuid(), t.id, 'APPROVAL', 'Mijlpaal ' || g, DATE '2026-01-01' + (random() * 700)::int, CASE WHEN g < 3 THEN 'MET'::"MilestoneStatus" ELSE 'SCHEDULED'::"MilestoneStatus" END
     FROM tender t CROSS JOIN generate_series(1, 4) g WHERE t.workspace_id = $1`,
    [workspaceId],
  );
  await sql("ANALYZE");
  const [counts] = await sql<{ regions: number; municipalities: number; tenders: number; lots: number; lines: number }>(
    `SELECT (SELECT count(*)::int FROM workspace_region WHERE workspace_id = $1) AS regions,
            (SELECT count(*)::int FROM organisation WHERE slug LIKE 'gemeente-regio-%') AS municipalities,
            (SELECT count(*)::int FROM tender WHERE workspace_id = $1) AS tenders,
            (SELECT count(*)::int FROM lot l JOIN tender t ON t.id = l.tender_id WHERE t.workspace_id = $1) AS lots,
            (SELECT count(*)::int FROM staffing_line WHERE workspace_id = $1) AS lines`,
    [workspaceId],
  );
  console.log(`  data: ${counts!.regions} regions, ${counts!.municipalities} municipalities, ${counts!.tenders} tenders, ${counts!.lots} lots, ${counts!.lines} staffing lines`);
  const [member] = await sql<{ id: string; region_id: string }>(`SELECT id, region_id FROM organisation WHERE slug LIKE 'gemeente-regio-%' LIMIT 1`);
  return {
    userId: "00000000-0000-4000-8000-000000000000",
    organisationId: member!.id,
    organisationKind: "MUNICIPALITY",
    regionId: member!.region_id,
    workspaceId,
    workspaceSlug: "bench",
    role: "EDITOR",
    archived: false,
  };
}

async function time(label: string, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await run(); // warm-up
  const latencies: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await run();
    latencies.push(performance.now() - start);
  }
  const s = summarise(latencies);
  console.log(`  ${label.padEnd(34)} p50 ${fmt(s.p50).padStart(7)} ms  p99 ${fmt(s.p99).padStart(7)} ms`);
  return s.p99;
}

async function measure(label: string, db: Database) {
  console.log(label);
  const scope = await generate(db);
  return Math.max(
    await time("staffing comparison (550 units)", () => staffingComparison(db.prisma, scope)),
    await time("tender board (2,000 tenders)", () => tenderBoard(db.prisma, scope)),
    await time("tender board, one status", () => tenderBoard(db.prisma, scope, { status: "PUBLISHED" })),
  );
}

console.log(`bench/records: ${ITERATIONS} runs per query`);
await onBothDatabases("records", 100, measure);
