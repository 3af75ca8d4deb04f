// Browser and Node client helpers around y-websocket's WebsocketProvider. No Node imports.
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import type { WebsocketProvider } from "y-websocket";
import { MESSAGE_SAVED } from "./protocol";

/**
 * What the editor shows: everything stored, this client's changes on their way, the document
 * still loading (connected, nothing of ours to save), or no connection.
 */
export type SyncState = "saved" | "syncing" | "loading" | "offline";

/**
 * The honest state: "syncing" ("saving…") only while this client has changes the server has not
 * confirmed as stored; a document that is merely being opened is "loading", not "saving".
 */
export function syncStateOf(input: { connected: boolean; everConnected: boolean; synced: boolean; ownClock: number; storedClock: number }): SyncState {
  if (!input.connected) return input.everConnected || input.ownClock > input.storedClock ? "offline" : "loading";
  if (input.ownClock > input.storedClock) return "syncing";
  return input.synced ? "saved" : "loading";
}

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
  let current: SyncState = "loading";
  let everConnected = false;

  const recompute = () => {
    if (provider.wsconnected) everConnected = true;
    const next = syncStateOf({
      connected: provider.wsconnected,
      everConnected,
      synced: provider.synced,
      ownClock: Y.getState(doc.store, doc.clientID),
      storedClock: stored.get(doc.clientID) ?? 0,
    });
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
