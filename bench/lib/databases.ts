import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@regiotafel/db";
import { createScratchDatabase } from "@regiotafel/db/testing";
import { fmt } from "./stats";

/** A fresh, empty database on the PostgreSQL server at `serverUrl`; returns its URL. */
export const createPostgresDatabase = createScratchDatabase;

export const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), prefix));

/** The PostgreSQL server to measure against: BENCH_DATABASE_URL, else TEST_DATABASE_URL. */
export function postgresServerUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
}

/**
 * Runs `measure` on a fresh embedded PGlite, then (when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL names a server) on a fresh PostgreSQL database, and prints whether the
 * worst p99 it returns for PostgreSQL meets `targetMs`.
 */
export async function onBothDatabases(name: string, targetMs: number, measure: (label: string, db: Database) => Promise<number>): Promise<void> {
  const dir = await tempDir(`regiotafel-bench-${name}-`);
  const pglite = await openDatabase({ dataDir: dir });
  try {
    await measure("PGlite", pglite);
  } finally {
    await pglite.close();
    await rm(dir, { recursive: true, force: true });
  }
  const server = postgresServerUrl();
  if (!server) {
    console.log("PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://…)");
    return;
  }
  const pg = await createPostgresDatabase(server, `regiotafel_bench_${name}`);
  const db = await openDatabase({ url: pg.url });
  try {
    const worst = await measure("PostgreSQL", db);
    console.log(`target p99 <= ${targetMs} ms on PostgreSQL -> worst p99 ${fmt(worst)} ms: ${worst <= targetMs ? "MET" : "NOT MET"}`);
  } finally {
    await db.close();
    await pg.drop();
  }
}
