// After a Redis outage an instance may have missed another instance's "permissions changed":
// every open co-editing connection is authorised again when Redis is back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES, plainText, SqlDocumentStorage } from "@regiotafel/collab";
import { startRedisServer, type RedisServer } from "@regiotafel/cluster/testing";
import type { RunningServer } from "./server";
import { connectEditor } from "./test-collab-client";
import { loginCookie, startTestServer } from "./test-server";

let redis: RedisServer;
let server: RunningServer;
let strategyId: string;

beforeAll(async () => {
  redis = await startRedisServer();
  server = await startTestServer({ REDIS_URL: redis.url, LIVE_SESSION_CHECK_SECONDS: "3600" });
  const doc = await server.database.prisma.document.findFirstOrThrow({ where: { workspace: { slug: "limburg" }, kind: "STRATEGY" } });
  strategyId = doc.id;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await redis?.dispose();
});

describe("after a Redis outage", () => {
  it("closes the connections whose rights changed meanwhile (a lowered editor reconnects read-only) and keeps the others", async () => {
    const venray = connectEditor(server.url, strategyId, await loginCookie(server.url, "venray@demo.regiotafel.nl"));
    const weert = connectEditor(server.url, strategyId, await loginCookie(server.url, "weert@demo.regiotafel.nl"));
    const closes = { venray: [] as number[], weert: [] as number[] };
    venray.provider.on("connection-close", (event) => closes.venray.push(event?.code ?? 0));
    weert.provider.on("connection-close", (event) => closes.weert.push(event?.code ?? 0));
    try {
      await venray.waitFor(() => venray.provider.synced && weert.provider.synced, "synced");
      await redis.stop();
      await venray.waitFor(() => server.transport !== null && !server.transport.connected(), "Redis noticed away");
      // Another instance lowered Venray's role; its announcement was lost with Redis.
      const user = await server.database.prisma.user.findUniqueOrThrow({ where: { email: "venray@demo.regiotafel.nl" } });
      const limburg = await server.database.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
      await server.database.prisma.membership.update({ where: { userId_workspaceId: { userId: user.id, workspaceId: limburg.id } }, data: { role: "VIEWER" } });
      expect(closes.venray).toEqual([]);
      await redis.start();
      await venray.waitFor(() => closes.venray.includes(CLOSE_CODES.PERMISSIONS_CHANGED), "Venray's connection closed", 15_000);
      await venray.waitFor(() => venray.provider.synced, "reconnected");
      venray.type("Als lezer getypt");
      weert.type("Weert typt verder");
      await weert.waitSaved();
      await new Promise((r) => setTimeout(r, 300));
      await server.hub.flush();
      const stored = plainText((await new SqlDocumentStorage(server.database.prisma).load(strategyId)).state);
      expect(stored).toContain("Weert typt verder");
      expect(stored).not.toContain("Als lezer getypt");
      expect(weert.text()).not.toContain("Als lezer getypt");
      expect(closes.weert).toEqual([]);
    } finally {
      venray.destroy();
      weert.destroy();
    }
  });
});
