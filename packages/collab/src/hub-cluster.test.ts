// Several hubs (instances) on one store (PostgreSQL) and one transport (Redis), in memory:
// what one instance's editors type reaches the others' editors, what gets lost between them
// is read back from the store, and "saved" means stored.
import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { createMemoryTransportNetwork, type MessageTransport } from "@regiotafel/db";
import { trackSaveState, type SaveStateTracker } from "./client";
import { CONTENT_FIELD, initialState, plainText } from "./content";
import { CollabHub, type HubOptions } from "./hub";
import { MemoryDocumentStorage } from "./memory-storage";
import { documentRoomName } from "./protocol";
import { encodeRelayMessage, relayChannel } from "./relay";
import { memoryWebSocket } from "./testing";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(predicate: () => boolean, label: string, timeoutMs = 10_000, explain?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}${explain ? `\n${explain()}` : ""}`);
    await sleep(5);
  }
}

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: SaveStateTracker;
  text(): string;
  type(text: string): void;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A cluster: `size` hubs on one store and one memory network; `route` picks the hub of each new connection. */
function cluster(size: number, options: Partial<HubOptions> = {}, only?: { index: number; options: Partial<HubOptions> }) {
  const store = new MemoryDocumentStorage();
  const network = createMemoryTransportNetwork();
  const problems: string[] = [];
  const start = (index: number) => {
    const transport = network.join();
    const hub = new CollabHub({
      store,
      transport,
      commitDelayMs: 5,
      compactEvery: 40,
      unloadAfterMs: 60_000,
      confirmAfterMs: 300,
      healEveryMs: 60_000,
      log: (m, e) => problems.push(`${m} ${e ?? ""}`),
      ...options,
      ...(only?.index === index ? only.options : {}),
    });
    return { hub, transport };
  };
  const nodes: ({ hub: CollabHub; transport: MessageTransport & { leave(): void } } | null)[] = Array.from({ length: size }, (_, i) => start(i));
  const documentId = store.create(initialState([{ type: "paragraph", text: "Inleiding" }]));
  let next = 0;
  let route = () => {
    const up = nodes.filter((n) => n !== null);
    return up[next++ % up.length] ?? null;
  };
  const WebSocketPolyfill = memoryWebSocket((url) => {
    const node = route();
    if (!node) return null;
    const user = new URL(url).searchParams.get("user") ?? "?";
    return { hub: node.hub, request: { documentId, workspaceId: "w", userId: user, canEdit: true, presence: { name: user, organisation: "Test", color: "#0b5c7a" } } };
  });
  const clients: Client[] = [];
  cleanups.push(async () => {
    for (const c of clients) {
      c.tracker.destroy();
      c.provider.destroy();
      c.doc.destroy();
    }
    for (const node of nodes) await node?.hub.shutdown();
  });
  return {
    store,
    network,
    nodes,
    documentId,
    problems,
    /** Routes every new connection to hub `index`. */
    pin(index: number | null) {
      route = index === null ? () => nodes.filter((n) => n !== null)[next++ % nodes.filter((n) => n !== null).length] ?? null : () => nodes[index] ?? null;
    },
    connect(user: string): Client {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider("ws://memory/collab", documentRoomName(documentId), doc, {
        WebSocketPolyfill: WebSocketPolyfill as unknown as typeof WebSocket,
        disableBc: true,
        maxBackoffTime: 30,
        params: { user },
      });
      const fragment = doc.getXmlFragment(CONTENT_FIELD);
      const client: Client = {
        doc,
        provider,
        tracker: trackSaveState(provider, () => undefined),
        text: () => plainText(Y.encodeStateAsUpdate(doc)),
        type(text) {
          const paragraph = new Y.XmlElement("paragraph");
          paragraph.insert(0, [new Y.XmlText(text)]);
          fragment.push([paragraph]);
        },
      };
      clients.push(client);
      return client;
    },
    /** Hub `index` stops without storing anything (SIGKILL); its clients lose their connection. */
    crash(index: number) {
      const node = nodes[index]!;
      nodes[index] = null;
      node.transport.leave();
      node.hub.closeWorkspace("w", 1006); // its editors lose the connection
      return node.hub;
    },
    restart(index: number) {
      nodes[index] = start(index);
    },
    async storedText() {
      return plainText((await store.load(documentId)).state);
    },
  };
}

describe("co-editing across instances", () => {
  it("brings what an editor on one instance types to editors on the others, both ways, and stores each edit once", async () => {
    const c = cluster(3);
    const [a, b, d] = [c.connect("weert"), c.connect("venlo"), c.connect("roermond")];
    await waitFor(() => [a, b, d].every((x) => x.provider.synced), "synced");
    expect(c.nodes.map((n) => n!.hub.getStats().connections)).toEqual([1, 1, 1]);
    a.type("Van Weert");
    await waitFor(() => b.text().includes("Van Weert") && d.text().includes("Van Weert"), "Weert's line elsewhere");
    b.type("Van Venlo");
    await waitFor(() => a.text().includes("Van Venlo") && d.text().includes("Van Venlo"), "Venlo's line elsewhere");
    await waitFor(() => [a, b, d].every((x) => x.tracker.state() === "saved"), "saved");
    expect(await c.storedText()).toBe(a.text());
    expect(b.text()).toBe(a.text());
    // The instance without an editor stored nothing: its editors' instances store their edits.
    expect(c.nodes[2]!.hub.getStats().storedUpdates).toBe(0);
    expect(c.nodes[0]!.hub.getStats().storedUpdates).toBeGreaterThanOrEqual(1);
    expect(c.problems).toEqual([]);
  });

  it("shows an editor's presence on the other instances and removes it when they leave", async () => {
    const c = cluster(2);
    const a = c.connect("weert");
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    a.provider.awareness.setLocalStateField("user", { name: "Weert" });
    await waitFor(() => [...b.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === "weert"), "Weert seen on B");
    // The identity comes from the server's session, not from what the client claimed.
    const seen = [...b.provider.awareness.getStates().entries()].find(([id]) => id === a.doc.clientID)?.[1];
    expect(seen?.user).toMatchObject({ name: "weert", organisation: "Test" });
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), "Weert gone from B");
  });

  it("shows an editor who has not touched their presence yet at once (its first entry, clock 0), not after the 15 s renewal", async () => {
    const c = cluster(2);
    c.pin(0);
    const a = c.connect("weert");
    c.pin(1);
    const b = c.connect("venlo");
    const local = c.connect("roermond"); // on B too
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID) && b.provider.awareness.getStates().has(local.doc.clientID), "both seen on B", 3_000);
    expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user).toMatchObject({ name: "weert" });
  });

  it("tells a new instance who is there when it opens the document", async () => {
    const c = cluster(2);
    c.pin(0);
    const a = c.connect("weert");
    await waitFor(() => a.provider.synced, "synced");
    a.provider.awareness.setLocalStateField("user", { name: "Weert" });
    await waitFor(() => c.nodes[0]!.hub.getStats().connections === 1, "attached");
    await sleep(50);
    c.pin(1);
    const b = c.connect("venlo");
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), "Weert seen by a latecomer on B");
  });

  it("heals a lost message from the store, without waiting for another edit", async () => {
    const c = cluster(2);
    c.pin(0);
    const a = c.connect("weert");
    c.pin(1);
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    c.network.interrupt(); // one message lost, like a pub/sub message Redis dropped
    a.type("Verloren bericht");
    await waitFor(() => a.tracker.state() === "saved", "saved on A");
    c.network.resume(); // Redis back: B reads the document back
    await waitFor(() => b.text().includes("Verloren bericht"), "B healed");
    expect(c.nodes[1]!.hub.getStats().heals).toBeGreaterThan(0);
  });

  it("heals a lost update when its sender's 'stored' notice names a number it never received", async () => {
    const c = cluster(2, { confirmAfterMs: 60_000 });
    c.pin(0);
    const a = c.connect("weert");
    c.pin(1);
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    a.type("eerste");
    await waitFor(() => b.text().includes("eerste") && a.tracker.state() === "saved", "first arrives");
    c.network.loseNext(); // the update vanishes; its "stored" notice gets through
    a.type("tweede");
    await waitFor(() => b.text().includes("tweede"), "B reads the lost update back", 5_000);
    expect(c.nodes[1]!.hub.getStats().heals).toBe(1);
  });

  it("heals a skipped number once the sender has stored it, when the update and its notice were both lost", async () => {
    const c = cluster(2, { confirmAfterMs: 60_000 });
    c.pin(0);
    const a = c.connect("weert");
    c.pin(1);
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    a.type("eerste");
    await waitFor(() => b.text().includes("eerste") && a.tracker.state() === "saved", "first arrives");
    c.network.loseNext(2);
    a.type("tweede");
    await waitFor(() => a.tracker.state() === "saved", "second stored on A");
    expect(b.text()).not.toContain("tweede");
    a.type("derde"); // number 3 arrives: 2 is missing, and read back once "stored" covers it
    await waitFor(() => b.text().includes("tweede") && b.text().includes("derde"), "both on B", 5_000);
    await waitFor(() => b.text() === a.text(), "identical");
  });

  it("stores an update another instance relayed but never stored (it crashed before committing), and only then says saved", async () => {
    const c = cluster(2, { confirmAfterMs: 1_500 }, { index: 0, options: { commitDelayMs: 60_000 } }); // A's commit never comes in time
    c.pin(0);
    const a = c.connect("weert");
    c.pin(1);
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    a.type("Alleen in het geheugen van A");
    await waitFor(() => b.text().includes("Alleen in het geheugen van A"), "relayed to B");
    expect(a.tracker.state()).toBe("syncing"); // A has not stored it
    b.type("Venlo typt erna"); // B commits a batch while A's update is in its memory
    await waitFor(() => b.tracker.state() === "saved", "Venlo saved");
    // Weert will reconnect to B: B has the text only from A's message; "saved" must wait until B stored it.
    c.pin(1);
    c.crash(0).shutdown = async () => undefined; // A is gone: nothing more of it
    await waitFor(() => a.provider.wsconnected && a.provider.synced && a.tracker.state() === "saved", "Weert saved through B");
    // Not before B stored it itself: until then B had it only in memory.
    expect(c.nodes[1]!.hub.getStats().adoptedUpdates).toBeGreaterThan(0);
    expect(await c.storedText()).toContain("Alleen in het geheugen van A");
  });

  it("keeps the stored log loadable when an edit builds on another instance's update that is not stored yet", async () => {
    const c = cluster(2, { confirmAfterMs: 60_000 }, { index: 0, options: { commitDelayMs: 60_000 } }); // A commits late
    c.pin(0);
    const a = c.connect("weert");
    c.pin(1);
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    a.type("Weert, nog niet opgeslagen");
    await waitFor(() => b.text().includes("Weert, nog niet opgeslagen"), "relayed to B");
    b.type("Venlo bouwt erop voort"); // placed after Weert's paragraph: it refers to it
    await waitFor(() => b.tracker.state() === "saved", "Venlo saved");
    // A third instance opening the document now loads it whole.
    const text = await c.storedText();
    expect(text).toContain("Weert, nog niet opgeslagen");
    expect(text).toContain("Venlo bouwt erop voort");
  });

  it("drops a relay message that does not decode and stays usable", async () => {
    const c = cluster(2);
    const a = c.connect("weert");
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    const intruder = c.network.join();
    for (const bytes of [new Uint8Array([0]), new Uint8Array([9, 9, 9]), new Uint8Array(0), encodeRelayMessage({ kind: "update", sender: "x", seq: 1, data: new Uint8Array([1, 2, 3]), author: null })]) {
      intruder.publish(relayChannel(c.documentId), bytes);
    }
    await sleep(50);
    a.type("Na de rommel");
    await waitFor(() => b.text().includes("Na de rommel"), "still relayed");
    expect(await c.storedText()).not.toContain("rommel\u0000");
    expect(c.problems.some((p) => p.includes("does not decode"))).toBe(true);
  });

  it("an instance that restarts loads from the store and its reconnecting editors lose nothing", async () => {
    const c = cluster(2);
    c.pin(0);
    const a = c.connect("weert");
    c.pin(1);
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    a.type("voor de herstart");
    await waitFor(() => a.tracker.state() === "saved" && b.text().includes("voor de herstart"), "saved and relayed");
    await c.nodes[0]!.hub.shutdown();
    c.crash(0);
    c.pin(null);
    a.type("tijdens de herstart"); // offline edit, sent on reconnecting (to B)
    c.restart(0);
    await waitFor(() => b.text().includes("tijdens de herstart") && a.tracker.state() === "saved", "the offline edit arrives and is stored");
    expect(await c.storedText()).toContain("tijdens de herstart");
  });
});

describe("the anchors' known failures, across instances", () => {
  it("serves editors who join while the document loads the loaded document, and the update relayed meanwhile (Hocuspocus #821)", async () => {
    const c = cluster(2);
    c.pin(0);
    const a = c.connect("weert");
    await waitFor(() => a.provider.synced, "A synced");
    // B loads slowly; Weert types on A while B is loading for two editors at once.
    const slow = c.store as MemoryDocumentStorage & { loadDoc: MemoryDocumentStorage["loadDoc"] };
    const load = slow.loadDoc.bind(slow);
    slow.loadDoc = async (...args) => {
      a.type("Tijdens het laden getypt");
      await sleep(80);
      return load(...args);
    };
    c.pin(1);
    const [b1, b2] = [c.connect("venlo"), c.connect("roermond")];
    await waitFor(() => b1.provider.synced && b2.provider.synced, "B's editors synced");
    for (const x of [b1, b2]) {
      await waitFor(() => x.text() === a.text(), "the same document as A");
      expect(x.text()).toContain("Inleiding");
      expect(x.text()).toContain("Tijdens het laden getypt");
    }
  });

  it("loses nothing when a document unloads while its editor reconnects to another instance with offline edits (Hocuspocus #971)", async () => {
    const c = cluster(2, { unloadAfterMs: 10 });
    c.pin(0);
    const a = c.connect("weert");
    await waitFor(() => a.provider.synced, "synced");
    a.type("eerst");
    await waitFor(() => a.tracker.state() === "saved", "saved");
    a.provider.disconnect(); // A unloads the document after 10 ms, compacting it
    a.type("offline getypt");
    c.pin(1);
    await sleep(5);
    a.provider.connect(); // to B, while A is unloading
    await waitFor(() => a.provider.synced && a.tracker.state() === "saved", "saved through B");
    await sleep(50);
    expect(await c.storedText()).toContain("offline getypt");
    expect(await c.storedText()).toContain("eerst");
  });

  it("never skips storing an edit because a compaction failed (Hocuspocus #588)", async () => {
    const c = cluster(2, { compactEvery: 2 });
    c.store.compact = async () => {
      throw new Error("compaction lock not granted");
    };
    const a = c.connect("weert");
    const b = c.connect("venlo");
    await waitFor(() => a.provider.synced && b.provider.synced, "synced");
    for (const word of ["een", "twee", "drie"]) {
      a.type(`A ${word}`);
      b.type(`B ${word}`);
      await waitFor(() => a.tracker.state() === "saved" && b.tracker.state() === "saved", "saved");
    }
    const stored = await c.storedText();
    for (const word of ["een", "twee", "drie"]) {
      expect(stored).toContain(`A ${word}`);
      expect(stored).toContain(`B ${word}`);
    }
    expect(c.problems.some((p) => p.includes("compaction"))).toBe(true);
  });
});

describe("randomized co-editing across instances", () => {
  type Step =
    | { kind: "type"; client: number; text: string }
    | { kind: "delete"; client: number; at: number }
    | { kind: "disconnect"; client: number }
    | { kind: "connect"; client: number }
    | { kind: "outage"; ms: number }
    | { kind: "crash"; hub: number; downMs: number }
    | { kind: "restart"; hub: number }
    | { kind: "wait"; ms: number };
  const client = fc.integer({ min: 0, max: 4 });
  const hub = fc.integer({ min: 0, max: 2 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 10, arbitrary: fc.record({ kind: fc.constant("type" as const), client, text: fc.string({ minLength: 1, maxLength: 5 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), client, at: fc.nat(50) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), client }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("connect" as const), client }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("outage" as const), ms: fc.integer({ min: 0, max: 40 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("crash" as const), hub, downMs: fc.integer({ min: 0, max: 30 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("restart" as const), hub }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 20 }) }) },
  );
  const seen = { crashes: 0, outages: 0, restarts: 0 };
  const SEED = Number(process.env.CLUSTER_SEED ?? 1907);

  it(`five editors over three instances end identical with the store through outages, crashes and restarts (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 60 }), async (steps) => {
        const c = cluster(3, { confirmAfterMs: 150, healEveryMs: 1_000 });
        const clients = Array.from({ length: 5 }, (_, i) => c.connect(`u${i}`));
        try {
          await waitFor(() => clients.every((x) => x.provider.synced), "initial sync");
          for (const s of steps) {
            const x = "client" in s ? clients[s.client]! : null;
            if (s.kind === "type") x!.doc.getXmlFragment(CONTENT_FIELD).insert(0, [new Y.XmlText(s.text)]);
            else if (s.kind === "delete") {
              const fragment = x!.doc.getXmlFragment(CONTENT_FIELD);
              if (fragment.length > 1) fragment.delete(s.at % fragment.length, 1);
            } else if (s.kind === "disconnect") x!.provider.disconnect();
            else if (s.kind === "connect") x!.provider.connect();
            else if (s.kind === "outage") {
              seen.outages++;
              c.network.interrupt();
              await sleep(s.ms);
              c.network.resume();
            } else if (s.kind === "crash" && c.nodes[s.hub] && c.nodes.filter(Boolean).length > 1) {
              seen.crashes++;
              c.crash(s.hub);
              await sleep(s.downMs);
              c.restart(s.hub);
            } else if (s.kind === "restart" && c.nodes[s.hub]) {
              seen.restarts++;
              const node = c.nodes[s.hub]!;
              c.nodes[s.hub] = null;
              await node.hub.shutdown();
              node.transport.leave();
              c.restart(s.hub);
            } else if (s.kind === "wait") await sleep(s.ms);
            await new Promise((resolve) => setImmediate(resolve));
          }
          for (const x of clients) if (!x.provider.shouldConnect) x.provider.connect();
          const json = (x: Client) => x.doc.getXmlFragment(CONTENT_FIELD).toJSON();
          await waitFor(
            () => clients.every((x) => x.provider.synced && x.tracker.state() === "saved" && json(x) === json(clients[0]!)),
            "every editor saved and identical",
            20_000,
            () => clients.map((x, i) => `${i}: ${x.provider.wsconnected} ${x.provider.synced} ${x.tracker.state()} ${json(x) === json(clients[0]!)}`).join("\n"),
          );
          for (const node of c.nodes) await node?.hub.flush();
          const stored = new Y.Doc();
          Y.applyUpdate(stored, (await c.store.load(c.documentId)).state);
          expect(stored.getXmlFragment(CONTENT_FIELD).toJSON()).toBe(json(clients[0]!));
          expect(c.problems.filter((p) => !p.includes("does not decode"))).toEqual([]);
        } finally {
          for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
        }
      }),
      { seed: SEED, numRuns: Number(process.env.CLUSTER_RUNS ?? 12), path: process.env.CLUSTER_PATH, endOnFailure: true },
    );
    expect(seen.crashes + seen.restarts).toBeGreaterThan(0);
    expect(seen.outages).toBeGreaterThan(0);
  }, 240_000);
});
