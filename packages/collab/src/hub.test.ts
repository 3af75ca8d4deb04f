import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { CONTENT_FIELD, initialState, plainText, replaceContent } from "./content";
import { CollabHub } from "./hub";
import { MemoryDocumentStorage } from "./memory-storage";
import { MESSAGE_SAVED, syncUpdateMessage } from "./protocol";
import { DocumentLoadError } from "./storage";

// The hub's logic on the memory storage; hub-sql.test.ts runs it on PostgreSQL.
const store = new MemoryDocumentStorage();
const workspaceId = "workspace";

async function newDocument(text: string) {
  return store.create(initialState([{ type: "paragraph", text }]));
}

/** A connection whose outgoing messages go nowhere; incoming ones are emitted into it. */
const silentSocket = () => Object.assign(new EventEmitter(), { readyState: 1, send: () => undefined, close: () => undefined });

/** Edits the first paragraph of `editor` and returns the sync message carrying that change. */
function typed(editor: Y.Doc, edit: (text: Y.XmlText) => void): Buffer {
  const before = Y.encodeStateVector(editor);
  edit((editor.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText);
  return Buffer.from(syncUpdateMessage(Y.encodeStateAsUpdate(editor, before)));
}

/** Appends `letters` to the stored document, one update each, straight into the log (no hub). */
async function logTyping(documentId: string, letters: string) {
  const writer = new Y.Doc();
  Y.applyUpdate(writer, (await store.load(documentId)).state);
  const logged: Uint8Array[] = [];
  writer.on("update", (u: Uint8Array) => logged.push(u));
  const text = (writer.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  for (const letter of letters) text.insert(text.length, letter);
  await store.append(logged.map((data) => ({ documentId, data })));
}

describe("content helpers", () => {
  it("builds headings and paragraphs and reads them back as text", () => {
    const state = initialState([
      { type: "heading", level: 1, text: "Titel" },
      { type: "paragraph", text: "Tekst" },
    ]);
    expect(plainText(state)).toBe("Titel\nTekst");
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect((doc.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).getAttribute("level")).toBe(1);
  });

  it("replaces content as a change on top of the existing history", () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initialState([{ type: "paragraph", text: "nu" }]));
    const before = Y.encodeStateVector(doc);
    replaceContent(doc, initialState([{ type: "paragraph", text: "vroeger" }]));
    expect(plainText(Y.encodeStateAsUpdate(doc))).toBe("vroeger");
    expect(Y.encodeStateAsUpdate(doc, before).length).toBeGreaterThan(2); // a real diff, not a reset
  });
});

describe("storage", () => {
  it("compacts the update log into the snapshot without changing the content", async () => {
    const hub = new CollabHub({ store, compactEvery: 5, unloadAfterMs: 10_000 });
    const id = await newDocument("start");
    for (let i = 0; i < 12; i++) await hub.replaceContent(id, initialState([{ type: "paragraph", text: `stap ${i}` }]));
    await hub.flush();
    expect(store.stored(id).updates.length).toBeLessThan(5);
    expect(store.stored(id).snapshot!.lastUpdateId).toBeGreaterThan(0n);
    expect(plainText((await store.load(id)).state)).toBe("stap 11");
    await hub.shutdown();
  });

  it("compacts and unloads a document nobody has open after the grace period", async () => {
    const hub = new CollabHub({ store, compactEvery: 1000, unloadAfterMs: 50 });
    const id = await newDocument("start");
    await hub.replaceContent(id, initialState([{ type: "paragraph", text: "laatste" }]));
    expect(hub.getStats().documents).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(hub.getStats().documents).toBe(0);
    expect(store.stored(id).updates).toHaveLength(0);
    expect(store.stored(id).searchText).toBe("laatste");
    expect(plainText((await store.load(id)).state)).toBe("laatste");
    await hub.shutdown();
  });

  it("unloads documents left at the same moment one after another, not in one burst", async () => {
    let running = 0;
    let most = 0;
    const compacted: string[] = [];
    class CountingStore extends MemoryDocumentStorage {
      override async compact(...args: Parameters<MemoryDocumentStorage["compact"]>) {
        most = Math.max(most, ++running);
        try {
          await super.compact(...args);
          compacted.push(args[0]);
        } finally {
          running--;
        }
      }
    }
    const counting = new CountingStore();
    const ids = ["een", "twee", "drie", "vier", "vijf"].map((text) => counting.create(initialState([{ type: "paragraph", text }])));
    const hub = new CollabHub({ store: counting, unloadAfterMs: 20, commitDelayMs: 0 });
    const sockets = [];
    for (const id of ids) {
      const editor = new Y.Doc();
      Y.applyUpdate(editor, await hub.currentState(id));
      const socket = silentSocket();
      await hub.join(socket, { documentId: id, workspaceId, userId: "u", canEdit: true });
      socket.emit("message", typed(editor, (text) => text.insert(text.length, "!")), true);
      sockets.push(socket);
    }
    await hub.flush();
    for (const socket of sockets) socket.emit("close");
    await expect.poll(() => hub.getStats().documents).toBe(0);
    await expect.poll(() => compacted.length).toBe(ids.length);
    expect(most).toBe(1);
    for (const [i, text] of ["een", "twee", "drie", "vier", "vijf"].entries()) expect(plainText((await counting.load(ids[i]!)).state)).toBe(`${text}!`);
    await hub.shutdown();
  });

  it("folds a long log left behind (a crash) into the snapshot right after loading it", async () => {
    const id = await newDocument("");
    // Eight updates in the log and no hub to compact them: what a crash leaves.
    await logTyping(id, "regiotaf");

    const hub = new CollabHub({ store, compactEvery: 5, unloadAfterMs: 60_000 });
    await hub.preload(id);
    await expect.poll(() => store.stored(id).updates.length).toBe(0);
    expect(plainText((await store.load(id)).state)).toBe("regiotaf");
    await hub.shutdown();

    // Below the threshold the log stays until the next compaction is due.
    await logTyping(id, "el");
    const hub2 = new CollabHub({ store, compactEvery: 5, unloadAfterMs: 60_000 });
    await hub2.preload(id);
    await new Promise((r) => setTimeout(r, 100));
    expect(store.stored(id).updates).toHaveLength(2);
    await hub2.shutdown();
    expect(plainText((await store.load(id)).state)).toBe("regiotafel");
  });

  it("takes an automatic version at most once per interval of editing, also across loads", async () => {
    const id = await newDocument("begin");
    const automatic = () => store.stored(id).versions.filter((v) => v.automatic);
    const hub = new CollabHub({ store, automaticVersionEveryMs: 60_000, unloadAfterMs: 60_000 });
    for (const text of ["een", "twee", "drie"]) await hub.replaceContent(id, initialState([{ type: "paragraph", text }]));
    await hub.flush();
    // Changes made on the server (restoring) do not count as activity; those from editors do.
    expect(automatic()).toHaveLength(0);
    const editor = new Y.Doc();
    Y.applyUpdate(editor, await hub.currentState(id));
    const socket = silentSocket();
    await hub.join(socket, { documentId: id, workspaceId, userId: "u", canEdit: true });
    for (const letter of "!?") {
      socket.emit("message", typed(editor, (text) => text.insert(text.length, letter)), true);
      await hub.flush();
    }
    const first = automatic();
    expect(first).toHaveLength(1);
    expect(plainText(first[0]!.state)).toBe("drie!");
    await hub.shutdown();

    // A new hub knows when the last one was taken.
    const again = new CollabHub({ store, automaticVersionEveryMs: 60_000, unloadAfterMs: 60_000 });
    const socket2 = silentSocket();
    await again.join(socket2, { documentId: id, workspaceId, userId: "u", canEdit: true });
    socket2.emit("message", typed(editor, (text) => text.insert(0, "¡")), true);
    await again.flush();
    expect(automatic()).toHaveLength(1);
    await again.shutdown();
  });

  it("stores an editor's updates with their author, the server's own (restore) without one, and none of a viewer's", async () => {
    const id = await newDocument("begin");
    const hub = new CollabHub({ store, unloadAfterMs: 60_000 });
    await hub.replaceContent(id, initialState([{ type: "paragraph", text: "hersteld" }]));
    const editor = new Y.Doc();
    Y.applyUpdate(editor, await hub.currentState(id));
    const anna = silentSocket();
    const viewer = silentSocket();
    await hub.join(anna, { documentId: id, workspaceId, userId: "anna", organisationId: "weert", canEdit: true });
    await hub.join(viewer, { documentId: id, workspaceId, userId: "vera", organisationId: "tiel", canEdit: false });
    for (const letter of "ab") {
      anna.emit("message", typed(editor, (text) => text.insert(text.length, letter)), true);
      await hub.flush();
    }
    const reader = new Y.Doc();
    Y.applyUpdate(reader, await hub.currentState(id));
    viewer.emit("message", typed(reader, (text) => text.insert(0, "lezer")), true);
    await hub.flush();
    const authors = store.stored(id).updates.map((u) => u.author?.userId ?? null);
    expect(authors.filter((a) => a !== null)).toEqual(["anna", "anna"]);
    expect(authors[0]).toBeNull(); // the restore
    expect(store.stored(id).updates.filter((u) => u.author?.userId === "anna").every((u) => u.author?.organisationId === "weert")).toBe(true);
    await hub.shutdown();
  });

  it("stores the keystrokes of one commit window together, and at once when flushed", async () => {
    const id = await newDocument("");
    const stored = () => store.stored(id).updates.length;
    const hub = new CollabHub({ store, commitDelayMs: 300, unloadAfterMs: 60_000 });
    const editor = new Y.Doc();
    Y.applyUpdate(editor, await hub.currentState(id));
    const sent: Uint8Array[] = [];
    const socket = Object.assign(silentSocket(), { send: (message: Uint8Array) => void sent.push(message) });
    await hub.join(socket, { documentId: id, workspaceId, userId: "u", canEdit: true });
    const savedMessages = () => sent.filter((m) => m[0] === MESSAGE_SAVED).length;
    const savedAtJoin = savedMessages();

    for (const letter of "abc") socket.emit("message", typed(editor, (text) => text.insert(text.length, letter)), true);
    await new Promise((r) => setTimeout(r, 50));
    expect(stored()).toBe(0); // still inside the window: not stored, not acknowledged
    expect(savedMessages()).toBe(savedAtJoin);
    await expect.poll(stored).toBe(3);
    await expect.poll(savedMessages).toBe(savedAtJoin + 1); // one "saved" for the three
    await hub.shutdown();

    // With a window far longer than the test may run, flush() still writes at once.
    const patient = new CollabHub({ store, commitDelayMs: 600_000, unloadAfterMs: 60_000 });
    const socket2 = silentSocket();
    await patient.join(socket2, { documentId: id, workspaceId, userId: "u", canEdit: true });
    socket2.emit("message", typed(editor, (text) => text.insert(text.length, "d")), true);
    await patient.flush();
    expect(plainText((await store.load(id)).state)).toBe("abcd");
    await patient.shutdown();
  });

  it("tells a typing connection at most once per interval that its edits are stored, and always the newest", async () => {
    const id = await newDocument("");
    const hub = new CollabHub({ store, commitDelayMs: 0, savedEveryMs: 400, unloadAfterMs: 60_000 });
    const editor = new Y.Doc();
    Y.applyUpdate(editor, await hub.currentState(id));
    const sent: Uint8Array[] = [];
    const socket = Object.assign(silentSocket(), { send: (message: Uint8Array) => void sent.push(message) });
    await hub.join(socket, { documentId: id, workspaceId, userId: "u", canEdit: true });
    const saved = () => sent.filter((m) => m[0] === MESSAGE_SAVED).map((m) => Y.decodeStateVector(m.subarray(2)));
    const coversEditor = (vector: Map<number, number>) => (vector.get(editor.clientID) ?? 0) >= (Y.decodeStateVector(Y.encodeStateVector(editor)).get(editor.clientID) ?? 0);
    const atJoin = saved().length;

    socket.emit("message", typed(editor, (text) => text.insert(text.length, "a")), true);
    await hub.flush();
    expect(saved()).toHaveLength(atJoin + 1); // the first comes at once
    expect(coversEditor(saved().at(-1)!)).toBe(true);
    for (const letter of "bcd") {
      socket.emit("message", typed(editor, (text) => text.insert(text.length, letter)), true);
      await hub.flush(); // each letter its own commit
    }
    expect(saved()).toHaveLength(atJoin + 1); // stored, but not yet said again
    await expect.poll(() => saved().length).toBe(atJoin + 2); // one more, for all three
    expect(coversEditor(saved().at(-1)!)).toBe(true);
    expect(plainText((await store.load(id)).state)).toBe("abcd");
    await hub.shutdown();
  });

  it("tells a client that reconnects and resends edits still waiting to be stored that they are saved, once they are", async () => {
    // A store whose writes wait until the test lets them through.
    let release: () => void = () => undefined;
    let gate = new Promise<void>((resolve) => (release = resolve));
    let writing: () => void = () => undefined;
    const firstWrite = new Promise<void>((resolve) => (writing = resolve));
    class GatedStorage extends MemoryDocumentStorage {
      override async append(updates: Parameters<MemoryDocumentStorage["append"]>[0]) {
        writing();
        await gate;
        return super.append(updates);
      }
    }
    const gated = new GatedStorage();
    const id = gated.create(initialState([{ type: "paragraph", text: "" }]));
    const hub = new CollabHub({ store: gated, commitDelayMs: 0, savedEveryMs: 0, unloadAfterMs: 60_000 });
    const other = new Y.Doc();
    const editor = new Y.Doc();
    for (const doc of [other, editor]) Y.applyUpdate(doc, await hub.currentState(id));
    const otherSocket = silentSocket();
    const oldSocket = silentSocket();
    await hub.join(otherSocket, { documentId: id, workspaceId, userId: "o", canEdit: true });
    await hub.join(oldSocket, { documentId: id, workspaceId, userId: "u", canEdit: true });

    otherSocket.emit("message", typed(other, (text) => text.insert(0, "o")), true);
    await firstWrite; // the other's edit is being stored (batch 1)
    const edit = typed(editor, (text) => text.insert(0, "e"));
    oldSocket.emit("message", edit, true); // waits for batch 2
    oldSocket.emit("close");
    // The editor reconnects at once and sends its edit again: the hub has it already.
    const sent: Uint8Array[] = [];
    const newSocket = Object.assign(silentSocket(), { send: (message: Uint8Array) => void sent.push(message) });
    await hub.join(newSocket, { documentId: id, workspaceId, userId: "u", canEdit: true });
    newSocket.emit("message", edit, true);
    gate = Promise.resolve();
    release();

    const editorClock = Y.decodeStateVector(Y.encodeStateVector(editor)).get(editor.clientID)!;
    const covered = () => sent.filter((m) => m[0] === MESSAGE_SAVED).some((m) => (Y.decodeStateVector(m.subarray(2)).get(editor.clientID) ?? 0) >= editorClock);
    await expect.poll(covered, { timeout: 3000 }).toBe(true);
    expect([...plainText((await gated.load(id)).state)].sort().join("")).toBe("eo");
    await hub.shutdown();
  });

  it("still says 'saved' when the wall clock lags the timer's clock (a loaded event loop): an editor who stopped typing is not left 'saving'", async () => {
    const id = await newDocument("");
    const hub = new CollabHub({ store, commitDelayMs: 0, savedEveryMs: 200, unloadAfterMs: 60_000 });
    const editor = new Y.Doc();
    Y.applyUpdate(editor, await hub.currentState(id));
    const sent: Uint8Array[] = [];
    const socket = Object.assign(silentSocket(), { send: (message: Uint8Array) => void sent.push(message) });
    await hub.join(socket, { documentId: id, workspaceId, userId: "u", canEdit: true });
    const saved = () => sent.filter((m) => m[0] === MESSAGE_SAVED).length;
    socket.emit("message", typed(editor, (text) => text.insert(0, "a")), true);
    await hub.flush();
    const afterFirst = saved();
    // The timer armed by that "saved" fires; then Date.now() reads as if the interval had not passed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now - 250);
    try {
      socket.emit("message", typed(editor, (text) => text.insert(1, "b")), true);
      await hub.flush();
      await expect.poll(saved, { timeout: 2000 }).toBe(afterFirst + 1);
    } finally {
      clock.mockRestore();
    }
    await hub.shutdown();
  });

  it("refuses to load a document whose stored state does not decode, and leaves the rows alone", async () => {
    const id = await newDocument("bewaard");
    await store.append([{ documentId: id, data: new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]) }]);
    await expect(store.load(id)).rejects.toBeInstanceOf(DocumentLoadError);
    const hub = new CollabHub({ store, log: () => undefined });
    await expect(hub.currentState(id)).rejects.toBeInstanceOf(DocumentLoadError);
    await expect(hub.replaceContent(id, initialState([{ type: "paragraph", text: "leeg" }]))).rejects.toBeInstanceOf(DocumentLoadError);
    await hub.flush();
    expect(store.stored(id).updates).toHaveLength(1);
    expect(plainText(store.stored(id).snapshot!.state)).toBe("bewaard");
    await hub.shutdown();
  });
});
