import { createServer, connect, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { startServer, type RunningServer } from "./server";
import { testConfig } from "./test-server";

/**
 * A TCP relay between the server and its database that can stop passing bytes, as a
 * database that hangs or a network that drops packets would: connections stay open, queries
 * never get an answer.
 */
async function freezableRelay(target: URL) {
  const pairs = new Set<[Socket, Socket]>();
  let frozen = false;
  const relay: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) for (const s of pair) s.pause();
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const url = new URL(target);
  url.port = String((relay.address() as { port: number }).port);
  return {
    url: url.toString(),
    freeze() {
      frozen = true;
      for (const pair of pairs) for (const s of pair) s.pause();
    },
    thaw() {
      frozen = false;
      for (const pair of pairs) for (const s of pair) s.resume();
    },
    close: () => new Promise<void>((resolve) => relay.close(() => resolve())),
  };
}

let db: Database;
let relay: Awaited<ReturnType<typeof freezableRelay>>;
let server: RunningServer;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.$disconnect();
  relay = await freezableRelay(new URL(db.url));
  server = await startServer(testConfig({ ...db, url: relay.url }, { DEMO_DATA: "0" }));
});
afterAll(async () => {
  relay?.thaw();
  await server?.close();
  await relay?.close();
  await db?.close();
});

const health = async () => {
  const res = await fetch(`${server.url}/healthz`);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe("/healthz", () => {
  it("answers 503 within its timeout when the database stops answering, and 200 again when it is back", async () => {
    expect(await health()).toEqual({ status: 200, body: { status: "ok" } });
    relay.freeze();
    // Two probes at once while the database hangs: both get their answer.
    const [first, second] = await Promise.all([health(), health()]);
    expect(first).toEqual({ status: 503, body: { status: "unavailable" } });
    expect(second.status).toBe(503);
    relay.thaw();
    await expect.poll(async () => (await health()).status, { timeout: 10_000 }).toBe(200);
  });
});
