import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { startTestServer } from "./test-server";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ NODE_ENV: "production", DEMO_DATA: "1" });
});
afterAll(() => server.close());

describe("production mode", () => {
  it("starts on an empty database without creating demo data", async () => {
    expect(server.seeded).toBe(false);
    expect(await server.database.prisma.workspace.count()).toBe(0);
    expect(await server.database.prisma.user.count()).toBe(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
