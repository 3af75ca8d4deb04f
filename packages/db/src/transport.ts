/**
 * How instances of Regiotafel tell each other what happened (ADR 0032): named channels of
 * binary messages, published to every other instance subscribed to the channel. Delivery is
 * at most once and may be lost (Redis pub/sub); whoever needs more (the co-editing hub) heals
 * from PostgreSQL after `onResumed`. Without REDIS_URL there is no transport at all.
 */
export interface MessageTransport {
  /** This instance's id (random per start): messages never come back to their sender. */
  readonly instanceId: string;
  /** Resolves once subscribed (or at once while disconnected: it subscribes on reconnect). */
  subscribe(channel: string, listener: (message: Uint8Array) => void): Promise<() => void>;
  /** Sends to every other instance; dropped (not queued) while disconnected. */
  publish(channel: string, message: Uint8Array): void;
  /**
   * Calls `listener` each time the transport is back after an interruption (messages may
   * have been lost meanwhile); returns the function that stops it.
   */
  onResumed(listener: () => void): () => void;
  /** Whether messages are getting through now. */
  connected(): boolean;
}

/**
 * Instances in one process, for tests: each `join()` is one instance. `interrupt()` makes
 * everything published while interrupted disappear, and `resume()` tells every instance it
 * is back, like a Redis restart; `loseNext()` loses messages silently, as pub/sub may.
 */
export function createMemoryTransportNetwork() {
  const members = new Set<{ id: string; channels: Map<string, Set<(message: Uint8Array) => void>>; resumed: Set<() => void> }>();
  let up = true;
  let next = 0;
  let toLose = 0;
  return {
    join(): MessageTransport & { leave(): void } {
      const member = { id: `memory-${++next}`, channels: new Map<string, Set<(message: Uint8Array) => void>>(), resumed: new Set<() => void>() };
      members.add(member);
      return {
        instanceId: member.id,
        async subscribe(channel, listener) {
          const set = member.channels.get(channel) ?? new Set();
          member.channels.set(channel, set);
          const entry = (message: Uint8Array) => listener(message);
          set.add(entry);
          return () => void set.delete(entry);
        },
        publish(channel, message) {
          if (!up) return;
          if (toLose > 0) {
            toLose--;
            return;
          }
          const copy = Uint8Array.from(message);
          // Asynchronous, like a network: never inside the publisher's own call stack.
          queueMicrotask(() => {
            for (const other of members) {
              if (other === member) continue;
              for (const listener of other.channels.get(channel) ?? []) listener(copy);
            }
          });
        },
        onResumed(listener) {
          const entry = () => listener();
          member.resumed.add(entry);
          return () => void member.resumed.delete(entry);
        },
        connected: () => up,
        leave: () => void members.delete(member),
      };
    },
    interrupt() {
      up = false;
    },
    /** The next `count` messages published (by anyone) vanish, with no interruption to notice. */
    loseNext(count = 1) {
      toLose += count;
    },
    resume() {
      up = true;
      for (const member of members) for (const listener of member.resumed) listener();
    },
  };
}
