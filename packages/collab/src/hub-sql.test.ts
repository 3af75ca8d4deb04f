// The hub on PostgreSQL (PGlite in memory, or TEST_DATABASE_URL's server): what it stores, in the
// tables, and what the database itself refuses. The hub's logic is tested on the memory storage.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CONTENT_FIELD, initialState, plainText } from "./content";
import { CollabHub } from "./hub";
import { MESSAGE_SAVED, syncUpdateMessage } from "./protocol";
import { DocumentLoadError } from "./storage";
import { fakeSocket } from "./testing";
import { sqlStorageForFile } from "./testing-sql";

const sql = sqlStorageForFile();

const newDocument = (text: string) => sql.newDocument(initialState([{ type: "paragraph", text }]), text);
const logRows = (documentId: string) => sql.db.prisma.documentUpdate.count({ where: { documentId } });

/** A connection whose outgoing messages go nowhere; incoming ones are emitted into it. */
const silentSocket = () => Object.assign(new EventEmitter(), { readyState: 1, send: () => undefined, close: () => undefined });

/** Edits the first paragraph of `editor` and returns the sync message carrying that change. */
function typed(editor: Y.Doc, edit: (text: Y.XmlText) => void): Buffer {
  const before = Y.encodeStateVector(editor);
  edit((editor.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText);
  return Buffer.from(syncUpdateMessage(Y.encodeStateAsUpdate(editor, before)));
}

/** `count` updates typing `letter` at the end of the first paragraph of `base`. */
function typing(base: Uint8Array, count: number, letter = "x"): Uint8Array[] {
  const writer = new Y.Doc();
  Y.applyUpdate(writer, base);
  const updates: Uint8Array[] = [];
  writer.on("update", (u: Uint8Array) => updates.push(u));
  const text = (writer.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  for (let i = 0; i < count; i++) text.insert(text.length, letter);
  return updates;
}

describe("the hub on PostgreSQL", () => {
  it("stores a commit window's keystrokes in one write, acknowledges them, and compacts them into the snapshot on unload", async () => {
    const id = await newDocument("");
    const hub = new CollabHub({ store: sql.storage, commitDelayMs: 300, unloadAfterMs: 50 });
    const editor = new Y.Doc();
    Y.applyUpdate(editor, await hub.currentState(id));
    const sent: Uint8Array[] = [];
    const socket = Object.assign(silentSocket(), { send: (message: Uint8Array) => void sent.push(message) });
    await hub.join(socket, { documentId: id, workspaceId: sql.workspaceId, userId: "u", canEdit: true });
    const savedAtJoin = sent.filter((m) => m[0] === MESSAGE_SAVED).length;

    for (const letter of "abc") socket.emit("message", typed(editor, (text) => text.insert(text.length, letter)), true);
    expect(await logRows(id)).toBe(0); // inside the window
    await expect.poll(() => logRows(id)).toBe(3);
    await expect.poll(() => sent.filter((m) => m[0] === MESSAGE_SAVED).length).toBe(savedAtJoin + 1);

    socket.emit("close");
    await expect.poll(() => hub.getStats().documents).toBe(0);
    await expect.poll(() => logRows(id)).toBe(0);
    const snapshot = await sql.db.prisma.documentSnapshot.findUniqueOrThrow({ where: { documentId: id } });
    expect(snapshot.lastUpdateId).toBeGreaterThan(0n);
    expect(plainText(snapshot.state)).toBe("abc");
    expect((await sql.db.prisma.document.findUniqueOrThrow({ where: { id } })).searchText).toBe("abc");
    await hub.shutdown();
  });

  it("reads a long log left by a crash in one go and folds it into the snapshot right after loading", async () => {
    const id = await newDocument("");
    const updates = typing((await sql.storage.load(id)).state, 600);
    await sql.storage.append(updates.map((data) => ({ documentId: id, data })));
    const hub = new CollabHub({ store: sql.storage, compactEvery: 500, unloadAfterMs: 60_000 });
    await hub.preload(id);
    await expect.poll(() => logRows(id)).toBe(0);
    expect(plainText((await sql.storage.load(id)).state)).toBe("x".repeat(600));
    await hub.shutdown();
  });

  it("takes an automatic version at most once per interval, also across hubs", async () => {
    const id = await newDocument("begin");
    const automatic = () => sql.db.prisma.documentVersion.findMany({ where: { documentId: id, automatic: true } });
    const editor = new Y.Doc();
    for (let round = 0; round < 2; round++) {
      const hub = new CollabHub({ store: sql.storage, automaticVersionEveryMs: 60_000, unloadAfterMs: 60_000 });
      if (round === 0) Y.applyUpdate(editor, await hub.currentState(id));
      const socket = silentSocket();
      await hub.join(socket, { documentId: id, workspaceId: sql.workspaceId, userId: "u", canEdit: true });
      socket.emit("message", typed(editor, (text) => text.insert(text.length, `${round}`)), true);
      await hub.flush();
      await hub.shutdown();
    }
    const versions = await automatic();
    expect(versions).toHaveLength(1);
    expect(plainText(versions[0]!.state)).toBe("begin0");
  });

  it("refuses to load rows that do not decode, and leaves them alone", async () => {
    const id = await newDocument("bewaard");
    await sql.db.prisma.documentUpdate.create({ data: { documentId: id, data: Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02]) } });
    const hub = new CollabHub({ store: sql.storage, log: () => undefined });
    await expect(hub.currentState(id)).rejects.toBeInstanceOf(DocumentLoadError);
    expect(await hub.loads(id)).toBe(false);
    await expect(hub.replaceContent(id, initialState([{ type: "paragraph", text: "leeg" }]))).rejects.toBeInstanceOf(DocumentLoadError);
    await hub.shutdown();
    expect(await logRows(id)).toBe(1);
    const snapshot = await sql.db.prisma.documentSnapshot.findUniqueOrThrow({ where: { documentId: id } });
    expect(plainText(snapshot.state)).toBe("bewaard");
  });
});

describe("text PostgreSQL cannot store", () => {
  it("compacts a document with a NUL character in its text (search text without it)", async () => {
    const id = await newDocument("tekst");
    const failures: string[] = [];
    const hub = new CollabHub({ store: sql.storage, compactEvery: 1, log: (m) => failures.push(m) });
    const editor = fakeSocket();
    await hub.join(editor, { documentId: id, workspaceId: sql.workspaceId, userId: "e", canEdit: true });
    editor.receive(syncUpdateMessage(typing((await sql.storage.load(id)).state, 1, "\u0000")[0]!));
    await hub.flush();
    await hub.shutdown();
    expect(failures).toEqual([]);
    expect(await logRows(id)).toBe(0);
    expect((await sql.db.prisma.document.findUniqueOrThrow({ where: { id } })).searchText).toBe("tekst");
  });
});
