// Per-connection and per-document limits of the co-editing protocol (ADR 0013).
import { MAX_FRAME_BYTES } from "./protocol";

export interface CollabLimits {
  /**
   * Largest a document may grow: the bytes of its stored Yjs state (snapshot plus the
   * updates since), counted exactly at each compaction and estimated in between. An edit
   * that would pass it is refused; deleting is always allowed.
   */
  maxDocumentBytes: number;
  /** Messages a connection may send per second on average (any type), and in one burst. */
  messagesPerSecond: number;
  messageBurst: number;
  /**
   * Bytes per second a connection may move on average: what it sends plus the document
   * state it asks for (a sync step 1 is answered with everything the client lacks).
   */
  bytesPerSecond: number;
  byteBurst: number;
  /** Presence changes relayed per connection per second; faster ones merge (the latest wins). */
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** Largest presence entry a client may send, as JSON bytes; larger ones are dropped. */
  maxAwarenessEntryBytes: number;
  /** A connection with more unsent output than this has stopped reading and is dropped. */
  maxBufferedBytes: number;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MESSAGES_PER_SECOND = 100;

/** The limits, with every one not given derived from the document size and message rate. */
export function collabLimits(given: Partial<CollabLimits> = {}): CollabLimits {
  const maxDocumentBytes = given.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const messagesPerSecond = given.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND;
  return {
    maxDocumentBytes,
    messagesPerSecond,
    messageBurst: given.messageBurst ?? messagesPerSecond * 3,
    bytesPerSecond: given.bytesPerSecond ?? 1024 * 1024,
    // A new connection may receive the whole document once, and send one full frame.
    byteBurst: given.byteBurst ?? maxDocumentBytes + MAX_FRAME_BYTES,
    awarenessPerSecond: given.awarenessPerSecond ?? 10,
    awarenessBurst: given.awarenessBurst ?? 20,
    maxAwarenessEntryBytes: given.maxAwarenessEntryBytes ?? 2048,
    maxBufferedBytes: given.maxBufferedBytes ?? maxDocumentBytes + 2 * MAX_FRAME_BYTES,
  };
}

/** A token bucket: `capacity` tokens, refilled at `perSecond`; O(1) per call. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  private refill(): void {
    const now = this.now();
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perSecond) / 1000);
      this.last = now;
    }
  }

  /** Takes `cost` tokens (at most the capacity) when there are enough; false otherwise. */
  take(cost = 1): boolean {
    this.refill();
    const needed = Math.min(cost, this.capacity);
    if (this.tokens < needed) return false;
    this.tokens -= needed;
    return true;
  }

  /** Milliseconds until `cost` tokens will be there. */
  msUntil(cost = 1): number {
    this.refill();
    const missing = Math.min(cost, this.capacity) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.perSecond);
  }
}
