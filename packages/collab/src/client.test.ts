import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { holdSaved, syncStateOf, type SyncState } from "./client";

describe("the sync state the editor shows", () => {
  let shown: SyncState[];
  let calm: ReturnType<typeof holdSaved>;
  beforeEach(() => {
    vi.useFakeTimers();
    shown = [];
    calm = holdSaved((state) => shown.push(state), 500);
  });
  afterEach(() => {
    calm.dispose();
    vi.useRealTimers();
  });

  it("stays on syncing while typing goes on, and shows saved once it has held", () => {
    calm.update("syncing");
    for (let i = 0; i < 5; i++) {
      calm.update("saved");
      vi.advanceTimersByTime(200);
      calm.update("syncing"); // the next keystroke before the hold ended
    }
    expect(shown).toEqual(["syncing"]);
    calm.update("saved");
    vi.advanceTimersByTime(499);
    expect(shown).toEqual(["syncing"]);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual(["syncing", "saved"]);
  });

  it("shows offline and syncing at once, and never a saved that no longer holds", () => {
    calm.update("offline");
    calm.update("syncing");
    calm.update("saved");
    calm.update("offline"); // the connection dropped during the hold
    vi.advanceTimersByTime(1_000);
    expect(shown).toEqual(["offline", "syncing", "offline"]);
    calm.update("saved"); // straight from offline (nothing was waiting): no hold needed
    expect(shown).toEqual(["offline", "syncing", "offline", "saved"]);
  });
});

describe("the honest save state", () => {
  const base = { connected: true, everConnected: true, synced: true, ownClock: 0, storedClock: 0 };

  it("says nothing is being saved when a document is merely opened", () => {
    expect(syncStateOf({ ...base, connected: false, everConnected: false })).toBe("loading");
    expect(syncStateOf({ ...base, synced: false })).toBe("loading");
    expect(syncStateOf(base)).toBe("saved");
  });

  it("says saving only while this client's own changes are not stored", () => {
    expect(syncStateOf({ ...base, ownClock: 3, storedClock: 2 })).toBe("syncing");
    expect(syncStateOf({ ...base, synced: false, ownClock: 3, storedClock: 0 })).toBe("syncing");
    expect(syncStateOf({ ...base, ownClock: 3, storedClock: 3 })).toBe("saved");
    expect(syncStateOf({ ...base, ownClock: 3, storedClock: 5 })).toBe("saved");
  });

  it("says offline once the connection is gone, or when edits wait for a first connection", () => {
    expect(syncStateOf({ ...base, connected: false })).toBe("offline");
    expect(syncStateOf({ ...base, connected: false, everConnected: false, ownClock: 1 })).toBe("offline");
  });
});
