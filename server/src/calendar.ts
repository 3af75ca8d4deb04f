import type { NextFunction, Request, Response } from "express";
import { Router } from "express";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { ICalCalendar, ICalEventStatus } from "ical-generator";
import { calendarFeedFor, type CalendarFeed, type Db } from "@regiotafel/db";
import { CALENDAR_FEED_PATH, calendarEventUid, calendarName, calendarSummary, LOCAL_TIME_ZONE } from "@regiotafel/domain";
import { apiHeaders } from "./security-headers";
import type { Site } from "./site";

// Calendar feeds (issue 21 point 8, ADR 0037): GET /agenda/<token>.ics, optionally ?alleen=mijn.
// The secret address is the only credential: no cookie is read, so the origin check and the
// session of the pages do not apply (mounted before them in http.ts). Every token that gives
// no feed (malformed, unknown, revoked, of a deactivated account) gets the same bare 404.

export { CALENDAR_FEED_PATH };

/** How often calendar apps are asked to fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 60 * 60;
/** `/<43 base64url characters>.ics`, as the raw path (nothing decoded). */
const FEED_FILE = /^\/([A-Za-z0-9_-]{43})\.ics$/;

/** The feed as an RFC 5545 calendar: one all-day event per milestone, in Europe/Amsterdam. */
export function renderCalendar(feed: CalendarFeed, origin: string, stamp = new Date()): string {
  const calendar = new ICalCalendar({
    name: calendarName(feed.user.name),
    prodId: { company: "Regiotafel", product: "Agenda", language: "NL" },
    ttl: REFRESH_SECONDS,
    // The VTIMEZONE of Europe/Amsterdam comes from the events' time zone, not the calendar's:
    // with a calendar time zone, ical-generator 10 writes DTSTAMP as a floating local time,
    // where RFC 5545 requires UTC. X-WR-TIMEZONE names it for the calendar apps.
    timezone: { name: null, generator: getVtimezoneComponent },
    x: { "X-WR-TIMEZONE": LOCAL_TIME_ZONE },
  });
  for (const item of feed.items) {
    const url = `${origin}${item.path}`;
    const where = [item.workspace.name, item.tender.title, ...(item.lot ? [`perceel ${item.lot.title}`] : [])].join(" · ");
    calendar.createEvent({
      id: calendarEventUid(item.id),
      sequence: item.sequence,
      stamp,
      timezone: LOCAL_TIME_ZONE,
      allDay: true,
      start: localDay(item.dueDate),
      end: localDay(item.dueDate, 1),
      summary: calendarSummary(item.title, item.tender.title),
      description: [where, item.description, url].filter(Boolean).join("\n\n"),
      url,
      status: item.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/**
 * Midnight of a yyyy-mm-dd day (plus `days`) in the process's own time zone: with a calendar
 * time zone set, ical-generator writes a DATE from the local fields of the Date it is given.
 */
function localDay(iso: string, days = 0): Date {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, day + days);
}

export function calendarRouter(deps: { prisma: Db }): Router {
  const router = Router();
  router.use(apiHeaders, (_req, res, next) => {
    // The address is a secret: not sent on as a referrer, not indexed.
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Robots-Tag", "noindex, nofollow");
    next();
  });
  router.use(async (req: Request, res: Response, _next: NextFunction) => {
    const match = req.method === "GET" || req.method === "HEAD" ? FEED_FILE.exec(req.path) : null;
    try {
      const feed = match ? await calendarFeedFor(deps.prisma, match[1]!, { mine: req.query.alleen === "mijn" }) : null;
      if (!feed) return void res.status(404).type("text/plain; charset=utf-8").send("Not found");
      const body = renderCalendar(feed, (res.locals.site as Site).origin);
      res.status(200).type("text/calendar; charset=utf-8").setHeader("Content-Disposition", 'inline; filename="regiotafel.ics"');
      res.send(body);
    } catch (error) {
      console.error("calendar feed failed", error);
      if (res.headersSent) return void res.destroy();
      res.status(500).type("text/plain; charset=utf-8").send("Server error");
    }
  });
  return router;
}
