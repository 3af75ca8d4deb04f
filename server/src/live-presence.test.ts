import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { LivePresence, LiveViewer } from "@regiotafel/domain";
import { PresenceBoard } from "./live-presence";

/** A board whose timer only runs when the test says so, recording every message sent. */
function board() {
  const sent: { to: string; data: LivePresence }[] = [];
  let pending: (() => void) | null = null;
  const presence = new PresenceBoard<string>({
    intervalMs: 1000,
    send: (to, data) => sent.push({ to, data: JSON.parse(data) as LivePresence }),
    schedule: (fn) => {
      pending = fn;
      return () => (pending = null);
    },
  });
  return {
    presence,
    sent,
    tick() {
      const fn = pending;
      pending = null;
      fn?.();
    },
    get scheduled() {
      return pending !== null;
    },
  };
}
const member = (i: number): LiveViewer => ({ userId: `u${i}`, name: `Inkoop ${i}`, organisation: `Gemeente ${i}` });

describe("presence board", () => {
  it("sends nothing until the interval ends, then one message per viewer for any number of joins", () => {
    const b = board();
    for (let i = 0; i < 50; i++) b.presence.join("ws tender:1", "tender:1", member(i), `tab${i}`);
    expect(b.sent).toHaveLength(0);
    b.tick();
    expect(b.sent).toHaveLength(50);
    expect(new Set(b.sent.map((m) => m.to)).size).toBe(50);
    expect(b.sent.every((m) => m.data.view === "tender:1" && m.data.viewers.length === 50)).toBe(true);
  });

  it("sends the same list once to each seat: a second tab of a listed person costs one message", () => {
    const b = board();
    b.presence.join("r", "staffing", member(1), "a");
    b.presence.join("r", "staffing", member(2), "b");
    b.tick();
    b.sent.length = 0;
    const leave = b.presence.join("r", "staffing", member(1), "a2");
    b.tick();
    expect(b.sent).toEqual([{ to: "a2", data: { view: "staffing", viewers: [member(1), member(2)] } }]);
    b.sent.length = 0;
    leave();
    b.tick();
    expect(b.sent).toHaveLength(0); // person 1 is still there in tab "a"
  });

  it("tells the others when someone leaves, and forgets empty rooms", () => {
    const b = board();
    const leaves = [1, 2, 3].map((i) => b.presence.join("r", "planning", member(i), `t${i}`));
    b.tick();
    b.sent.length = 0;
    leaves[0]!();
    leaves[0]!(); // leaving twice changes nothing
    b.tick();
    expect(b.sent.map((m) => m.to).sort()).toEqual(["t2", "t3"]);
    expect(b.sent[0]!.data.viewers.map((v) => v.userId)).toEqual(["u2", "u3"]);
    leaves[1]!();
    leaves[2]!();
    b.sent.length = 0;
    b.tick();
    expect(b.sent).toHaveLength(0);
    expect(b.scheduled).toBe(false);
  });

  it("keeps rooms apart", () => {
    const b = board();
    b.presence.join("w1 staffing", "staffing", member(1), "a");
    b.presence.join("w2 staffing", "staffing", member(2), "b");
    b.tick();
    expect(b.sent.map((m) => [m.to, m.data.viewers.map((v) => v.userId)])).toEqual([
      ["a", ["u1"]],
      ["b", ["u2"]],
    ]);
  });

  it("whatever the order of joins, leaves and flushes: at most one message per seat per flush, and every seat ends with the true list (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ join: fc.integer({ min: 0, max: 7 }) }), fc.record({ leave: fc.nat() }), fc.constant("flush" as const)), { maxLength: 80 }),
        (steps) => {
          const b = board();
          const seats: { tab: string; user: number; leave: () => void }[] = [];
          let flushes = 0;
          let tabs = 0;
          for (const step of steps) {
            if (step === "flush") {
              const before = b.sent.length;
              b.tick();
              flushes++;
              expect(b.sent.length - before).toBeLessThanOrEqual(seats.length);
            } else if ("join" in step) {
              const tab = `tab${tabs++}`;
              seats.push({ tab, user: step.join, leave: b.presence.join("r", "v", member(step.join), tab) });
            } else if (seats.length > 0) {
              seats.splice(step.leave % seats.length, 1)[0]!.leave();
            }
          }
          b.tick();
          const truth = [...new Set(seats.map((s) => s.user))].sort();
          for (const seat of seats) {
            const last = b.sent.filter((m) => m.to === seat.tab).at(-1);
            expect(last?.data.viewers.map((v) => Number(v.userId.slice(1))).sort()).toEqual(truth);
          }
          expect(b.sent.length).toBeLessThanOrEqual((flushes + 1) * tabs);
        },
      ),
      { numRuns: 300 },
    );
  });
});
