/**
 * In-process notifications: a listener set per kind of event. Listeners run synchronously
 * after the fact (a commit, a deleted session); one that throws is logged and does not stop
 * the others or the caller.
 */
function channel<T>(name: string) {
  const listeners = new Set<(event: T) => void>();
  return {
    on(listener: (event: T) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(event: T): void {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          console.error(`${name} listener failed`, error);
        }
      }
    },
  };
}

/** A change to a workspace record, for live updates (after the transaction committed). */
export interface RecordChange {
  workspaceId: string;
  entityType: string;
  entityId: string;
  /** The record the page shows that this change belongs to (a tender for its lots and milestones). */
  parentId?: string;
  action: string;
  actorId: string;
}

const recordChanges = channel<RecordChange>("record change");
export const onRecordChange = recordChanges.on;
export const publishRecordChange = recordChanges.publish;

/**
 * Sessions that ended (logout, sign out everywhere, password change, expiry, replaced at
 * login): either the listed sessions, by their stored id (the SHA-256 of the token), or
 * every session the user had at that moment. Live connections opened with them must close.
 */
export type SessionsEnded = { sessionIds: readonly string[] } | { userId: string };

const sessionEnds = channel<SessionsEnded>("session end");
export const onSessionsEnded = sessionEnds.on;
export const publishSessionsEnded = sessionEnds.publish;
