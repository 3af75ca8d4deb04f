import type { RecordChange, Role } from "@regiotafel/domain";

/**
 * A member's role changed or they were removed from a workspace (after the commit): their
 * live connections to that workspace close and re-authorise.
 */
export type MembershipChange = { workspaceId: string; userId: string } & ({ kind: "roleChanged"; role: Role } | { kind: "removed" });

/**
 * Sessions that ended (logout, sign out everywhere, password change, expiry, replaced at
 * login): either the listed sessions, by their stored id (the SHA-256 of the token), or
 * every session the user had at that moment. Live connections opened with them must close.
 */
export type SessionsEnded = { sessionIds: readonly string[] } | { userId: string };

/**
 * Everything that happened which another part of the system reacts to: one type, told apart
 * by `type`. Plain JSON data, so that an implementation can carry it between instances.
 */
export type BusEvent =
  | ({ type: "record.changed" } & RecordChange)
  | ({ type: "membership.changed" } & MembershipChange)
  | ({ type: "sessions.ended" } & SessionsEnded);

/**
 * Publish and subscribe for `BusEvent`s. Publishing happens after the fact (a commit, a deleted
 * session) and never fails because of a listener: one that throws is logged and does not stop
 * the others or the publisher. The in-process bus calls listeners synchronously; one across
 * instances may call them later, so a listener must not rely on that.
 */
export interface EventBus {
  publish(event: BusEvent): void;
  /** Calls `listener` with every event published from now on; returns the function that stops it. */
  subscribe(listener: (event: BusEvent) => void): () => void;
}

/** The bus within one process: a set of listeners, called in the order they subscribed. */
export function createInProcessEventBus(): EventBus {
  const listeners = new Set<(event: BusEvent) => void>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          console.error(`${event.type} listener failed`, error);
        }
      }
    },
    subscribe(listener) {
      // Each subscription is its own entry, so subscribing one function twice needs two stops.
      const entry = (event: BusEvent) => listener(event);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
  };
}

/** The bus every publisher and listener of this process uses. */
export const eventBus: EventBus = createInProcessEventBus();

/** Announces a committed record change (shorthand for the record services). */
export function publishRecordChange(change: RecordChange): void {
  eventBus.publish({ type: "record.changed", ...change });
}
