// Whether a Yjs document or state is whole: everything in it integrated, nothing waiting for
// changes that are not there. Yjs keeps such waiting parts ("pending" structs and deletes) and
// writes them into every encoded state, where they make the stored document unloadable.
import * as Y from "yjs";

/** True when `doc` holds structs or deletes that wait for changes it does not have. */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Forgets the waiting parts, so that they are never encoded, sent or stored. */
export function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}

export class UnloadableStateError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`refusing to store a document state that would not load: ${reason}`, options);
    this.name = "UnloadableStateError";
  }
}

/**
 * Throws UnloadableStateError unless `state` loads the way the store loads documents: it
 * decodes, and applied to an empty document leaves nothing pending. O(size of the state).
 */
export function assertLoadableState(state: Uint8Array): void {
  const doc = new Y.Doc({ gc: true });
  try {
    try {
      Y.applyUpdate(doc, state);
    } catch (error) {
      throw new UnloadableStateError("it does not decode", { cause: error });
    }
    if (hasPending(doc)) throw new UnloadableStateError("it refers to changes it does not contain");
  } finally {
    doc.destroy();
  }
}

export function isLoadableState(state: Uint8Array): boolean {
  try {
    assertLoadableState(state);
    return true;
  } catch {
    return false;
  }
}

/**
 * A compaction's snapshot (issue 19): the caller's state merged with what is stored — the
 * snapshot (another instance may have compacted further) and the log rows the compaction will
 * delete (another instance may have written rows the caller never saw). Throws
 * UnloadableStateError when the result would not load; then nothing is written.
 */
export function mergeForCompaction(state: Uint8Array, stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    try {
      doc.transact(() => {
        Y.applyUpdate(doc, state);
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const update of stored.updates) Y.applyUpdate(doc, update);
      });
    } catch (error) {
      throw new UnloadableStateError("it does not decode", { cause: error });
    }
    if (hasPending(doc)) throw new UnloadableStateError("it refers to changes it does not contain");
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
