// bench/search: full-text search over 10,000 documents and 10,000 lots (plus 2,000 tenders and
// 1,000 decisions) in the workspaces of one user, on PGlite and PostgreSQL. Prints p50/p99 per
// query shape; target p99 <= 150 ms on PostgreSQL.
//   pnpm --filter @regiotafel/bench search    (BENCH_DATABASE_URL for PostgreSQL)
import { search, type Database } from "@regiotafel/db";
import { onBothDatabases } from "../lib/databases";
import { fmt, summarise } from "../lib/stats";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

const WORDS = [
  "inkoop", "aanbesteding", "jeugdhulp", "begeleiding", "ambulant", "verblijf", "behandeling", "wonen", "dagbesteding", "huishouden",
  "logeren", "beschermd", "opvang", "bemoeizorg", "preventie", "participatie", "werkgeversdienstverlening", "toegang", "contractmanagement",
  "leveranciersmanagement", "bekostiging", "inspanningsgericht", "outputgericht", "taakgericht", "tarief", "aanbieder", "cliënt", "gemeente",
  "regio", "bovenregionaal", "provinciaal", "samenwerking", "convenant", "stuurgroep", "regiegroep", "besluit", "perceel", "segment",
  "marktconsultatie", "gunning", "inschrijving", "implementatie", "verlenging", "kwaliteit", "transformatie", "maatwerk", "budget",
  "risico", "verdeling", "uitvoering", "beleid", "monitoring", "verantwoording", "administratieve", "lasten", "crisis", "specialistisch",
];

/** Generates the data set in SQL; returns the id of a user who is a member of the workspace. */
async function generate(db: Database): Promise<string> {
  const sql = db.prisma.$sql;
  const [ws] = await sql<{ id: string }>(`INSERT INTO workspace (id, slug, name) VALUES (gen_random_uuid(), 'zoek', 'Zoekbank') RETURNING id`);
  const workspaceId = ws!.id;
  const [other] = await sql<{ id: string }>(`INSERT INTO workspace (id, slug, name) VALUES (gen_random_uuid(), 'ander', 'Ander') RETURNING id`);
  const [org] = await sql<{ id: string }>(`INSERT INTO organisation (id, slug, name, kind, updated_at) VALUES (gen_random_uuid(), 'zoek-gemeente', 'Zoekgemeente', 'MUNICIPALITY', now()) RETURNING id`);
  const [user] = await sql<{ id: string }>(
    `INSERT INTO app_user (id, email, name, organisation_id, password_hash) VALUES (gen_random_uuid(), 'zoeker@bench.nl', 'Zoeker', $1, 'x') RETURNING id`,
    [org!.id],
  );
  await sql(`INSERT INTO membership (id, user_id, workspace_id, role) VALUES (gen_random_uuid(), $1, $2, 'EDITOR')`, [user!.id, workspaceId]);
  // `n` random words from the list in $2, different per row (the row reference keeps PostgreSQL from computing it once).
  const w = (n: number, row: string) => `(SELECT string_agg(($2::text[])[1 + floor(random() * ${WORDS.length})::int], ' ') FROM generate_series(1, ${n} + 0 * ${row}))`;
  // Half the documents in the member's workspace, half in another one (search must skip those).
  await sql(
    `INSERT INTO document (id, workspace_id, kind, title, search_text, updated_at)
     SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN $1::uuid ELSE $3::uuid END, 'FREE', 'Document ' || g || ' ' || ${w(3, "g")}, ${w(120, "g")}, now()
     FROM generate_series(1, 10000) g`,
    [workspaceId, WORDS, other!.id],
  );
  await sql(
    `INSERT INTO tender (id, workspace_id, title, description, domain, level, procedure, procuring_entity_id, updated_at)
     SELECT gen_random_uuid(), $1, 'Aanbesteding ' || g || ' ' || ${w(3, "g")}, ${w(40, "g")}, 'WMO', 'REGIONAAL', 'SAS_TWO_ROUNDS', $3, now()
     FROM generate_series(1, 2000) g`,
    [workspaceId, WORDS, org!.id],
  );
  await sql(
    `INSERT INTO lot (id, tender_id, segment, title, notes, sort_order)
     SELECT gen_random_uuid(), t.id, 'S' || g, 'Perceel ' || g || ' ' || ${w(4, "g")}, ${w(20, "g")}, g
     FROM tender t CROSS JOIN generate_series(1, 5) g WHERE t.workspace_id = $1`,
    [workspaceId, WORDS],
  );
  await sql(
    `INSERT INTO decision (id, workspace_id, date, title, decision)
     SELECT gen_random_uuid(), $1, DATE '2024-01-01' + g, 'Besluit ' || g || ' ' || ${w(3, "g")}, ${w(60, "g")}
     FROM generate_series(1, 1000) g`,
    [workspaceId, WORDS],
  );
  await sql("ANALYZE");
  const [counts] = await sql<{ documents: number; lots: number; tenders: number; decisions: number }>(
    `SELECT (SELECT count(*)::int FROM document) AS documents, (SELECT count(*)::int FROM lot) AS lots,
            (SELECT count(*)::int FROM tender) AS tenders, (SELECT count(*)::int FROM decision) AS decisions`,
  );
  console.log(`  data: ${counts!.documents} documents (half in another workspace), ${counts!.tenders} tenders, ${counts!.lots} lots, ${counts!.decisions} decisions`);
  return user!.id;
}

const QUERIES: [string, string][] = [
  ["one common word", "begeleiding"],
  ["one rare prefix", "werkgeversd"],
  ["two words", "beschermd wonen"],
  ["three words, typing", "jeugdhulp verblijf behan"],
  ["no match", "zwembadonderhoud"],
];

async function measure(label: string, db: Database) {
  console.log(label);
  const userId = await generate(db);
  let worst = 0;
  for (const [name, query] of QUERIES) {
    for (let i = 0; i < 10; i++) await search(db.prisma, userId, query); // warm-up
    const latencies: number[] = [];
    let hits = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const start = performance.now();
      hits = (await search(db.prisma, userId, query)).length;
      latencies.push(performance.now() - start);
    }
    const s = summarise(latencies);
    worst = Math.max(worst, s.p99);
    console.log(`  ${`${name} ("${query}")`.padEnd(44)} ${String(hits).padStart(3)} hits  p50 ${fmt(s.p50).padStart(7)} ms  p99 ${fmt(s.p99).padStart(7)} ms`);
  }
  return worst;
}

console.log(`bench/search: ${ITERATIONS} runs per query`);
await onBothDatabases("search", 150, measure);
