import { describe, expect, it } from "vitest";
import { makeT } from "~/i18n/use-t";
import { countText, formatDateTime } from "./format";

describe("formatDateTime", () => {
  it("shows Dutch time in summer (UTC+2) and winter (UTC+1)", () => {
    expect(formatDateTime("2026-07-01T12:05:00Z", "nl")).toBe("1 juli 2026, 14:05");
    expect(formatDateTime(new Date("2026-01-15T23:30:00Z"), "nl")).toBe("16 januari 2026, 00:30");
  });

  it("uses British English month names and a 24-hour clock in English", () => {
    expect(formatDateTime("2026-07-01T12:05:00Z", "en")).toBe("1 July 2026, 14:05");
  });

  it("does not depend on the time zone of the machine", () => {
    const before = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(formatDateTime("2026-03-29T01:30:00Z", "nl")).toBe("29 maart 2026, 03:30");
    } finally {
      process.env.TZ = before;
    }
  });
});

describe("countText", () => {
  it("picks singular or plural", () => {
    const nl = makeT("nl");
    expect(countText(nl, "nl", "ws.memberCount", 1)).toBe("1 lid");
    expect(countText(nl, "nl", "ws.memberCount", 0)).toBe("0 leden");
    expect(countText(nl, "nl", "ws.memberCount", 18)).toBe("18 leden");
    expect(countText(makeT("en"), "en", "ws.memberCount", 1)).toBe("1 member");
    expect(countText(makeT("en"), "en", "ws.memberCount", 1200)).toBe("1,200 members");
    expect(countText(nl, "nl", "ws.memberCount", 1200)).toBe("1.200 leden");
  });
});
