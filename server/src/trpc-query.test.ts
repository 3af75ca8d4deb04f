import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
let url: string;
let weert: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  weert = await loginCookie(url, "weert@demo.regiotafel.nl");
});
afterAll(() => server.close());

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

/**
 * The same call twice: as a single query (served by singleQueryHandler) and as a batch of
 * one (served by tRPC's own handler, whose answer is an array of the same envelopes).
 */
async function both(path: string, value: unknown, headers: Record<string, string> = {}) {
  const singleUrl = value === undefined ? `${url}/api/trpc/${path}` : `${url}/api/trpc/${path}?input=${input(value)}`;
  const single = await fetch(singleUrl, { headers });
  const batch = await fetch(`${url}/api/trpc/${path}?batch=1&input=${input(value === undefined ? {} : { 0: value })}`, { headers });
  const batchBody = (await batch.json()) as unknown[];
  return {
    single: { status: single.status, type: single.headers.get("content-type"), vary: single.headers.get("vary"), text: await single.text() },
    tRPC: { status: batch.status, type: batch.headers.get("content-type"), vary: batch.headers.get("vary"), text: JSON.stringify(batchBody[0]) },
  };
}

describe("single GET queries answer exactly what tRPC's handler answers", () => {
  const cases: [string, string, unknown, () => Record<string, string>, number][] = [
    ["a member's overview", "workspace.overview", { workspace: "limburg" }, () => ({ Cookie: weert }), 200],
    ["a query without input", "workspace.list", undefined, () => ({ Cookie: weert }), 200],
    ["another workspace (NOT_FOUND)", "workspace.overview", { workspace: "rivierenland" }, () => ({ Cookie: weert }), 404],
    ["no session (UNAUTHORIZED)", "workspace.overview", { workspace: "limburg" }, () => ({}), 401],
    ["invalid input, with field errors", "workspace.overview", { workspace: "Geen Slug!" }, () => ({ Cookie: weert }), 400],
    ["the English interface", "workspace.overview", { workspace: "rivierenland" }, () => ({ Cookie: `${weert}; regiotafel_lang=en` }), 404],
    ["an anonymous public query", "auth.me", undefined, () => ({}), 200],
  ];
  for (const [name, path, value, headers, status] of cases) {
    it(name, async () => {
      const { single, tRPC } = await both(path, value, headers());
      expect(single.status).toBe(status);
      expect(single).toEqual(tRPC);
    });
  }

  it("gives malformed input JSON a clear 400 error, as tRPC's handler does", async () => {
    const res = await fetch(`${url}/api/trpc/workspace.overview?input=%7Bgeen-json`, { headers: { Cookie: weert } });
    const batch = await fetch(`${url}/api/trpc/workspace.overview?batch=1&input=%7Bgeen-json`, { headers: { Cookie: weert } });
    expect(res.status).toBe(400);
    expect(batch.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; data: { code: string } } };
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.message).toBe("Deze invoer is ongeldig.");
    expect(JSON.stringify(body)).toBe(JSON.stringify(((await batch.json()) as unknown[])[0]));
  });

  it("leaves unknown paths, mutations and batches to tRPC", async () => {
    const unknown = await fetch(`${url}/api/trpc/workspace.bestaatNiet`, { headers: { Cookie: weert } });
    expect(unknown.status).toBe(404);
    const unreadable = await fetch(`${url}/api/trpc/workspace.%E0%A4%A`, { headers: { Cookie: weert } });
    expect(unreadable.status).toBe(400);
    const mutation = await fetch(`${url}/api/trpc/municipality.updateContact?input=${input({ workspace: "limburg" })}`, { headers: { Cookie: weert } });
    expect(mutation.status).toBe(405);
    const batch = await fetch(`${url}/api/trpc/workspace.list,auth.me?batch=1&input=${input({ 0: {}, 1: {} })}`, { headers: { Cookie: weert } });
    expect(batch.status).toBe(200);
    expect(((await batch.json()) as unknown[]).length).toBe(2);
  });
});
