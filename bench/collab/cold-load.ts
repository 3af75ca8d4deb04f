// Cold load of a document with 100k stored updates, and the heap an idle loaded document takes.
//
// The 100k updates reach the server the way editors send them (sync update messages, the
// hub's group commit and compaction every 500 updates), and the server "crashes" when the
// log holds the most it ever holds uncompacted (499 updates after the snapshot); a fresh hub
// then loads the document. The same 100k updates as raw log rows that never saw a
// compaction (compaction failing for the whole history) are loaded too, as the recovery case.
import { EventEmitter } from "node:events";
import { rm } from "node:fs/promises";
import * as Y from "yjs";
import { CollabHub, SqlDocumentStorage, initialState, syncUpdateMessage, type CollabSocket } from "@regiotafel/collab";
import { createInitialSnapshot, openDatabase } from "@regiotafel/db";
import { strategyOutlineBlocks } from "@regiotafel/domain";
import { createPostgresDatabase, postgresServerUrl, tempDir } from "../lib/databases";
import { fmt } from "../lib/stats";

const UPDATES = 100_000;

function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * 100k updates as ten people typing would send them: one character (or a backspace) per
 * update at each person's cursor, the cursor jumping elsewhere now and then.
 */
function generateUpdates(): Uint8Array[] {
  const EDITORS = 10;
  const docs = Array.from({ length: EDITORS }, () => new Y.Doc());
  const updates: Uint8Array[] = [];
  for (const d of docs) {
    d.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin === "relay") return;
      updates.push(u);
      for (const other of docs) if (other !== d) Y.applyUpdate(other, u, "relay");
    });
  }
  const first = docs[0]!.getXmlFragment("default");
  for (let p = 0; p < 30; p++) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("")]);
    first.push([paragraph]);
  }
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const cursors = docs.map(() => ({ paragraph: Math.floor(rnd() * 30), offset: 0 }));
  while (updates.length < UPDATES) {
    const e = Math.floor(rnd() * EDITORS);
    const cursor = cursors[e]!;
    const text = (docs[e]!.getXmlFragment("default").get(cursor.paragraph) as Y.XmlElement).get(0) as Y.XmlText;
    if (rnd() < 0.02) {
      cursor.paragraph = Math.floor(rnd() * 30);
      cursor.offset = Math.floor(rnd() * (text.length + 1));
      continue;
    }
    cursor.offset = Math.min(cursor.offset, text.length);
    if (rnd() < 0.08 && cursor.offset > 0) text.delete(--cursor.offset, 1);
    else text.insert(cursor.offset++, "e");
  }
  for (const d of docs) d.destroy();
  return updates.slice(0, UPDATES);
}


/** A connection the hub can serve: what it sends is dropped, messages are emitted into it. */
function editorSocket(): CollabSocket & EventEmitter {
  return Object.assign(new EventEmitter(), {
    readyState: 1,
    send: () => undefined,
    close: () => undefined,
  }) as unknown as CollabSocket & EventEmitter;
}

async function timedLoads(store: SqlDocumentStorage, documentId: string, rounds: number) {
  const times: number[] = [];
  const hubs: CollabHub[] = [];
  let heapKb = 0;
  for (let i = 0; i < rounds; i++) {
    const hub = new CollabHub({ store, unloadAfterMs: 3_600_000, compactEvery: Number.MAX_SAFE_INTEGER, log: () => undefined });
    hubs.push(hub);
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    await hub.preload(documentId);
    times.push(performance.now() - t0);
    gc();
    if (i === 0) heapKb = (process.memoryUsage().heapUsed - before) / 1024;
    // Kept open until every round has loaded: its shutdown compacts the log, which would
    // change what the next round loads.
  }
  for (const hub of hubs) await hub.shutdown(); // an open document's presence timer keeps the process alive
  const sorted = [...times].sort((a, b) => a - b);
  return { first: times[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)!, heapKb };
}

export async function coldLoad(): Promise<void> {
  const pgServer = postgresServerUrl();
  const pg = pgServer ? await createPostgresDatabase(pgServer, "regiotafel_bench_cold") : null;
  const dataDir = await tempDir("regiotafel-bench-cold-");
  const db = await openDatabase(pg ? { url: pg.url } : { dataDir });
  const dialect = pg ? "PostgreSQL" : "PGlite";
  try {
    const store = new SqlDocumentStorage(db.prisma);
    const workspace = await db.prisma.workspace.create({ data: { slug: "bench", name: "Bench" } });
    // Measured first, while the heap holds nothing else of ours; twenty documents, so that
    // the noise of the database client's own allocations averages out.
    // An idle loaded document: the joint strategy outline with some text, no connections.
    const IDLE = 20;
    const outline = Buffer.from(initialState(strategyOutlineBlocks("Strategie")));
    const idleDocs = [];
    for (let i = 0; i <= IDLE; i++) {
      const doc = await db.prisma.document.create({ data: { workspaceId: workspace.id, kind: "STRATEGY", title: `Strategie ${i}` } });
      await createInitialSnapshot(db.prisma, doc.id, outline);
      idleDocs.push(doc);
    }
    const idleHub = new CollabHub({ store, unloadAfterMs: 3_600_000 });
    await idleHub.preload(idleDocs[0]!.id); // the first load allocates the hub's own structures
    gc();
    const idleBefore = process.memoryUsage().heapUsed;
    for (const d of idleDocs.slice(1)) await idleHub.preload(d.id);
    gc();
    const idleKb = (process.memoryUsage().heapUsed - idleBefore) / 1024 / IDLE;
    console.log(`idle loaded document (strategy outline): heap +${fmt(idleKb, 0)} KiB each, mean of ${IDLE} (target <= 200 KB: ${idleKb * 1.024 <= 200 ? "MET" : "NOT MET"})`);
    await idleHub.shutdown();

    const updates = generateUpdates();
    const bytes = updates.reduce((n, u) => n + u.length, 0);

    // Through the hub, twenty updates per group commit; one alone first, so that the last
    // compaction falls 499 updates before the end.
    const served = await db.prisma.document.create({ data: { workspaceId: workspace.id, kind: "FREE", title: "100k via de server" } });
    // One socket sends all 100k as fast as the hub takes them: no per-connection rate limit (ADR 0013).
    const writer = new CollabHub({ store, unloadAfterMs: 3_600_000, log: () => undefined, limits: { messagesPerSecond: 1e9, bytesPerSecond: 1e12, byteBurst: 1e12 } });
    const socket = editorSocket();
    await writer.join(socket, { documentId: served.id, workspaceId: workspace.id, userId: "bench", canEdit: true });
    const tWrite = performance.now();
    for (let i = 0; i < updates.length; ) {
      const end = i === 0 ? 1 : Math.min(i + 20, updates.length);
      for (; i < end; i++) socket.emit("message", Buffer.from(syncUpdateMessage(updates[i]!)), true);
      await writer.flush();
    }
    const writeS = (performance.now() - tWrite) / 1000;
    // The crash: the writer is dropped without its shutdown (which would compact).
    const tail = await db.prisma.documentUpdate.count({ where: { documentId: served.id } });
    const load = await timedLoads(store, served.id, 5);
    await writer.shutdown();
    console.log(
      `\ncold load, ${UPDATES} updates (${fmt(bytes / 1024 / 1024)} MiB) sent through the hub in ${fmt(writeS, 1)} s, ` +
        `crash with ${tail} in the log (${dialect}): first ${fmt(load.first, 0)} ms, median of 5 ${fmt(load.median, 0)} ms, ` +
        `max ${fmt(load.max, 0)} ms (target <= 500 ms: ${load.max <= 500 ? "MET" : "NOT MET"}); loaded heap +${fmt(load.heapKb, 0)} KiB`,
    );

    // Recovery: the same updates as log rows no compaction ever folded.
    const raw = await db.prisma.document.create({ data: { workspaceId: workspace.id, kind: "FREE", title: "100k in het log" } });
    for (let i = 0; i < updates.length; i += 5000) {
      await store.append(updates.slice(i, i + 5000).map((data) => ({ documentId: raw.id, data })));
    }
    const recovery = await timedLoads(store, raw.id, 1);
    const folding = new CollabHub({ store, unloadAfterMs: 3_600_000 });
    await folding.preload(raw.id); // a long log is compacted right after the load
    await folding.shutdown();
    const after = await timedLoads(store, raw.id, 3);
    console.log(
      `recovery: ${UPDATES} uncompacted log rows: ${fmt(recovery.first, 0)} ms (no target; the hub compacts such a log ` +
        `right after loading it); the next load: median ${fmt(after.median, 0)} ms`,
    );

  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
    await pg?.drop();
  }
}
