import { LOCAL_TIME_ZONE } from "./notifications";

// When digests go out (issue 21, point 7; ADR 0038): the daily one at 08:00 Europe/Amsterdam,
// the weekly one on Monday at 08:00, whatever the server's own time zone and across the
// changes to and from summer time. Pure rules: the scheduler and runDigests build on them.

export const DIGEST_PERIODS = ["daily", "weekly"] as const;
export type DigestPeriod = (typeof DIGEST_PERIODS)[number];

/** The local hour (Europe/Amsterdam) at which a digest is due. */
export const DIGEST_HOUR = 8;

/** The delivery a digest period collects. */
export const DIGEST_DELIVERY = { daily: "DAILY", weekly: "WEEKLY" } as const satisfies Record<DigestPeriod, string>;

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: LOCAL_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time in Europe/Amsterdam at `instant`. */
export function localTime(instant: Date): LocalTime {
  const formatted = parts.formatToParts(instant);
  const value = (type: string) => Number(formatted.find((p) => p.type === type)!.value);
  return { year: value("year"), month: value("month"), day: value("day"), hour: value("hour"), minute: value("minute"), second: value("second") };
}

/** The local date (Europe/Amsterdam) of `instant`, as "2026-12-08". */
export function localDateKey(instant: Date): string {
  const t = localTime(instant);
  return isoDate(t.year, t.month, t.day);
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The ISO 8601 week of a calendar date ("2026-W50"; the year is the week's, which may differ from the date's). */
export function isoWeekKey(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.floor((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 / 7) + 1;
  return `${weekYear}-W${String(week).padStart(2, "0")}`;
}

/** The instant at which the wall clock in Europe/Amsterdam shows `hour`:00 on this date. */
export function localHourToInstant(year: number, month: number, day: number, hour: number): Date {
  const wanted = Date.UTC(year, month - 1, day, hour);
  let guess = wanted;
  // Two corrections suffice: the offset is whole hours and changes at most once near a date.
  for (let i = 0; i < 3; i++) {
    const t = localTime(new Date(guess));
    const shown = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
    if (shown === wanted) break;
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** One digest slot: its key (at most one digest per user and key) and the moment it became due. */
export interface DigestSlot {
  period: DigestPeriod;
  /** "2026-12-08" (daily) or "2026-W50" (weekly). */
  periodKey: string;
  /** 08:00 local of the slot's day (weekly: its Monday). Notifications from before it belong in it. */
  dueAt: Date;
}

/**
 * The latest digest slot due at `now`: for daily, today's if it is 08:00 or later in
 * Europe/Amsterdam, else yesterday's; for weekly, this week's Monday 08:00 if passed, else last
 * week's.
 */
export function currentDigestSlot(now: Date, period: DigestPeriod): DigestSlot {
  const t = localTime(now);
  // Work on the calendar date in UTC arithmetic (no time zone involved in stepping days).
  const date = new Date(Date.UTC(t.year, t.month - 1, t.day));
  const step = (days: number) => date.setUTCDate(date.getUTCDate() + days);
  if (period === "daily") {
    if (t.hour < DIGEST_HOUR) step(-1);
  } else {
    const weekday = date.getUTCDay() || 7;
    step(1 - weekday); // this week's Monday
    if (weekday === 1 && t.hour < DIGEST_HOUR) step(-7);
  }
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  return { period, periodKey: period === "daily" ? isoDate(y, m, d) : isoWeekKey(y, m, d), dueAt: localHourToInstant(y, m, d, DIGEST_HOUR) };
}

/** How far back a digest looks for notifications not mailed yet (older ones stay in the app only). */
export const DIGEST_LOOKBACK_DAYS = 31;
