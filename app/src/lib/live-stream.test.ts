import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RecordChange } from "@regiotafel/domain";
import { followLiveStream, RELOAD_DELAY_MS, type LiveSource } from "./live-stream";

/** An EventSource stand-in the test drives: `emit` is the server sending an event. */
function fakeSource() {
  const listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  const source: LiveSource & { closed: boolean; emit(type: string, data: unknown): void; open(): void; fail(): void } = {
    onopen: null,
    onerror: null,
    closed: false,
    addEventListener(type, listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    close() {
      this.closed = true;
    },
    emit(type, data) {
      for (const listener of listeners.get(type) ?? []) listener({ data: JSON.stringify(data) } as MessageEvent<string>);
    },
    open() {
      this.onopen?.(new Event("open"));
    },
    fail() {
      this.onerror?.(new Event("error"));
    },
  };
  return source;
}

const change = (entityId: string): RecordChange => ({ workspaceId: "w1", entityType: "lot", entityId, parentId: "t1", action: "lot.updated", actorId: "u2" });

function follow(relevant: (change: RecordChange) => boolean = () => true) {
  const source = fakeSource();
  const seen = { reloads: 0, connected: [] as boolean[], changes: [] as RecordChange[], viewers: [] as string[][] };
  const stop = followLiveStream(source, relevant, {
    connected: (open) => seen.connected.push(open),
    presence: (viewers) => seen.viewers.push(viewers.map((v) => v.userId)),
    changed: (c) => seen.changes.push(c),
    reload: () => seen.reloads++,
  });
  return { source, seen, stop };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("following a live stream", () => {
  it("reloads once for several relevant changes in quick succession, and not for irrelevant ones", () => {
    const { source, seen } = follow((c) => c.parentId === "t1");
    source.open();
    source.emit("change", change("l1"));
    source.emit("change", change("l2"));
    source.emit("change", { ...change("l3"), parentId: "t9" });
    vi.advanceTimersByTime(RELOAD_DELAY_MS);
    expect(seen.reloads).toBe(1);
    expect(seen.changes.map((c) => c.entityId)).toEqual(["l1", "l2"]);
  });

  it("reloads on `refresh` (the server may have missed changes while Redis was away)", () => {
    const { source, seen } = follow(() => false);
    source.open();
    source.emit("refresh", { reason: "resumed" });
    vi.advanceTimersByTime(RELOAD_DELAY_MS);
    expect(seen.reloads).toBe(1);
    expect(seen.changes).toEqual([]);
  });

  it("reloads on `notify` (new notifications: the root loader counts the bell again)", () => {
    const { source, seen } = follow(() => false);
    source.open();
    source.emit("notify", {});
    vi.advanceTimersByTime(RELOAD_DELAY_MS);
    expect(seen.reloads).toBe(1);
  });

  it("reloads when the stream opens again after an interruption (a stopped instance, a lost connection), not when it first opens", () => {
    const { source, seen } = follow();
    source.open();
    vi.advanceTimersByTime(RELOAD_DELAY_MS * 10);
    expect(seen.reloads).toBe(0);
    source.emit("end", { reason: "shutdown" });
    source.fail();
    source.open(); // the browser reconnected, through the load balancer to another instance
    vi.advanceTimersByTime(RELOAD_DELAY_MS);
    expect(seen.reloads).toBe(1);
    expect(seen.connected).toEqual([true, false, true]);
  });

  it("reports who is looking, and stops everything when stopped", () => {
    const { source, seen, stop } = follow();
    source.open();
    source.emit("presence", { view: "tender:t1", viewers: [{ userId: "u1", name: "A", organisation: "B" }] });
    expect(seen.viewers).toEqual([["u1"]]);
    source.emit("change", change("l1"));
    stop();
    vi.advanceTimersByTime(RELOAD_DELAY_MS * 10);
    expect(seen.reloads).toBe(0);
    expect(source.closed).toBe(true);
  });
});
