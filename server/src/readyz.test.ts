// GET /readyz for load balancers, and draining on stop (ADR 0033).
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { CLOSE_CODES, documentRoomName } from "@regiotafel/collab";
import { startRedisServer, type RedisServer } from "@regiotafel/cluster/testing";
import { loadMigrations, type Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { migratedCheck, readinessCheck } from "./health";
import { startServer, type RunningServer } from "./server";
import { listenLive, until } from "./test-live-client";
import { loginCookie, testConfig } from "./test-server";

const readyz = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, cacheControl: res.headers.get("cache-control"), connection: res.headers.get("connection"), body: (await res.json()) as unknown };
};

/** The names of the clients connected to Redis (CLIENT LIST, as an inline command). */
function redisClientNames(port: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
      const header = /^\$(\d+)\r\n/.exec(answer);
      if (header && Buffer.byteLength(answer) >= header[0].length + Number(header[1])) {
        socket.end();
        resolve([...answer.matchAll(/ name=(\S*)/g)].map((m) => m[1]!).filter(Boolean));
      }
    });
    socket.on("error", reject);
    socket.write("CLIENT LIST\r\n");
  });
}

describe("readinessCheck", () => {
  const deps = (over: Partial<Parameters<typeof readinessCheck>[0]> = {}) => ({
    database: async () => true,
    migrated: async () => true,
    redis: null,
    draining: () => false,
    ...over,
  });

  it("is ready when nothing fails, and names everything that does", async () => {
    expect(await readinessCheck(deps())()).toEqual({ ready: true });
    expect(await readinessCheck(deps({ redis: async () => true }))()).toEqual({ ready: true });
    expect(await readinessCheck(deps({ draining: () => true }))()).toEqual({ ready: false, failed: ["draining"] });
    expect(await readinessCheck(deps({ redis: async () => false }))()).toEqual({ ready: false, failed: ["redis"] });
    expect(await readinessCheck(deps({ migrated: async () => false }))()).toEqual({ ready: false, failed: ["migrated"] });
    expect(await readinessCheck(deps({ draining: () => true, redis: async () => false }))()).toEqual({ ready: false, failed: ["draining", "redis"] });
  });

  it("does not ask about migrations while the database does not answer", async () => {
    const migrated = vi.fn(async () => true);
    expect(await readinessCheck(deps({ database: async () => false, migrated }))()).toEqual({ ready: false, failed: ["database"] });
    expect(migrated).not.toHaveBeenCalled();
  });
});

describe("migratedCheck", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it("is true when every migration of this build is recorded, false when one is missing", async () => {
    const names = (await loadMigrations()).map((m) => m.name);
    expect(names.length).toBeGreaterThan(5);
    expect(await migratedCheck(db.prisma, names)()).toBe(true);
    expect(await migratedCheck(db.prisma, [...names, "9999_from_a_newer_build"])()).toBe(false);
  });
});

describe("/readyz and draining", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.$disconnect();
  });
  afterAll(() => db?.close());

  it("without REDIS_URL: no transport, ready, not cached; /healthz is unchanged", async () => {
    const server = await startServer(testConfig(db));
    try {
      expect(server.transport).toBeNull();
      expect(await readyz(server.url)).toMatchObject({ status: 200, cacheControl: "no-store", body: { status: "ready" } });
      const health = await fetch(`${server.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
    } finally {
      await server.close();
    }
  });

  it("on stop: 503 'draining' at once while requests are still served, then live streams end with 'shutdown' and co-editing sockets with SERVER_RESTART", async () => {
    const server: RunningServer = await startServer(testConfig(db, { DRAIN_DELAY_MS: "2500" }));
    const cookie = await loginCookie(server.url, "weert@demo.regiotafel.nl");
    const stream = await listenLive(server.url, cookie, "workspace");
    const doc = await server.database.prisma.document.findFirstOrThrow({ where: { workspace: { slug: "limburg" } } });
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/collab/${documentRoomName(doc.id)}`, { headers: { Cookie: cookie, Origin: server.url } });
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    let closeCode: number | undefined;
    ws.once("close", (code) => (closeCode = code));
    expect(stream.status).toBe(200);
    expect((await readyz(server.url)).status).toBe(200);

    const closing = server.close();
    try {
      const during = await readyz(server.url);
      expect(during).toMatchObject({ status: 503, cacheControl: "no-store", connection: "close", body: { status: "unavailable", failed: ["draining"] } });
      expect(stream.ended).toBe(false); // live connections close only after the drain delay
      // Still serving while the load balancer takes notice: a page, liveness, the open stream.
      const page = await fetch(`${server.url}/w/limburg/documenten`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(page.headers.get("connection")).toBe("close");
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await closing;
    }
    await stream.waitEnded("the live stream to end");
    expect(stream.events.at(-1)).toEqual({ event: "end", data: { reason: "shutdown" } });
    await until(() => closeCode !== undefined, "the co-editing socket to close");
    expect(closeCode).toBe(CLOSE_CODES.SERVER_RESTART);
  });
});

describe("/readyz with REDIS_URL", () => {
  let db: Database;
  let redis: RedisServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.$disconnect();
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.dispose();
    await db?.close();
  });

  it("answers 503 naming Redis while Redis is away and 200 once it is back; stopping closes the transport", async () => {
    const server = await startServer(testConfig(db, { REDIS_URL: redis.url, DEMO_DATA: "0" }));
    const name = `regiotafel-${server.transport!.instanceId}`;
    try {
      expect(server.transport).not.toBeNull();
      expect(await redisClientNames(redis.port)).toEqual([name, name]); // publisher and subscriber
      expect(await readyz(server.url)).toMatchObject({ status: 200, body: { status: "ready" } });
      await redis.stop();
      expect(await readyz(server.url)).toMatchObject({ status: 503, body: { status: "unavailable", failed: ["redis"] } });
      // Liveness does not depend on Redis: the instance keeps serving its own clients.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await redis.start();
      await until(async () => (await readyz(server.url)).status === 200, "ready once Redis is back");
    } finally {
      await server.close();
    }
    expect(await redisClientNames(redis.port)).toEqual([]);
  });

  it("starts while Redis is away (not ready), and becomes ready when it answers", async () => {
    await redis.stop();
    const server = await startServer(testConfig(db, { REDIS_URL: redis.url, DEMO_DATA: "0" }));
    try {
      expect(await readyz(server.url)).toMatchObject({ status: 503, body: { failed: ["redis"] } });
      await redis.start();
      await until(async () => (await readyz(server.url)).status === 200, "ready once Redis answers");
    } finally {
      await server.close();
    }
  });
});
