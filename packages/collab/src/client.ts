// Browser and Node client helpers around y-websocket's WebsocketProvider. No Node imports.
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import type { WebsocketProvider } from "y-websocket";
import { isSavedFor, MESSAGE_SAVED } from "./protocol";

/** What the editor shows: everything stored, changes on their way, or no connection. */
export type SyncState = "saved" | "syncing" | "offline";

export interface SaveStateTracker {
  state(): SyncState;
  destroy(): void;
}

/**
 * Follows the server's "saved" messages (the state vector of what is durably stored) and
 * reports "saved" only when this client's own changes are all stored.
 */
export function trackSaveState(provider: WebsocketProvider, onChange: (state: SyncState) => void): SaveStateTracker {
  const doc = provider.doc;
  let stored = new Map<number, number>();
  let current: SyncState = "offline";

  const recompute = () => {
    const next: SyncState = !provider.wsconnected
      ? "offline"
      : !provider.synced
        ? "syncing"
        : isSavedFor(doc.clientID, new Map([[doc.clientID, Y.getState(doc.store, doc.clientID)]]), stored)
          ? "saved"
          : "syncing";
    if (next !== current) {
      current = next;
      onChange(next);
    }
  };

  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    recompute();
  };
  const onUpdate = () => recompute();
  doc.on("update", onUpdate);
  provider.on("status", onUpdate);
  provider.on("sync", onUpdate);
  recompute();

  return {
    state: () => current,
    destroy() {
      doc.off("update", onUpdate);
      provider.off("status", onUpdate);
      provider.off("sync", onUpdate);
    },
  };
}

/**
 * Passes sync states on, but shows "saved" only after it has held for `holdMs` following
 * "syncing": while someone types, the status stays "syncing" instead of blinking with every
 * pause (and a screen reader does not announce each one). "Saved" is never shown early;
 * "syncing" and "offline" are shown at once.
 */
export function holdSaved(show: (state: SyncState) => void, holdMs = 500): { update(state: SyncState): void; dispose(): void } {
  let shown: SyncState | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const display = (state: SyncState) => {
    if (state === shown) return;
    shown = state;
    show(state);
  };
  return {
    update(state) {
      if (timer) clearTimeout(timer);
      timer = null;
      if (state === "saved" && shown === "syncing") {
        timer = setTimeout(() => {
          timer = null;
          display("saved");
        }, holdMs);
      } else display(state);
    },
    dispose() {
      if (timer) clearTimeout(timer);
    },
  };
}
