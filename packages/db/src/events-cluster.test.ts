import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { connectEventBus, createInProcessEventBus, EVENTS_CHANNEL, type BusEvent } from "./events";
import { createMemoryTransportNetwork } from "./transport";

const change = (entityId: string): BusEvent => ({ type: "record.changed", workspaceId: "w1", entityType: "tender", entityId, action: "tender.updated", actorId: "u1" });
/** One of every kind of event, as the services publish them. */
const EVERY_KIND: BusEvent[] = [
  { ...change("t1"), parentId: "t0" } as BusEvent,
  { type: "membership.changed", workspaceId: "w1", userId: "u2", kind: "roleChanged", role: "VIEWER" },
  { type: "membership.changed", workspaceId: "w1", userId: "u2", kind: "removed" },
  { type: "sessions.ended", sessionIds: ["s1", "s2"] },
  { type: "sessions.ended", userId: "u2", reason: "deactivated" },
  { type: "sessions.ended", userId: "u3" },
  { type: "mail.queued" },
  { type: "notifications.created", userIds: ["u2", "u3"] },
  { type: "workspace.changed", workspaceId: "w1", kind: "deleted" },
];

/** Lets the memory network's deliveries (microtasks) happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function instances(count: number, log: (message: string) => void = () => undefined) {
  const network = createMemoryTransportNetwork();
  const all = [];
  for (let i = 0; i < count; i++) {
    const bus = createInProcessEventBus();
    const transport = network.join();
    const heard: BusEvent[] = [];
    bus.subscribe((event) => heard.push(event));
    const disconnect = await connectEventBus(bus, transport, { log });
    all.push({ bus, transport, heard, disconnect });
  }
  return { network, all };
}

describe("the event bus across instances", () => {
  it("delivers every kind of event published on one instance to the listeners of every other, exactly once, and once locally", async () => {
    const { all } = await instances(3);
    const [a, b, c] = all;
    for (const event of EVERY_KIND) a!.bus.publish(event);
    await settle();
    expect(a!.heard).toEqual(EVERY_KIND);
    expect(b!.heard).toEqual(EVERY_KIND);
    expect(c!.heard).toEqual(EVERY_KIND);
  });

  it("never relays a received event again: with three instances each event arrives once, whoever published it", async () => {
    const { all } = await instances(3);
    const sent = vi.spyOn(all[1]!.transport, "publish");
    all[0]!.bus.publish(change("t1"));
    all[2]!.bus.publish(change("t2"));
    await settle();
    await settle();
    for (const instance of all) expect(instance.heard.map((e) => (e as { entityId: string }).entityId).sort()).toEqual(["t1", "t2"]);
    expect(sent).not.toHaveBeenCalled();
  });

  it("drops malformed messages, tells the log once per kind, throws nothing, and keeps delivering good ones", async () => {
    const log = vi.fn();
    const { network, all } = await instances(1, log);
    const stranger = network.join();
    const bytes = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
    stranger.publish(EVENTS_CHANNEL, bytes("{not json"));
    stranger.publish(EVENTS_CHANNEL, bytes("{still not"));
    stranger.publish(EVENTS_CHANNEL, new Uint8Array([0xff, 0xfe]));
    stranger.publish(EVENTS_CHANNEL, bytes({ type: "record.changed", workspaceId: "w1" }));
    stranger.publish(EVENTS_CHANNEL, bytes({ type: "record.changed", workspaceId: 5 }));
    stranger.publish(EVENTS_CHANNEL, bytes({ type: "membership.changed", workspaceId: "w1", userId: "u1", kind: "roleChanged", role: "OWNER" }));
    stranger.publish(EVENTS_CHANNEL, bytes({ type: "sessions.ended", userId: "u1", extra: "field" }));
    stranger.publish(EVENTS_CHANNEL, bytes({ type: "everything.deleted" }));
    stranger.publish(EVENTS_CHANNEL, bytes([1, 2, 3]));
    stranger.publish(EVENTS_CHANNEL, bytes({ ...change("t9") }));
    await settle();
    expect(all[0]!.heard).toEqual([change("t9")]);
    const lines = log.mock.calls.map(([line]) => line as string);
    expect(lines).toHaveLength(6); // unreadable, record.changed, membership.changed, sessions.ended, everything.deleted, untyped
    expect(lines.filter((l) => l.includes("not JSON"))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('"record.changed"'))).toHaveLength(1);
  });

  it("accepts from another instance exactly the events it would publish itself (fast-check)", async () => {
    const { network, all } = await instances(1);
    const sender = createInProcessEventBus();
    await connectEventBus(sender, network.join());
    const text = fc.string({ minLength: 1, maxLength: 40 });
    const event: fc.Arbitrary<BusEvent> = fc.oneof(
      fc.record({ type: fc.constant("record.changed" as const), workspaceId: text, entityType: text, entityId: text, action: text, actorId: text, parentId: text }, { requiredKeys: ["type", "workspaceId", "entityType", "entityId", "action", "actorId"] }),
      fc.record({ type: fc.constant("membership.changed" as const), workspaceId: text, userId: text, kind: fc.constant("roleChanged" as const), role: fc.constantFrom("VIEWER", "EDITOR", "COORDINATOR", "ADMIN" as const) }),
      fc.record({ type: fc.constant("sessions.ended" as const), sessionIds: fc.array(text, { maxLength: 5 }) }),
      fc.record({ type: fc.constant("workspace.changed" as const), workspaceId: text, kind: fc.constantFrom("archived", "reactivated", "deleted" as const) }),
      fc.record({ type: fc.constant("notifications.created" as const), userIds: fc.array(text, { maxLength: 5 }) }),
    );
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        all[0]!.heard.length = 0;
        sender.publish(e);
        await settle();
        expect(all[0]!.heard).toEqual([e]);
      }),
      { numRuns: 100 },
    );
  });

  it("loses what is published while the transport is down, and delivers again once it is back", async () => {
    const { network, all } = await instances(2);
    network.interrupt();
    all[0]!.bus.publish(change("lost"));
    network.resume();
    all[0]!.bus.publish(change("after"));
    await settle();
    expect(all[1]!.heard).toEqual([change("after")]);
    expect(all[0]!.heard).toEqual([change("lost"), change("after")]);
  });

  it("stops relaying and receiving once disconnected; connecting one bus twice relays once", async () => {
    const { all } = await instances(2);
    const [a, b] = all;
    const second = await connectEventBus(a!.bus, a!.transport);
    a!.bus.publish(change("t1"));
    await settle();
    expect(b!.heard).toEqual([change("t1")]);
    second(); // a no-op: the first connection still relays
    a!.disconnect();
    a!.bus.publish(change("t2"));
    b!.bus.publish(change("t3"));
    await settle();
    expect(b!.heard).toEqual([change("t1"), change("t3")]);
    expect(a!.heard).toEqual([change("t1"), change("t2")]);
  });
});
