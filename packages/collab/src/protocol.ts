// The y-websocket wire protocol plus one message of our own. Shared by the server and the
// browser client, so it imports nothing from Node.
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Server → client: the Yjs state vector of what is durably stored. A client's edits are
 * saved once this vector covers its own client id's clock.
 */
export const MESSAGE_SAVED = 100;

/** WebSocket close codes the client acts on. */
export const CLOSE_CODES = {
  /** The session ended (logout, password change, expiry): sign in again. */
  SESSION_ENDED: 4401,
  /** Role changed or membership removed: reconnect, which re-authorises (or is refused). */
  PERMISSIONS_CHANGED: 4403,
  /** The document was archived: reconnect read-only. */
  DOCUMENT_ARCHIVED: 4410,
  /** A message could not be read. */
  INVALID_MESSAGE: 4400,
  /**
   * A Yjs update did not apply cleanly (it refers to changes the server does not have, or
   * does not decode): nothing of the unapplied part is kept or stored. The client
   * reconnects, and the sync exchange sends whatever of its state the server lacks.
   */
  UPDATE_REFUSED: 4422,
  /**
   * The edit would make the document larger than COLLAB_MAX_DOCUMENT_BYTES: it was not
   * applied. The editor keeps its text on screen, stops syncing and says so (ADR 0013).
   */
  DOCUMENT_TOO_LARGE: 4413,
  /** The connection sent more messages or bytes than its rate allows; reconnect after a pause. */
  RATE_LIMITED: 4429,
  /** The stored state could not be loaded; nothing is served rather than an empty document. */
  LOAD_FAILED: 4500,
  /** The server restarts (SIGTERM): reconnect shortly. */
  SERVER_RESTART: 1012,
  /** Something went wrong on the server while serving this connection only; reconnect. */
  INTERNAL_ERROR: 1011,
} as const;

/** Largest WebSocket frame the server accepts. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The y-websocket room name of document `id`. */
export const documentRoomName = (id: string) => `doc.${id}`;

/** The document id in a room name, or null when the name is not one of ours. */
export function parseDocumentRoomName(name: string): string | null {
  const match = /^doc\.(.+)$/.exec(name);
  return match && UUID.test(match[1]!) ? match[1]! : null;
}

/** True when `stored` covers every change of `clientId` that `local` knows of. */
export function isSavedFor(clientId: number, local: Map<number, number>, stored: Map<number, number>): boolean {
  return (stored.get(clientId) ?? 0) >= (local.get(clientId) ?? 0);
}

/** A sync message carrying one Yjs update, as the server relays it and editors send it. */
export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}
