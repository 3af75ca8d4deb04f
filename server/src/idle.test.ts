// A signed-in person who reads something for a while and then goes on: the pool has closed
// its idle connection by then (or the database server restarted), and every page, the API
// and the co-editing socket must work on the new connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { RunningServer } from "./server";
import { connectEditor, upgradeStatus } from "./test-collab-client";
import { loginCookie, startTestServer } from "./test-server";
import { documentRoomName } from "@regiotafel/collab";

let server: RunningServer;
let strategyId: string;

beforeAll(async () => {
  server = await startTestServer({ DB_IDLE_SECONDS: "1" });
  const strategy = await server.database.prisma.document.findFirstOrThrow({ where: { kind: "STRATEGY", workspace: { slug: "limburg" } } });
  strategyId = strategy.id;
});
afterAll(() => server.close());

async function waitUntil(predicate: () => boolean | Promise<boolean>, label: string) {
  const deadline = Date.now() + 15_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Signs in, opens pages and the API, and edits the strategy over a WebSocket. */
async function useTheApp(email: string) {
  const cookie = await loginCookie(server.url, email);
  for (const path of ["/", "/w/limburg", "/w/limburg/documenten", `/w/limburg/documenten/${strategyId}`, "/w/limburg/aanbestedingen"]) {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(res.status, path).toBe(200);
  }
  const api = await fetch(`${server.url}/api/trpc/workspace.list`, { headers: { Cookie: cookie } });
  expect(api.status).toBe(200);
  expect(await upgradeStatus(server.url, `/collab/${documentRoomName(strategyId)}`, { Cookie: cookie, Origin: server.url })).toBe(101);
  const editor = connectEditor(server.url, strategyId, cookie);
  try {
    await editor.waitFor(() => editor.provider.synced, "sync");
    editor.type(` ${email}`);
    await editor.waitSaved();
  } finally {
    editor.destroy();
  }
  return cookie;
}

describe("after the database connection went away", () => {
  it("keeps serving once the pool has closed its idle connection", async () => {
    const cookie = await useTheApp("weert@demo.regiotafel.nl");
    const pool = server.database.prisma.$pool;
    await waitUntil(() => pool.totalCount === 0, "the pool to close its idle connection");

    // The same session goes on, and a new sign-in works too.
    const page = await fetch(`${server.url}/w/limburg/formatie`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    await useTheApp("roermond@demo.regiotafel.nl");
  });

  it("keeps serving after the server ended every connection (as in a restart)", async () => {
    await useTheApp("venlo@demo.regiotafel.nl");
    if (process.env.TEST_DATABASE_URL) {
      // A restart of PostgreSQL ends every session; so does pg_terminate_backend.
      const admin = new pg.Client({ connectionString: server.database.url });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
      await admin.end();
    }
    // PGlite cannot end its clients' sessions; its connection closes when idle instead.
    await waitUntil(() => server.database.prisma.$pool.totalCount === 0, "the pool to drop its connections");
    await useTheApp("venlo@demo.regiotafel.nl");
  });
});

