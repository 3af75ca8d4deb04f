// SIGTERM to the real server process (main.ts, as `pnpm start` runs it) with REDIS_URL: it
// joins through Redis, answers /readyz 503 "draining" at once, serves meanwhile, and exits 0.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "@regiotafel/cluster/testing";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { startServerProcess, type ServerProcess } from "./testing/process";

let redis: RedisServer;
let server: ServerProcess | undefined;
let postgres: Database | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
  const env: Record<string, string> = { PASSWORD_HASH_COST: "10", REDIS_URL: redis.url, DRAIN_DELAY_MS: "3000", REGIOTAFEL_SECRET_KEY: Buffer.alloc(32, 3).toString("base64") };
  if (process.env.TEST_DATABASE_URL) {
    postgres = await createTestDatabase();
    await postgres.prisma.$disconnect();
    env.DATABASE_URL = postgres.url;
  }
  server = await startServerProcess(env);
}, 120_000);
afterAll(async () => {
  await server?.dispose();
  await postgres?.close();
  await redis?.dispose();
});

describe("SIGTERM", () => {
  it("drains: /readyz 503 at once while requests are still answered, then exit code 0", { timeout: 60_000 }, async () => {
    const s = server!;
    expect(s.output()).toContain(`via Redis op 127.0.0.1:${redis.port}`);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    const exited = s.stop("SIGTERM");
    let readyz: { status: number; body: unknown } | undefined;
    for (let i = 0; i < 100 && readyz?.status !== 503; i++) {
      const res = await fetch(`${s.url}/readyz`);
      readyz = { status: res.status, body: await res.json() };
    }
    expect(readyz).toEqual({ status: 503, body: { status: "unavailable", failed: ["draining"] } });
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect(await exited).toBe(0);
    expect(s.output()).toContain("Regiotafel is gestopt.");
  });
});
