import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC, syncUpdateMessage } from "./protocol";
import { docText, replaceContent } from "./content";
import { assertLoadableState, dropPending, hasPending } from "./integrity";
import { collabLimits, TokenBucket, type CollabLimits } from "./limits";
import { presenceEntry, presenceUserSchema, type PresenceEntry, type PresenceUser } from "./presence";
import { decodeRelayMessage, encodeRelayMessage, relayChannel, type RelayMessage } from "./relay";
import { DocumentLoadError, type DocumentStorage, type UpdateAuthor } from "./storage";
import type { MessageTransport } from "@regiotafel/db";

/** The part of a `ws` WebSocket the hub uses. */
export interface CollabSocket {
  readonly readyState: number;
  /** Bytes queued for sending; it grows when the client stops reading. */
  readonly bufferedAmount?: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Drops the connection at once, without a closing handshake. */
  terminate?(): void;
  on(event: "message", listener: (data: ArrayBuffer | Buffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  off(event: "message", listener: (data: ArrayBuffer | Buffer | Buffer[], isBinary: boolean) => void): unknown;
}

export interface JoinRequest {
  documentId: string;
  workspaceId: string;
  userId: string;
  /** The user's organisation: kept with their edits in the history (ADR 0031). */
  organisationId?: string;
  /** Viewers (and readers of archived documents) receive everything but change nothing. */
  canEdit: boolean;
  /**
   * Name, organisation and colour of the signed-in user, from the session and membership:
   * the identity in this connection's presence entry, whatever the client claims.
   */
  presence?: PresenceUser;
}

interface Connection extends JoinRequest {
  socket: CollabSocket;
  room: Room | null;
  /** Set once the hub stops serving it: nothing it sends is read any more. */
  closed: boolean;
  /** The awareness client id this connection speaks for: the first one it announced. */
  awarenessId: number | null;
  messages: TokenBucket;
  bytes: TokenBucket;
  awarenessRate: TokenBucket;
  /**
   * Whether the client has answered our sync step 1 with its step 2 (everything it has that
   * we lack). Until then, an update that does not apply cleanly may only be ahead of it.
   */
  sentStep2: boolean;
  /** Such updates, kept outside the document until the step 2 arrives. */
  heldUpdates: Uint8Array[];
  heldBytes: number;
  /** The latest presence entry waiting for the awareness rate to allow it. */
  heldAwareness: { clock: number; entry: PresenceEntry | null } | null;
  awarenessTimer: NodeJS.Timeout | null;
  /** When this connection was last told what is stored, and whether a newer "saved" waits. */
  savedAt: number;
  savedDue: boolean;
  /**
   * Armed for savedEveryMs after each "saved"; sends the one that waits, if any. One timer per
   * connection, re-armed with refresh(): a new timer per "saved" was 1,200 short-lived objects a
   * second at 600 editors, garbage that lengthened every young-generation collection.
   */
  savedTimer: NodeJS.Timeout | null;
  /** Whether savedTimer is waiting to fire (it is reused, so its existence does not say). */
  savedTimerArmed: boolean;
}

interface Room {
  documentId: string;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  connections: Set<Connection>;
  /** Which connection speaks for each awareness client id. */
  awarenessOwners: Map<number, Connection>;
  /** Size of the document's state: measured at load, compaction and when near the limit; estimated in between. */
  bytes: number;
  /** When `bytes` was last measured exactly, and whether the document changed since. */
  measuredAt: number;
  changedSinceMeasured: boolean;
  /** Highest stored update id that the in-memory document contains. */
  lastStoredId: bigint;
  /** The state vector of what is stored, and the "saved" message that says so (built when first sent). */
  savedVector: Uint8Array;
  savedMessage: Buffer | null;
  /** Connections that sent something already stored, waiting for the next "saved". */
  awaitingAck: Set<Connection>;
  updatesSinceCompaction: number;
  /** The compaction in progress: compactions of one document run one after another. */
  compacting: Promise<void> | null;
  lastAutomaticVersionAt: number;
  automaticVersionDue: boolean;
  unloadTimer: NodeJS.Timeout | null;
  /** Across instances (ADR 0032); null without a transport. */
  relay: RoomRelay | null;
}

/** A room's part in the traffic between instances. */
interface RoomRelay {
  unsubscribe: () => void;
  /** Number of the last update this instance published for the document. */
  seq: number;
  /** The highest number received from each other instance. */
  peers: Map<string, number>;
  /** Per other instance, the highest number skipped (lost, or sent before we subscribed). */
  missing: Map<string, number>;
  /**
   * Updates of other instances applied here that their sender has not yet said are stored.
   * "Saved" never covers them; unconfirmed past confirmAfterMs, this instance stores them.
   */
  unconfirmed: Unconfirmed[];
  /** Updates of other instances that wait for changes not received (a lost message): bounded. */
  deferred: RelayedUpdate[];
  deferredBytes: number;
  /**
   * The document's vector when something was last known stored (a commit of ours, a load, a
   * heal): what it holds is stored except the unconfirmed updates, which the "saved" message
   * leaves out (savedVectorOf).
   */
  storedVector: Map<number, number>;
  healing: Promise<void> | null;
  healAgain: boolean;
  healTimer: NodeJS.Timeout | null;
  confirmTimer: NodeJS.Timeout | null;
  /** Client ids whose presence another instance relays, and their user. */
  remoteOwners: Map<number, string>;
}

type RelayedUpdate = Extract<RelayMessage, { kind: "update" }> & { receivedAt: number; attempts?: number };
/** How often a deferred update is tried again after reading the document back, at most. */
const MAX_DEFER_ATTEMPTS = 10;

interface Unconfirmed {
  sender: string;
  seq: number;
  data: Uint8Array;
  author: UpdateAuthor | null;
  receivedAt: number;
  from: Map<number, number>;
  to: Map<number, number>;
  /** Queued to be stored by this instance (its sender did not confirm in time). */
  adopting: boolean;
}

interface PendingUpdate {
  room: Room;
  data: Uint8Array;
  /** The connection that sent it (none for changes made on the server). */
  from: Connection | null;
  /** Its number in this instance's messages to the others (0: not published). */
  seq: number;
  /** Another instance's update this one stores in its place (it did not confirm storing it). */
  adopts?: Unconfirmed;
}

export interface HubOptions {
  store: DocumentStorage;
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
  /**
   * Tell a connection that its edits are stored at most this often; the newest "saved" always
   * follows. At 5 keystrokes a second a "saved" per commit was a quarter of every message the
   * hub sent; the editor shows "saved" only after it has held for 0.5 s anyway. ADR 0012.
   */
  savedEveryMs?: number;
  /** Take an automatic version at most this often while a document is edited. */
  automaticVersionEveryMs?: number;
  /** Protocol limits (ADR 0013); those not given take their defaults. */
  limits?: Partial<CollabLimits>;
  /** The clock of the rate limits and size measurements (tests set it). */
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
  /**
   * Other instances serving the same documents (REDIS_URL, ADR 0032): updates and presence go
   * to them at once; what gets lost is read back from PostgreSQL.
   */
  transport?: MessageTransport | null;
  /** With a transport: read every open document back from PostgreSQL this often (a lost last message). */
  healEveryMs?: number;
  /** With a transport: store another instance's update itself when that one has not confirmed it within this time. */
  confirmAfterMs?: number;
}

const OPEN = 1;
/** Updates a connection may have waiting for its sync step 2 (ahead of it), at most. */
const MAX_HELD_UPDATES = 100;
const MAX_HELD_BYTES = 256 * 1024;
const SERVER_ORIGIN = "regiotafel-server";
/** Changes that came from another instance: relayed to this instance's clients, stored by their sender. */
const RELAY_ORIGIN = "regiotafel-relay";
/** Changes read back from PostgreSQL: already stored. */
const HEAL_ORIGIN = "regiotafel-heal";
/** Updates of other instances that may wait for a lost predecessor, at most. */
const MAX_DEFERRED = 1_000;
const MAX_DEFERRED_BYTES = 4 * 1024 * 1024;


export interface HubStats {
  documents: number;
  connections: number;
  droppedViewerUpdates: number;
  storedUpdates: number;
  /** Updates that did not apply cleanly (their senders were closed). */
  refusedUpdates: number;
  /** Presence entries dropped: for another client id, too large, or not valid. */
  droppedAwareness: number;
  /** Updates received from other instances and applied here. */
  relayedIn: number;
  /** Readings of open documents back from PostgreSQL (gaps, Redis back, the periodic check). */
  heals: number;
  /** Updates of other instances this one stored because their sender did not confirm them. */
  adoptedUpdates: number;
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
  /** Unloads after the grace period, one at a time. */
  private unloads: Promise<void> = Promise.resolve();
  private pending: PendingUpdate[] = [];
  private flushing: Promise<void> | null = null;
  /** Ends the group-commit wait early (set while a flush waits for more updates). */
  private commitNow: (() => void) | null = null;
  private closed = false;
  private readonly stats = { droppedViewerUpdates: 0, storedUpdates: 0, refusedUpdates: 0, droppedAwareness: 0, relayedIn: 0, heals: 0, adoptedUpdates: 0 };
  private readonly transport: MessageTransport | null;
  private readonly healEveryMs: number;
  private readonly confirmAfterMs: number;
  private healTimer: NodeJS.Timeout | null = null;
  private readonly healQueue = new Set<Room>();
  private healing: Promise<void> | null = null;
  private stopResumed: (() => void) | null = null;
  private readonly store: DocumentStorage;
  private readonly limits: CollabLimits;
  private readonly now: () => number;
  private readonly compactEvery: number;
  private readonly unloadAfterMs: number;
  private readonly automaticVersionEveryMs: number;
  private readonly commitDelayMs: number;
  private readonly savedEveryMs: number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(options: HubOptions) {
    this.store = options.store;
    this.compactEvery = options.compactEvery ?? 500;
    this.unloadAfterMs = options.unloadAfterMs ?? 30_000;
    this.automaticVersionEveryMs = options.automaticVersionEveryMs ?? 10 * 60_000;
    this.commitDelayMs = options.commitDelayMs ?? 100;
    this.savedEveryMs = options.savedEveryMs ?? 500;
    this.limits = collabLimits(options.limits);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message, error) => console.error(`[collab] ${message}`, error ?? ""));
    this.transport = options.transport ?? null;
    this.healEveryMs = options.healEveryMs ?? 30_000;
    this.confirmAfterMs = options.confirmAfterMs ?? 5_000;
    if (this.transport) {
      // Messages were lost while Redis was away: every open document catches up from PostgreSQL.
      this.stopResumed = this.transport.onResumed(() => {
        for (const room of this.rooms.values()) {
          if (!room.relay) continue;
          room.relay.peers.clear();
          room.relay.missing.clear();
          this.requestHeal(room);
          this.publish(room, { kind: "hello", sender: this.transport!.instanceId });
          this.publishAwareness(room, [...room.awarenessOwners.keys()]);
        }
      });
      this.healTimer = setInterval(() => this.healAll(), this.healEveryMs);
      this.healTimer.unref();
    }
  }

  getStats(): HubStats {
    let connections = 0;
    for (const room of this.rooms.values()) connections += room.connections.size;
    return { documents: this.rooms.size, connections, ...this.stats };
  }

  /**
   * Attaches an authorised socket to its document; loads the document when needed. Never
   * rejects: whatever goes wrong closes this connection only.
   */
  async join(socket: CollabSocket, request: JoinRequest): Promise<void> {
    const conn = this.connection(socket, request);
    try {
      await this.attach(conn);
    } catch (error) {
      this.log(`serving ${request.documentId} to a connection failed; closing it`, error);
      this.closeConnection(conn, CLOSE_CODES.INTERNAL_ERROR, "internal error");
    }
  }

  private connection(socket: CollabSocket, request: JoinRequest): Connection {
    const limits = this.limits;
    let presence: PresenceUser | undefined;
    if (request.presence) {
      const parsed = presenceUserSchema.safeParse(request.presence);
      if (parsed.success) presence = parsed.data;
      else this.log(`presence of ${request.userId} is not valid; relaying carets without a name`, parsed.error);
    }
    return {
      ...request,
      presence,
      socket,
      room: null,
      closed: false,
      awarenessId: null,
      messages: new TokenBucket(limits.messageBurst, limits.messagesPerSecond, this.now),
      bytes: new TokenBucket(limits.byteBurst, limits.bytesPerSecond, this.now),
      awarenessRate: new TokenBucket(limits.awarenessBurst, limits.awarenessPerSecond, this.now),
      sentStep2: false,
      heldUpdates: [],
      heldBytes: 0,
      heldAwareness: null,
      awarenessTimer: null,
      savedAt: 0,
      savedDue: false,
      savedTimer: null,
      savedTimerArmed: false,
    };
  }

  private async attach(conn: Connection): Promise<void> {
    const { socket } = conn;
    if (this.closed) {
      socket.close(CLOSE_CODES.SERVER_RESTART, "server stopping");
      return;
    }
    socket.on("close", () => {
      try {
        conn.closed = true;
        if (conn.room) this.leave(conn.room, conn);
      } catch (error) {
        this.log(`leaving ${conn.documentId} failed`, error);
      }
    });
    socket.on("error", () => socket.close());
    // Buffer messages that arrive while the document loads (within the connection's rate).
    const early: Uint8Array[] = [];
    const bufferEarly = (data: ArrayBuffer | Buffer | Buffer[]) => {
      const bytes = toBytes(data);
      if (this.admit(conn, bytes)) early.push(bytes);
    };
    socket.on("message", bufferEarly);
    let room: Room;
    try {
      room = await this.room(conn.documentId);
    } catch (error) {
      socket.off("message", bufferEarly);
      if (this.closed) return socket.close(CLOSE_CODES.SERVER_RESTART, "server stopping");
      this.log(`load of ${conn.documentId} failed; not serving it`, error);
      socket.close(CLOSE_CODES.LOAD_FAILED, "load failed");
      return;
    }
    socket.off("message", bufferEarly);
    // The hub stopped while the document loaded: shutdown has already passed this room.
    if (this.closed) return socket.close(CLOSE_CODES.SERVER_RESTART, "server stopping");
    // Gone while the document loaded (or refused for its rate): nothing to attach.
    if (conn.closed || socket.readyState !== OPEN) return;
    conn.room = room;
    room.connections.add(conn);
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    socket.on("message", (data) => this.onMessage(room, conn, toBytes(data)));

    // Start the sync: our state vector, then everyone's presence.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, room.doc);
    this.send(conn, encoding.toUint8Array(encoder));
    // What is stored already: a client that reconnects with edits stored before learns at once.
    this.send(conn, savedMessageOf(room));
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) this.send(conn, awarenessMessage(room.awareness, states));
    for (const data of early) this.handle(room, conn, data);
  }

  /** Closes every connection of `userId` in `workspaceId` (after a role change or removal). */
  closeUser(userId: string, workspaceId: string, code: number = CLOSE_CODES.PERMISSIONS_CHANGED): number {
    let closed = 0;
    for (const room of this.rooms.values()) {
      for (const conn of room.connections) {
        if (conn.userId === userId && conn.workspaceId === workspaceId) {
          // At once: nothing it sends from now on is applied with its old rights.
          this.closeConnection(conn, code, "permissions changed");
          closed++;
        }
      }
    }
    return closed;
  }

  /**
   * Closes every connection to the workspace's documents (archived or reactivated: clients
   * reconnect and are authorised afresh; deleted: they find nothing).
   */
  closeWorkspace(workspaceId: string, code: number = CLOSE_CODES.PERMISSIONS_CHANGED): number {
    let closed = 0;
    for (const room of this.rooms.values()) {
      for (const conn of room.connections) {
        if (conn.workspaceId === workspaceId) {
          this.closeConnection(conn, code, "workspace changed");
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
    for (const conn of room.connections) this.closeConnection(conn, code, "document changed");
  }

  /** The document's current state: live when it is open, otherwise from the store. */
  async currentState(documentId: string): Promise<Uint8Array> {
    const room = this.rooms.get(documentId);
    if (!room) return (await this.store.load(documentId)).state; // the load checks it
    const state = Y.encodeStateAsUpdate(room.doc);
    assertLoadableState(state); // it is saved as a version, or published: never a damaged one
    return state;
  }

  /**
   * Whether the document loads (it stays loaded for the grace period, so an editor that
   * joins next finds it open). False when its stored state is damaged; throws when the
   * database cannot be read.
   */
  async loads(documentId: string): Promise<boolean> {
    try {
      await this.preload(documentId);
      return true;
    } catch (error) {
      if (error instanceof DocumentLoadError && error.damaged) return false;
      throw error;
    }
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
    if (this.healTimer) clearInterval(this.healTimer);
    this.stopResumed?.();
    await this.flush();
    for (const room of [...this.rooms.values()]) {
      for (const conn of room.connections) conn.socket.close(CLOSE_CODES.SERVER_RESTART, "server restart");
      await this.unload(room);
    }
    await this.unloads;
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
    // Across instances: subscribe first and keep what arrives while the document loads, so
    // that nothing sent between the load's read and now is missed (applied after the load).
    let early: Uint8Array[] | null = [];
    let deliver: (message: Uint8Array) => void = (message) => early?.push(message);
    const unsubscribe = this.transport ? await this.transport.subscribe(relayChannel(documentId), (message) => deliver(message)) : null;
    let loaded: Awaited<ReturnType<DocumentStorage["loadDoc"]>>;
    let lastVersion: Date | null;
    try {
      [loaded, lastVersion] = await Promise.all([this.store.loadDoc(documentId, SERVER_ORIGIN), this.store.latestAutomaticVersionAt(documentId)]);
    } catch (error) {
      unsubscribe?.();
      throw error;
    }
    if (this.closed) {
      // Loaded after shutdown passed: keep nothing open (its presence timer would run on).
      unsubscribe?.();
      loaded.doc.destroy();
      throw new Error("the hub has stopped");
    }
    const doc = loaded.doc;
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null); // the server has no presence of its own
    const room: Room = {
      documentId,
      doc,
      awareness,
      connections: new Set(),
      awarenessOwners: new Map(),
      bytes: loaded.storedBytes,
      measuredAt: 0,
      changedSinceMeasured: true,
      lastStoredId: loaded.lastUpdateId,
      savedVector: Y.encodeStateVector(doc),
      savedMessage: null,
      awaitingAck: new Set(),
      updatesSinceCompaction: loaded.updateCount,
      compacting: null,
      lastAutomaticVersionAt: lastVersion?.getTime() ?? 0,
      automaticVersionDue: false,
      unloadTimer: null,
      relay: unsubscribe
        ? {
            unsubscribe,
            seq: 0,
            peers: new Map(),
            missing: new Map(),
            unconfirmed: [],
            deferred: [],
            deferredBytes: 0,
            storedVector: Y.decodeStateVector(Y.encodeStateVector(doc)),
            healing: null,
            healAgain: false,
            healTimer: null,
            confirmTimer: null,
            remoteOwners: new Map(),
          }
        : null,
    };
    doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocUpdate(room, update, origin));
    awareness.on("update", ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const message = asBuffer(awarenessMessage(awareness, changed));
      for (const conn of room.connections) this.send(conn, message);
      if (!room.relay) return;
      // This instance's own clients' presence (also its removal) goes to the others; every
      // instance times out the entries of another that died by itself (y-protocols, 30 s).
      if (origin !== RELAY_ORIGIN) this.publishAwareness(room, changed.filter((id) => !room.relay!.remoteOwners.has(id)));
      for (const id of removed) room.relay.remoteOwners.delete(id);
    });
    this.rooms.set(documentId, room);
    if (room.relay) {
      const buffered = early;
      early = null;
      deliver = (message) => this.onRelayMessage(room, message);
      for (const message of buffered) this.onRelayMessage(room, message);
      // An update another instance sent before we subscribed and stored after we read shows
      // as a first number above 1 or a "stored" notice for numbers not seen: healed then.
      this.publish(room, { kind: "hello", sender: this.transport!.instanceId });
    }
    // A long log (left by a crash or by compactions that failed) is replayed once, not on
    // every later load: fold it into the snapshot now rather than after the next edit.
    if (loaded.updateCount >= this.compactEvery) {
      this.compact(room).catch((error) => this.log(`compaction of ${documentId} after load failed`, error));
    }
    return room;
  }

  private onMessage(room: Room, conn: Connection, data: Uint8Array): void {
    if (this.admit(conn, data)) this.handle(room, conn, data);
  }

  /** Counts a message against the connection's rates; closes it (4429) when they are exceeded. */
  private admit(conn: Connection, data: Uint8Array): boolean {
    if (conn.closed) return false;
    if (conn.messages.take() && conn.bytes.take(data.length)) return true;
    this.refuse(conn, CLOSE_CODES.RATE_LIMITED, "rate limit exceeded");
    return false;
  }

  private handle(room: Room, conn: Connection, data: Uint8Array): void {
    if (conn.closed) return;
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) this.onSync(room, conn, decoder);
      else if (type === MESSAGE_AWARENESS) this.onAwareness(room, conn, decoding.readVarUint8Array(decoder));
      else if (type === MESSAGE_QUERY_AWARENESS) this.send(conn, awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]));
      // Anything else (auth, unknown types) means nothing to this server.
    } catch (error) {
      this.refuse(conn, CLOSE_CODES.INVALID_MESSAGE, "unreadable message", error);
    }
  }

  private onSync(room: Room, conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      // Everything the client lacks: as dear as the document is large, so it counts as bytes.
      const reply = Y.encodeStateAsUpdate(room.doc, decoding.readVarUint8Array(decoder));
      if (!conn.bytes.take(reply.length)) return this.refuse(conn, CLOSE_CODES.RATE_LIMITED, "rate limit exceeded");
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, reply);
      this.send(conn, encoding.toUint8Array(encoder));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) throw new Error(`unknown sync message ${syncType}`);
    // Viewers may ask for state (step 1) but their changes (step 2, update) are dropped.
    if (!conn.canEdit) {
      this.stats.droppedViewerUpdates++;
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    if (syncType === syncProtocol.messageYjsUpdate || conn.sentStep2) return this.applyClientUpdate(room, conn, update);
    // The client's answer to our step 1: then whatever was waiting for it.
    conn.sentStep2 = true;
    this.applyClientUpdate(room, conn, update);
    const held = conn.heldUpdates;
    conn.heldUpdates = [];
    conn.heldBytes = 0;
    for (const next of held) if (!conn.closed) this.applyClientUpdate(room, conn, next);
  }

  /**
   * Applies an editor's update, or refuses it. An update that leaves anything pending (it
   * refers to changes the document does not have) or does not decode is refused: the pending
   * part is dropped from the document at once, so no snapshot, version or sync reply can
   * ever contain it, and the sender is closed (4422). What Yjs did integrate before that is
   * in the document like any other change and reached onDocUpdate, which relays and stores
   * exactly that: the stored log stays equal to the document in memory. Before the client's
   * sync step 2 an unclean update is kept aside instead (bounded), and tried again after it.
   * O(update size).
   */
  private applyClientUpdate(room: Room, conn: Connection, update: Uint8Array): void {
    // An update with structs adds content (one with none only deletes, which is always allowed).
    const adds = update.length > 0 && update[0] !== 0;
    if (adds && room.bytes + update.length > this.limits.maxDocumentBytes && !this.fitsAfterMeasuring(room, update.length)) {
      return this.refuse(conn, CLOSE_CODES.DOCUMENT_TOO_LARGE, "document size limit reached");
    }
    // Walk the structs first, without the document: Yjs' own decoder allocates an array as
    // long as the struct count an update claims, so 12 bytes claiming 26 million structs
    // cost a second and 200 MB before failing. The walk (Yjs' lazy reader) fails at the
    // end of the data instead, so what is applied next is bounded by the update's size.
    try {
      Y.parseUpdateMeta(update);
    } catch (error) {
      this.stats.refusedUpdates++;
      return this.refuse(conn, CLOSE_CODES.UPDATE_REFUSED, "update does not decode", error);
    }
    const pendingBefore = this.pending.length;
    let failure: unknown = null;
    try {
      Y.applyUpdate(room.doc, update, conn);
    } catch (error) {
      failure = error;
    }
    if (failure !== null || hasPending(room.doc)) {
      dropPending(room.doc);
      // A client that reconnects with offline edits may send a new keystroke before its step 2
      // (which carries the edits that keystroke follows): keep it aside until then.
      if (failure === null && !conn.sentStep2 && conn.heldUpdates.length < MAX_HELD_UPDATES && conn.heldBytes + update.length <= MAX_HELD_BYTES) {
        conn.heldUpdates.push(update);
        conn.heldBytes += update.length;
        return;
      }
      this.stats.refusedUpdates++;
      return this.refuse(conn, CLOSE_CODES.UPDATE_REFUSED, failure ? "update does not decode" : "update does not apply cleanly", failure ?? undefined);
    }
    // Changes the document already had (a resend after reconnecting) queue nothing;
    // the sender still needs a "saved" for them.
    if (this.pending.length === pendingBefore) this.ackWhenStored(room, conn);
  }

  /**
   * The estimate counts every update's bytes, also deletions and what garbage collection
   * frees: near the limit, measure the document exactly (O(document), so at most once a
   * second per document, and only when it changed since), so that a document trimmed
   * below the limit can be typed in again.
   */
  private fitsAfterMeasuring(room: Room, adding: number): boolean {
    const now = this.now();
    if (room.changedSinceMeasured && now - room.measuredAt >= 1000) {
      room.bytes = Y.encodeStateAsUpdate(room.doc).length;
      room.measuredAt = now;
      room.changedSinceMeasured = false;
    }
    return room.bytes + adding <= this.limits.maxDocumentBytes;
  }

  /**
   * A client's presence: only the entry of the client id the connection announced first
   * (y-websocket clients also echo everyone else's entries, which are dropped), of at most
   * maxAwarenessEntryBytes, validated; the server sets name, organisation and colour.
   * Relayed at most awarenessPerSecond; faster changes merge into the latest.
   */
  private onAwareness(room: Room, conn: Connection, update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarUint8Array(decoder); // the JSON's UTF-8 bytes, not decoded yet
      const entry = json.length <= this.limits.maxAwarenessEntryBytes ? presenceEntry(textDecoder.decode(json), conn.presence) : undefined;
      if (entry === undefined || !this.speaksFor(room, conn, clientId, entry !== null)) {
        this.stats.droppedAwareness++;
        continue;
      }
      conn.heldAwareness = { clock, entry };
      this.relayAwareness(room, conn);
    }
  }

  /** Whether `conn` may set the entry of `clientId`; binds its first (non-removal) one. */
  private speaksFor(room: Room, conn: Connection, clientId: number, binding: boolean): boolean {
    if (conn.awarenessId !== null) return conn.awarenessId === clientId;
    if (!binding) return false;
    const owner = room.awarenessOwners.get(clientId);
    // Someone else's entry (echoed by their client, or taken over on purpose) stays theirs.
    if (owner && owner !== conn && owner.userId !== conn.userId) return false;
    // An entry another instance relays may be taken over by the same person (a reconnect that
    // reached this instance); one that is nobody's here stays untouched.
    const remoteUser = room.relay?.remoteOwners.get(clientId);
    if (!owner && room.awareness.getStates().has(clientId) && remoteUser !== conn.userId) return false;
    room.relay?.remoteOwners.delete(clientId);
    // The same person's earlier connection (a reconnect the server has not noticed yet) hands it over.
    if (owner) owner.awarenessId = null;
    room.awarenessOwners.set(clientId, conn);
    conn.awarenessId = clientId;
    return true;
  }

  private relayAwareness(room: Room, conn: Connection): void {
    if (conn.awarenessTimer || conn.closed) return; // the timer relays the latest entry
    const wait = conn.awarenessRate.msUntil();
    if (wait > 0) {
      conn.awarenessTimer = setTimeout(() => {
        conn.awarenessTimer = null;
        try {
          this.relayAwareness(room, conn);
        } catch (error) {
          this.refuse(conn, CLOSE_CODES.INVALID_MESSAGE, "presence could not be relayed", error);
        }
      }, wait);
      conn.awarenessTimer.unref();
      return;
    }
    const held = conn.heldAwareness;
    if (!held || conn.awarenessId === null) return;
    conn.heldAwareness = null;
    conn.awarenessRate.take();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, conn.awarenessId);
    // y-protocols ignores a new client's first state (clock 0, sent at connect): a client that
    // had not changed its presence yet stayed invisible until its renewal 15 s later. Its first
    // entry gets clock 1 (only the first: bumping every clock would make the client, which
    // takes its own echoed entry, send it back again, and so on).
    const isNew = !room.awareness.meta.has(conn.awarenessId);
    encoding.writeVarUint(encoder, isNew ? Math.max(held.clock, 1) : held.clock);
    encoding.writeVarString(encoder, JSON.stringify(held.entry));
    awarenessProtocol.applyAwarenessUpdate(room.awareness, encoding.toUint8Array(encoder), conn);
  }

  /** Closes a connection for what it sent, logging why once. */
  private refuse(conn: Connection, code: number, reason: string, error?: unknown): void {
    if (conn.closed) return;
    this.log(`${reason}: closing a connection of ${conn.userId} to ${conn.documentId} (${code})`, error);
    this.closeConnection(conn, code, reason);
  }

  private closeConnection(conn: Connection, code: number, reason: string): void {
    conn.closed = true;
    if (conn.room) this.leave(conn.room, conn);
    try {
      conn.socket.close(code, reason);
    } catch {
      conn.socket.terminate?.();
    }
  }

  private onDocUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    room.bytes += update.length;
    room.changedSinceMeasured = true;
    // A Buffer, so that the socket library does not wrap it again for every recipient.
    const message = asBuffer(syncUpdateMessage(update));
    for (const conn of room.connections) if (conn !== origin) this.send(conn, message);
    // From another instance, or read back from PostgreSQL: stored by someone else.
    if (origin === RELAY_ORIGIN || origin === HEAL_ORIGIN) return;
    const from = isConnection(origin) ? origin : null;
    let seq = 0;
    if (room.relay) {
      // To the others at once, like to this instance's own clients; "saved" waits for the commit.
      seq = ++room.relay.seq;
      const author = from ? { userId: from.userId, organisationId: from.organisationId ?? null } : null;
      this.publish(room, { kind: "update", sender: this.transport!.instanceId, seq, data: update, author });
    }
    this.pending.push({ room, data: update, from, seq });
    if (Date.now() - room.lastAutomaticVersionAt >= this.automaticVersionEveryMs && origin !== SERVER_ORIGIN) {
      room.lastAutomaticVersionAt = Date.now();
      room.automaticVersionDue = true;
    }
    this.scheduleFlush();
  }

  private ackWhenStored(room: Room, conn: Connection): void {
    if (this.flushing || this.pending.length > 0) room.awaitingAck.add(conn);
    else this.acknowledge(room, conn);
  }

  /** Sends `conn` the newest "saved" now, or once `savedEveryMs` has passed since the last. */
  private acknowledge(room: Room, conn: Connection): void {
    if (Date.now() - conn.savedAt >= this.savedEveryMs) this.sendSaved(room, conn);
    else {
      conn.savedDue = true; // the armed timer sends it, with the newest state
      // The timer runs on the event loop's clock, which can lag Date.now() under load: it may
      // have fired already although Date.now() says the interval has not passed. Then the
      // "saved" would wait for the next edit, and an editor that stopped typing never got it.
      if (!conn.savedTimerArmed) this.armSavedTimer(room, conn);
    }
  }

  private sendSaved(room: Room, conn: Connection): void {
    conn.savedAt = Date.now();
    conn.savedDue = false;
    this.send(conn, savedMessageOf(room));
    if (this.savedEveryMs > 0) this.armSavedTimer(room, conn);
  }

  private armSavedTimer(room: Room, conn: Connection): void {
    conn.savedTimerArmed = true;
    if (conn.savedTimer) conn.savedTimer.refresh();
    else {
      conn.savedTimer = setTimeout(() => {
        conn.savedTimerArmed = false;
        if (conn.savedDue && room.connections.has(conn)) this.sendSaved(room, conn);
      }, this.savedEveryMs);
      conn.savedTimer.unref();
    }
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
      this.withUnconfirmed(batch);
      // Per document: how many updates and from whom; and what the store will hold once this
      // batch commits, taken now, before later updates.
      const rooms = new Map<Room, { updates: number; senders: Set<Connection>; vector: Uint8Array; seq: number; adopted: Unconfirmed[] }>();
      for (const p of batch) {
        let entry = rooms.get(p.room);
        if (!entry) rooms.set(p.room, (entry = { updates: 0, senders: new Set(), vector: Y.encodeStateVector(p.room.doc), seq: 0, adopted: [] }));
        entry.updates++;
        if (p.from) entry.senders.add(p.from);
        if (p.seq > entry.seq) entry.seq = p.seq;
        if (p.adopts) entry.adopted.push(p.adopts);
      }
      let highest: Map<string, bigint>;
      try {
        // A client's update is its member's edit; the server's own (restore, recovery) has no author.
        highest = await this.store.append(
          batch.map((p) => ({
            documentId: p.room.documentId,
            data: p.data,
            author: p.adopts ? p.adopts.author : p.from ? { userId: p.from.userId, organisationId: p.from.organisationId ?? null } : null,
          })),
        );
      } catch (error) {
        // Keep the updates (in order) and try again: nothing is acknowledged until stored.
        this.pending = [...batch, ...this.pending];
        this.log("storing updates failed; retrying", error);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      this.stats.storedUpdates += batch.length;
      for (const [room, { updates, senders, vector, seq, adopted }] of rooms) {
        room.lastStoredId = highest.get(room.documentId) ?? room.lastStoredId;
        room.updatesSinceCompaction += updates;
        if (room.relay) {
          const relay = room.relay;
          raiseVector(relay.storedVector, Y.decodeStateVector(vector));
          if (adopted.length > 0) {
            relay.unconfirmed = relay.unconfirmed.filter((u) => !adopted.includes(u));
            this.stats.adoptedUpdates += adopted.length;
            // Whose edits they were is not known here (perhaps an editor that reconnected to us).
            for (const conn of room.connections) if (conn.canEdit) senders.add(conn);
          }
          if (seq > 0) this.publish(room, { kind: "stored", sender: this.transport!.instanceId, seq });
          room.savedVector = savedVectorOf(relay);
        } else room.savedVector = vector;
        room.savedMessage = null;
        // Only those whose changes were in this batch (or who wait for one) need to hear it. One
        // that resent changes the document got from an update still pending (another client's
        // resend after a restart, taken after this batch) hears it again after that one: told
        // only now, it would stay "saving" until it typed again.
        for (const conn of room.awaitingAck) senders.add(conn);
        if (!this.pending.some((p) => p.room === room)) room.awaitingAck.clear();
        for (const conn of senders) if (room.connections.has(conn)) this.acknowledge(room, conn);
      }
      for (const room of rooms.keys()) await this.afterStore(room);
    }
  }

  /**
   * Adds to a batch the other instances' updates that its documents hold unconfirmed when an
   * edit typed here builds on one of them (placed next to it, or deleting it): stored without
   * them (their sender slower, or dead) the log would not load until they arrive. In the same
   * INSERT, the log stays whole after every commit; their sender's own copy is a duplicate Yjs
   * ignores. Edits elsewhere in the document (the usual case) cost nothing extra.
   */
  private withUnconfirmed(batch: PendingUpdate[]): void {
    const rooms = new Set<Room>();
    for (const p of batch) {
      const relay = p.room.relay;
      if (!relay || p.adopts || rooms.has(p.room) || !relay.unconfirmed.some((u) => !u.adopting)) continue;
      if (refersTo(p.data, relay.unconfirmed)) rooms.add(p.room);
    }
    for (const room of rooms) {
      // All of them: one may in turn build on another.
      for (const u of room.relay!.unconfirmed) {
        if (u.adopting) continue;
        u.adopting = true;
        batch.push({ room, data: u.data, from: null, seq: 0, adopts: u });
      }
    }
  }

  private async afterStore(room: Room): Promise<void> {
    try {
      if (room.automaticVersionDue) {
        room.automaticVersionDue = false;
        const name = `Automatisch opgeslagen ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
        // Once across instances: the store skips it when another took one within the interval.
        await this.store.saveAutomaticVersion(room.documentId, Y.encodeStateAsUpdate(room.doc), name, this.automaticVersionEveryMs);
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
      room.bytes = state.length;
      room.changedSinceMeasured = false;
      const upTo = room.lastStoredId;
      // The store refuses a state that would not load; the log then stays as it is.
      await this.store.compact(room.documentId, state, upTo, docText(room.doc));
      room.updatesSinceCompaction -= counted;
    };
    const next = (room.compacting ?? Promise.resolve()).catch(() => undefined).then(run);
    room.compacting = next;
    return next.finally(() => {
      if (room.compacting === next) room.compacting = null;
    });
  }

  private publish(room: Room, message: RelayMessage): void {
    if (!room.relay || !this.transport) return;
    this.transport.publish(relayChannel(room.documentId), encodeRelayMessage(message));
  }

  /** The presence entries of `clientIds` (this instance's clients) to the other instances. */
  private publishAwareness(room: Room, ids: number[]): void {
    // Only entries the awareness knows (a connection may have claimed an id it has not yet set).
    const clientIds = ids.filter((id) => room.awareness.meta.has(id));
    if (!room.relay || clientIds.length === 0) return;
    const owners = clientIds.map((clientId) => ({ clientId, userId: room.awarenessOwners.get(clientId)?.userId ?? "" }));
    const data = awarenessProtocol.encodeAwarenessUpdate(room.awareness, clientIds);
    this.publish(room, { kind: "awareness", sender: this.transport!.instanceId, owners, data });
  }

  /** A message of another instance about this document. Never throws. */
  private onRelayMessage(room: Room, bytes: Uint8Array): void {
    const relay = room.relay;
    if (!relay || this.rooms.get(room.documentId) !== room) return;
    const message = decodeRelayMessage(bytes);
    if (!message) return this.log(`a message from another instance about ${room.documentId} does not decode; dropped`);
    try {
      switch (message.kind) {
        case "update":
          return this.onRelayedUpdate(room, relay, message);
        case "stored": {
          // Numbers up to this one that never arrived are stored now: read them back.
          const missing = relay.missing.get(message.sender);
          if ((relay.peers.get(message.sender) ?? 0) < message.seq || (missing !== undefined && missing <= message.seq)) {
            relay.missing.delete(message.sender);
            this.requestHeal(room);
          }
          relay.peers.set(message.sender, Math.max(relay.peers.get(message.sender) ?? 0, message.seq));
          const before = relay.unconfirmed.length;
          relay.unconfirmed = relay.unconfirmed.filter((u) => u.adopting || u.sender !== message.sender || u.seq > message.seq);
          if (relay.unconfirmed.length !== before) this.savedChanged(room);
          return;
        }
        case "awareness": {
          for (const { clientId, userId } of message.owners) if (!room.awarenessOwners.has(clientId)) relay.remoteOwners.set(clientId, userId);
          awarenessProtocol.applyAwarenessUpdate(room.awareness, message.data, RELAY_ORIGIN);
          return;
        }
        case "hello":
          return this.publishAwareness(room, [...room.awarenessOwners.keys()]);
      }
    } catch (error) {
      this.log(`a message from another instance about ${room.documentId} could not be applied; reading the document back`, error);
      this.requestHeal(room);
    }
  }

  private onRelayedUpdate(room: Room, relay: RoomRelay, message: Extract<RelayMessage, { kind: "update" }>): void {
    const last = relay.peers.get(message.sender) ?? 0;
    relay.peers.set(message.sender, Math.max(last, message.seq));
    // A number skipped (a lost message, or one sent before we subscribed): its update is read
    // back once its sender says it is stored, or at the latest after confirmAfterMs.
    if (message.seq > last + 1) {
      relay.missing.set(message.sender, Math.max(relay.missing.get(message.sender) ?? 0, message.seq - 1));
      this.scheduleHeal(room, this.confirmAfterMs);
    }
    this.applyRelayed(room, relay, { ...message, receivedAt: this.now() });
  }

  /**
   * Applies another instance's update. One that follows something not received yet (a lost
   * message) stays outside the document until a heal brings what it follows. Only an update
   * that applied is awaited as "stored" (and stored by this instance if its sender does not
   * confirm): storing one that follows a gap would make the stored document unloadable.
   */
  private applyRelayed(room: Room, relay: RoomRelay, update: RelayedUpdate): boolean {
    let meta: { from: Map<number, number>; to: Map<number, number> };
    try {
      meta = Y.parseUpdateMeta(update.data);
      Y.applyUpdate(room.doc, update.data, RELAY_ORIGIN);
    } catch (error) {
      dropPending(room.doc);
      this.log(`an update from another instance for ${room.documentId} does not decode; dropped`, error);
      return true;
    }
    if (hasPending(room.doc)) {
      dropPending(room.doc);
      update.attempts = (update.attempts ?? 0) + 1;
      // What it follows was never stored (its sender died first): its editor sends it again on reconnecting.
      if (update.attempts > MAX_DEFER_ATTEMPTS) return false;
      relay.deferred.push(update);
      relay.deferredBytes += update.data.length;
      // Bounded: what falls off is read back from PostgreSQL once its sender has stored it.
      while (relay.deferred.length > MAX_DEFERRED || relay.deferredBytes > MAX_DEFERRED_BYTES) relay.deferredBytes -= relay.deferred.shift()!.data.length;
      this.scheduleHeal(room, this.confirmAfterMs / 5);
      return false;
    }
    this.stats.relayedIn++;
    relay.unconfirmed.push({ ...update, from: meta.from, to: meta.to, adopting: false });
    this.armConfirmTimer(room, relay);
    return true;
  }

  /** Stores the updates of other instances that were not confirmed in time (their sender may be gone). */
  private armConfirmTimer(room: Room, relay: RoomRelay): void {
    if (relay.confirmTimer || relay.unconfirmed.length === 0) return;
    relay.confirmTimer = setTimeout(() => {
      relay.confirmTimer = null;
      if (this.rooms.get(room.documentId) !== room) return;
      const due = this.now() - this.confirmAfterMs;
      let adopted = false;
      for (const u of relay.unconfirmed) {
        if (u.adopting || u.receivedAt > due) continue;
        u.adopting = true;
        adopted = true;
        this.pending.push({ room, data: u.data, from: null, seq: 0, adopts: u });
      }
      if (adopted) this.scheduleFlush();
      this.armConfirmTimer(room, relay);
    }, this.confirmAfterMs);
    relay.confirmTimer.unref();
  }

  /**
   * The "saved" vector changed without a commit of ours: tell the editors whose own changes it
   * now covers (those whose edits reached us through another instance before they reconnected).
   */
  private savedChanged(room: Room): void {
    if (!room.relay) return;
    const before = room.savedVector;
    room.savedVector = savedVectorOf(room.relay);
    if (Buffer.compare(before, room.savedVector) === 0) return;
    room.savedMessage = null;
    const was = Y.decodeStateVector(before);
    const now = Y.decodeStateVector(room.savedVector);
    for (const conn of room.connections) {
      const id = conn.awarenessId;
      if (conn.canEdit && id !== null && was.get(id) !== now.get(id)) this.acknowledge(room, conn);
    }
  }

  private scheduleHeal(room: Room, delayMs: number): void {
    const relay = room.relay;
    if (!relay || relay.healTimer) return;
    relay.healTimer = setTimeout(() => {
      relay.healTimer = null;
      this.requestHeal(room);
    }, delayMs);
    relay.healTimer.unref();
  }

  /**
   * Queues a document to be read back. One at a time per instance, each after a turn of the
   * event loop: 200 documents healing at once (Redis back) would hold every commit back.
   */
  private requestHeal(room: Room): void {
    if (!room.relay || this.closed) return;
    this.healQueue.add(room);
    this.healing ??= (async () => {
      try {
        while (this.healQueue.size > 0 && !this.closed) {
          const next = this.healQueue.values().next().value!;
          this.healQueue.delete(next);
          await this.heal(next);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } finally {
        this.healing = null;
      }
    })();
  }

  /** Every open document read back from PostgreSQL (the periodic check). */
  private healAll(): void {
    for (const room of this.rooms.values()) this.requestHeal(room);
  }

  /**
   * Reads the document back from PostgreSQL and applies it (Yjs ignores what it has): whatever
   * a lost message carried, once its sender stored it. Then tries the deferred updates again.
   */
  private heal(room: Room): Promise<void> {
    const relay = room.relay;
    if (!relay || this.closed) return Promise.resolve();
    if (relay.healing) {
      relay.healAgain = true;
      return relay.healing;
    }
    const run = async () => {
      do {
        relay.healAgain = false;
        const stored = await this.store.load(room.documentId);
        if (this.rooms.get(room.documentId) !== room) return;
        this.stats.heals++;
        Y.applyUpdate(room.doc, stored.state, HEAL_ORIGIN);
        dropPending(room.doc); // the stored state is whole; nothing can wait
        // A stored state loads whole: every change below its vector is in PostgreSQL.
        const inStorage = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored.state));
        raiseVector(relay.storedVector, inStorage);
        const deferred = relay.deferred;
        relay.deferred = [];
        relay.deferredBytes = 0;
        for (const update of deferred) this.applyRelayed(room, relay, update);
        // Unconfirmed updates now known stored need no confirmation any more (those that only
        // delete cannot be told apart by the vector: they wait for their confirmation).
        relay.unconfirmed = relay.unconfirmed.filter(
          (u) => u.adopting || u.to.size === 0 || [...u.to].some(([client, clock]) => (inStorage.get(client) ?? 0) < clock),
        );
        this.savedChanged(room);
      } while (relay.healAgain);
    };
    relay.healing = run()
      .catch((error: unknown) => this.log(`reading ${room.documentId} back from storage failed`, error))
      .finally(() => {
        relay.healing = null;
      });
    return relay.healing;
  }

  private leave(room: Room, conn: Connection): void {
    if (!room.connections.delete(conn)) return;
    conn.heldUpdates = [];
    room.awaitingAck.delete(conn);
    if (conn.awarenessTimer) clearTimeout(conn.awarenessTimer);
    conn.awarenessTimer = null;
    if (conn.savedTimer) clearTimeout(conn.savedTimer);
    conn.savedTimer = null;
    conn.savedTimerArmed = false;
    conn.savedDue = false;
    conn.heldAwareness = null;
    if (room.connections.size === 0) this.scheduleUnload(room);
    const id = conn.awarenessId;
    if (id !== null && room.awarenessOwners.get(id) === conn) {
      room.awarenessOwners.delete(id);
      awarenessProtocol.removeAwarenessStates(room.awareness, [id], null);
    }
  }

  private scheduleUnload(room: Room): void {
    if (room.unloadTimer || this.closed) return;
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      // Documents left at the same moment (a meeting ends) unload one after another, each
      // after a turn of the event loop: their compactions in one burst held every live
      // keystroke of other documents back for a quarter of a second (200 documents).
      this.unloads = this.unloads
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => (room.connections.size === 0 && !room.unloadTimer ? this.unload(room) : undefined))
        .catch((error: unknown) => this.log(`unloading ${room.documentId} failed`, error));
    }, this.unloadAfterMs);
    room.unloadTimer.unref();
  }

  private async unload(room: Room): Promise<void> {
    if (this.rooms.get(room.documentId) !== room) return;
    // Out of the map at once: a join from now on loads the document afresh, after this.
    this.rooms.delete(room.documentId);
    const relay = room.relay;
    if (relay) {
      relay.unsubscribe();
      for (const timer of [relay.healTimer, relay.confirmTimer]) if (timer) clearTimeout(timer);
      // What other instances sent and have not confirmed is stored by this one too (the log
      // may then hold it twice, which Yjs ignores): it may be an instance stopping as well.
      for (const u of relay.unconfirmed) if (!u.adopting) this.pending.push({ room, data: u.data, from: null, seq: 0, adopts: u });
      relay.unconfirmed = [];
    }
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
    const socket = conn.socket;
    if (socket.readyState !== OPEN) return;
    try {
      socket.send(message);
    } catch {
      socket.close();
      return;
    }
    // Back-pressure: a client that stopped reading would make us hold everything for it.
    if ((socket.bufferedAmount ?? 0) > this.limits.maxBufferedBytes && !conn.closed) {
      this.log(`a connection of ${conn.userId} to ${conn.documentId} stopped reading (${socket.bufferedAmount} bytes unsent); dropping it`);
      conn.closed = true;
      if (conn.room) this.leave(conn.room, conn);
      if (socket.terminate) socket.terminate();
      else socket.close(CLOSE_CODES.INTERNAL_ERROR, "not reading");
    }
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function isConnection(value: unknown): value is Connection {
  return typeof value === "object" && value !== null && "awarenessRate" in value;
}

const textDecoder = new TextDecoder();

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

/** The room's "saved" message, built once per stored batch and only when someone is told. */
function savedMessageOf(room: Room): Buffer {
  if (!room.savedMessage) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SAVED);
    encoding.writeVarUint8Array(encoder, room.savedVector);
    room.savedMessage = asBuffer(encoding.toUint8Array(encoder));
  }
  return room.savedMessage;
}

export { DocumentLoadError };

/** Raises each clock of `target` to that of `source` where it is higher. */
function raiseVector(target: Map<number, number>, source: Map<number, number>): void {
  for (const [client, clock] of source) if (clock > (target.get(client) ?? 0)) target.set(client, clock);
}

/**
 * What the "saved" message says is stored: the stored vector, but for each client no further
 * than the first change of an update another instance has not confirmed yet.
 */
function savedVectorOf(relay: RoomRelay): Uint8Array {
  if (relay.unconfirmed.length === 0) return Y.encodeStateVector(relay.storedVector);
  const vector = new Map(relay.storedVector);
  for (const u of relay.unconfirmed) for (const [client, clock] of u.from) if (clock < (vector.get(client) ?? 0)) vector.set(client, clock);
  return Y.encodeStateVector(vector);
}

/**
 * Whether `update` refers to a change of one of the `updates`: an item placed next to or inside
 * one of theirs, or a deletion of one. O(size of the update).
 */
function refersTo(update: Uint8Array, updates: readonly { from: Map<number, number>; to: Map<number, number> }[]): boolean {
  const ranges = new Map<number, [number, number][]>();
  for (const u of updates) for (const [client, from] of u.from) ranges.set(client, [...(ranges.get(client) ?? []), [from, u.to.get(client) ?? from]]);
  const inside = (client: number, clock: number, length = 1) => ranges.get(client)?.some(([from, to]) => clock < to && clock + length > from) ?? false;
  const isId = (value: unknown): value is Y.ID => value instanceof Y.ID;
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const id of [struct.origin, struct.rightOrigin, struct.parent]) if (isId(id) && inside(id.client, id.clock)) return true;
  }
  for (const [client, deletions] of ds.clients) for (const d of deletions) if (inside(client, d.clock, d.len)) return true;
  return false;
}
