// Randomized convergence: five real y-websocket clients edit one document concurrently while
// they drop and restore their connections and the hub restarts (shutdown, then a new hub on
// the same storage). Afterwards every client and the stored document are identical.
// Seeded: a failure prints its seed and path, and CONVERGENCE_SEED / CONVERGENCE_PATH replay it.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { trackSaveState, type SaveStateTracker } from "./client";
import { CONTENT_FIELD, initialState } from "./content";
import { CollabHub } from "./hub";
import { MemoryDocumentStorage } from "./memory-storage";
import { documentRoomName } from "./protocol";
import { memoryWebSocket } from "./testing";

const CLIENTS = 5;
const SEED = Number(process.env.CONVERGENCE_SEED ?? 1512);
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 15);
/** What the runs did, so that the test can tell it really restarted and reconnected. */
const seen = { restarts: 0, disconnects: 0, offlineEdits: 0 };

const store = new MemoryDocumentStorage();
const workspaceId = "workspace";

type Action =
  | { kind: "type"; client: number; paragraph: number; offset: number; text: string }
  | { kind: "delete"; client: number; paragraph: number; offset: number; length: number }
  | { kind: "split"; client: number; paragraph: number }
  | { kind: "disconnect"; client: number }
  | { kind: "connect"; client: number }
  | { kind: "restart"; downMs: number }
  | { kind: "wait"; ms: number };

const client = fc.integer({ min: 0, max: CLIENTS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("type" as const), client, paragraph: fc.nat(20), offset: fc.nat(200), text: fc.string({ minLength: 1, maxLength: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), client, paragraph: fc.nat(20), offset: fc.nat(200), length: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("split" as const), client, paragraph: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), client }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("connect" as const), client }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restart" as const), downMs: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 15 }) }) },
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function paragraphText(doc: Y.Doc, index: number): Y.XmlText | null {
  const fragment = doc.getXmlFragment(CONTENT_FIELD);
  if (fragment.length === 0) return null;
  const element = fragment.get(index % fragment.length);
  if (!(element instanceof Y.XmlElement)) return null;
  const text = element.get(0);
  return text instanceof Y.XmlText ? text : null;
}

type Edit = Extract<Action, { kind: "type" | "delete" | "split" }>;

function apply(doc: Y.Doc, a: Edit): void {
  const fragment = doc.getXmlFragment(CONTENT_FIELD);
  if (a.kind === "split") {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(`¶${a.client}`)]);
    fragment.insert(Math.min(a.paragraph, fragment.length), [paragraph]);
    return;
  }
  const text = paragraphText(doc, a.paragraph);
  if (!text) return;
  if (a.kind === "type") text.insert(a.offset % (text.length + 1), a.text);
  else if (a.kind === "delete" && text.length > 0) {
    const at = a.offset % text.length;
    text.delete(at, Math.min(a.length, text.length - at));
  }
}

const contentOf = (doc: Y.Doc) => doc.getXmlFragment(CONTENT_FIELD).toJSON();

async function scenario(actions: Action[]): Promise<void> {
  const documentId = store.create(initialState([{ type: "paragraph", text: "begin" }, { type: "paragraph", text: "midden" }, { type: "paragraph", text: "eind" }]));
  // Honest clients: nothing should be logged (a refused update, a failed compaction or write).
  const problems: string[] = [];
  const newHub = () =>
    new CollabHub({ store, commitDelayMs: 5, compactEvery: 25, unloadAfterMs: 60_000, log: (message, error) => problems.push(`${message}: ${String(error)}`) });
  let hub: CollabHub | null = newHub();
  const WebSocketPolyfill = memoryWebSocket((url) => {
    if (!hub) return null;
    const user = new URL(url).searchParams.get("user") ?? "?";
    return { hub, request: { documentId, workspaceId, userId: user, canEdit: true, presence: { name: user, organisation: "Test", color: "#0b5c7a" } } };
  });
  const clients: { doc: Y.Doc; provider: WebsocketProvider; tracker: SaveStateTracker }[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider("ws://memory/collab", documentRoomName(documentId), doc, {
      WebSocketPolyfill: WebSocketPolyfill as unknown as typeof WebSocket,
      disableBc: true,
      maxBackoffTime: 30,
      params: { user: `u${i}` },
    });
    clients.push({ doc, provider, tracker: trackSaveState(provider, () => undefined) });
  }
  try {
    await waitFor(() => clients.every((c) => c.provider.synced), "initial sync");
    for (const a of actions) {
      if (a.kind === "wait") await sleep(a.ms);
      else if (a.kind === "disconnect") {
        if (clients[a.client]!.provider.wsconnected) seen.disconnects++;
        clients[a.client]!.provider.disconnect();
      }
      else if (a.kind === "connect") clients[a.client]!.provider.connect();
      else if (a.kind === "restart") {
        const stopping = hub;
        hub = null;
        await stopping?.shutdown();
        seen.restarts++;
        await sleep(a.downMs);
        hub = newHub();
      } else {
        if (!clients[a.client]!.provider.wsconnected) seen.offlineEdits++;
        apply(clients[a.client]!.doc, a); // edits go on while disconnected too
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
    const expected = () => contentOf(clients[0]!.doc);
    await waitFor(
      () => clients.every((c) => c.provider.synced && c.tracker.state() === "saved" && contentOf(c.doc) === expected()),
      "every client saved and identical",
      20_000,
      () =>
        clients
          .map((c, i) => `client ${i}: connected ${c.provider.wsconnected}, synced ${c.provider.synced}, ${c.tracker.state()}, same ${contentOf(c.doc) === expected()}, sv ${JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(c.doc))])}`)
          .join("\n") + `\nhub: ${JSON.stringify(hub?.getStats())}`,
    );
    for (const c of clients) expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(clients[0]!.doc));
    await hub!.flush();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.load(documentId)).state);
    expect(contentOf(stored)).toBe(expected());
    for (const c of clients) expect(contentOf(c.doc)).toBe(expected());
    expect(problems).toEqual([]);
  } finally {
    for (const c of clients) {
      c.tracker.destroy();
      c.provider.destroy();
      c.doc.destroy();
    }
    await hub?.shutdown();
  }
}

async function waitFor(predicate: () => boolean, label: string, timeoutMs = 20_000, explain?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}${explain ? `\n${explain()}` : ""}`);
    await sleep(10);
  }
}

describe("randomized convergence", () => {
  it(`five clients with concurrent edits, disconnects and hub restarts end identical, and so does the stored document (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 30, maxLength: 90 }), async (actions) => {
        await scenario(actions);
      }),
      { seed: SEED, numRuns: RUNS, path: process.env.CONVERGENCE_PATH, endOnFailure: true },
    );
    expect(seen.restarts).toBeGreaterThan(0);
    expect(seen.disconnects).toBeGreaterThan(0);
    expect(seen.offlineEdits).toBeGreaterThan(0);
  }, 240_000);
});
