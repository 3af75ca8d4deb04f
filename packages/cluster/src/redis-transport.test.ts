import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedisTransport, type RedisTransport } from "./redis-transport";
import { startRedisServer, type RedisServer } from "./testing";

let redis: RedisServer;
const open: RedisTransport[] = [];
const quiet = () => undefined;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(open.map((t) => t.close()));
  await redis.dispose();
});

async function transport() {
  const t = await connectRedisTransport(redis.url, { log: quiet });
  open.push(t);
  return t;
}

async function until(predicate: () => boolean, label: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the Redis transport", () => {
  it("delivers a message to every other instance subscribed to the channel, never back to its sender", async () => {
    const [a, b, c] = [await transport(), await transport(), await transport()];
    const got = { a: [] as number[][], b: [] as number[][], c: [] as number[][] };
    await a.subscribe("doc.1", (m) => got.a.push([...m]));
    await b.subscribe("doc.1", (m) => got.b.push([...m]));
    await c.subscribe("doc.2", (m) => got.c.push([...m]));
    a.publish("doc.1", Buffer.from("hallo"));
    b.publish("doc.1", new Uint8Array([0, 255, 1]));
    await until(() => got.a.length === 1 && got.b.length === 1, "delivery");
    expect(got.b).toEqual([[...Buffer.from("hallo")]]);
    expect(got.a).toEqual([[0, 255, 1]]);
    expect(got.c).toEqual([]);
    expect(a.instanceId).not.toBe(b.instanceId);
  });

  it("stops delivering after unsubscribing", async () => {
    const [a, b] = [await transport(), await transport()];
    const got: number[] = [];
    const stop = await b.subscribe("doc.3", (m) => got.push(m[0]!));
    a.publish("doc.3", new Uint8Array([1]));
    await until(() => got.length === 1, "first");
    stop();
    await new Promise((r) => setTimeout(r, 100));
    a.publish("doc.3", new Uint8Array([2]));
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toEqual([1]);
  });

  it("drops what is published while Redis is away, queues nothing, and resubscribes and says so when it is back", async () => {
    const [a, b] = [await transport(), await transport()];
    const got: number[] = [];
    let resumedA = 0;
    let resumedB = 0;
    a.onResumed(() => resumedA++);
    b.onResumed(() => resumedB++);
    await b.subscribe("doc.4", (m) => got.push(m[0]!));
    expect(await a.ping()).toBe(true);
    await redis.stop();
    await until(() => !a.connected() && !b.connected(), "noticed the outage");
    expect(await a.ping(200)).toBe(false);
    const before = a.dropped();
    for (let i = 0; i < 100; i++) a.publish("doc.4", new Uint8Array([i]));
    expect(a.dropped() - before).toBe(100);
    await redis.start();
    await until(() => resumedA === 1 && resumedB === 1, "resumed");
    expect(a.connected() && b.connected()).toBe(true);
    a.publish("doc.4", new Uint8Array([200]));
    await until(() => got.length > 0, "delivery after the outage");
    expect(got).toEqual([200]);
  });

  it("starts while Redis is away and joins once it answers", async () => {
    await redis.stop();
    const late = await transport();
    expect(late.connected()).toBe(false);
    let resumed = 0;
    late.onResumed(() => resumed++);
    const got: number[] = [];
    await late.subscribe("doc.5", (m) => got.push(m[0]!));
    await redis.start();
    await until(() => resumed === 1, "resumed");
    const other = await transport();
    other.publish("doc.5", new Uint8Array([7]));
    await until(() => got.length === 1, "delivery");
    expect(got).toEqual([7]);
  });
});
