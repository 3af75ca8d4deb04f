// Protocol fuzzing: random and mutated sync, awareness and auth frames from editors and
// viewers, straight into a hub over a real document store. Afterwards the hub still serves,
// honest clients converge, the stored document loads, and viewers changed nothing.
// CI runs at least 10,000 cases (FUZZ_RUNS overrides; FUZZ_SEED replays a failure).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { WebsocketProvider } from "y-websocket";
import { readStoredDocument } from "@regiotafel/db";
import { trackSaveState } from "./client";
import { CONTENT_FIELD, initialState } from "./content";
import { CollabHub, type JoinRequest } from "./hub";
import { documentRoomName, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from "./protocol";
import { awarenessFrame, deeplyNested, fakeSocket, memoryWebSocket, syncFrame, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, type FakeSocket } from "./testing";
import { sqlStorageForFile } from "./testing-sql";

/** Cases in all (viewers alone, then editors and viewers together); CI runs at least 10,000. */
const TOTAL = Math.max(Number(process.env.FUZZ_RUNS ?? 10_000), process.env.CI ? 10_000 : 0);
const VIEWER_RUNS = Math.ceil(TOTAL * 0.3);
const MIXED_RUNS = TOTAL - VIEWER_RUNS;
/** Random per run (fuzzing should explore); printed in the test name so a failure can be replayed. */
const MAX_DOCUMENT_BYTES = 128 * 1024;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

// On PostgreSQL, not the memory storage: whatever the database refuses (text it cannot hold, a
// failed compaction) is a finding too.
const sql = sqlStorageForFile();

const START = initialState([
  { type: "heading", level: 1, text: "Fuzz" },
  { type: "paragraph", text: "Eerste alinea" },
  { type: "paragraph", text: "Tweede alinea" },
]);

/**
 * Real updates as hostile editors would make them against the starting state: typing,
 * deleting, formatting and new paragraphs by several clients. Sent out of order and again,
 * they are old news, fill gaps, or leave structs pending; mutated, they do not decode.
 */
function updatePool(): Uint8Array[] {
  const pool: Uint8Array[] = [];
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let editor = 0; editor < 4; editor++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, START);
    doc.on("update", (u: Uint8Array) => pool.push(u));
    const fragment = doc.getXmlFragment(CONTENT_FIELD);
    for (let i = 0; i < 40; i++) {
      const element = fragment.get(Math.floor(rnd() * fragment.length)) as Y.XmlElement;
      const text = element.get(0) as Y.XmlText;
      const r = rnd();
      if (r < 0.55) text.insert(Math.floor(rnd() * (text.length + 1)), "abcdéfgh✓"[Math.floor(rnd() * 9)]!.repeat(1 + Math.floor(rnd() * 3)));
      else if (r < 0.75 && text.length > 0) text.delete(Math.floor(rnd() * text.length), 1);
      else if (r < 0.85 && text.length > 1) text.format(0, 1 + Math.floor(rnd() * (text.length - 1)), { bold: true });
      else {
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [new Y.XmlText(`nieuw ${editor}.${i}`)]);
        fragment.insert(Math.floor(rnd() * (fragment.length + 1)), [p]);
      }
    }
    // Two changes merged into one update (a gap when its first half is missing).
    pool.push(Y.mergeUpdates(pool.slice(-3)));
  }
  return pool;
}

type Mutation = { op: "truncate"; at: number } | { op: "flip"; at: number; mask: number } | { op: "insert"; at: number; bytes: Uint8Array } | { op: "delete"; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = Array.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.op === "truncate") out = out.slice(0, at);
    else if (m.op === "flip" && out.length > 0) out[at % out.length]! ^= m.mask;
    else if (m.op === "insert") out.splice(at, 0, ...m.bytes);
    else if (m.op === "delete") out.splice(at, m.count);
  }
  return Uint8Array.from(out);
}

function varUints(...values: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const v of values) encoding.writeVarUint(encoder, v);
  return encoding.toUint8Array(encoder);
}

/** A delete set of `ranges` for clients the document may or may not know. */
function deletes(ranges: [client: number, clock: number, length: number][]): Uint8Array {
  return varUints(0, ranges.length, ...ranges.flatMap(([client, clock, length]) => [client, 1, clock, length]));
}

function frames(pool: Uint8Array[], clientIds: number[]): fc.Arbitrary<Uint8Array> {
  const update = fc.constantFrom(...pool);
  const someClient = fc.oneof(fc.constantFrom(...clientIds), fc.nat(), fc.constant(2 ** 32 - 1));
  const json = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null"),
    fc.record({ cursor: fc.anything({ maxDepth: 3 }), user: fc.anything({ maxDepth: 2 }) }).map((v) => JSON.stringify(v) ?? "{}"),
    fc.constantFrom("null", "{}", '{"cursor":null}', "{", "", "[]", '"x"', "1e999"),
  );
  const syncType = fc.constantFrom(SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE);
  return fc.oneof(
    // Valid encodings with wrong or stale content.
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(SYNC_STEP2, SYNC_UPDATE), update).map(([t, u]) => syncFrame(t, u)) },
    { weight: 2, arbitrary: fc.tuple(fc.array(update, { minLength: 2, maxLength: 4 })).map(([us]) => syncFrame(SYNC_UPDATE, Y.mergeUpdates(us))) },
    { weight: 3, arbitrary: fc.array(fc.tuple(someClient, fc.nat(500), fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 4 }).map((r) => syncFrame(SYNC_UPDATE, deletes(r))) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 40 }).map((sv) => syncFrame(SYNC_STEP1, sv)) },
    { weight: 1, arbitrary: fc.array(fc.tuple(someClient, fc.nat()), { maxLength: 5 }).map((sv) => syncFrame(SYNC_STEP1, varUints(sv.length, ...sv.flat()))) },
    { weight: 5, arbitrary: fc.array(fc.tuple(someClient, fc.nat(1000), json), { maxLength: 3 }).map((entries) => awarenessFrame(entries)) },
    // Mutated: inside a well-formed frame, and the frame itself.
    { weight: 6, arbitrary: fc.tuple(syncType, update, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([t, u, m]) => syncFrame(t, mutate(u, m))) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.oneof(update.map((u) => syncFrame(SYNC_UPDATE, u)), fc.tuple(someClient, json).map(([c, j]) => awarenessFrame([[c, 1, j]]))), fc.array(mutation, { minLength: 1, maxLength: 4 }))
        .map(([f, m]) => mutate(f, m)),
    },
    // Truncated and claiming more than is there.
    { weight: 2, arbitrary: fc.tuple(update, fc.nat()).map(([u, at]) => syncFrame(SYNC_UPDATE, u).slice(0, 1 + (at % syncFrame(SYNC_UPDATE, u).length))) },
    { weight: 1, arbitrary: fc.nat().map((n) => Uint8Array.from([MESSAGE_SYNC, SYNC_UPDATE, ...varUints(1000 + n), 1, 2, 3])) },
    // Oversized and deeply nested.
    { weight: 1, arbitrary: fc.integer({ min: 10, max: 100_000 }).map((depth) => awarenessFrame([[clientIds[0]!, 5, deeplyNested(depth)]])) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).map((n) => awarenessFrame([[clientIds[1]!, 6, JSON.stringify({ cursor: null, pad: "x".repeat(n) })]])) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 2000 }).map((n) => awarenessFrame(Array.from({ length: n }, (_, i) => [i, 1, "{}"] as [number, number, string]))) },
    // Larger than the fuzzing hub's document limit: refused (filling the document up would
    // refuse the honest clients' typing too, rightly, and leave nothing to check).
    { weight: 1, arbitrary: fc.integer({ min: MAX_DOCUMENT_BYTES + 1, max: 2 * MAX_DOCUMENT_BYTES }).map((n) => syncFrame(SYNC_UPDATE, bigInsert(n))) },
    // Other message types, and bytes.
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 30 }).map((b) => Uint8Array.from([MESSAGE_AUTH, ...b])) },
    { weight: 1, arbitrary: fc.constant(Uint8Array.from([MESSAGE_QUERY_AWARENESS])) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((b) => Uint8Array.from([MESSAGE_AWARENESS, ...b])) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constant(Uint8Array.from([0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1])) },
  );
}

/** One update inserting `n` characters (valid, and large). */
function bigInsert(n: number): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, START);
  const before = Y.encodeStateVector(doc);
  ((doc.getXmlFragment(CONTENT_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "z".repeat(n));
  return Y.encodeStateAsUpdate(doc, before);
}

interface Setup {
  documentId: string;
  hub: CollabHub;
  /** What the hub logged besides closing hostile connections. */
  problems: string[];
  request(userId: string, canEdit: boolean): JoinRequest;
}

async function setup(): Promise<Setup> {
  const problems: string[] = [];
  const documentId = await sql.newDocument(START, "Fuzz");
  // Rates high enough that frames get past them to the code under test (the limits have their
  // own tests); a small document limit and frequent compaction, so those paths run too.
  const hub = new CollabHub({
    store: sql.storage,
    commitDelayMs: 5,
    compactEvery: 40,
    unloadAfterMs: 60_000,
    limits: { maxDocumentBytes: MAX_DOCUMENT_BYTES, messagesPerSecond: 1e6, bytesPerSecond: 1e9, byteBurst: 1e9, awarenessPerSecond: 1e6, awarenessBurst: 1e6 },
    // Closing hostile connections is expected; anything else logged (a compaction or a write
    // that failed) is a finding.
    log: (message, error) => {
      if (!/closing a connection/.test(message)) problems.push(`${message}: ${String(error)}`);
    },
  });
  const request = (userId: string, canEdit: boolean): JoinRequest => ({
    documentId,
    workspaceId: sql.workspaceId,
    userId,
    canEdit,
    presence: { name: userId, organisation: "Fuzz", color: "#1e6b32" },
  });
  return { documentId, hub, problems, request };
}

/** Hostile connections: when one is closed (as it should be, often), the next frame comes from a new one. */
function attackers(s: Setup, canEdit: (i: number) => boolean, count: number) {
  const sockets: (FakeSocket | null)[] = Array.from({ length: count }, () => null);
  let closes = 0;
  return {
    async send(index: number, frame: Uint8Array) {
      let socket = sockets[index];
      if (!socket || socket.readyState !== 1) {
        if (socket) closes++;
        socket = fakeSocket();
        sockets[index] = socket;
        await s.hub.join(socket, s.request(`hostile-${index}`, canEdit(index)));
      }
      socket.receive(frame);
    },
    closes: () => closes + sockets.filter((x) => x && x.readyState !== 1).length,
  };
}

/** A real y-websocket client connected to the hub in memory. */
function honestClient(s: Setup, userId: string, canEdit: boolean) {
  const doc = new Y.Doc();
  const WebSocketPolyfill = memoryWebSocket(() => ({ hub: s.hub, request: s.request(userId, canEdit) }));
  const provider = new WebsocketProvider("ws://memory/collab", documentRoomName(s.documentId), doc, {
    WebSocketPolyfill: WebSocketPolyfill as unknown as typeof WebSocket,
    disableBc: true,
    maxBackoffTime: 20,
  });
  provider.awareness.setLocalStateField("user", { name: userId });
  const tracker = trackSaveState(provider, () => undefined);
  const closes: number[] = [];
  provider.on("connection-close", (event) => closes.push(event?.code ?? 0));
  return {
    doc,
    provider,
    closes,
    saved: () => tracker.state() === "saved",
    /** Appends `text` to the last paragraph (hostile editors may have emptied the document: then to a new one). */
    type(text: string) {
      const fragment = doc.getXmlFragment(CONTENT_FIELD);
      const last = fragment.length > 0 ? fragment.get(fragment.length - 1) : null;
      const node = last instanceof Y.XmlElement ? last.get(0) : null;
      if (node instanceof Y.XmlText) node.insert(node.length, text);
      else {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(text)]);
        fragment.push([paragraph]);
      }
    },
    destroy() {
      tracker.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}

async function waitFor(predicate: () => boolean, label: string, timeoutMs = 20_000, explain?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}${explain ? `\n${explain()}` : ""}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const storedRows = async (documentId: string) => {
  const { snapshot, updates } = await readStoredDocument(sql.db.prisma, documentId);
  return Buffer.concat([snapshot!, ...updates]).toString("base64");
};
const contentOf = (doc: Y.Doc) => doc.getXmlFragment(CONTENT_FIELD).toJSON();

describe(`protocol fuzzing (FUZZ_SEED=${SEED})`, () => {
  it(`viewers' frames (${VIEWER_RUNS} cases) change nothing that is stored`, async () => {
    const s = await setup();
    const pool = updatePool();
    const viewer = honestClient(s, "kijker", false);
    const editor = honestClient(s, "schrijver", true);
    try {
      await waitFor(() => viewer.provider.synced && editor.provider.synced, "honest clients synced");
      await s.hub.flush();
      const before = await storedRows(s.documentId);
      const hostile = attackers(s, () => false, 3);
      await fc.assert(
        fc.asyncProperty(fc.nat(2), frames(pool, [viewer.doc.clientID, editor.doc.clientID, 1, 2]), async (who, frame) => {
          await hostile.send(who, frame);
        }),
        { numRuns: VIEWER_RUNS, seed: SEED, endOnFailure: true },
      );
      await s.hub.flush();
      expect(await storedRows(s.documentId)).toBe(before);
      expect(s.hub.getStats().droppedViewerUpdates).toBeGreaterThan(0);
      expect(s.hub.getStats().storedUpdates).toBe(0);
      expect(s.problems).toEqual([]);
      // Still serving: an edit reaches the viewer and is stored.
      editor.type(" na de kijkers");
      await waitFor(() => editor.saved() && contentOf(viewer.doc) === contentOf(editor.doc), "the viewer receives the edit");
      expect(editor.closes).toEqual([]);
    } finally {
      viewer.destroy();
      editor.destroy();
      await s.hub.shutdown();
    }
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, (await sql.storage.load(s.documentId)).state);
    expect(contentOf(loaded)).toContain("na de kijkers");
  }, 120_000);

  it(`editors' and viewers' frames (${MIXED_RUNS} cases) never damage what is stored; honest clients converge`, async () => {
    const s = await setup();
    const pool = updatePool();
    const a = honestClient(s, "eerlijk-a", true);
    const b = honestClient(s, "eerlijk-b", true);
    const viewer = honestClient(s, "eerlijk-kijker", false);
    const honest = [a, b, viewer];
    let honestEdits = 0;
    try {
      await waitFor(() => honest.every((c) => c.provider.synced), "honest clients synced");
      const hostile = attackers(s, (i) => i < 3, 5);
      await fc.assert(
        fc.asyncProperty(fc.nat(4), frames(pool, [a.doc.clientID, b.doc.clientID, viewer.doc.clientID, 7]), fc.nat(99), async (who, frame, honestTurn) => {
          await hostile.send(who, frame);
          if (honestTurn < 2) {
            (honestTurn === 0 ? a : b).type(`·${honestEdits++}`);
            await new Promise((r) => setImmediate(r));
          }
        }),
        { numRuns: MIXED_RUNS, seed: SEED, endOnFailure: true },
      );
      expect(hostile.closes()).toBeGreaterThan(0);
      expect(s.hub.getStats().refusedUpdates).toBeGreaterThan(0);
      expect(s.problems).toEqual([]);

      // The hub still serves: the honest clients converge on one document, and it is stored.
      a.type(" einde-a");
      b.type(" einde-b");
      await waitFor(
        () => honest.every((c) => c.provider.synced && contentOf(c.doc) === contentOf(a.doc)) && a.saved() && b.saved() && contentOf(a.doc).includes("einde-b"),
        "honest clients converge",
        20_000,
        () =>
          honest
            .map((c, i) => `client ${i}: connected ${c.provider.wsconnected}, synced ${c.provider.synced}, saved ${c.saved()}, same ${contentOf(c.doc) === contentOf(a.doc)}, closes ${c.closes.join(",")}, pending ${c.doc.store.pendingStructs !== null || c.doc.store.pendingDs !== null}`)
            .join("\n") + `\nhub: ${JSON.stringify(s.hub.getStats())}`,
      );
      const live = await s.hub.currentState(s.documentId);
      const liveDoc = new Y.Doc();
      Y.applyUpdate(liveDoc, live);
      expect(contentOf(liveDoc)).toBe(contentOf(a.doc));
      // (Hostile editors may delete anyone's text, as any editor may: no check that honest edits survive.)
      expect(contentOf(a.doc)).toContain("einde-a");
      expect(honestEdits).toBeGreaterThan(0);
      // Honest clients were never refused (a reconnect after a hostile client's close is not theirs).
      for (const c of honest) expect(c.closes.filter((code) => code >= 4000)).toEqual([]);
      // Everyone's presence is what the server set: a name it knows and at most a caret.
      for (const [clientId, state] of a.provider.awareness.getStates()) {
        if (clientId === a.doc.clientID) continue;
        expect(Object.keys(state).filter((k) => k !== "user" && k !== "cursor"), JSON.stringify(state).slice(0, 200)).toEqual([]);
        expect(state.user).toMatchObject({ organisation: "Fuzz", color: "#1e6b32" });
      }
      // And someone who joins now is served.
      const late = honestClient(s, "laat", true);
      honest.push(late);
      await waitFor(() => late.provider.synced && contentOf(late.doc) === contentOf(a.doc), "a client joining after the fuzzing syncs");
      expect(late.closes).toEqual([]);
    } finally {
      for (const c of honest) c.destroy();
      await s.hub.shutdown(); // compacts
    }
    expect(s.problems).toEqual([]);
    // What is stored loads (no pending state), equals what the clients had, and a new hub serves it.
    const loaded = await sql.storage.loadDoc(s.documentId);
    expect(loaded.doc.store.pendingStructs).toBeNull();
    expect(loaded.doc.store.pendingDs).toBeNull();
    const again = new CollabHub({ store: sql.storage, log: () => undefined });
    expect(await again.loads(s.documentId)).toBe(true);
    await again.shutdown();
  }, 180_000);
});
