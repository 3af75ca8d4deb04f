// Test helpers: raw protocol frames (valid, hostile and broken), an in-memory socket, and the
// document storage in memory.
import { EventEmitter } from "node:events";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type { CollabHub, CollabSocket, JoinRequest } from "./hub";
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from "./protocol";

export { MemoryDocumentStorage, type MemoryStorageOptions, type StoredDocument, type StoredVersion } from "./memory-storage";

/** An awareness message with one entry per [clientId, clock, json]. */
export function awarenessFrame(entries: [clientId: number, clock: number, json: string][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [clientId, clock, json] of entries) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, json);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** A sync message of the given type (0 step 1, 1 step 2, 2 update) carrying `payload`. */
export function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const SYNC_STEP1 = syncProtocol.messageYjsSyncStep1;
export const SYNC_STEP2 = syncProtocol.messageYjsSyncStep2;
export const SYNC_UPDATE = syncProtocol.messageYjsUpdate;

/** JSON nested `depth` levels deep: `{"a":[[[…]]]}`. */
export function deeplyNested(depth: number): string {
  return `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`;
}

/** The 10-byte Yjs update of issue 15: no structs, a delete of a client nobody has seen. */
export function danglingDeleteUpdate(client = 987_654_321): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, 1); // one client in the delete set
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 1); // one range
  encoding.writeVarUint(encoder, 0); // clock
  encoding.writeVarUint(encoder, 1); // length
  return encoding.toUint8Array(encoder);
}

/** What the compaction wrote before issue 15: a state with the dangling delete merged in (it no longer loads). */
export function damagedState(state: Uint8Array): Uint8Array {
  return Y.mergeUpdates([state, danglingDeleteUpdate()]);
}

export interface FakeSocket extends CollabSocket {
  readyState: number;
  bufferedAmount: number;
  /** What the hub sent, in order. */
  sent: Uint8Array[];
  /** The close code the hub used (1006 when it terminated), or null while open. */
  closedWith: number | null;
  /** A frame from the client. */
  receive(frame: Uint8Array): void;
  /** The client goes away (its close event reaches the hub). */
  disconnect(): void;
  emit(event: string, ...args: unknown[]): boolean;
}

/** A socket in memory: frames from the "client" are emitted into the hub, what the hub sends is kept. */
export function fakeSocket(onSend?: (message: Uint8Array) => void): FakeSocket {
  const socket = Object.assign(new EventEmitter(), {
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as Uint8Array[],
    closedWith: null as number | null,
    send(message: Uint8Array) {
      socket.sent.push(message);
      onSend?.(message);
    },
    close(code?: number) {
      end(code ?? 1005);
    },
    terminate() {
      end(1006);
    },
    receive(frame: Uint8Array) {
      if (socket.readyState === 1) socket.emit("message", Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), true);
    },
    disconnect() {
      end(1001);
    },
  });
  function end(code: number) {
    if (socket.readyState !== 1) return;
    socket.readyState = 3;
    socket.closedWith = code;
    queueMicrotask(() => socket.emit("close"));
  }
  return socket as unknown as FakeSocket;
}

interface ClientEvents {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/**
 * A WebSocket class for y-websocket's WebsocketProvider (its WebSocketPolyfill option) that
 * connects to a hub in memory. `connect` names the hub and the join request for a new
 * connection, or null to refuse it (a server that is down). Frames travel as macrotasks, in
 * order, so both sides interleave as over a network.
 */
export function memoryWebSocket(connect: (url: string) => { hub: CollabHub; request: JoinRequest } | null) {
  return class MemoryWebSocket implements ClientEvents {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readyState = 0;
    binaryType = "arraybuffer";
    onopen: ClientEvents["onopen"] = null;
    onmessage: ClientEvents["onmessage"] = null;
    onclose: ClientEvents["onclose"] = null;
    onerror: ClientEvents["onerror"] = null;
    private server: FakeSocket | null = null;

    constructor(url: string) {
      const target = connect(url);
      if (!target) {
        setImmediate(() => this.ended(1006));
        return;
      }
      const server = fakeSocket((message) => {
        const copy = message.slice();
        setImmediate(() => {
          if (this.readyState === 1) this.onmessage?.({ data: copy.buffer });
        });
      });
      // The hub closing this connection reaches the client as a close event.
      const close = server.close.bind(server);
      const terminate = server.terminate!.bind(server);
      server.close = (code?: number) => {
        close(code);
        setImmediate(() => this.ended(code ?? 1005));
      };
      server.terminate = () => {
        terminate();
        setImmediate(() => this.ended(1006));
      };
      this.server = server;
      setImmediate(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.onopen?.({});
        void target.hub.join(server, target.request);
      });
    }

    send(data: Uint8Array | ArrayBuffer): void {
      if (this.readyState !== 1 || !this.server) return;
      const frame = data instanceof ArrayBuffer ? new Uint8Array(data.slice(0)) : data.slice();
      const server = this.server;
      setImmediate(() => server.receive(frame));
    }

    close(code = 1000): void {
      if (this.readyState >= 2) return;
      this.server?.disconnect();
      setImmediate(() => this.ended(code));
      this.readyState = 2;
    }

    private ended(code: number): void {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.server?.disconnect();
      this.onclose?.({ code, reason: "" });
    }
  };
}
