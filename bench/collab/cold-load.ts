// Cold load of a document with 100k stored updates, and the heap an idle loaded document takes.
import { rm } from "node:fs/promises";
import * as Y from "yjs";
import { CollabHub, DocumentStore, initialState } from "@regiotafel/collab";
import { openDatabase } from "@regiotafel/db";
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

export async function coldLoad(): Promise<void> {
  const pgServer = postgresServerUrl();
  const pg = pgServer ? await createPostgresDatabase(pgServer, "regiotafel_bench_cold") : null;
  const dataDir = await tempDir("regiotafel-bench-cold-");
  const db = await openDatabase(pg ? { url: pg.url } : { dataDir });
  try {
    const store = new DocumentStore(db.prisma);
    const workspace = await db.prisma.workspace.create({ data: { slug: "bench", name: "Bench" } });
    const big = await db.prisma.document.create({ data: { workspaceId: workspace.id, kind: "FREE", title: "100k updates" } });
    const updates = generateUpdates();
    for (let i = 0; i < updates.length; i += 5000) {
      await store.append(updates.slice(i, i + 5000).map((data) => ({ documentId: big.id, data })));
    }
    const bytes = updates.reduce((n, u) => n + u.length, 0);

    const hub = new CollabHub({ store, unloadAfterMs: 3_600_000 });
    gc();
    const heapBefore = process.memoryUsage();
    const t0 = performance.now();
    await hub.preload(big.id);
    const coldMs = performance.now() - t0;
    gc();
    const heapAfter = process.memoryUsage();
    console.log(
      `\ncold load, ${UPDATES} stored updates (${fmt(bytes / 1024 / 1024)} MiB, ${pg ? "PostgreSQL" : "PGlite"}): ${fmt(coldMs, 0)} ms ` +
        `(target <= 500 ms: ${coldMs <= 500 ? "MET" : "NOT MET"}); loaded heap +${fmt((heapAfter.heapUsed - heapBefore.heapUsed) / 1024, 0)} KiB, ` +
        `array buffers +${fmt((heapAfter.arrayBuffers - heapBefore.arrayBuffers) / 1024, 0)} KiB`,
    );
    await hub.shutdown();
    const compacted = performance.now();
    const hub2 = new CollabHub({ store, unloadAfterMs: 3_600_000 });
    await hub2.preload(big.id);
    console.log(`load of the same document after compaction (on unload): ${fmt(performance.now() - compacted, 0)} ms`);
    await hub2.shutdown();

    // An idle loaded document: the joint strategy outline with some text, no connections.
    const strategy = await db.prisma.document.create({
      data: {
        workspaceId: workspace.id,
        kind: "STRATEGY",
        title: "Strategie",
        snapshot: { create: { state: Buffer.from(initialState(strategyOutlineBlocks("Strategie"))), lastUpdateId: 0n } },
      },
    });
    const hub3 = new CollabHub({ store, unloadAfterMs: 3_600_000 });
    const warm = await db.prisma.document.create({
      data: { workspaceId: workspace.id, kind: "FREE", title: "warm-up", snapshot: { create: { state: Buffer.from(initialState([])), lastUpdateId: 0n } } },
    });
    await hub3.preload(warm.id); // first load allocates the hub's own structures
    gc();
    const idleBefore = process.memoryUsage().heapUsed;
    await hub3.preload(strategy.id);
    gc();
    const idleKb = (process.memoryUsage().heapUsed - idleBefore) / 1024;
    console.log(`idle loaded document (strategy outline): heap +${fmt(idleKb, 0)} KiB (target <= 200 KB: ${idleKb * 1.024 <= 200 ? "MET" : "NOT MET"})`);
    await hub3.shutdown();
  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
    await pg?.drop();
  }
}
