import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createHashLimiter } from "./hash-limiter";

/** A task that runs until `finish` is called, recording how many run at once. */
function tasks() {
  const state = { running: 0, max: 0, order: [] as number[] };
  const finishers: (() => void)[] = [];
  const make = (id: number, fail = false) => async () => {
    state.running++;
    state.max = Math.max(state.max, state.running);
    state.order.push(id);
    await new Promise<void>((resolve) => finishers.push(resolve));
    state.running--;
    if (fail) throw new Error("hash failed");
    return id;
  };
  return { state, make, finishNext: () => finishers.shift()?.() };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("hash limiter", () => {
  it("never runs more than its concurrency, refuses past the queue, and serves the line in order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 15 }), async (concurrency, queue, offered) => {
        const limiter = createHashLimiter(concurrency, queue);
        const t = tasks();
        const started = Array.from({ length: offered }, (_, i) => limiter.tryRun(t.make(i)));
        const accepted = started.filter((p) => p !== null);
        expect(accepted).toHaveLength(Math.min(offered, concurrency + queue));
        expect(started.slice(accepted.length).every((p) => p === null)).toBe(true);
        while (t.state.order.length < accepted.length || t.state.running > 0) {
          await tick();
          t.finishNext();
        }
        expect(await Promise.all(accepted)).toEqual(accepted.map((_, i) => i));
        expect(t.state.max).toBe(Math.min(concurrency, accepted.length));
        expect(t.state.order).toEqual(accepted.map((_, i) => i));
        expect(limiter.running).toBe(0);
        expect(limiter.waiting).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("frees the slot of a task that fails", async () => {
    const limiter = createHashLimiter(1, 1);
    const t = tasks();
    const failing = limiter.tryRun(t.make(1, true))!;
    const next = limiter.tryRun(t.make(2))!;
    expect(limiter.tryRun(t.make(3))).toBeNull();
    await tick();
    t.finishNext();
    await expect(failing).rejects.toThrow("hash failed");
    await tick();
    t.finishNext();
    expect(await next).toBe(2);
    expect(limiter.running).toBe(0);
  });
});
