import { afterEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { createInProcessEventBus, eventBus, publishRecordChange, type BusEvent } from "./events";

const change = (entityId: string): BusEvent => ({ type: "record.changed", workspaceId: "w1", entityType: "tender", entityId, action: "tender.updated", actorId: "u1" });
const ended: BusEvent = { type: "sessions.ended", userId: "u1" };

afterEach(() => vi.restoreAllMocks());

describe("the in-process event bus", () => {
  it("tells every subscriber each event, in the order they subscribed", () => {
    const bus = createInProcessEventBus();
    const heard: string[] = [];
    bus.subscribe((event) => heard.push(`a ${event.type}`));
    bus.subscribe((event) => heard.push(`b ${event.type}`));
    bus.publish(change("t1"));
    bus.publish(ended);
    expect(heard).toEqual(["a record.changed", "b record.changed", "a sessions.ended", "b sessions.ended"]);
  });

  it("stops telling a listener once it unsubscribed, and only that listener", () => {
    const bus = createInProcessEventBus();
    const a: BusEvent[] = [];
    const b: BusEvent[] = [];
    const stopA = bus.subscribe((event) => a.push(event));
    bus.subscribe((event) => b.push(event));
    bus.publish(change("t1"));
    stopA();
    stopA(); // twice is harmless
    bus.publish(change("t2"));
    expect(a).toEqual([change("t1")]);
    expect(b).toEqual([change("t1"), change("t2")]);
  });

  it("keeps two subscriptions of one function apart: each has its own stop", () => {
    const bus = createInProcessEventBus();
    const heard: BusEvent[] = [];
    const listener = (event: BusEvent) => heard.push(event);
    const first = bus.subscribe(listener);
    bus.subscribe(listener);
    bus.publish(ended);
    first();
    bus.publish(ended);
    expect(heard).toHaveLength(3);
  });

  it("a listener that throws is logged and stops neither the others nor the publisher", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const bus = createInProcessEventBus();
    const heard: string[] = [];
    bus.subscribe(() => heard.push("before"));
    bus.subscribe(() => {
      throw new Error("listener broke");
    });
    bus.subscribe(() => heard.push("after"));
    expect(() => bus.publish(change("t1"))).not.toThrow();
    expect(heard).toEqual(["before", "after"]);
    expect(logged).toHaveBeenCalledWith("record.changed listener failed", expect.objectContaining({ message: "listener broke" }));
  });

  it("delivers every event to every listener still subscribed, whatever the order of subscribing and stopping", () => {
    // Steps: subscribe a new listener, stop listener i, or publish; a model says who must hear what.
    const step = fc.oneof(fc.constant({ kind: "subscribe" as const }), fc.record({ kind: fc.constant("stop" as const), index: fc.nat(5) }), fc.constant({ kind: "publish" as const }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const bus = createInProcessEventBus();
        const listeners: { heard: number[]; stop: () => void; live: boolean; expected: number[] }[] = [];
        let published = 0;
        for (const s of steps) {
          if (s.kind === "subscribe") {
            const heard: number[] = [];
            const stop = bus.subscribe((event) => heard.push(Number(event.type === "record.changed" && event.entityId)));
            listeners.push({ heard, stop, live: true, expected: [] });
          } else if (s.kind === "stop") {
            const l = listeners[s.index];
            if (l) {
              l.stop();
              l.live = false;
            }
          } else {
            published += 1;
            bus.publish(change(String(published)));
            for (const l of listeners) if (l.live) l.expected.push(published);
          }
        }
        for (const l of listeners) expect(l.heard).toEqual(l.expected);
      }),
    );
  });
});

describe("the process's bus", () => {
  it("carries record changes announced by the record services", () => {
    const heard: BusEvent[] = [];
    const stop = eventBus.subscribe((event) => heard.push(event));
    try {
      publishRecordChange({ workspaceId: "w1", entityType: "milestone", entityId: "m1", parentId: "t1", action: "milestone.added", actorId: "u1" });
    } finally {
      stop();
    }
    expect(heard).toEqual([{ type: "record.changed", workspaceId: "w1", entityType: "milestone", entityId: "m1", parentId: "t1", action: "milestone.added", actorId: "u1" }]);
  });
});
