// Hostile or malformed Yjs updates from a member: none of them may reach storage.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as decoding from "lib0/decoding";
import { CONTENT_FIELD, initialState, plainText } from "./content";
import { CollabHub } from "./hub";
import { MemoryDocumentStorage } from "./memory-storage";
import { CLOSE_CODES, MESSAGE_AWARENESS, syncUpdateMessage } from "./protocol";
import { awarenessFrame, danglingDeleteUpdate, fakeSocket, syncFrame, SYNC_STEP1, SYNC_STEP2, type FakeSocket } from "./testing";

// On the memory storage; what PostgreSQL itself refuses (a NUL in text) is in hub-sql.test.ts.
const store = new MemoryDocumentStorage();
const workspaceId = "workspace";

async function newDocument(text: string) {
  return store.create(initialState([{ type: "paragraph", text }]));
}

const recordingSocket = () => fakeSocket();
/** The client's sync step 2 (here: it has nothing we lack), after which nothing is held for it. */
const EMPTY_STEP2 = syncFrame(SYNC_STEP2, new Uint8Array([0, 0]));
const danglingDelete = danglingDeleteUpdate;

/** Two consecutive edits of a client; the second alone has a gap (its predecessor is missing). */
function gappedUpdate(base: Uint8Array): { first: Uint8Array; second: Uint8Array } {
  const editor = new Y.Doc();
  Y.applyUpdate(editor, base);
  const updates: Uint8Array[] = [];
  editor.on("update", (u: Uint8Array) => updates.push(u));
  const text = (editor.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  text.insert(text.length, " een");
  text.insert(text.length, " twee");
  return { first: updates[0]!, second: updates[1]! };
}

describe("updates that do not apply cleanly", () => {
  it("refuses a delete of nothing: the document still loads after compaction, and versions can be saved", async () => {
    const id = await newDocument("bewaard");
    const bad = danglingDelete();
    expect(bad.length).toBe(10);
    const hub = new CollabHub({ store, compactEvery: 1, log: () => undefined });
    const socket = recordingSocket();
    await hub.join(socket, { documentId: id, workspaceId, userId: "u", canEdit: true });
    socket.receive(EMPTY_STEP2);
    socket.emit("message", Buffer.from(syncUpdateMessage(bad)), true);
    // A server-side change makes the hub store and compact (compactEvery: 1).
    await hub.replaceContent(id, initialState([{ type: "paragraph", text: "daarna" }]));
    await hub.flush();
    await hub.shutdown(); // unloading compacts again

    expect(plainText((await store.load(id)).state)).toBe("daarna");
    const again = new CollabHub({ store, log: () => undefined });
    const state = await again.currentState(id);
    await store.saveVersion(id, state, "Na de aanval", false, null);
    await again.shutdown();
    expect(socket.closedWith).toBe(CLOSE_CODES.UPDATE_REFUSED);
  });

  it("refuses an update with missing predecessors and keeps nothing of it, in memory or stored", async () => {
    const id = await newDocument("begin");
    const { first, second } = gappedUpdate((await store.load(id)).state);
    const hub = new CollabHub({ store, log: () => undefined });
    const attacker = recordingSocket();
    const reader = recordingSocket();
    await hub.join(attacker, { documentId: id, workspaceId, userId: "a", canEdit: true });
    await hub.join(reader, { documentId: id, workspaceId, userId: "r", canEdit: true });
    const sentToReader = reader.sent.length;
    attacker.receive(EMPTY_STEP2);
    attacker.emit("message", Buffer.from(syncUpdateMessage(second)), true);
    await hub.flush();
    expect(attacker.closedWith).toBe(CLOSE_CODES.UPDATE_REFUSED);
    expect(reader.sent.length).toBe(sentToReader); // nothing relayed
    expect(store.stored(id).updates).toHaveLength(0);
    // The missing predecessor arriving later does not bring the refused edit back.
    const honest = recordingSocket();
    await hub.join(honest, { documentId: id, workspaceId, userId: "h", canEdit: true });
    honest.emit("message", Buffer.from(syncUpdateMessage(first)), true);
    await hub.flush();
    expect(honest.closedWith).toBeNull();
    expect(plainText(await hub.currentState(id))).toBe("begin een");
    await hub.shutdown();
    expect(plainText((await store.load(id)).state)).toBe("begin een");
  });

  it("keeps what integrated from a partly bad update, stored exactly as it is in memory", async () => {
    const id = await newDocument("deels");
    const base = (await store.load(id)).state;
    const good = new Y.Doc();
    Y.applyUpdate(good, base);
    const before = Y.encodeStateVector(good);
    const text = (good.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, " goed");
    const integrates = Y.encodeStateAsUpdate(good, before);
    const { second } = gappedUpdate(base);
    const mixed = Y.mergeUpdates([integrates, second, danglingDelete()]);

    const hub = new CollabHub({ store, log: () => undefined });
    const attacker = recordingSocket();
    await hub.join(attacker, { documentId: id, workspaceId, userId: "a", canEdit: true });
    attacker.receive(EMPTY_STEP2);
    attacker.emit("message", Buffer.from(syncUpdateMessage(mixed)), true);
    await hub.flush();
    expect(attacker.closedWith).toBe(CLOSE_CODES.UPDATE_REFUSED);
    const live = await hub.currentState(id);
    expect(plainText(live)).toBe("deels goed");
    expect(plainText((await store.load(id)).state)).toBe("deels goed");
    await hub.shutdown();
    const loaded = await store.loadDoc(id);
    expect(loaded.doc.store.pendingStructs).toBeNull();
    expect(loaded.doc.store.pendingDs).toBeNull();
  });

  it("keeps an update that overtakes the client's sync step 2 aside until the step 2 arrives", async () => {
    const id = await newDocument("offline");
    const { first, second } = gappedUpdate((await store.load(id)).state);
    const hub = new CollabHub({ store, log: () => undefined });
    const client = recordingSocket();
    const reader = recordingSocket();
    await hub.join(client, { documentId: id, workspaceId, userId: "c", canEdit: true });
    await hub.join(reader, { documentId: id, workspaceId, userId: "r", canEdit: true });
    const sentToReader = reader.sent.length;
    // Reconnecting with an offline edit (`first`), it types again before answering our step 1.
    client.receive(syncUpdateMessage(second));
    expect(client.closedWith).toBeNull();
    expect(reader.sent.length).toBe(sentToReader); // nothing of it in the document yet
    expect(plainText(await hub.currentState(id))).toBe("offline");
    client.receive(syncFrame(SYNC_STEP2, Y.mergeUpdates([first, second])));
    expect(client.closedWith).toBeNull();
    expect(plainText(await hub.currentState(id))).toBe("offline een twee");
    await hub.shutdown();
    expect(plainText((await store.load(id)).state)).toBe("offline een twee");
  });

  it("holds only so much for a client that never answers, then refuses", async () => {
    const id = await newDocument("geduld");
    const hub = new CollabHub({ store, log: () => undefined });
    const client = recordingSocket();
    await hub.join(client, { documentId: id, workspaceId, userId: "c", canEdit: true });
    for (let i = 0; i < 101 && client.closedWith === null; i++) client.receive(syncUpdateMessage(danglingDelete(1000 + i)));
    expect(client.closedWith).toBe(CLOSE_CODES.UPDATE_REFUSED);
    await hub.shutdown();
    expect(plainText((await store.load(id)).state)).toBe("geduld");
  });

  it("refuses an update that does not decode, and stores nothing", async () => {
    const id = await newDocument("heel");
    const hub = new CollabHub({ store, log: () => undefined });
    const socket = recordingSocket();
    await hub.join(socket, { documentId: id, workspaceId, userId: "u", canEdit: true });
    socket.emit("message", Buffer.from(syncUpdateMessage(new Uint8Array([1, 1, 200, 5, 0, 9, 9]))), true);
    await hub.flush();
    expect(socket.closedWith).toBe(CLOSE_CODES.UPDATE_REFUSED);
    // Found by the fuzzer: a few bytes claiming 26 million structs (Yjs would allocate for all of them first).
    const claim = fakeSocket();
    await hub.join(claim, { documentId: id, workspaceId, userId: "u", canEdit: true });
    claim.receive(syncUpdateMessage(Uint8Array.from(Buffer.from("01ae81c50c4ec493ae81c50c1c93ae61c50c4c0364646400", "hex"))));
    expect(claim.closedWith).toBe(CLOSE_CODES.UPDATE_REFUSED);
    await hub.shutdown();
    expect(store.stored(id).updates).toHaveLength(0);
    expect(plainText((await store.load(id)).state)).toBe("heel");
  });
});

/** What a client sees of everyone's presence: the hub's awareness messages applied in order. */
function presenceSeenBy(socket: FakeSocket): Map<number, Record<string, unknown>> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  for (const message of socket.sent) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) continue;
    awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), "hub");
  }
  const states = new Map(awareness.getStates() as Map<number, Record<string, unknown>>);
  awareness.destroy();
  return states;
}

const anna = { name: "Anna de Vries", organisation: "Weert", color: "#0b5c7a" };
const bram = { name: "Bram Jansen", organisation: "Venlo", color: "#8a3b12" };
const cursor = {
  anchor: { type: null, tname: "default", item: { client: 11, clock: 3 }, assoc: 0 },
  head: { type: { client: 11, clock: 1 }, tname: null, item: null, assoc: -1 },
};

describe("presence belongs to the signed-in user", () => {
  it("relays only the connection's own entry, with the identity the server knows", async () => {
    const id = await newDocument("aanwezig");
    const hub = new CollabHub({ store, log: () => undefined });
    const a = fakeSocket();
    const b = fakeSocket();
    const viewer = fakeSocket();
    await hub.join(a, { documentId: id, workspaceId, userId: "a", canEdit: true, presence: anna });
    await hub.join(b, { documentId: id, workspaceId, userId: "b", canEdit: true, presence: bram });
    await hub.join(viewer, { documentId: id, workspaceId, userId: "v", canEdit: false });

    // A claims another name and a colour that is CSS, and adds an unknown field: none of it is relayed.
    a.receive(awarenessFrame([[11, 1, JSON.stringify({ user: { name: "Burgemeester", color: "red;background:url(x)" }, cursor, extra: "x".repeat(100) })]]));
    b.receive(awarenessFrame([[22, 1, JSON.stringify({ user: { name: "Bram" } })]]));
    // A tries to speak for B's client id, and to remove B's entry; the viewer tries the same.
    a.receive(awarenessFrame([[22, 5, JSON.stringify({ user: { name: "Nep-Bram" } })]]));
    a.receive(awarenessFrame([[22, 6, "null"]]));
    viewer.receive(awarenessFrame([[22, 7, "null"], [11, 9, "null"]]));

    const seen = presenceSeenBy(b);
    expect(seen.get(11)).toEqual({ user: anna, cursor });
    expect(seen.get(22)).toEqual({ user: bram });
    expect(presenceSeenBy(viewer).get(22)).toEqual({ user: bram });
    expect(hub.getStats().droppedAwareness).toBeGreaterThanOrEqual(3);
    expect(a.closedWith).toBeNull();

    // A leaving removes A's entry only.
    a.disconnect();
    await new Promise((r) => setTimeout(r, 10));
    const after = presenceSeenBy(b);
    expect(after.has(11)).toBe(false);
    expect(after.get(22)).toEqual({ user: bram });
    await hub.shutdown();
  });

  it("drops entries that are too large or not a caret, and never lets them reach a later join", async () => {
    const id = await newDocument("groot");
    const hub = new CollabHub({ store, log: () => undefined });
    const a = fakeSocket();
    await hub.join(a, { documentId: id, workspaceId, userId: "a", canEdit: true, presence: anna });
    a.receive(awarenessFrame([[11, 1, JSON.stringify({ cursor: { anchor: "x".repeat(5000), head: 1 } })]]));
    a.receive(awarenessFrame([[11, 2, JSON.stringify({ cursor: { anchor: { item: [[[[[]]]]] }, head: {} } })]]));
    a.receive(awarenessFrame([[11, 3, `{"cursor":${"[".repeat(1000)}${"]".repeat(1000)}}`]]));
    a.receive(awarenessFrame([[11, 4, "{not json"]]));
    a.receive(awarenessFrame([[11, 5, "7"]]));
    expect(a.closedWith).toBeNull();
    expect(hub.getStats().droppedAwareness).toBe(5);
    const late = fakeSocket();
    await hub.join(late, { documentId: id, workspaceId, userId: "l", canEdit: false });
    expect(presenceSeenBy(late).size).toBe(0);
    // A valid one afterwards is relayed.
    a.receive(awarenessFrame([[11, 6, JSON.stringify({ cursor: null })]]));
    expect(presenceSeenBy(late).get(11)).toEqual({ user: anna, cursor: null });
    await hub.shutdown();
  });

  it("relays at most the presence rate, and always the latest entry in the end", async () => {
    const id = await newDocument("snel");
    const hub = new CollabHub({ store, log: () => undefined, limits: { awarenessPerSecond: 20, awarenessBurst: 3 } });
    const a = fakeSocket();
    const b = fakeSocket();
    await hub.join(a, { documentId: id, workspaceId, userId: "a", canEdit: true, presence: anna });
    await hub.join(b, { documentId: id, workspaceId, userId: "b", canEdit: true, presence: bram });
    const relayed = () => b.sent.filter((m) => m[0] === MESSAGE_AWARENESS).length;
    for (let clock = 1; clock <= 30; clock++) {
      const at = { ...cursor.anchor, item: { client: 11, clock } };
      a.receive(awarenessFrame([[11, clock, JSON.stringify({ cursor: { anchor: at, head: at } })]]));
    }
    expect(relayed()).toBe(3);
    await expect.poll(() => (presenceSeenBy(b).get(11)?.cursor as { anchor: { item: { clock: number } } } | undefined)?.anchor.item.clock).toBe(30);
    expect(relayed()).toBeLessThan(6);
    expect(a.closedWith).toBeNull();
    await hub.shutdown();
  });

  it("lets the same person's new connection take over their client id (a reconnect)", async () => {
    const id = await newDocument("opnieuw");
    const hub = new CollabHub({ store, log: () => undefined });
    const old = fakeSocket();
    const fresh = fakeSocket();
    const other = fakeSocket();
    const watcher = fakeSocket();
    await hub.join(old, { documentId: id, workspaceId, userId: "a", canEdit: true, presence: anna });
    await hub.join(fresh, { documentId: id, workspaceId, userId: "a", canEdit: true, presence: anna });
    await hub.join(other, { documentId: id, workspaceId, userId: "b", canEdit: true, presence: bram });
    await hub.join(watcher, { documentId: id, workspaceId, userId: "w", canEdit: false });
    old.receive(awarenessFrame([[11, 1, "{}"]]));
    other.receive(awarenessFrame([[11, 2, JSON.stringify({ cursor })]])); // another person: refused
    fresh.receive(awarenessFrame([[11, 3, JSON.stringify({ cursor })]])); // the same person: taken over
    expect(presenceSeenBy(watcher).get(11)).toEqual({ user: anna, cursor });
    old.disconnect(); // the old connection ending does not remove the entry it handed over
    await new Promise((r) => setTimeout(r, 10));
    expect(presenceSeenBy(watcher).get(11)).toEqual({ user: anna, cursor });
    await hub.shutdown();
  });
});

/** `count` one-letter edits of the first paragraph, each its own update. */
function typing(base: Uint8Array, count: number, letter = "x"): Uint8Array[] {
  const editor = new Y.Doc();
  Y.applyUpdate(editor, base);
  const updates: Uint8Array[] = [];
  editor.on("update", (u: Uint8Array) => updates.push(u));
  const text = (editor.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  for (let i = 0; i < count; i++) text.insert(text.length, letter);
  return updates;
}

describe("protocol limits", () => {
  it("refuses an edit past the maximum document size (4413) and stores none of it; deleting stays possible", async () => {
    const id = await newDocument("klein");
    const big = new CollabHub({ store, log: () => undefined });
    await big.replaceContent(id, initialState([{ type: "paragraph", text: "a".repeat(3000) }]));
    await big.shutdown();
    const stored = (await store.load(id)).state;
    expect(stored.length).toBeGreaterThan(3000);

    let clock = 0;
    const hub = new CollabHub({ store, log: () => undefined, limits: { maxDocumentBytes: 3000 }, now: () => clock });
    const writer = fakeSocket();
    await hub.join(writer, { documentId: id, workspaceId, userId: "w", canEdit: true });
    writer.receive(syncUpdateMessage(typing(stored, 1, "b")[0]!));
    expect(writer.closedWith).toBe(CLOSE_CODES.DOCUMENT_TOO_LARGE);
    expect(plainText(await hub.currentState(id))).toBe("a".repeat(3000));

    const deleter = fakeSocket();
    await hub.join(deleter, { documentId: id, workspaceId, userId: "d", canEdit: true });
    const editor = new Y.Doc();
    Y.applyUpdate(editor, stored);
    const before = Y.encodeStateVector(editor);
    ((editor.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 2900);
    deleter.receive(syncUpdateMessage(Y.encodeStateAsUpdate(editor, before)));
    expect(deleter.closedWith).toBeNull();
    // Trimmed below the limit, the document takes new text again (measured once the second is over).
    clock += 1000;
    const before2 = Y.encodeStateVector(editor);
    ((editor.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "c");
    deleter.receive(syncUpdateMessage(Y.encodeStateAsUpdate(editor, before2)));
    expect(deleter.closedWith).toBeNull();
    await hub.shutdown();
    expect(plainText((await store.load(id)).state)).toBe(`c${"a".repeat(100)}`);
  });

  it("closes a connection that sends faster than its rate (4429) and applies nothing after that", async () => {
    const id = await newDocument("");
    const hub = new CollabHub({ store, log: () => undefined, limits: { messagesPerSecond: 10, messageBurst: 20 } });
    const flood = fakeSocket();
    await hub.join(flood, { documentId: id, workspaceId, userId: "f", canEdit: true });
    for (const update of typing((await store.load(id)).state, 200)) flood.receive(syncUpdateMessage(update));
    expect(flood.closedWith).toBe(CLOSE_CODES.RATE_LIMITED);
    await hub.shutdown();
    const text = plainText((await store.load(id)).state);
    expect(text.length).toBeGreaterThan(10);
    expect(text.length).toBeLessThanOrEqual(21);
  });

  it("counts the state a connection asks for against its byte rate", async () => {
    const id = await newDocument("b".repeat(20_000));
    const hub = new CollabHub({ store, log: () => undefined, limits: { bytesPerSecond: 1000, byteBurst: 50_000 } });
    const asker = fakeSocket();
    await hub.join(asker, { documentId: id, workspaceId, userId: "x", canEdit: false });
    for (let i = 0; i < 5 && asker.closedWith === null; i++) asker.receive(syncFrame(SYNC_STEP1, new Uint8Array([0])));
    expect(asker.closedWith).toBe(CLOSE_CODES.RATE_LIMITED);
    expect(asker.sent.filter((m) => m.length > 20_000).length).toBe(2);
    await hub.shutdown();
  });

  it("drops a client that stops reading once its unsent output passes the bound", async () => {
    const id = await newDocument("lezer");
    const hub = new CollabHub({ store, log: () => undefined, limits: { maxBufferedBytes: 10_000 } });
    const stuck = fakeSocket();
    const writer = fakeSocket();
    await hub.join(stuck, { documentId: id, workspaceId, userId: "s", canEdit: false });
    await hub.join(writer, { documentId: id, workspaceId, userId: "w", canEdit: true });
    const updates = typing((await store.load(id)).state, 3);
    writer.receive(syncUpdateMessage(updates[0]!));
    expect(stuck.closedWith).toBeNull();
    stuck.bufferedAmount = 20_000; // it stopped reading
    writer.receive(syncUpdateMessage(updates[1]!));
    expect(stuck.closedWith).toBe(1006); // terminated, no closing handshake to wait for
    expect(hub.getStats().connections).toBe(1);
    const sentBefore = stuck.sent.length;
    writer.receive(syncUpdateMessage(updates[2]!));
    expect(stuck.sent.length).toBe(sentBefore);
    await hub.shutdown();
  });

  it("applies the rate to messages that arrive while the document loads", async () => {
    const id = await newDocument("laden");
    const hub = new CollabHub({ store, log: () => undefined, limits: { messagesPerSecond: 10, messageBurst: 5 } });
    const early = fakeSocket();
    const joined = hub.join(early, { documentId: id, workspaceId, userId: "e", canEdit: true });
    for (let i = 0; i < 50; i++) early.receive(awarenessFrame([[1, i + 1, "{}"]]));
    await joined;
    expect(early.closedWith).toBe(CLOSE_CODES.RATE_LIMITED);
    expect(hub.getStats().connections).toBe(0);
    await hub.shutdown();
  });
});
