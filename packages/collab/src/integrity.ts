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
