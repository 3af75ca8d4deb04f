import type { LiveDocuments } from "@regiotafel/db";
import { DomainError } from "@regiotafel/domain";
import { initialState, plainText } from "./content";
import type { CollabHub } from "./hub";
import { isLoadableState, UnloadableStateError } from "./integrity";
import { CLOSE_CODES } from "./protocol";
import { DocumentLoadError } from "./storage";

/** The parts of the hub the document services use. */
export type LiveHub = Pick<CollabHub, "currentState" | "replaceContent" | "loads" | "closeDocument">;

/**
 * The document services' view of live documents (@regiotafel/db's LiveDocuments) over a hub:
 * Yjs content, and a damaged document refused as a CONFLICT with a clear message, not a 500.
 */
export function liveDocuments(hub: LiveHub): LiveDocuments {
  return {
    build(blocks) {
      const state = initialState(blocks);
      return { state, text: plainText(state) };
    },
    plainText,
    isLoadable: isLoadableState,
    currentState: (documentId) => whenLoadable(() => hub.currentState(documentId)),
    replaceContent: (documentId, state) => whenLoadable(() => hub.replaceContent(documentId, state)),
    loads: (documentId) => hub.loads(documentId),
    reconnect(documentId, why) {
      hub.closeDocument(documentId, why === "archived" ? CLOSE_CODES.DOCUMENT_ARCHIVED : CLOSE_CODES.SERVER_RESTART);
    },
  };
}

async function whenLoadable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error instanceof DocumentLoadError && error.damaged) || error instanceof UnloadableStateError) throw new DomainError("CONFLICT", "document.damaged");
    throw error;
  }
}
