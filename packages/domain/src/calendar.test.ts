import { describe, expect, it } from "vitest";
import { calendarFeedUrl, calendarName, calendarSequence, calendarSummary, calendarTokenSchema, tenderPagePath } from "./calendar";

// The calendar feed's pure rules (ADR 0037): which tokens are tokens at all, how events are numbered and named.

describe("calendar feed rules", () => {
  it("takes exactly 43 base64url characters as a token, nothing else", () => {
    expect(calendarTokenSchema.safeParse("A".repeat(43)).success).toBe(true);
    expect(calendarTokenSchema.safeParse("a-_9".repeat(10) + "abc").success).toBe(true);
    for (const bad of ["", "A".repeat(42), "A".repeat(44), "A".repeat(42) + "=", "A".repeat(42) + "/", "A".repeat(42) + "é", "A".repeat(42) + "\n"]) {
      expect(calendarTokenSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("numbers a cancelled event one revision further than its version, so SEQUENCE never goes down", () => {
    expect(calendarSequence(1, false)).toBe(1);
    expect(calendarSequence(1, true)).toBe(2);
    expect(calendarSequence(7, true)).toBeGreaterThan(calendarSequence(7, false));
  });

  it("names events and the calendar in Dutch, and links to the tender page", () => {
    expect(calendarSummary("Gunning", "Jeugdhulp 2027")).toBe("Mijlpaal: Gunning — Jeugdhulp 2027");
    expect(calendarName("Inkoop Weert")).toBe("Regiotafel — Inkoop Weert");
    expect(tenderPagePath("limburg", "3f1c")).toBe("/w/limburg/aanbestedingen/3f1c");
    expect(calendarFeedUrl("https://regiotafel.example", "T".repeat(43))).toBe(`https://regiotafel.example/agenda/${"T".repeat(43)}.ics`);
    expect(calendarFeedUrl("https://regiotafel.example", "T".repeat(43), true)).toBe(`https://regiotafel.example/agenda/${"T".repeat(43)}.ics?alleen=mijn`);
  });
});
