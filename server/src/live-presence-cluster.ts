import { z } from "zod";
import type { MessageTransport } from "@regiotafel/db";
import type { PresenceBoard } from "./live-presence";

/** The channel instances tell each other who has which page open on. */
export const PRESENCE_CHANNEL = "live.presence";
/** Each instance repeats its whole list this often… */
export const PRESENCE_HEARTBEAT_MS = 10_000;
/** …and what an instance said is forgotten once it has been silent this long (it died). */
export const PRESENCE_EXPIRY_MS = 30_000;

const text = z.string().min(1).max(500);
const viewer = z.strictObject({ userId: text, name: z.string().max(500), organisation: z.string().max(500) });
const rooms = z.array(z.strictObject({ room: text, view: z.string().max(200), viewers: z.array(viewer).max(10_000) })).max(100_000);
const messageSchema = z.discriminatedUnion("kind", [
  /** Rooms whose viewers changed here (empty: nobody left). */
  z.strictObject({ from: text, kind: z.literal("rooms"), rooms }),
  /** Everyone here, every heartbeat: rooms not listed have nobody. */
  z.strictObject({ from: text, kind: z.literal("all"), rooms }),
  /** A new (or reconnected) instance asks the others for their lists. */
  z.strictObject({ from: text, kind: z.literal("hello") }),
  /** An instance that stops: forget its viewers now. */
  z.strictObject({ from: text, kind: z.literal("bye") }),
]);
type PresenceMessage = z.infer<typeof messageSchema>;

export interface PresenceClusterOptions {
  heartbeatMs?: number;
  expiryMs?: number;
  log?: (message: string) => void;
}

/**
 * "Who is looking" across instances (ADR 0033): this instance announces its own viewers of
 * every changed room at each flush of `board` (so the coalescing holds across instances) and
 * all of them every heartbeat; it shows the viewers the others announce. An instance that
 * stops says goodbye; one that dies is forgotten after `expiryMs` of silence. Messages are
 * checked with zod; a malformed one is dropped (logged once).
 * @returns the function that says goodbye and stops.
 */
export async function connectPresence<T>(board: PresenceBoard<T>, transport: MessageTransport, options: PresenceClusterOptions = {}): Promise<() => void> {
  const heartbeatMs = options.heartbeatMs ?? PRESENCE_HEARTBEAT_MS;
  const expiryMs = options.expiryMs ?? PRESENCE_EXPIRY_MS;
  const log = options.log ?? ((message: string) => console.warn(`[presence] ${message}`));
  const from = transport.instanceId;
  const lastHeard = new Map<string, number>();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let reportedMalformed = false;

  const send = (message: PresenceMessage) => transport.publish(PRESENCE_CHANNEL, encoder.encode(JSON.stringify(message)));
  const sendAll = () => send({ from, kind: "all", rooms: board.localRooms() });

  const stopReceiving = await transport.subscribe(PRESENCE_CHANNEL, (bytes) => {
    let message: PresenceMessage;
    try {
      message = messageSchema.parse(JSON.parse(decoder.decode(bytes)));
    } catch {
      if (!reportedMalformed) log("dropped a malformed presence message from another instance (further ones are dropped silently)");
      reportedMalformed = true;
      return;
    }
    if (message.from === from) return;
    switch (message.kind) {
      case "bye":
        lastHeard.delete(message.from);
        board.forgetInstance(message.from);
        return;
      case "hello":
        lastHeard.set(message.from, Date.now());
        sendAll();
        return;
      default:
        lastHeard.set(message.from, Date.now());
        board.setRemote(message.from, message.rooms, message.kind === "all");
    }
  });

  board.announceTo((changed) => send({ from, kind: "rooms", rooms: changed }));
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const [instance, heard] of lastHeard) {
      if (now - heard <= expiryMs) continue;
      lastHeard.delete(instance);
      board.forgetInstance(instance);
    }
    sendAll();
  }, heartbeatMs);
  heartbeat.unref();
  // Back after a Redis outage: the others may have forgotten us, and we missed their changes.
  const stopResumed = transport.onResumed(() => {
    send({ from, kind: "hello" });
    sendAll();
  });
  send({ from, kind: "hello" });

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(heartbeat);
    stopResumed();
    stopReceiving();
    board.announceTo(null);
    send({ from, kind: "bye" });
  };
}
