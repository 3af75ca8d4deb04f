import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currentDigestSlot, DIGEST_HOUR, isoWeekKey, localDateKey, localHourToInstant, localTime } from "./digest-periods";

// The digest clock (ADR 0038): 08:00 in Europe/Amsterdam every day, and on Mondays for the
// weekly one, across the summer-time changes; keys that name one period each.

const instants = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true });
const HOUR = 3_600_000;

describe("digest periods", () => {
  it("daily: the slot is 08:00 local of today once it has passed, else of yesterday", () => {
    expect(currentDigestSlot(new Date("2026-12-08T07:30:00Z"), "daily")).toEqual({ period: "daily", periodKey: "2026-12-08", dueAt: new Date("2026-12-08T07:00:00Z") });
    expect(currentDigestSlot(new Date("2026-12-08T06:59:59Z"), "daily").periodKey).toBe("2026-12-07");
    // Summer time: 08:00 CEST is 06:00 UTC.
    expect(currentDigestSlot(new Date("2026-07-01T06:00:00Z"), "daily")).toEqual({ period: "daily", periodKey: "2026-07-01", dueAt: new Date("2026-07-01T06:00:00Z") });
    expect(currentDigestSlot(new Date("2026-07-01T05:59:00Z"), "daily").periodKey).toBe("2026-06-30");
    // The days the clocks change: 08:00 local is after the change on both.
    expect(currentDigestSlot(new Date("2026-03-29T12:00:00Z"), "daily").dueAt).toEqual(new Date("2026-03-29T06:00:00Z"));
    expect(currentDigestSlot(new Date("2026-10-25T12:00:00Z"), "daily").dueAt).toEqual(new Date("2026-10-25T07:00:00Z"));
  });

  it("weekly: Monday 08:00 local, keyed by ISO week", () => {
    // 2026-12-07 is a Monday (week 50).
    expect(currentDigestSlot(new Date("2026-12-08T10:00:00Z"), "weekly")).toEqual({ period: "weekly", periodKey: "2026-W50", dueAt: new Date("2026-12-07T07:00:00Z") });
    expect(currentDigestSlot(new Date("2026-12-07T06:59:00Z"), "weekly").periodKey).toBe("2026-W49");
    expect(currentDigestSlot(new Date("2026-12-13T22:59:00Z"), "weekly").periodKey).toBe("2026-W50"); // Sunday 23:59 local
    expect(currentDigestSlot(new Date("2026-12-13T23:00:00Z"), "weekly").periodKey).toBe("2026-W50"); // Monday 00:00 local, before 08:00
  });

  it("ISO weeks at year boundaries", () => {
    expect(isoWeekKey(2026, 12, 8)).toBe("2026-W50");
    expect(isoWeekKey(2021, 1, 3)).toBe("2020-W53");
    expect(isoWeekKey(2024, 12, 30)).toBe("2025-W01");
    expect(isoWeekKey(2026, 1, 1)).toBe("2026-W01");
    expect(isoWeekKey(2027, 1, 1)).toBe("2026-W53");
  });

  it("property: a slot is due at 08:00 local on its day, at most a day (a week) before now, and its key names that day (week)", () => {
    fc.assert(
      fc.property(instants, (now) => {
        const daily = currentDigestSlot(now, "daily");
        const t = localTime(daily.dueAt);
        expect([t.hour, t.minute, t.second]).toEqual([DIGEST_HOUR, 0, 0]);
        expect(daily.dueAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime() - daily.dueAt.getTime()).toBeLessThan(25 * HOUR);
        expect(daily.periodKey).toBe(localDateKey(daily.dueAt));

        const weekly = currentDigestSlot(now, "weekly");
        const w = localTime(weekly.dueAt);
        expect(w.hour).toBe(DIGEST_HOUR);
        expect(new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()).toBe(1);
        expect(weekly.dueAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime() - weekly.dueAt.getTime()).toBeLessThan(7 * 24 * HOUR + HOUR);
        expect(weekly.periodKey).toBe(isoWeekKey(w.year, w.month, w.day));
      }),
      { numRuns: 2000 },
    );
  });

  it("property: keys never go backwards in time and change exactly at the due moment", () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 40 * 24 * 60 }), fc.constantFrom("daily" as const, "weekly" as const), (a, minutes, period) => {
        const b = new Date(a.getTime() + minutes * 60_000);
        const sa = currentDigestSlot(a, period);
        const sb = currentDigestSlot(b, period);
        expect(sa.periodKey <= sb.periodKey).toBe(true);
        expect(sa.periodKey === sb.periodKey).toBe(sb.dueAt.getTime() <= a.getTime());
        // Just before a slot's moment the previous slot holds.
        expect(currentDigestSlot(new Date(sb.dueAt.getTime() - 1), period).periodKey < sb.periodKey).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: localHourToInstant inverts localTime for every date and hour outside the spring-forward gap", () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 23 }), (day, hour) => {
        const t = localTime(day);
        const instant = localHourToInstant(t.year, t.month, t.day, hour);
        const back = localTime(instant);
        if (back.hour !== hour) return; // 02:00 on the last Sunday of March does not exist
        expect([back.year, back.month, back.day, back.minute]).toEqual([t.year, t.month, t.day, 0]);
      }),
      { numRuns: 1000 },
    );
  });
});
