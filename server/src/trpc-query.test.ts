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
 * `single` and `batch` are the query strings' `input`, already encoded (`single` undefined: none).
 */
async function compare(path: string, single: string | undefined, batch: string, headers: Record<string, string>) {
  const one = await fetch(single === undefined ? `${url}/api/trpc/${path}` : `${url}/api/trpc/${path}?input=${single}`, { headers });
  const many = await fetch(`${url}/api/trpc/${path}?batch=1&input=${batch}`, { headers });
  const batchBody = (await many.json()) as unknown[];
  return {
    single: { status: one.status, type: one.headers.get("content-type"), vary: one.headers.get("vary"), text: await one.text() },
    tRPC: { status: many.status, type: many.headers.get("content-type"), vary: many.headers.get("vary"), text: JSON.stringify(batchBody[0]) },
  };
}

function both(path: string, value: unknown, headers: Record<string, string> = {}) {
  return compare(path, value === undefined ? undefined : input(value), input(value === undefined ? {} : { 0: value }), headers);
}

/** A tender of the demo workspace that Weert (an editor of another municipality) does not own. */
async function tenderWeertDoesNotOwn(): Promise<string> {
  const res = await fetch(`${url}/api/trpc/tender.board?input=${input({ workspace: "limburg" })}`, { headers: { Cookie: weert } });
  const body = (await res.json()) as { result: { data: { tenders: { id: string; owned: boolean }[] } } };
  const tender = body.result.data.tenders.find((t) => !t.owned);
  if (!tender) throw new Error("the demo data has no tender outside Weert's ownership");
  return tender.id;
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
    ["no session, a query without input (UNAUTHORIZED)", "workspace.list", undefined, () => ({}), 401],
    ["invalid input in the English interface", "workspace.overview", { workspace: "Geen Slug!" }, () => ({ Cookie: `${weert}; regiotafel_lang=en` }), 400],
    ["input of the wrong type", "workspace.overview", 42, () => ({ Cookie: weert }), 400],
  ];
  for (const [name, path, value, headers, status] of cases) {
    it(name, async () => {
      const { single, tRPC } = await both(path, value, headers());
      expect(single.status).toBe(status);
      expect(single).toEqual(tRPC);
    });
  }

  it("gives malformed input JSON a clear 400 error, as tRPC's handler does", async () => {
    const { single, tRPC } = await compare("workspace.overview", "%7Bgeen-json", "%7Bgeen-json", { Cookie: weert });
    expect(single.status).toBe(400);
    expect(single).toEqual(tRPC);
    const body = JSON.parse(single.text) as { error: { message: string; data: { code: string } } };
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.message).toBe("Deze invoer is ongeldig.");
  });

  it("answers a refusal from a service (FORBIDDEN) as tRPC's handler does", async () => {
    const sourceId = await tenderWeertDoesNotOwn();
    const { single, tRPC } = await both("library.preview", { workspace: "limburg", kind: "LOT_STRUCTURE", sourceId }, { Cookie: weert });
    expect(single.status).toBe(403);
    expect(single).toEqual(tRPC);
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
