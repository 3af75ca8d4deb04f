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

const listeners = new Set<(change: RecordChange) => void>();

export function onRecordChange(listener: (change: RecordChange) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishRecordChange(change: RecordChange): void {
  for (const listener of listeners) {
    try {
      listener(change);
    } catch (error) {
      console.error("record change listener failed", error);
    }
  }
}
