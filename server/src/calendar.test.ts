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
import { startTestServer } from "./test-server";

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
