// Calendar feeds over real HTTP (issue 21 point 8, ADR 0037), read back with an independent
// parser (ical.js): stable UIDs, all-day DTSTART on the due date, SEQUENCE up when a milestone
// moves, a deleted milestone CANCELLED, a VTIMEZONE for Europe/Amsterdam; no session needed;
// every token that gives no feed answers the same bare 404.
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCalendarFeed, removeMilestone, resolveScope, revokeCalendarFeed, updateMilestone, type CalendarFeed } from "@regiotafel/db";
import { renderCalendar } from "./calendar";
import type { RunningServer } from "./server";
import { rawRequest } from "./test-http";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
let weert: { id: string; organisationId: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  const p = server.database.prisma;
  weert = await p.user.findUniqueOrThrow({ where: { email: "weert@demo.regiotafel.nl" } });
  const venlo = await p.user.findUniqueOrThrow({ where: { email: "venlo@demo.regiotafel.nl" } });
  const limburg = await p.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
  const rivierenland = await p.workspace.findUniqueOrThrow({ where: { slug: "rivierenland" } });
  const tiel = await p.user.findUniqueOrThrow({ where: { email: "tiel@demo.regiotafel.nl" } });
  const tender = (workspaceId: string, title: string, organisationId: string) =>
    p.tender.create({ data: { workspaceId, title, domain: "JEUGD", level: "REGIONAAL", procedure: "OPEN_HOUSE", procuringEntityId: organisationId, participants: { create: [{ organisationId }] } } });
  const milestone = async (key: string, tenderId: string, title: string, dueDate: string) =>
    (ids[key] = (await p.milestone.create({ data: { tenderId, type: "APPROVAL", title, dueDate: new Date(`${dueDate}T00:00:00Z`) } })).id);
  ids.tender = (await tender(limburg.id, "Agenda-aanbesteding", weert.organisationId)).id;
  await milestone("mine", ids.tender, "Gunning", "2027-03-01");
  ids.venloTender = (await tender(limburg.id, "Venlo's eigen inkoop", venlo.organisationId)).id;
  await milestone("venlos", ids.venloTender, "Marktconsultatie Venlo", "2027-04-01");
  ids.foreignTender = (await tender(rivierenland.id, "Rivierenland agenda", tiel.organisationId)).id;
  await milestone("foreign", ids.foreignTender, "Rivierenland gunning", "2027-03-02");
});
afterAll(() => server?.close());

const feedPath = (token: string, mine = false) => `/agenda/${token}.ics${mine ? "?alleen=mijn" : ""}`;
const get = (path: string, method = "GET") => rawRequest(`${server.url}${path}`, { method });

/** The feed as ical.js reads it: the calendar and its events by UID. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = new Map(calendar.getAllSubcomponents("vevent").map((e) => [String(e.getFirstPropertyValue("uid")), e]));
  return { calendar, events };
}
const uid = (id: string) => `milestone-${id}@regiotafel`;
const dtstart = (event: ICAL.Component) => event.getFirstPropertyValue("dtstart") as ICAL.Time;

describe("the calendar feed over HTTP", () => {
  it("is valid iCalendar with stable UIDs, all-day DTSTART, SEQUENCE, Dutch summary, tender URL and the Amsterdam time zone", async () => {
    const { token } = await createCalendarFeed(server.database.prisma, weert.id);
    const res = await get(feedPath(token));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(res.body.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);

    const { calendar, events } = parse(res.body);
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Regiotafel — Inkoop Weert");
    expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Europe/Amsterdam");
    expect(calendar.getFirstPropertyValue("x-wr-timezone")).toBe("Europe/Amsterdam");
    // RFC 5545 3.8.7.2: DTSTAMP in UTC.
    const stamps = res.body.split("\r\n").filter((line) => line.startsWith("DTSTAMP"));
    expect(stamps.length).toBe(calendar.getAllSubcomponents("vevent").length);
    for (const line of stamps) expect(line).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);

    const event = events.get(uid(ids.mine!))!;
    expect(event).toBeDefined();
    expect(dtstart(event).isDate).toBe(true);
    expect(dtstart(event).toString()).toBe("2027-03-01");
    expect((event.getFirstPropertyValue("dtend") as ICAL.Time).toString()).toBe("2027-03-02");
    expect(event.getFirstPropertyValue("sequence")).toBe(1);
    expect(event.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(event.getFirstPropertyValue("summary")).toBe("Mijlpaal: Gunning — Agenda-aanbesteding");
    expect(event.getFirstPropertyValue("url")).toBe(`${server.url}/w/limburg/aanbestedingen/${ids.tender}`);
    // Another workspace's milestone never; another organisation's tender in the own workspace, yes.
    expect(events.has(uid(ids.foreign!))).toBe(false);
    expect(events.has(uid(ids.venlos!))).toBe(true);
    // Every event of the feed is a milestone with a UID of that form, once.
    expect([...events.keys()].every((u) => /^milestone-[0-9a-f-]{36}@regiotafel$/.test(u))).toBe(true);
    expect(events.size).toBe(calendar.getAllSubcomponents("vevent").length);
  });

  it("?alleen=mijn keeps the own organisation's tenders and lots", async () => {
    const { token } = await createCalendarFeed(server.database.prisma, weert.id);
    const { events } = parse((await get(feedPath(token, true))).body);
    expect(events.has(uid(ids.mine!))).toBe(true);
    expect(events.has(uid(ids.venlos!))).toBe(false);
    expect(events.has(uid(ids.foreign!))).toBe(false);
  });

  it("moving a milestone raises its SEQUENCE; deleting it keeps the UID as CANCELLED, one further", async () => {
    const prisma = server.database.prisma;
    const { token } = await createCalendarFeed(prisma, weert.id);
    const scope = await resolveScope(prisma, weert.id, "limburg");
    const eventNow = async () => parse((await get(feedPath(token))).body).events.get(uid(ids.mine!))!;
    const before = await eventNow();
    const sequence = Number(before.getFirstPropertyValue("sequence"));

    await updateMilestone(prisma, scope, {
      milestoneId: ids.mine!, tenderId: ids.tender, version: sequence, lotId: null, type: "APPROVAL", title: "Gunning", description: "", dueDate: "2027-03-15", dateMet: null, status: "SCHEDULED",
    });
    const moved = await eventNow();
    expect(dtstart(moved).toString()).toBe("2027-03-15");
    expect(moved.getFirstPropertyValue("sequence")).toBe(sequence + 1);
    expect(moved.getFirstPropertyValue("status")).toBe("CONFIRMED");

    await removeMilestone(prisma, scope, { tenderId: ids.tender!, milestoneId: ids.mine! });
    const cancelled = await eventNow();
    expect(cancelled).toBeDefined();
    expect(cancelled.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(cancelled.getFirstPropertyValue("sequence")).toBe(sequence + 2);
    expect(dtstart(cancelled).toString()).toBe("2027-03-15");
  });

  it("answers a bare 404 to revoked, unknown, deactivated and malformed tokens", async () => {
    const prisma = server.database.prisma;
    const { token: revoked } = await createCalendarFeed(prisma, weert.id);
    await revokeCalendarFeed(prisma, weert.id);
    const venlo = await prisma.user.findUniqueOrThrow({ where: { email: "venlo@demo.regiotafel.nl" } });
    const { token: deactivated } = await createCalendarFeed(prisma, venlo.id);
    expect((await get(feedPath(deactivated))).status).toBe(200);
    await prisma.user.update({ where: { id: venlo.id }, data: { deactivatedAt: new Date() } });

    const paths = [
      feedPath(revoked),
      feedPath(revoked, true),
      feedPath(deactivated),
      feedPath("A".repeat(43)),
      "/agenda/",
      "/agenda",
      "/agenda/kort.ics",
      `/agenda/${deactivated}`,
      `/agenda/${deactivated}.ics/meer`,
      `/agenda/${deactivated}.ICS`,
      "/agenda/%E0%A4%A.ics",
      "/agenda/%00.ics",
      `/agenda/${"a".repeat(4_000)}.ics`,
      `/agenda/..%2F..%2Fpackage.json`,
      `/agenda/${"A".repeat(43)}.ics?alleen[]=mijn&alleen[x]=1`,
    ];
    for (const path of paths) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toBe("Not found");
      expect(res.headers["content-type"], path).toBe("text/plain; charset=utf-8");
    }
    // Only GET and HEAD read a feed.
    expect((await get(feedPath(revoked), "POST")).status).toBe(404);
    // A URL longer than Node accepts is refused by the HTTP parser, and the server carries on.
    const huge = await get(`/agenda/${"b".repeat(20_000)}.ics`).catch(() => ({ status: 0 }));
    expect([0, 414, 431]).toContain(huge.status);
    const { token: fresh } = await createCalendarFeed(prisma, weert.id);
    expect((await get(feedPath(fresh))).status).toBe(200);
  });
});

describe("the account page's calendar section", () => {
  const page = (path: string, cookie: string) => fetch(`${server.url}${path}`, { redirect: "manual", headers: { Cookie: cookie } });
  const post = (fields: Record<string, string>, cookie: string) =>
    fetch(`${server.url}/account`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
  /** The page's text without tags and scripts. */
  const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
  const addresses = (html: string) => [...html.matchAll(/value="(http:\/\/[^"]+\/agenda\/[A-Za-z0-9_-]{43}\.ics(?:\?alleen=mijn)?)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));

  it("makes the address and shows it once with the mine variant; renews and revokes after a confirmation", async () => {
    const cookie = await loginCookie(server.url, "roermond@demo.regiotafel.nl");
    const empty = visible(await (await page("/account", cookie)).text());
    expect(empty).toContain("Agenda in Outlook");
    expect(empty).toContain("Je hebt nog geen agenda-adres.");

    const made = await post({ intent: "calendar.create" }, cookie);
    expect(made.status).toBe(200);
    expect(made.headers.get("cache-control")).toBe("no-store");
    const html = await made.text();
    const [all, mine] = addresses(html);
    expect(all).toMatch(/\/agenda\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(mine).toBe(`${all}?alleen=mijn`);
    expect(visible(html)).toContain("Agenda toevoegen → Abonneren via internet");
    const feed = await fetch(all!);
    expect(feed.status).toBe(200);
    expect(parse(await feed.text()).calendar.getFirstPropertyValue("x-wr-calname")).toBe("Regiotafel — Inkoop Roermond");
    expect((await fetch(mine!)).status).toBe(200);

    // Shown once: the page afterwards says there is one, without the address.
    const later = await (await page("/account", cookie)).text();
    expect(addresses(later)).toEqual([]);
    expect(visible(later)).toContain("Je hebt een agenda-adres sinds");

    // Renewing asks first; then the old address is dead and the new one works.
    expect(visible(await (await page("/account?agenda=vernieuwen", cookie)).text())).toContain("Nieuw agenda-adres maken?");
    const [renewed] = addresses(await (await post({ intent: "calendar.create" }, cookie)).text());
    expect(renewed).not.toBe(all);
    expect((await fetch(all!)).status).toBe(404);
    expect((await fetch(renewed!)).status).toBe(200);

    expect(visible(await (await page("/account?agenda=intrekken", cookie)).text())).toContain("Agenda-adres intrekken?");
    const revoked = await post({ intent: "calendar.revoke" }, cookie);
    expect(visible(await revoked.text())).toContain("Je agenda-adres is ingetrokken.");
    expect((await fetch(renewed!)).status).toBe(404);
  });

  it("is in English without Dutch for an English reader", async () => {
    const cookie = await loginCookie(server.url, "roermond@demo.regiotafel.nl");
    const text = visible(await (await page("/account", `${cookie}; regiotafel_lang=en`)).text());
    expect(text).toContain("Calendar in Outlook");
    const made = visible(await (await post({ intent: "calendar.create" }, `${cookie}; regiotafel_lang=en`)).text());
    expect(made).toContain("Add calendar → Subscribe from web");
    for (const dutch of ["Agenda", "agenda-adres", "mijlpalen", "Abonneren", "gemeente", "Kopiëren"]) expect(made).not.toContain(dutch);
  });
});

describe("rendering", () => {
  const feed: CalendarFeed = {
    user: { id: "u", name: "Inkoop Weert" },
    items: [
      {
        id: "7b0e0a52-6d0e-4d4b-9a39-0d0c8a6f0c11",
        title: "Gunning",
        description: "Besluit; in het college",
        dueDate: "2027-03-01",
        sequence: 4,
        status: "cancelled",
        tender: { id: "t", title: "Jeugdhulp, regio" },
        lot: { id: "l", title: "S2b" },
        workspace: { slug: "limburg", name: "Limburg" },
        path: "/w/limburg/aanbestedingen/t",
      },
    ],
  };

  it("writes the due date as the all-day date in any process time zone", () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Amsterdam"]) {
        process.env.TZ = tz;
        const text = renderCalendar(feed, "https://regiotafel.example", new Date("2026-12-08T12:00:00Z"));
        expect(text, tz).toContain("DTSTART;VALUE=DATE:20270301\r\n");
        expect(text, tz).toContain("DTEND;VALUE=DATE:20270302\r\n");
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("escapes text so that ical.js reads it back exactly, with the lot and link in the description", () => {
    const { events } = parse(renderCalendar(feed, "https://regiotafel.example"));
    const event = events.get(uid(feed.items[0]!.id))!;
    expect(event.getFirstPropertyValue("summary")).toBe("Mijlpaal: Gunning — Jeugdhulp, regio");
    expect(event.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(event.getFirstPropertyValue("sequence")).toBe(4);
    expect(event.getFirstPropertyValue("description")).toBe(
      "Limburg · Jeugdhulp, regio · perceel S2b\n\nBesluit; in het college\n\nhttps://regiotafel.example/w/limburg/aanbestedingen/t",
    );
  });
});
