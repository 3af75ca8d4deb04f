// Live record pages across instances (ADR 0033), over a real redis-server: instance A is the
// whole server (its event bus is the process's, joined to Redis by REDIS_URL); instance B is a
// second HTTP app on the same database with an event bus of its own, joined to A only through
// its own Redis connection. So whatever B's streams hear of A's commits came through Redis.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedisTransport, type RedisTransport } from "@regiotafel/cluster";
import { startRedisServer, type RedisServer } from "@regiotafel/cluster/testing";
import { connectEventBus, createInProcessEventBus, loadMigrations } from "@regiotafel/db";
import { createHttpApp } from "./http";
import type { RunningServer } from "./server";
import { listenLive, until, type LiveListener } from "./test-live-client";
import { loginCookie, startTestServer, testConfig } from "./test-server";

let redis: RedisServer;
let a: RunningServer;
let b: { url: string; http: Server; transport: RedisTransport; close(): Promise<void> };

beforeAll(async () => {
  redis = await startRedisServer();
  a = await startTestServer({ REDIS_URL: redis.url, LIVE_PRESENCE_MS: "200", LIVE_SESSION_CHECK_SECONDS: "3600" });
  const transport = await connectRedisTransport(redis.url, { log: () => undefined });
  const bus = createInProcessEventBus();
  const disconnect = await connectEventBus(bus, transport);
  const config = testConfig(a.database, { REDIS_URL: redis.url, LIVE_PRESENCE_MS: "200", LIVE_SESSION_CHECK_SECONDS: "3600" });
  const { app, close } = await createHttpApp({
    config,
    prisma: a.database.prisma,
    auth: a.auth,
    singleSignOn: a.singleSignOn,
    collab: a.hub,
    transport,
    bus,
    pingRedis: () => transport.ping(),
    migrations: (await loadMigrations()).map((m) => m.name),
  });
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  b = {
    url: `http://localhost:${(http.address() as AddressInfo).port}`,
    http,
    transport,
    async close() {
      await close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      disconnect();
      await transport.close();
    },
  };
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
  await redis?.dispose();
});

const trpc = (base: string, path: string, cookie: string, input?: unknown) =>
  fetch(`${base}/api/trpc/${path}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/json" },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });

async function withStreams<T>(open: Promise<LiveListener>[], run: (streams: LiveListener[]) => Promise<T>): Promise<T> {
  const streams = await Promise.all(open);
  try {
    expect(streams.map((s) => s.status)).toEqual(streams.map(() => 200));
    return await run(streams);
  } finally {
    await Promise.all(streams.map((s) => s.close()));
  }
}

describe("live pages across instances", () => {
  it("a record change committed through A reaches a page open on B, and the viewers of both instances are listed on both", async () => {
    const tender = await a.database.prisma.tender.findFirstOrThrow({ where: { title: "Wmo-begeleiding Midden-Limburg West" }, include: { lots: true } });
    const view = `tender:${tender.id}`;
    const weertCookie = await loginCookie(a.url, "weert@demo.regiotafel.nl");
    await withStreams([listenLive(b.url, await loginCookie(a.url, "venlo@demo.regiotafel.nl"), view), listenLive(a.url, weertCookie, view)], async ([onB, onA]) => {
      await until(() => onB!.viewers().join() === "Inkoop Venlo,Inkoop Weert", () => `both viewers on B; got ${onB!.viewers()}`);
      await until(() => onA!.viewers().join() === "Inkoop Venlo,Inkoop Weert", () => `both viewers on A; got ${onA!.viewers()}`);

      const weertId = (await a.database.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id;
      const lot = tender.lots.find((l) => l.title === "Volwassenen/stabiliteit")!;
      const res = await trpc(a.url, "lot.setParticipation", weertCookie, { workspace: "limburg", lotId: lot.id, municipalityId: weertId, participating: true });
      expect(res.status).toBe(200);
      await onB!.waitFor((e) => e.event === "change" && e.data.entityId === lot.id && e.data.parentId === tender.id, "the change on B");
      // Exactly once: not relayed back and forth.
      await onA!.waitFor((e) => e.event === "change" && e.data.entityId === lot.id, "the change on A");
      await new Promise((r) => setTimeout(r, 300));
      expect(onB!.events.filter((e) => e.event === "change" && e.data.entityId === lot.id)).toHaveLength(1);
      expect(onA!.events.filter((e) => e.event === "change" && e.data.entityId === lot.id)).toHaveLength(1);

      await onA!.close();
      await until(() => onB!.viewers().join() === "Inkoop Venlo", () => `Weert leaving, seen on B; got ${onB!.viewers()}`);
    });
  });

  it("logging out through A ends that session's stream on B; removing a member through A ends theirs on B", async () => {
    const roermond = await loginCookie(a.url, "roermond@demo.regiotafel.nl");
    const venray = await loginCookie(a.url, "venray@demo.regiotafel.nl");
    await withStreams([listenLive(b.url, roermond, "workspace"), listenLive(b.url, venray, "workspace")], async ([ofRoermond, ofVenray]) => {
      expect((await trpc(a.url, "auth.logout", roermond)).status).toBe(200);
      await ofRoermond!.waitEnded("the logged-out session's stream on B to end");
      expect(ofRoermond!.events.at(-1)).toEqual({ event: "end", data: { reason: "session" } });

      const admin = await loginCookie(a.url, "admin@demo.regiotafel.nl");
      const venrayId = (await a.database.prisma.user.findUniqueOrThrow({ where: { email: "venray@demo.regiotafel.nl" } })).id;
      expect((await trpc(a.url, "member.remove", admin, { workspace: "limburg", userId: venrayId })).status).toBe(200);
      await ofVenray!.waitEnded("the removed member's stream on B to end");
      expect(ofVenray!.events.at(-1)).toEqual({ event: "end", data: { reason: "membership" } });
    });
  });

  it("after Redis was away, every page on both instances is told to refresh, a member removed meanwhile loses their stream, and changes flow again", async () => {
    const cookie = await loginCookie(a.url, "leudal@demo.regiotafel.nl");
    const beesel = await loginCookie(a.url, "beesel@demo.regiotafel.nl");
    await withStreams([listenLive(a.url, cookie, "workspace"), listenLive(b.url, cookie, "workspace"), listenLive(a.url, beesel, "workspace")], async ([onA, onB, ofBeesel]) => {
      await redis.stop();
      await until(() => !b.transport.connected() && !a.transport!.connected(), "both instances to notice");
      expect((await fetch(`${b.url}/readyz`)).status).toBe(503);
      // Removed by another instance while Redis was away: the announcement is lost.
      const beeselId = (await a.database.prisma.user.findUniqueOrThrow({ where: { email: "beesel@demo.regiotafel.nl" } })).id;
      await a.database.prisma.membership.deleteMany({ where: { userId: beeselId, workspace: { slug: "limburg" } } });
      await redis.start();
      await ofBeesel!.waitEnded("the removed member's stream to end after the outage");
      expect(ofBeesel!.events.at(-1)).toEqual({ event: "end", data: { reason: "membership" } });
      await onA!.waitFor((e) => e.event === "refresh", "refresh on A");
      await onB!.waitFor((e) => e.event === "refresh", "refresh on B");
      expect(onB!.events.find((e) => e.event === "refresh")!.data).toEqual({ reason: "resumed" });
      await until(async () => (await fetch(`${b.url}/readyz`)).status === 200, "B ready again");

      const weert = await loginCookie(a.url, "weert@demo.regiotafel.nl");
      const lot = await a.database.prisma.lot.findFirstOrThrow({ where: { title: "Volwassenen/stabiliteit" } });
      const weertId = (await a.database.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id;
      expect((await trpc(a.url, "lot.setParticipation", weert, { workspace: "limburg", lotId: lot.id, municipalityId: weertId, participating: false })).status).toBe(200);
      await onB!.waitFor((e) => e.event === "change" && e.data.entityId === lot.id, "a change on B after the outage");
    });
  });
});
