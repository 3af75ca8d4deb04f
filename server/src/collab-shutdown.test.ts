// Shutdown stores what is pending: edits the server holds but has not written yet (the
// update table is locked by this test) must be in the database after close().
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { SqlDocumentStorage, plainText } from "@regiotafel/collab";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { startServer, type RunningServer } from "./server";
import { connectEditor } from "./test-collab-client";
import { loginCookie, testConfig } from "./test-server";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());


describe("shutdown", () => {
  it("writes edits that were still waiting for the database before it stops", async () => {
    const server: RunningServer = await startServer(testConfig(db));
    const doc = await db.prisma.document.findFirstOrThrow({ where: { kind: "STRATEGY", workspace: { slug: "limburg" } } });
    const a = connectEditor(server.url, doc.id, await loginCookie(server.url, "weert@demo.regiotafel.nl"));
    const b = connectEditor(server.url, doc.id, await loginCookie(server.url, "roermond@demo.regiotafel.nl"));
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await a.waitFor(() => a.provider.synced && b.provider.synced, "both synced");
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE document_update IN ACCESS EXCLUSIVE MODE");
      for (let i = 0; i < 10; i++) a.type(`in de wachtrij ${i} `, 2);
      await b.waitFor(() => b.text().includes("in de wachtrij 9"), "the server has the edits");
      expect(a.saveState()).toBe("syncing"); // not acknowledged: they cannot be stored yet

      const closing = server.close();
      await new Promise((r) => setTimeout(r, 300));
      await locker.query("COMMIT");
      await closing;
    } finally {
      a.destroy();
      b.destroy();
      await locker.end();
    }
    const stored = plainText((await new SqlDocumentStorage(db.prisma).load(doc.id)).state);
    for (let i = 0; i < 10; i++) expect(stored).toContain(`in de wachtrij ${i}`);
  });
});
