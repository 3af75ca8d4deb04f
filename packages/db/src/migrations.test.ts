import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { loadMigrations, migrate, type Migration } from "./migrations";
import { createTestDatabase } from "./testing";
import type { Database } from "./database";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase(); // already migrated with the real migrations
});
afterAll(() => db.close());

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migration runner", () => {
  it("records every migration of prisma/migrations once", async () => {
    const files = await loadMigrations();
    expect(files.length).toBeGreaterThan(0);
    const rows = await query<{ name: string }>("SELECT name FROM _regiotafel_migrations ORDER BY name");
    expect(rows.map((r) => r.name)).toEqual(files.map((f) => f.name));
  });

  it("applies nothing the second time", async () => {
    expect(await migrate(db.url)).toEqual([]);
  });

  it("applies a new migration once, in order", async () => {
    const extra: Migration = { name: "9990_test_extra", sql: "CREATE TABLE test_extra (id int)", checksum: "x1" };
    const all = [...(await loadMigrations()), extra];
    expect(await migrate(db.url, all)).toEqual(["9990_test_extra"]);
    expect(await migrate(db.url, all)).toEqual([]);
    expect(await query("SELECT * FROM test_extra")).toEqual([]);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const all = await loadMigrations();
    const tampered = all.map((m, i) => (i === 0 ? { ...m, checksum: "changed" } : m));
    await expect(migrate(db.url, tampered)).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls back a failing migration completely and does not record it", async () => {
    const broken: Migration = {
      name: "9991_test_broken",
      sql: "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;",
      checksum: "x2",
    };
    await expect(migrate(db.url, [...(await loadMigrations()), broken])).rejects.toThrow(/9991_test_broken failed/);
    const tables = await query<{ n: string }>("SELECT count(*)::text AS n FROM pg_tables WHERE tablename = 'half_done'");
    expect(tables[0]!.n).toBe("0");
    const recorded = await query("SELECT name FROM _regiotafel_migrations WHERE name = '9991_test_broken'");
    expect(recorded).toEqual([]);
  });
});
