import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { startServer } from "./server";
import { loginCookie, testConfig } from "./test-server";

// The demo accounts share a published password: they may sign in only in demo mode, also on
// a database that was a demo before.

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.$disconnect();
});
afterAll(() => db?.close());

async function withServer<T>(env: Record<string, string>, run: (url: string) => Promise<T>): Promise<T> {
  const server = await startServer(testConfig(db, env));
  try {
    return await run(server.url);
  } finally {
    await server.close();
  }
}

const canSignIn = (url: string) =>
  loginCookie(url, "weert@demo.regiotafel.nl").then(
    () => true,
    () => false,
  );

describe("demo accounts", () => {
  it("sign in in demo mode, are locked with their sessions ended outside it, and come back with demo mode", async () => {
    const session = await withServer({}, async (url) => {
      expect(await canSignIn(url)).toBe(true);
      return loginCookie(url, "admin@demo.regiotafel.nl");
    });

    await withServer({ DEMO_DATA: "0" }, async (url) => {
      expect(await canSignIn(url)).toBe(false);
      const page = await fetch(`${url}/w/limburg`, { headers: { Cookie: session }, redirect: "manual" });
      expect(page.status).toBe(302);
      expect(page.headers.get("location")).toMatch(/^\/login/);
      // Nor does the login page mention them.
      expect(await (await fetch(`${url}/login`)).text()).not.toContain("regiotafel-demo");
    });

    await withServer({}, async (url) => {
      expect(await canSignIn(url)).toBe(true);
      expect(await (await fetch(`${url}/login`)).text()).toContain("regiotafel-demo");
    });
  });
});
