// The own calendar feed through the API (issue 21 point 8, ADR 0037): make, replace and revoke
// the secret address; anonymous callers refused; each user only ever touches their own feed.
// The feed's contents: packages/db calendar-feed.test.ts; over HTTP: server/src/calendar.test.ts.
import { calendarFeedFor } from "@regiotafel/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiTestEnv, refusal, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

const WEERT = "weert@demo.regiotafel.nl";
const VENLO = "venlo@demo.regiotafel.nl";
/** The token inside an address the API gave. */
const tokenOf = (url: string) => /\/agenda\/([A-Za-z0-9_-]{43})\.ics(\?|$)/.exec(url)![1]!;

describe("calendar feed procedures", () => {
  it("create gives both addresses once; status tells only whether there is one", async () => {
    const api = await env.callerFor(WEERT);
    expect(await api.calendar.status()).toEqual({ active: false, createdAt: null });
    const made = await api.calendar.create({});
    expect(made.url).toMatch(/^http:\/\/localhost\/agenda\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(made.mineUrl).toBe(`${made.url}?alleen=mijn`);
    const status = await api.calendar.status();
    expect(status.active).toBe(true);
    expect(status.createdAt).toEqual(made.createdAt);
    expect(JSON.stringify(status)).not.toContain(tokenOf(made.url));
    const feed = await calendarFeedFor(env.db.prisma, tokenOf(made.url), { mine: false });
    expect(feed?.user.name).toBe("Inkoop Weert");
    // The demo records give Limburg's tenders dated milestones; none of Rivierenland's.
    expect(feed!.items.length).toBeGreaterThan(0);
    expect(feed!.items.every((i) => i.workspace.slug === "limburg")).toBe(true);
  });

  it("create again replaces the address: the old one no longer gives a feed", async () => {
    const api = await env.callerFor(WEERT);
    const first = await api.calendar.create({});
    const second = await api.calendar.create({});
    expect(tokenOf(second.url)).not.toBe(tokenOf(first.url));
    expect(await calendarFeedFor(env.db.prisma, tokenOf(first.url), { mine: false })).toBeNull();
    expect(await calendarFeedFor(env.db.prisma, tokenOf(second.url), { mine: false })).not.toBeNull();
  });

  it("revoke ends the own address only", async () => {
    const weert = await env.callerFor(WEERT);
    const venlo = await env.callerFor(VENLO);
    const weerts = await weert.calendar.create({});
    const venlos = await venlo.calendar.create({});
    expect(await venlo.calendar.revoke({})).toEqual({ revoked: true });
    expect(await calendarFeedFor(env.db.prisma, tokenOf(venlos.url), { mine: false })).toBeNull();
    expect(await calendarFeedFor(env.db.prisma, tokenOf(weerts.url), { mine: false })).not.toBeNull();
    expect((await weert.calendar.status()).active).toBe(true);
    expect(await venlo.calendar.status()).toEqual({ active: false, createdAt: null });
    expect(await venlo.calendar.revoke({})).toEqual({ revoked: false });
  });

  it("anonymous callers are refused and nothing is made", async () => {
    const api = await env.callerFor(null);
    const before = await env.db.prisma.calendarFeed.count();
    expect(await refusal(api.calendar.create({}))).toBe("UNAUTHORIZED auth.required");
    expect(await refusal(api.calendar.revoke({}))).toBe("UNAUTHORIZED auth.required");
    expect(await refusal(api.calendar.status())).toBe("UNAUTHORIZED auth.required");
    expect(await env.db.prisma.calendarFeed.count()).toBe(before);
  });

  it("unknown input fields are not read, and the input must be an object", async () => {
    const api = await env.callerFor(WEERT);
    const made = await api.calendar.create({ userId: "00000000-0000-4000-8000-000000000000" } as never);
    const owner = await env.db.prisma.user.findUniqueOrThrow({ where: { email: WEERT } });
    expect((await calendarFeedFor(env.db.prisma, tokenOf(made.url), { mine: false }))?.user.id).toBe(owner.id);
    expect(await refusal(api.calendar.create("x" as never))).toMatch(/^BAD_REQUEST/);
  });
});
