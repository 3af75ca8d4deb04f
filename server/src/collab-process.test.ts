// No message can stop the process: hostile frames from a viewer and an editor against the
// real server process, which afterwards still serves pages and co-editing to everyone else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestDatabase } from "@regiotafel/db/testing";
import type { Database } from "@regiotafel/db";
import { CLOSE_CODES, documentRoomName, MAX_FRAME_BYTES } from "@regiotafel/collab";
import { awarenessFrame, danglingDeleteUpdate, deeplyNested, syncFrame, SYNC_STEP2, SYNC_UPDATE } from "@regiotafel/collab/testing";
import { startServerProcess, type ServerProcess } from "./testing/process";
import { connectEditor } from "./test-collab-client";
import { loginCookie } from "./test-server";

let server: ServerProcess;
let postgres: Database | undefined;
let strategyId: string;
let viewerCookie: string;
let editorCookie: string;

beforeAll(async () => {
  const env: Record<string, string> = { PASSWORD_HASH_COST: "10" };
  if (process.env.TEST_DATABASE_URL) {
    postgres = await createTestDatabase();
    await postgres.prisma.$disconnect();
    env.DATABASE_URL = postgres.url;
  }
  server = await startServerProcess(env);
  const admin = await loginCookie(server.url, "admin@demo.regiotafel.nl");
  // Tiel (Rivierenland) becomes a viewer of Limburg.
  const added = await fetch(`${server.url}/api/trpc/member.add`, {
    method: "POST",
    headers: { Cookie: admin, Origin: server.url, "Content-Type": "application/json" },
    body: JSON.stringify({ workspace: "limburg", email: "tiel@demo.regiotafel.nl", role: "VIEWER" }),
  });
  expect(added.status).toBe(200);
  viewerCookie = await loginCookie(server.url, "tiel@demo.regiotafel.nl");
  editorCookie = await loginCookie(server.url, "weert@demo.regiotafel.nl");
  const input = encodeURIComponent(JSON.stringify({ workspace: "limburg" }));
  const list = (await (await fetch(`${server.url}/api/trpc/document.list?input=${input}`, { headers: { Cookie: editorCookie } })).json()) as {
    result: { data: { id: string; kind: string }[] };
  };
  strategyId = list.result.data.find((d) => d.kind === "STRATEGY")!.id;
}, 120_000);
afterAll(async () => {
  await server?.dispose();
  await postgres?.close();
});

function open(cookie: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/collab/${documentRoomName(strategyId)}`, { headers: { Cookie: cookie, Origin: server.url } });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

/** The process is up, answers a signed-in page, and two editors still co-edit. */
async function stillServing(marker: string) {
  expect(server.process.exitCode).toBeNull();
  expect(server.process.signalCode).toBeNull();
  const page = await fetch(`${server.url}/w/limburg/documenten`, { headers: { Cookie: editorCookie } });
  expect(page.status).toBe(200);
  const a = connectEditor(server.url, strategyId, editorCookie);
  const b = connectEditor(server.url, strategyId, await loginCookie(server.url, "venlo@demo.regiotafel.nl"));
  try {
    await a.waitFor(() => a.provider.synced && b.provider.synced, "both synced");
    a.type(marker, 2);
    await b.waitFor(() => b.text().includes(marker), "the other editor receives the edit");
    await a.waitSaved();
  } finally {
    a.destroy();
    b.destroy();
  }
}

describe("the server process survives hostile members", () => {
  it("a viewer's deeply nested presence entry, while it never finishes closing, stops nothing", async () => {
    const attacker = await open(viewerCookie);
    attacker.send(awarenessFrame([[1234, 1, deeplyNested(200_000)]]));
    attacker.send(awarenessFrame([[1235, 1, JSON.stringify({ user: { name: "x".repeat(MAX_FRAME_BYTES - 1024) } })]]));
    // It stops reading: a close from the server is never answered, so its connection lingers.
    attacker.pause();
    await stillServing("Na de geneste aanwezigheid");
    attacker.terminate();
  });

  it("an editor's broken and dangling updates are refused with a typed close, and stop nothing", async () => {
    const attacker = await open(editorCookie);
    const closed = new Promise<number>((resolve) => attacker.once("close", (code) => resolve(code)));
    attacker.send(syncFrame(SYNC_STEP2, new Uint8Array([0, 0]))); // its sync done: nothing is held for it
    attacker.send(syncFrame(SYNC_UPDATE, danglingDeleteUpdate()));
    expect(await closed).toBe(CLOSE_CODES.UPDATE_REFUSED);
    for (const frame of [new Uint8Array([0, 2, 5, 1, 1, 200, 5]), new Uint8Array([0]), new Uint8Array([7, 7, 7]), new Uint8Array([1, 255, 255])]) {
      const ws = await open(editorCookie);
      ws.send(frame);
      ws.pause();
    }
    await stillServing("Na de kapotte updates");
  });
});
