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
  /** The stored state could not be loaded; nothing is served rather than an empty document. */
  LOAD_FAILED: 4500,
  /** The server restarts (SIGTERM): reconnect shortly. */
  SERVER_RESTART: 1012,
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
