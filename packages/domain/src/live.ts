// What the live stream of a workspace (Server-Sent Events at /w/<workspace>/live) sends:
// the server writes these shapes, the pages read them.

/**
 * A committed change to a workspace record: announced on the event bus once the transaction
 * committed, and sent to the workspace's live pages as a `change` message.
 */
export interface RecordChange {
  workspaceId: string;
  entityType: string;
  entityId: string;
  /** The record the page shows that this change belongs to (a tender for its lots and milestones). */
  parentId?: string;
  action: string;
  actorId: string;
}

/** Someone with a page open, as the pages show them ("Inkoop Weert (Weert)"). */
export interface LiveViewer {
  userId: string;
  name: string;
  organisation: string;
}

/** The `presence` message: everyone with `view` open, each person once. */
export interface LivePresence {
  view: string;
  viewers: LiveViewer[];
}
