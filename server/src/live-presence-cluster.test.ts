import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { createMemoryTransportNetwork } from "@regiotafel/db";
import type { LivePresence, LiveViewer } from "@regiotafel/domain";
import { PresenceBoard } from "./live-presence";
import { connectPresence, PRESENCE_CHANNEL, PRESENCE_EXPIRY_MS, PRESENCE_HEARTBEAT_MS } from "./live-presence-cluster";

const INTERVAL_MS = 1000;
const member = (i: number): LiveViewer => ({ userId: `u${i}`, name: `Inkoop ${i}`, organisation: `Gemeente ${i}` });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Instances joined by a memory network, each with its board; `sent` records what each tab was told. */
async function cluster(count: number, log: (message: string) => void = () => undefined) {
  const network = createMemoryTransportNetwork();
  const instances = [];
  for (let i = 0; i < count; i++) instances.push(await instance(network, log));
  return { network, instances };
}

async function instance(network: ReturnType<typeof createMemoryTransportNetwork>, log: (message: string) => void = () => undefined) {
  const sent: { to: string; data: LivePresence }[] = [];
  const board = new PresenceBoard<string>({ intervalMs: INTERVAL_MS, send: (to, data) => sent.push({ to, data: JSON.parse(data) as LivePresence }) });
  const transport = network.join();
  const stop = await connectPresence(board, transport, { log });
  return {
    board,
    transport,
    sent,
    stop,
    /** The last list this tab was sent, as user ids. */
    lastSeenBy: (tab: string) => sent.filter((m) => m.to === tab).at(-1)?.data.viewers.map((v) => v.userId),
  };
}

/** Lets the intervals pass and the network deliver (its deliveries are microtasks). */
async function pass(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

describe("presence across instances", () => {
  it("lists the viewers of a page on every instance, each person once, and updates when one leaves", async () => {
    const { instances } = await cluster(3);
    const [a, b, c] = instances;
    const leaveA = a!.board.join("w1 tender:1", "tender:1", member(1), "a1");
    b!.board.join("w1 tender:1", "tender:1", member(2), "b1");
    c!.board.join("w1 tender:1", "tender:1", member(1), "c1"); // person 1 again, in another tab on c
    c!.board.join("w1 staffing", "staffing", member(3), "c2"); // another page
    await pass(INTERVAL_MS * 3);
    expect(a!.lastSeenBy("a1")?.sort()).toEqual(["u1", "u2"]);
    expect(b!.lastSeenBy("b1")?.sort()).toEqual(["u1", "u2"]);
    expect(c!.lastSeenBy("c1")?.sort()).toEqual(["u1", "u2"]);
    expect(c!.lastSeenBy("c2")).toEqual(["u3"]);
    leaveA();
    const toldA = a!.sent.length;
    await pass(INTERVAL_MS * 3);
    expect(b!.lastSeenBy("b1")?.sort()).toEqual(["u1", "u2"]); // still in c's tab
    c!.board.join("w1 tender:1", "tender:1", member(4), "c3");
    await pass(INTERVAL_MS * 3);
    expect(a!.sent).toHaveLength(toldA); // a1 left: told nothing more
    expect(b!.lastSeenBy("b1")?.sort()).toEqual(["u1", "u2", "u4"]);
  });

  it("keeps the coalescing: fifty joins within one interval are one announcement to the other instances", async () => {
    const { instances } = await cluster(2);
    const [a, b] = instances;
    b!.board.join("r", "v", member(100), "b1");
    await pass(INTERVAL_MS * 2);
    const published = vi.spyOn(a!.transport, "publish");
    for (let i = 0; i < 50; i++) a!.board.join("r", "v", member(i), `a${i}`);
    await pass(INTERVAL_MS);
    expect(published).toHaveBeenCalledTimes(1);
    await pass(INTERVAL_MS);
    expect(b!.lastSeenBy("b1")).toHaveLength(51);
  });

  it("tells a page opened later on another instance who is already there (hello), without waiting for a heartbeat", async () => {
    const network = createMemoryTransportNetwork();
    const a = await instance(network);
    a.board.join("r", "v", member(1), "a1");
    await pass(INTERVAL_MS);
    const b = await instance(network);
    b.board.join("r", "v", member(2), "b1");
    await pass(INTERVAL_MS * 2);
    expect(b.lastSeenBy("b1")?.sort()).toEqual(["u1", "u2"]);
    expect(a.lastSeenBy("a1")?.sort()).toEqual(["u1", "u2"]);
  });

  it("forgets an instance that says goodbye at once, and one that dies once it has been silent past the expiry", async () => {
    const { network, instances } = await cluster(3);
    const [a, b, c] = instances;
    a!.board.join("r", "v", member(1), "a1");
    b!.board.join("r", "v", member(2), "b1");
    c!.board.join("r", "v", member(3), "c1");
    await pass(INTERVAL_MS * 2);
    expect(a!.lastSeenBy("a1")?.sort()).toEqual(["u1", "u2", "u3"]);

    b!.stop(); // SIGTERM: goodbye
    await pass(INTERVAL_MS * 2);
    expect(a!.lastSeenBy("a1")?.sort()).toEqual(["u1", "u3"]);

    // SIGKILL: c hears and says nothing more (no goodbye, no heartbeat).
    (c!.transport as unknown as { leave(): void }).leave();
    vi.spyOn(c!.transport, "publish").mockImplementation(() => undefined);
    await pass(PRESENCE_HEARTBEAT_MS * 2);
    expect(a!.lastSeenBy("a1")?.sort()).toEqual(["u1", "u3"]); // not yet: a few missed heartbeats are no death
    await pass(PRESENCE_EXPIRY_MS + PRESENCE_HEARTBEAT_MS);
    expect(a!.lastSeenBy("a1")).toEqual(["u1"]);
    void network;
  });

  it("heartbeats keep a quiet instance's viewers listed well past the expiry", async () => {
    const { instances } = await cluster(2);
    const [a, b] = instances;
    a!.board.join("r", "v", member(1), "a1");
    b!.board.join("r", "v", member(2), "b1");
    await pass(PRESENCE_EXPIRY_MS * 4);
    expect(a!.lastSeenBy("a1")?.sort()).toEqual(["u1", "u2"]);
  });

  it("after a Redis outage, viewers who came and went meanwhile are right again on every instance", async () => {
    const { network, instances } = await cluster(2);
    const [a, b] = instances;
    a!.board.join("r", "v", member(1), "a1");
    const leave = b!.board.join("r", "v", member(2), "b1");
    await pass(INTERVAL_MS * 2);
    network.interrupt();
    leave();
    b!.board.join("r", "v", member(3), "b2");
    await pass(INTERVAL_MS * 2);
    expect(a!.lastSeenBy("a1")?.sort()).toEqual(["u1", "u2"]); // lost while Redis was away
    network.resume();
    await pass(INTERVAL_MS * 2);
    expect(a!.lastSeenBy("a1")?.sort()).toEqual(["u1", "u3"]);
    expect(b!.lastSeenBy("b2")?.sort()).toEqual(["u1", "u3"]);
  });

  it("drops malformed messages (logged once) and keeps going", async () => {
    const log = vi.fn();
    const { network, instances } = await cluster(1, log);
    const [a] = instances;
    a!.board.join("r", "v", member(1), "a1");
    const stranger = network.join();
    const bytes = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
    stranger.publish(PRESENCE_CHANNEL, bytes("nope"));
    stranger.publish(PRESENCE_CHANNEL, bytes({ from: "x", kind: "rooms", rooms: [{ room: "r", view: "v", viewers: [{ userId: 5 }] }] }));
    stranger.publish(PRESENCE_CHANNEL, bytes({ from: "x", kind: "everything" }));
    stranger.publish(PRESENCE_CHANNEL, bytes({ from: "x", kind: "rooms", rooms: [{ room: "r", view: "v", viewers: [member(9)] }] }));
    await pass(INTERVAL_MS * 2);
    expect(log).toHaveBeenCalledTimes(1);
    expect(a!.lastSeenBy("a1")?.sort()).toEqual(["u1", "u9"]);
  });

  it("whatever joins and leaves happen on which instance, once things settle every tab lists exactly the people with that page open anywhere (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.record({ at: fc.nat(2), join: fc.nat(5), room: fc.constantFrom("r1", "r2") }), fc.record({ leave: fc.nat() }), fc.constant("tick" as const)), { maxLength: 40 }),
        async (steps) => {
          const { instances } = await cluster(3);
          const seats: { at: number; tab: string; user: number; room: string; leave: () => void }[] = [];
          let tabs = 0;
          for (const step of steps) {
            if (step === "tick") await pass(INTERVAL_MS / 2);
            else if ("join" in step) {
              const tab = `t${tabs++}`;
              seats.push({ at: step.at, tab, user: step.join, room: step.room, leave: instances[step.at]!.board.join(step.room, step.room, member(step.join), tab) });
            } else if (seats.length > 0) seats.splice(step.leave % seats.length, 1)[0]!.leave();
          }
          await pass(INTERVAL_MS * 3);
          for (const seat of seats) {
            const truth = [...new Set(seats.filter((s) => s.room === seat.room).map((s) => `u${s.user}`))].sort();
            expect(instances[seat.at]!.lastSeenBy(seat.tab)?.sort()).toEqual(truth);
          }
          for (const i of instances) i.stop();
        },
      ),
      { numRuns: 60 },
    );
  });
});
