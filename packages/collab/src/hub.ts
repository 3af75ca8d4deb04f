import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC, syncUpdateMessage } from "./protocol";
import { docText, replaceContent } from "./content";
import { DocumentLoadError, type DocumentStore } from "./store";

/** The part of a `ws` WebSocket the hub uses. */
export interface CollabSocket {
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  on(event: "message", listener: (data: ArrayBuffer | Buffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  off(event: "message", listener: (data: ArrayBuffer | Buffer | Buffer[], isBinary: boolean) => void): unknown;
}

export interface JoinRequest {
  documentId: string;
  workspaceId: string;
  userId: string;
  /** Viewers (and readers of archived documents) receive everything but change nothing. */
  canEdit: boolean;
}

interface Connection extends JoinRequest {
  socket: CollabSocket;
  /** Awareness client ids this connection speaks for. */
  awarenessIds: Set<number>;
}

interface Room {
  documentId: string;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  connections: Set<Connection>;
  /** Highest stored update id that the in-memory document contains. */
  lastStoredId: bigint;
  /** State vector of what is stored (sent to clients as "saved"). */
  storedVector: Uint8Array;
  /** Connections that sent something already stored, waiting for the next "saved". */
  awaitingAck: Set<Connection>;
  updatesSinceCompaction: number;
  /** The compaction in progress: compactions of one document run one after another. */
  compacting: Promise<void> | null;
  lastAutomaticVersionAt: number;
  automaticVersionDue: boolean;
  unloadTimer: NodeJS.Timeout | null;
}

interface PendingUpdate {
  room: Room;
  data: Uint8Array;
  /** The connection that sent it (none for changes made on the server). */
  from: Connection | null;
}

export interface HubOptions {
  store: DocumentStore;
  /** Compact a document into its snapshot after this many stored updates. */
  compactEvery?: number;
  /** Unload a document this long after its last connection leaves. */
  unloadAfterMs?: number;
  /**
   * Wait this long after the first update before writing, so that one INSERT carries the
   * updates of several keystrokes (fewer commits under load; "saved" comes that much later).
   * An explicit flush() and shutdown write at once. ADR 0012.
   */
  commitDelayMs?: number;
  /** Take an automatic version at most this often while a document is edited. */
  automaticVersionEveryMs?: number;
  log?: (message: string, error?: unknown) => void;
}

const OPEN = 1;
const SERVER_ORIGIN = "regiotafel-server";

export interface HubStats {
  documents: number;
  connections: number;
  droppedViewerUpdates: number;
  storedUpdates: number;
}

/**
 * Serves live Yjs documents over the y-websocket protocol: one in-memory document per open
 * document, every update stored as it arrives (group commit), compaction into a snapshot,
 * and a "saved" message once updates are durable.
 */
export class CollabHub {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private pending: PendingUpdate[] = [];
  private flushing: Promise<void> | null = null;
  /** Ends the group-commit wait early (set while a flush waits for more updates). */
  private commitNow: (() => void) | null = null;
  private closed = false;
  private readonly stats = { droppedViewerUpdates: 0, storedUpdates: 0 };
  private readonly store: DocumentStore;
  private readonly compactEvery: number;
  private readonly unloadAfterMs: number;
  private readonly automaticVersionEveryMs: number;
  private readonly commitDelayMs: number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(options: HubOptions) {
    this.store = options.store;
    this.compactEvery = options.compactEvery ?? 500;
    this.unloadAfterMs = options.unloadAfterMs ?? 30_000;
    this.automaticVersionEveryMs = options.automaticVersionEveryMs ?? 10 * 60_000;
    this.commitDelayMs = options.commitDelayMs ?? 100;
    this.log = options.log ?? ((message, error) => console.error(`[collab] ${message}`, error ?? ""));
  }

  getStats(): HubStats {
    let connections = 0;
    for (const room of this.rooms.values()) connections += room.connections.size;
    return { documents: this.rooms.size, connections, ...this.stats };
  }

  /** Attaches an authorised socket to its document; loads the document when needed. */
  async join(socket: CollabSocket, request: JoinRequest): Promise<void> {
    if (this.closed) {
      socket.close(CLOSE_CODES.SERVER_RESTART, "server stopping");
      return;
    }
    // Buffer messages that arrive while the document loads.
    const early: Uint8Array[] = [];
    const bufferEarly = (data: ArrayBuffer | Buffer | Buffer[]) => early.push(toBytes(data));
    socket.on("message", bufferEarly);
    let room: Room;
    try {
      room = await this.room(request.documentId);
    } catch (error) {
      this.log(`load of ${request.documentId} failed; not serving it`, error);
      socket.close(CLOSE_CODES.LOAD_FAILED, "load failed");
      return;
    }
    const conn: Connection = { ...request, socket, awarenessIds: new Set() };
    room.connections.add(conn);
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    socket.on("message", (data) => this.onMessage(room, conn, toBytes(data)));
    socket.off("message", bufferEarly);
    socket.on("close", () => this.leave(room, conn));
    socket.on("error", () => socket.close());

    // Start the sync: our state vector, then everyone's presence.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, room.doc);
    this.send(conn, encoding.toUint8Array(encoder));
    // What is stored already: a client that reconnects with edits stored before learns at once.
    this.send(conn, savedMessage(room.storedVector));
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) this.send(conn, awarenessMessage(room.awareness, states));
    for (const data of early) this.onMessage(room, conn, data);
  }

  /** Closes every connection of `userId` in `workspaceId` (after a role change or removal). */
  closeUser(userId: string, workspaceId: string, code: number = CLOSE_CODES.PERMISSIONS_CHANGED): number {
    let closed = 0;
    for (const room of this.rooms.values()) {
      for (const conn of room.connections) {
        if (conn.userId === userId && conn.workspaceId === workspaceId) {
          conn.socket.close(code, "permissions changed");
          closed++;
        }
      }
    }
    return closed;
  }

  /** Closes every connection to a document (archived: clients reconnect read-only). */
  closeDocument(documentId: string, code: number): void {
    const room = this.rooms.get(documentId);
    if (!room) return;
    for (const conn of room.connections) conn.socket.close(code, "document changed");
  }

  /** The document's current state: live when it is open, otherwise from the store. */
  async currentState(documentId: string): Promise<Uint8Array> {
    const room = this.rooms.get(documentId);
    if (room) return Y.encodeStateAsUpdate(room.doc);
    return (await this.store.load(documentId)).state;
  }

  /**
   * Changes a document on the server (restoring a version): the change reaches every
   * connected client and is stored like any other update. Waits until it is stored.
   */
  async change(documentId: string, edit: (doc: Y.Doc) => void): Promise<void> {
    const room = await this.room(documentId);
    room.doc.transact(() => edit(room.doc), SERVER_ORIGIN);
    await this.flush();
    if (room.connections.size === 0) this.scheduleUnload(room);
  }

  /** Loads a document into memory without a connection (it unloads after the grace period). */
  async preload(documentId: string): Promise<void> {
    const room = await this.room(documentId);
    if (room.connections.size === 0) this.scheduleUnload(room);
  }

  /** Makes the document's content equal to `state` (restoring a version). */
  replaceContent(documentId: string, state: Uint8Array): Promise<void> {
    return this.change(documentId, (doc) => replaceContent(doc, state));
  }

  /** Resolves once every update received so far is stored. */
  async flush(): Promise<void> {
    while (this.flushing || this.pending.length > 0) {
      this.scheduleFlush();
      this.commitNow?.();
      await this.flushing;
    }
  }

  /** SIGTERM: stop accepting, store everything, compact open documents, close connections. */
  async shutdown(): Promise<void> {
    this.closed = true;
    await this.flush();
    for (const room of [...this.rooms.values()]) {
      for (const conn of room.connections) conn.socket.close(CLOSE_CODES.SERVER_RESTART, "server restart");
      await this.unload(room);
    }
  }

  private room(documentId: string): Promise<Room> {
    const open = this.rooms.get(documentId);
    if (open) return Promise.resolve(open);
    let loading = this.loading.get(documentId);
    if (!loading) {
      loading = this.load(documentId).finally(() => this.loading.delete(documentId));
      this.loading.set(documentId, loading);
    }
    return loading;
  }

  private async load(documentId: string): Promise<Room> {
    await this.unloading.get(documentId);
    const [loaded, lastVersion] = await Promise.all([this.store.loadDoc(documentId, SERVER_ORIGIN), this.store.latestAutomaticVersionAt(documentId)]);
    const doc = loaded.doc;
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null); // the server has no presence of its own
    const room: Room = {
      documentId,
      doc,
      awareness,
      connections: new Set(),
      lastStoredId: loaded.lastUpdateId,
      storedVector: Y.encodeStateVector(doc),
      awaitingAck: new Set(),
      updatesSinceCompaction: loaded.updateCount,
      compacting: null,
      lastAutomaticVersionAt: lastVersion?.getTime() ?? 0,
      automaticVersionDue: false,
      unloadTimer: null,
    };
    doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocUpdate(room, update, origin));
    awareness.on("update", ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (isConnection(origin)) {
        for (const id of added) origin.awarenessIds.add(id);
        for (const id of removed) origin.awarenessIds.delete(id);
      }
      const message = asBuffer(awarenessMessage(awareness, changed));
      for (const conn of room.connections) this.send(conn, message);
    });
    this.rooms.set(documentId, room);
    // A long log (left by a crash or by compactions that failed) is replayed once, not on
    // every later load: fold it into the snapshot now rather than after the next edit.
    if (loaded.updateCount >= this.compactEvery) {
      this.compact(room).catch((error) => this.log(`compaction of ${documentId} after load failed`, error));
    }
    return room;
  }

  private onMessage(room: Room, conn: Connection, data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        // Viewers may ask for state (step 1) but their changes (step 2, update) are dropped.
        const syncType = decoding.peekVarUint(decoder);
        if (!conn.canEdit && syncType !== syncProtocol.messageYjsSyncStep1) {
          this.stats.droppedViewerUpdates++;
          return;
        }
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const pendingBefore = this.pending.length;
        syncProtocol.readSyncMessage(decoder, encoder, room.doc, conn);
        if (encoding.length(encoder) > 1) this.send(conn, encoding.toUint8Array(encoder));
        // Changes the document already had (a resend after reconnecting) queue nothing;
        // the sender still needs a "saved" for them.
        if (syncType !== syncProtocol.messageYjsSyncStep1 && this.pending.length === pendingBefore) this.ackWhenStored(room, conn);
      } else if (type === MESSAGE_AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), conn);
      } else if (type === MESSAGE_QUERY_AWARENESS) {
        this.send(conn, awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]));
      }
    } catch (error) {
      this.log(`unreadable message on ${room.documentId}`, error);
      conn.socket.close(CLOSE_CODES.INVALID_MESSAGE, "invalid message");
    }
  }

  private onDocUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    // A Buffer, so that the socket library does not wrap it again for every recipient.
    const message = asBuffer(syncUpdateMessage(update));
    for (const conn of room.connections) if (conn !== origin) this.send(conn, message);
    this.pending.push({ room, data: update, from: isConnection(origin) ? origin : null });
    if (Date.now() - room.lastAutomaticVersionAt >= this.automaticVersionEveryMs && origin !== SERVER_ORIGIN) {
      room.lastAutomaticVersionAt = Date.now();
      room.automaticVersionDue = true;
    }
    this.scheduleFlush();
  }

  private ackWhenStored(room: Room, conn: Connection): void {
    if (this.flushing || this.pending.length > 0) room.awaitingAck.add(conn);
    else this.send(conn, savedMessage(room.storedVector));
  }

  private scheduleFlush(): void {
    if (this.flushing || this.pending.length === 0) return;
    const delay = this.closed ? 0 : this.commitDelayMs;
    const started =
      delay > 0
        ? new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delay);
            this.commitNow = () => {
              clearTimeout(timer);
              resolve();
            };
          }).then(() => {
            this.commitNow = null;
            return this.runFlush();
          })
        : this.runFlush();
    this.flushing = started.finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  /** Group commit: everything that arrived while the previous write ran goes in one INSERT. */
  private async runFlush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      // What the store will hold once this batch commits, taken now, before later updates.
      const rooms = new Set(batch.map((p) => p.room));
      const savedVectors = new Map([...rooms].map((room) => [room, Y.encodeStateVector(room.doc)]));
      let highest: Map<string, bigint>;
      try {
        highest = await this.store.append(batch.map((p) => ({ documentId: p.room.documentId, data: p.data })));
      } catch (error) {
        // Keep the updates (in order) and try again: nothing is acknowledged until stored.
        this.pending = [...batch, ...this.pending];
        this.log("storing updates failed; retrying", error);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      this.stats.storedUpdates += batch.length;
      for (const room of rooms) {
        room.lastStoredId = highest.get(room.documentId) ?? room.lastStoredId;
        room.updatesSinceCompaction += batch.filter((p) => p.room === room).length;
        room.storedVector = savedVectors.get(room)!;
        // Only those whose changes were in this batch (or who wait for one) need to hear it.
        const recipients = new Set(room.awaitingAck);
        room.awaitingAck.clear();
        for (const p of batch) if (p.room === room && p.from) recipients.add(p.from);
        const saved = savedMessage(room.storedVector);
        for (const conn of recipients) if (room.connections.has(conn)) this.send(conn, saved);
      }
      for (const room of rooms) await this.afterStore(room);
    }
  }

  private async afterStore(room: Room): Promise<void> {
    try {
      if (room.automaticVersionDue) {
        room.automaticVersionDue = false;
        const name = `Automatisch opgeslagen ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
        await this.store.saveVersion(room.documentId, Y.encodeStateAsUpdate(room.doc), name, true, null);
      }
      if (room.updatesSinceCompaction >= this.compactEvery) await this.compact(room);
    } catch (error) {
      this.log(`compaction or automatic version of ${room.documentId} failed`, error);
    }
  }

  /**
   * Compactions of a document are chained: two running at once could commit out of order
   * and leave an older snapshot behind the deleted updates.
   */
  private compact(room: Room): Promise<void> {
    const run = async () => {
      const counted = room.updatesSinceCompaction;
      if (counted === 0) return;
      // Every update up to lastStoredId is in the in-memory document, so its state contains them.
      const state = Y.encodeStateAsUpdate(room.doc);
      const upTo = room.lastStoredId;
      await this.store.compact(room.documentId, state, upTo, docText(room.doc));
      room.updatesSinceCompaction -= counted;
    };
    const next = (room.compacting ?? Promise.resolve()).catch(() => undefined).then(run);
    room.compacting = next;
    return next.finally(() => {
      if (room.compacting === next) room.compacting = null;
    });
  }

  private leave(room: Room, conn: Connection): void {
    if (!room.connections.delete(conn)) return;
    awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.awarenessIds], null);
    if (room.connections.size === 0) this.scheduleUnload(room);
  }

  private scheduleUnload(room: Room): void {
    if (room.unloadTimer || this.closed) return;
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      if (room.connections.size === 0) void this.unload(room);
    }, this.unloadAfterMs);
    room.unloadTimer.unref();
  }

  private async unload(room: Room): Promise<void> {
    if (this.rooms.get(room.documentId) !== room) return;
    // Out of the map at once: a join from now on loads the document afresh, after this.
    this.rooms.delete(room.documentId);
    const done = (async () => {
      await this.flush();
      try {
        await this.compact(room); // also waits for one already running
      } catch (error) {
        this.log(`compaction of ${room.documentId} on unload failed (updates stay in the log)`, error);
      }
      room.awareness.destroy();
      room.doc.destroy();
    })();
    this.unloading.set(room.documentId, done);
    try {
      await done;
    } finally {
      this.unloading.delete(room.documentId);
    }
  }

  // No write callback: a failed write closes the socket, which ends the connection anyway.
  private send(conn: Connection, message: Uint8Array): void {
    if (conn.socket.readyState !== OPEN) return;
    try {
      conn.socket.send(message);
    } catch {
      conn.socket.close();
    }
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function isConnection(value: unknown): value is Connection {
  return typeof value === "object" && value !== null && "awarenessIds" in value;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toBytes(data: ArrayBuffer | Buffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

function savedMessage(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVED);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

export { DocumentLoadError };
