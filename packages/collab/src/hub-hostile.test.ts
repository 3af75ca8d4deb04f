// Hostile or malformed Yjs updates from a member: none of them may reach storage.
import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { CONTENT_FIELD, initialState, plainText } from "./content";
import { CollabHub } from "./hub";
import { CLOSE_CODES, syncUpdateMessage } from "./protocol";
import { DocumentStore } from "./store";

let db: Database;
let store: DocumentStore;
let workspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new DocumentStore(db.prisma);
  workspaceId = (await db.prisma.workspace.create({ data: { slug: "test", name: "Test" } })).id;
});
afterAll(() => db.close());

async function newDocument(text: string) {
  const doc = await db.prisma.document.create({
    data: {
      workspaceId,
      kind: "FREE",
      title: text,
      snapshot: { create: { state: Buffer.from(initialState([{ type: "paragraph", text }])), lastUpdateId: 0n } },
    },
  });
  return doc.id;
}

/** A socket that records what it is sent and how it was closed. */
function recordingSocket() {
  const socket = Object.assign(new EventEmitter(), {
    readyState: 1,
    sent: [] as Uint8Array[],
    closedWith: null as number | null,
    send(message: Uint8Array) {
      socket.sent.push(message);
    },
    close(code?: number) {
      if (socket.readyState !== 1) return;
      socket.readyState = 3;
      socket.closedWith = code ?? 1005;
      queueMicrotask(() => socket.emit("close"));
    },
  });
  return socket;
}

/** The 10-byte update of the issue: no structs, one delete of a client nobody has seen. */
function danglingDelete(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, 1); // one client in the delete set
  encoding.writeVarUint(encoder, 987_654_321);
  encoding.writeVarUint(encoder, 1); // one range
  encoding.writeVarUint(encoder, 0); // clock
  encoding.writeVarUint(encoder, 1); // length
  return encoding.toUint8Array(encoder);
}

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
    attacker.emit("message", Buffer.from(syncUpdateMessage(second)), true);
    await hub.flush();
    expect(attacker.closedWith).toBe(CLOSE_CODES.UPDATE_REFUSED);
    expect(reader.sent.length).toBe(sentToReader); // nothing relayed
    expect(await db.prisma.documentUpdate.count({ where: { documentId: id } })).toBe(0);
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

  it("refuses an update that does not decode, and stores nothing", async () => {
    const id = await newDocument("heel");
    const hub = new CollabHub({ store, log: () => undefined });
    const socket = recordingSocket();
    await hub.join(socket, { documentId: id, workspaceId, userId: "u", canEdit: true });
    socket.emit("message", Buffer.from(syncUpdateMessage(new Uint8Array([1, 1, 200, 5, 0, 9, 9]))), true);
    await hub.flush();
    expect(socket.closedWith).toBe(CLOSE_CODES.UPDATE_REFUSED);
    await hub.shutdown();
    expect(await db.prisma.documentUpdate.count({ where: { documentId: id } })).toBe(0);
    expect(plainText((await store.load(id)).state)).toBe("heel");
  });
});
