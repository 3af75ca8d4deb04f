// Nothing acknowledged is lost: the real server process, killed and restarted.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@regiotafel/db/testing";
import type { Database } from "@regiotafel/db";
import { startServerProcess, type ServerProcess } from "./testing/process";
import { connectEditor, type TestEditor } from "./test-collab-client";
import { loginCookie } from "./test-server";

let dataDir: string;
let postgres: Database | undefined;
let port: number;
const running: ServerProcess[] = [];
const editors: TestEditor[] = [];

/** Same data each time: the embedded database in `dataDir`, or TEST_DATABASE_URL's server. */
async function start(): Promise<ServerProcess> {
  const env: Record<string, string> = { PASSWORD_HASH_COST: "10" };
  if (postgres) env.DATABASE_URL = postgres.url;
  const server = await startServerProcess(env, dataDir, port);
  port = server.port;
  running.push(server);
  return server;
}

async function strategyOf(server: ServerProcess, cookie: string): Promise<string> {
  const input = encodeURIComponent(JSON.stringify({ workspace: "limburg" }));
  const res = await fetch(`${server.url}/api/trpc/document.list?input=${input}`, { headers: { Cookie: cookie } });
  const body = (await res.json()) as { result: { data: { id: string; kind: string }[] } };
  return body.result.data.find((d) => d.kind === "STRATEGY")!.id;
}

function editor(server: ServerProcess, documentId: string, cookie: string) {
  const e = connectEditor(server.url, documentId, cookie);
  editors.push(e);
  return e;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "regiotafel-durability-"));
  if (process.env.TEST_DATABASE_URL) {
    postgres = await createTestDatabase();
    await postgres.prisma.$disconnect();
  }
});
afterAll(async () => {
  for (const e of editors) e.destroy();
  for (const s of running) await s.stop("SIGKILL");
  await postgres?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("durability of edits", () => {
  it("keeps every acknowledged edit when the server is killed with SIGKILL", async () => {
    const first = await start();
    const weert = await loginCookie(first.url, "weert@demo.regiotafel.nl");
    const venlo = await loginCookie(first.url, "venlo@demo.regiotafel.nl");
    const documentId = await strategyOf(first, weert);
    const a = editor(first, documentId, weert);
    const b = editor(first, documentId, venlo);
    await a.waitFor(() => a.provider.synced && b.provider.synced, "both synced");
    for (let i = 0; i < 20; i++) {
      a.type(`weert-${i} `, 3);
      b.type(`venlo-${i} `, 5);
    }
    await a.waitSaved();
    await b.waitSaved();
    expect(await first.stop("SIGKILL")).toBeNull(); // killed, no exit code

    const second = await start();
    const reader = editor(second, documentId, await loginCookie(second.url, "leudal@demo.regiotafel.nl"));
    await reader.waitFor(() => reader.provider.synced, "reader synced");
    for (let i = 0; i < 20; i++) {
      expect(reader.text()).toContain(`weert-${i}`);
      expect(reader.text()).toContain(`venlo-${i}`);
    }
    await second.stop("SIGTERM");
  });

  it("stores edits still pending when the server gets SIGTERM", async () => {
    const first = await start();
    const weert = await loginCookie(first.url, "weert@demo.regiotafel.nl");
    const nederweert = await loginCookie(first.url, "nederweert@demo.regiotafel.nl");
    const documentId = await strategyOf(first, weert);
    const a = editor(first, documentId, weert);
    const b = editor(first, documentId, nederweert);
    await a.waitFor(() => a.provider.synced && b.provider.synced, "both synced");
    a.type("vlak voor het stoppen", 7);
    // Once B has it, the server holds it; stop at once, without waiting for "saved".
    await b.waitFor(() => b.text().includes("vlak voor het stoppen"), "B receives the edit", 5_000);
    expect(await first.stop("SIGTERM")).toBe(0);

    const second = await start();
    const reader = editor(second, documentId, await loginCookie(second.url, "leudal@demo.regiotafel.nl"));
    await reader.waitFor(() => reader.provider.synced, "reader synced");
    expect(reader.text()).toContain("vlak voor het stoppen");
    await second.stop("SIGTERM");
  });
});
