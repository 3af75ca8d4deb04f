// The DocumentStorage contract (storage.ts), the same cases for the SQL storage the server
// uses and the memory storage the hub's unit tests use.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CONTENT_FIELD, initialState, plainText } from "./content";
import { UnloadableStateError } from "./integrity";
import { MemoryDocumentStorage } from "./memory-storage";
import { DocumentLoadError, type DocumentStorage } from "./storage";
import { damagedState } from "./testing";
import { sqlTestStorage } from "./testing-sql";

interface Subject {
  storage: DocumentStorage;
  newDocument(state: Uint8Array | null): Promise<string>;
  close(): Promise<void>;
}

const implementations: { name: string; open(): Promise<Subject> }[] = [
  {
    name: "MemoryDocumentStorage",
    async open() {
      const storage = new MemoryDocumentStorage();
      return { storage, newDocument: async (state) => storage.create(state), close: async () => undefined };
    },
  },
  { name: "SqlDocumentStorage", open: sqlTestStorage },
];

const paragraph = (text: string) => initialState([{ type: "paragraph", text }]);

/** `letters` typed at the end of the first paragraph of `state`, one update per letter. */
function typing(state: Uint8Array, letters: string): Uint8Array[] {
  const editor = new Y.Doc();
  Y.applyUpdate(editor, state);
  const updates: Uint8Array[] = [];
  editor.on("update", (u: Uint8Array) => updates.push(u));
  const text = (editor.getXmlFragment(CONTENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  for (const letter of letters) text.insert(text.length, letter);
  return updates;
}

/** `state` with `updates` applied. */
function merged(state: Uint8Array, updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  for (const update of updates) Y.applyUpdate(doc, update);
  return Y.encodeStateAsUpdate(doc);
}

describe.each(implementations)("$name keeps the DocumentStorage contract", ({ open }) => {
  let subject: Subject;
  let storage: DocumentStorage;
  beforeAll(async () => {
    subject = await open();
    storage = subject.storage;
  });
  afterAll(() => subject.close());

  it("loads a new document as its first snapshot, and one without rows as empty", async () => {
    const start = paragraph("begin");
    const id = await subject.newDocument(start);
    const loaded = await storage.loadDoc(id);
    expect(plainText(Y.encodeStateAsUpdate(loaded.doc))).toBe("begin");
    expect(loaded).toMatchObject({ lastUpdateId: 0n, updateCount: 0, storedBytes: start.length });
    for (const empty of [await subject.newDocument(null), randomUUID()]) {
      const state = await storage.load(empty);
      expect(state).toMatchObject({ lastUpdateId: 0n, updateCount: 0 });
      expect(plainText(state.state)).toBe("");
    }
  });

  it("gives every update a higher id than any before, across documents and calls, and replays them in order", async () => {
    const [startA, startB] = [paragraph("a:"), paragraph("b:")];
    const [a, b] = [await subject.newDocument(startA), await subject.newDocument(startB)];
    const [a1, a2, a3, a4] = typing(startA, "1234");
    const [b1, b2] = typing(startB, "12");
    const first = await storage.append([a1!, b1!, a2!, b2!, a3!].map((data, i) => ({ documentId: i % 2 === 0 ? a : b, data })));
    expect([...first.keys()].sort()).toEqual([a, b].sort());
    expect(first.get(a)!).toBeGreaterThan(first.get(b)!); // a3 came after b2
    const second = await storage.append([{ documentId: a, data: a4! }]);
    expect(second.get(a)!).toBeGreaterThan(first.get(a)!);

    const loaded = await storage.load(a);
    expect(plainText(loaded.state)).toBe("a:1234");
    expect(loaded).toMatchObject({ lastUpdateId: second.get(a), updateCount: 4 });
    const doc = await storage.loadDoc(b);
    expect(doc.storedBytes).toBe(startB.length + b1!.length + b2!.length);
    expect(doc.lastUpdateId).toBe(first.get(b));
  });

  it("compacts into the snapshot, dropping exactly the updates up to the id it is given", async () => {
    const start = paragraph("");
    const id = await subject.newDocument(start);
    const updates = typing(start, "abc");
    const ids: bigint[] = [];
    for (const data of updates) ids.push((await storage.append([{ documentId: id, data }])).get(id)!);

    await storage.compact(id, merged(start, updates.slice(0, 2)), ids[1]!);
    expect(await storage.load(id)).toMatchObject({ lastUpdateId: ids[2], updateCount: 1 });
    expect(plainText((await storage.load(id)).state)).toBe("abc");

    await storage.compact(id, merged(start, updates), ids[2]!, "abc");
    const compacted = await storage.loadDoc(id);
    expect(compacted).toMatchObject({ lastUpdateId: ids[2], updateCount: 0 });
    expect(plainText(Y.encodeStateAsUpdate(compacted.doc))).toBe("abc");
    // Later updates get higher ids than the compacted ones and are replayed after the snapshot.
    const [d] = typing(merged(start, updates), "d");
    const next = (await storage.append([{ documentId: id, data: d! }])).get(id)!;
    expect(next).toBeGreaterThan(ids[2]!);
    expect(await storage.load(id)).toMatchObject({ lastUpdateId: next, updateCount: 1 });
  });

  it("never drops an update its compaction's state lacks, and never replaces a newer snapshot with an older state (several writers)", async () => {
    const start = paragraph("");
    const id = await subject.newDocument(start);
    const updates = typing(start, "xyz");
    const ids: bigint[] = [];
    for (const data of updates) ids.push((await storage.append([{ documentId: id, data }])).get(id)!);

    // An instance that saw only "x" compacts up to the newest id: "y" and "z" (written through
    // another instance) end up in the snapshot, not lost.
    await storage.compact(id, merged(start, updates.slice(0, 1)), ids[2]!);
    expect(await storage.load(id)).toMatchObject({ updateCount: 0 });
    expect(plainText((await storage.load(id)).state)).toBe("xyz");

    // A slower instance then compacts with an older state and a lower id: the newer snapshot stays in.
    await storage.compact(id, merged(start, updates.slice(0, 1)), ids[0]!);
    expect(plainText((await storage.load(id)).state)).toBe("xyz");
    expect((await storage.load(id)).lastUpdateId).toBe(ids[2]);
  });

  it("takes an automatic version once when several writers ask for it at the same time", async () => {
    const start = paragraph("versie");
    const id = await subject.newDocument(start);
    const results = await Promise.all([1, 2, 3, 4].map((n) => storage.saveAutomaticVersion(id, start, `Automatisch ${n}`, 60_000)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await storage.latestAutomaticVersionAt(id)).toEqual(results.find((r) => r !== null)!.createdAt);
    // Within the interval none is taken; with a zero interval the next one is.
    expect(await storage.saveAutomaticVersion(id, start, "Nog een", 60_000)).toBeNull();
    expect(await storage.saveAutomaticVersion(id, start, "Nu wel", 0)).not.toBeNull();
  });

  it("refuses to compact into, or save as a version, a state that would not load, and writes nothing", async () => {
    const good = paragraph("heel");
    const id = await subject.newDocument(good);
    const [update] = typing(good, "!");
    await storage.append([{ documentId: id, data: update! }]);
    for (const bad of [damagedState(good), new Uint8Array([0xff, 0xff, 0xff, 0x01])]) {
      await expect(storage.compact(id, bad, 10n ** 12n)).rejects.toBeInstanceOf(UnloadableStateError);
      await expect(storage.saveVersion(id, bad, "kapot", true, null)).rejects.toBeInstanceOf(UnloadableStateError);
    }
    const loaded = await storage.load(id);
    expect(loaded.updateCount).toBe(1);
    expect(plainText(loaded.state)).toBe("heel!");
    expect(await storage.latestAutomaticVersionAt(id)).toBeNull();
  });

  it("saves versions and knows when the newest automatic one was taken", async () => {
    const id = await subject.newDocument(paragraph("versie"));
    expect(await storage.latestAutomaticVersionAt(id)).toBeNull();
    const named = await storage.saveVersion(id, paragraph("versie"), "Concept", false, null);
    expect(named).toMatchObject({ name: "Concept", automatic: false });
    expect(await storage.latestAutomaticVersionAt(id)).toBeNull(); // named versions do not count
    const first = await storage.saveVersion(id, paragraph("versie 2"), "Automatisch 1", true, null);
    expect(first).toMatchObject({ name: "Automatisch 1", automatic: true });
    expect(first.id).not.toBe(named.id);
    expect((await storage.latestAutomaticVersionAt(id))?.getTime()).toBe(first.createdAt.getTime());
    await new Promise((r) => setTimeout(r, 5));
    const second = await storage.saveVersion(id, paragraph("versie 3"), "Automatisch 2", true, null);
    expect(second.createdAt.getTime()).toBeGreaterThan(first.createdAt.getTime());
    expect((await storage.latestAutomaticVersionAt(id))?.getTime()).toBe(second.createdAt.getTime());
  });

  it("refuses to load rows that do not decode, or a log with a gap, as damaged", async () => {
    const undecodable = await subject.newDocument(paragraph("bewaard"));
    await storage.append([{ documentId: undecodable, data: new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]) }]);
    const gat = paragraph("gat");
    const gapped = await subject.newDocument(gat);
    const [, second] = typing(gat, "xy");
    await storage.append([{ documentId: gapped, data: second! }]); // its predecessor was never stored
    for (const id of [undecodable, gapped]) {
      const error = await storage.loadDoc(id).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DocumentLoadError);
      expect((error as DocumentLoadError).damaged).toBe(true);
      await expect(storage.load(id)).rejects.toBeInstanceOf(DocumentLoadError);
    }
  });

  it("refuses writes for a document that does not exist, and stores none of the batch", async () => {
    const start = paragraph("echt");
    const id = await subject.newDocument(start);
    const [update] = typing(start, "!");
    const missing = randomUUID();
    await expect(storage.append([{ documentId: id, data: update! }, { documentId: missing, data: update! }])).rejects.toThrow();
    expect((await storage.load(id)).updateCount).toBe(0);
    await expect(storage.compact(missing, paragraph("x"), 0n)).rejects.toThrow();
    await expect(storage.saveVersion(missing, paragraph("x"), "x", true, null)).rejects.toThrow();
    expect(await storage.load(missing)).toMatchObject({ lastUpdateId: 0n, updateCount: 0 });
  });
});
