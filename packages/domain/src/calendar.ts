import { z } from "zod";

// Calendar feeds (issue 21 point 8, ADR 0037): a per-user secret ICS address with the
// milestones of the tenders in the user's workspaces, for Outlook and other calendar apps.
// What the feed's items are, how they are named and numbered: the rules, without I/O.

/** Where the feeds are served: `/agenda/<token>.ics`, optionally `?alleen=mijn`. */
export const CALENDAR_FEED_PATH = "/agenda";

/** The query that narrows a feed to the lots (and tenders) the user's own organisation takes part in. */
export const CALENDAR_MINE_QUERY = "alleen=mijn";

/** 256 random bits in base64url without padding: exactly 43 characters. */
export const CALENDAR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A feed token as the URL gives it; anything else (too long, other characters) is no token at all. */
export const calendarTokenSchema = z.string().regex(CALENDAR_TOKEN_PATTERN);

/** Deleted milestones stay in the feeds as CANCELLED this long, so subscribed calendars remove them. */
export const CANCELLED_MILESTONE_RETENTION_DAYS = 180;

/** The event's UID: stable for the milestone's whole life (and after its deletion). */
export function calendarEventUid(milestoneId: string): string {
  return `milestone-${milestoneId}@regiotafel`;
}

/**
 * The event's SEQUENCE. The milestone's version goes up with every change of it; a milestone
 * cancelled with its tender or lot (a final status, never left again) is one revision further,
 * and a deleted one was stored with its last version plus one. So it only ever goes up.
 */
export function calendarSequence(version: number, cancelled: boolean): number {
  return cancelled ? version + 1 : version;
}

/** The event's title, in Dutch like the rest of the feed: "Mijlpaal: <mijlpaal> — <aanbesteding>". */
export function calendarSummary(milestoneTitle: string, tenderTitle: string): string {
  return `Mijlpaal: ${milestoneTitle} — ${tenderTitle}`;
}

/** The calendar's name as the calendar app shows it. */
export function calendarName(userName: string): string {
  return `Regiotafel — ${userName}`;
}

/** The tender page a feed item links to (app/src/routes/w.$workspace.aanbestedingen.$tenderId.tsx). */
export function tenderPagePath(workspaceSlug: string, tenderId: string): string {
  return `/w/${encodeURIComponent(workspaceSlug)}/aanbestedingen/${encodeURIComponent(tenderId)}`;
}

/** The feed's address for a token: all milestones, or only those of the own organisation (`mine`). */
export function calendarFeedUrl(origin: string, token: string, mine = false): string {
  return `${origin}${CALENDAR_FEED_PATH}/${token}.ics${mine ? `?${CALENDAR_MINE_QUERY}` : ""}`;
}
