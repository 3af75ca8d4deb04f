// Test support for the hub on PostgreSQL (PGlite in memory, or TEST_DATABASE_URL's server).
import { createInitialSnapshot, type Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { afterAll, beforeAll } from "vitest";
import { SqlDocumentStorage } from "./sql-storage";

export interface SqlTestStorage {
  db: Database;
  storage: SqlDocumentStorage;
  workspaceId: string;
  /** A new document with `state` as its first snapshot (none when null); returns its id. */
  newDocument(state: Uint8Array | null, title?: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh database with one workspace, and the SQL storage over it. */
export async function sqlTestStorage(): Promise<SqlTestStorage> {
  const db = await createTestDatabase();
  const workspaceId = (await db.prisma.workspace.create({ data: { slug: "test", name: "Test" } })).id;
  return {
    db,
    storage: new SqlDocumentStorage(db.prisma),
    workspaceId,
    async newDocument(state, title = "Test") {
      const { id } = await db.prisma.document.create({ data: { workspaceId, kind: "FREE", title }, select: { id: true } });
      if (state) await createInitialSnapshot(db.prisma, id, state);
      return id;
    },
    close: () => db.close(),
  };
}

/** The SQL storage for one test file: created before its tests, closed after them. */
export function sqlStorageForFile(): SqlTestStorage {
  const sql = {} as SqlTestStorage;
  beforeAll(async () => {
    Object.assign(sql, await sqlTestStorage());
  });
  afterAll(() => sql.close());
  return sql;
}
