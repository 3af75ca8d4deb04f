import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { MessageTransport } from "@regiotafel/db";

/** Every channel Regiotafel uses starts with this, so one Redis can serve other things too. */
const CHANNEL_PREFIX = "regiotafel:";
/** The sender's id opens every message: an instance ignores what it sent itself. */
const ID_BYTES = 8;

export interface RedisTransport extends MessageTransport {
  /** Whether Redis answers a PING within `timeoutMs` (for /readyz). */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Messages dropped because Redis was not reachable when they were published. */
  dropped(): number;
  close(): Promise<void>;
}

export interface RedisTransportOptions {
  /** Called with connection trouble (once per change of state, not per retry). */
  log?: (message: string) => void;
}

/**
 * The message transport over Redis pub/sub (ioredis, ADR 0032): one connection publishes, one
 * subscribes. Nothing is queued while Redis is away (ioredis' offline queue is off): a message
 * published then is dropped and counted, and when Redis is back every channel is subscribed
 * again and `onResumed` listeners heal what they missed from PostgreSQL.
 */
export async function connectRedisTransport(url: string, options: RedisTransportOptions = {}): Promise<RedisTransport> {
  const log = options.log ?? ((message: string) => console.warn(`[redis] ${message}`));
  const idBytes = randomBytes(ID_BYTES);
  const instanceId = idBytes.toString("hex");
  const settings = {
    enableOfflineQueue: false,
    // Publishes issued in one turn of the event loop go out in one write (200 documents typed in).
    enableAutoPipelining: true,
    autoResubscribe: false, // we subscribe again ourselves, then tell onResumed listeners
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    connectionName: `regiotafel-${instanceId}`,
    retryStrategy: (times: number) => Math.min(100 * times, 2_000),
  };
  const pub = new Redis(url, settings);
  const sub = new Redis(url, settings);
  const listeners = new Map<string, Set<(message: Uint8Array) => void>>();
  const resumed = new Set<() => void>();
  let dropped = 0;
  let closing = false;
  let everReady = false;
  let interrupted = false;

  for (const [name, connection] of [
    ["publisher", pub],
    ["subscriber", sub],
  ] as const) {
    // Without a listener ioredis reports every failed reconnect as an unhandled error.
    connection.on("error", (error: Error) => {
      if (!interrupted && everReady) log(`${name}: ${error.message}`);
    });
    connection.on("close", () => {
      if (closing || !everReady || interrupted) return;
      interrupted = true;
      log("Redis is niet bereikbaar; deze instantie bedient haar eigen verbindingen en haalt straks in uit PostgreSQL");
    });
  }

  sub.on("messageBuffer", (channel: Buffer, message: Buffer) => {
    if (message.length < ID_BYTES || message.subarray(0, ID_BYTES).equals(idBytes)) return;
    const name = channel.toString("utf8").slice(CHANNEL_PREFIX.length);
    const payload = new Uint8Array(message.buffer, message.byteOffset + ID_BYTES, message.length - ID_BYTES);
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        log(`a listener of ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });

  // Both connections back: subscribe to every channel again, then let listeners catch up.
  const onReady = async () => {
    if (closing || pub.status !== "ready" || sub.status !== "ready" || !interrupted) return;
    try {
      const channels = [...listeners.keys()].map((name) => CHANNEL_PREFIX + name);
      if (channels.length > 0) await sub.subscribe(...channels);
    } catch {
      return; // it went away again; the next "ready" tries once more
    }
    interrupted = false;
    log("Redis is weer bereikbaar; open documenten en live pagina's halen in");
    for (const listener of resumed) {
      try {
        listener();
      } catch (error) {
        log(`catching up failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  pub.on("ready", () => void onReady());
  sub.on("ready", () => void onReady());

  everReady = true;
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch {
    // Start anyway (serving from PostgreSQL alone, /readyz 503) and join once Redis answers.
    interrupted = true;
    log("Redis is niet bereikbaar bij de start; opnieuw proberen op de achtergrond");
  }

  return {
    instanceId,
    async subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        // While Redis is away the subscription follows in onReady.
        if (sub.status === "ready") await sub.subscribe(CHANNEL_PREFIX + channel).catch(() => undefined);
      }
      const entry = (message: Uint8Array) => listener(message);
      set.add(entry);
      return () => {
        if (!set.delete(entry) || set.size > 0 || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        if (sub.status === "ready") void sub.unsubscribe(CHANNEL_PREFIX + channel).catch(() => undefined);
      };
    },
    publish(channel, message) {
      if (pub.status !== "ready" || interrupted) {
        dropped++;
        return;
      }
      const frame = Buffer.concat([idBytes, message]);
      pub.publish(CHANNEL_PREFIX + channel, frame).catch(() => {
        dropped++;
      });
    },
    onResumed(listener) {
      const entry = () => listener();
      resumed.add(entry);
      return () => void resumed.delete(entry);
    },
    connected: () => !interrupted && pub.status === "ready" && sub.status === "ready",
    async ping(timeoutMs = 1_000) {
      if (pub.status !== "ready") return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          pub.ping().then((answer) => answer === "PONG"),
          new Promise<false>((resolve) => {
            timer = setTimeout(() => resolve(false), timeoutMs);
          }),
        ]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    dropped: () => dropped,
    async close() {
      closing = true;
      resumed.clear();
      listeners.clear();
      await Promise.all([pub.quit().catch(() => pub.disconnect()), sub.quit().catch(() => sub.disconnect())]);
    },
  };
}
