import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "./database";

/**
 * A fresh, migrated, empty database for one test file.
 * With TEST_DATABASE_URL (a real PostgreSQL server, as in CI) a new database is created on
 * that server and dropped on close; otherwise an in-memory PGlite is started.
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({});
  const scratch = await createScratchDatabase(serverUrl, "regiotafel_test");
  const db = await openDatabase({ url: scratch.url, maxConnections: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      await scratch.drop();
    },
  };
}

/** A new, empty database with a random name on the PostgreSQL server at `serverUrl`. */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
