// Several real y-websocket clients edit one document at once, dropping and restoring their
// connections at random; afterwards all of them, and the stored document, are identical.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlDocumentStorage, plainText } from "@regiotafel/collab";
import type { RunningServer } from "./server";
import { connectEditor, type TestEditor } from "./test-collab-client";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const ACCOUNTS = ["weert", "nederweert", "leudal", "venlo", "roermond"].map((m) => `${m}@demo.regiotafel.nl`);

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function newDocument(title: string): Promise<string> {
  const admin = await loginCookie(server.url, "admin@demo.regiotafel.nl");
  const res = await fetch(`${server.url}/api/trpc/document.create`, {
    method: "POST",
    headers: { Cookie: admin, Origin: server.url, "Content-Type": "application/json" },
    body: JSON.stringify({ workspace: "limburg", kind: "FREE", title }),
  });
  return ((await res.json()) as { result: { data: { id: string } } }).result.data.id;
}

async function converge(clients: number, seed: number) {
  const rnd = random(seed);
  const documentId = await newDocument(`Convergentie ${clients}`);
  const editors: TestEditor[] = [];
  for (let i = 0; i < clients; i++) editors.push(connectEditor(server.url, documentId, await loginCookie(server.url, ACCOUNTS[i]!)));
  try {
    await Promise.all(editors.map((e) => e.waitFor(() => e.provider.synced, "initial sync")));
    let disconnects = 0;
    for (let round = 0; round < 60; round++) {
      for (const [i, e] of editors.entries()) {
        const r = rnd();
        if (r < 0.08 && e.provider.wsconnected) {
          e.provider.disconnect();
          disconnects++;
        } else if (r < 0.3 && !e.provider.shouldConnect) {
          e.provider.connect();
        }
        // Typing goes on while offline: those edits must merge on reconnect. Inserting at the
        // start or end of a paragraph keeps each marker whole, so every one can be found.
        const paragraphs = e.doc.getXmlFragment("default").length;
        e.type(`[${i}.${round}]`, Math.floor(rnd() * (paragraphs + 1)), rnd() < 0.5 ? 0 : undefined);
      }
      await new Promise((r) => setTimeout(r, rnd() * 15));
    }
    expect(disconnects).toBeGreaterThan(0);
    for (const e of editors) if (!e.provider.shouldConnect) e.provider.connect();
    await Promise.all(editors.map((e) => e.waitSaved(20_000)));
    const expected = editors[0]!.text();
    await Promise.all(editors.map((e) => e.waitFor(() => e.text() === expected, "identical text", 20_000)));
    for (let i = 0; i < clients; i++) for (let round = 0; round < 60; round++) expect(expected).toContain(`[${i}.${round}]`);

    await server.hub.flush();
    const stored = plainText((await new SqlDocumentStorage(server.database.prisma).load(documentId)).state);
    expect(stored).toBe(expected);
  } finally {
    for (const e of editors) e.destroy();
  }
}

describe("convergence", () => {
  it("two clients with random disconnects end identical, and so does the stored document", () => converge(2, 20261124), 60_000);
  it("five clients with random disconnects end identical, and so does the stored document", () => converge(5, 4242), 60_000);
});
