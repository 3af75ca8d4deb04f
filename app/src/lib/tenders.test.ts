import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatEuro,
  formatPercentage,
  groupByMonth,
  isOverdue,
  parseDecimal,
  providerRange,
  readLotForm,
  readMilestoneForm,
  readTenderForm,
  sortByPhase,
  statusCounts,
  todayIso,
} from "./tenders";
import { numberText } from "./format";

/** Intl puts a no-break space between "€" and the amount; compare with ordinary spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("providerRange", () => {
  it("writes ranges as the seed documents do", () => {
    expect(providerRange(10, 20)).toBe("10–20");
    expect(providerRange(null, 30)).toBe("max 30");
    expect(providerRange(5, null)).toBe("min 5");
    expect(providerRange(15, 15)).toBe("15");
    expect(providerRange(0, 4)).toBe("0–4");
    expect(providerRange(null, null)).toBe("—");
    expect(providerRange(undefined, undefined)).toBe("—");
  });
});

describe("formatEuro", () => {
  it("uses Dutch grouping and leaves out cents of whole amounts", () => {
    expect(plain(formatEuro(100_000, "nl"))).toBe("€ 100.000");
    expect(plain(formatEuro(12_900_000, "nl"))).toBe("€ 12.900.000");
    expect(plain(formatEuro(1234.5, "nl"))).toBe("€ 1.234,50");
    expect(formatEuro(null, "nl")).toBe("—");
  });

  it("uses British grouping in English", () => {
    expect(plain(formatEuro(250_000, "en"))).toBe("€250,000");
  });
});

describe("formatPercentage and numberText", () => {
  it("write a decimal comma in Dutch", () => {
    expect(formatPercentage(5, "nl")).toBe("5%");
    expect(formatPercentage(2.5, "nl")).toBe("2,5%");
    expect(formatPercentage(2.5, "en")).toBe("2.5%");
    expect(numberText(1.5, "nl")).toBe("1,5");
    expect(numberText(100000, "nl")).toBe("100000");
    expect(numberText(null, "nl")).toBe("");
  });
});

describe("formatDate and todayIso", () => {
  it("writes a calendar date without shifting it by a time zone", () => {
    expect(formatDate("2021-02-01", "nl")).toBe("1 februari 2021");
    expect(formatDate("2022-01-01", "en")).toBe("1 January 2022");
    expect(formatDate(null, "nl")).toBe("—");
  });

  it("takes today's date in Dutch time", () => {
    expect(todayIso(new Date("2026-03-31T22:30:00Z"))).toBe("2026-04-01");
    expect(todayIso(new Date("2026-01-15T12:00:00Z"))).toBe("2026-01-15");
  });
});

describe("isOverdue", () => {
  const today = "2026-05-10";
  it("marks scheduled milestones whose date has passed", () => {
    expect(isOverdue({ dueDate: "2026-05-09", status: "SCHEDULED" }, today)).toBe(true);
    expect(isOverdue({ dueDate: "2026-05-10", status: "SCHEDULED" }, today)).toBe(false);
    expect(isOverdue({ dueDate: "2026-05-09", status: "MET" }, today)).toBe(false);
    expect(isOverdue({ dueDate: null, status: "SCHEDULED" }, today)).toBe(false);
  });
});

describe("groupByMonth", () => {
  it("groups per month in date order, undated last, keeping the order within a month", () => {
    const items = [
      { id: "b", dueDate: "2021-03-01" },
      { id: "x", dueDate: null },
      { id: "a1", dueDate: "2021-02-01" },
      { id: "a2", dueDate: "2021-02-28" },
      { id: "c", dueDate: "2022-01-01" },
    ];
    const groups = groupByMonth(items, "nl");
    expect(groups.map((g) => g.key)).toEqual(["2021-02", "2021-03", "2022-01", "none"]);
    expect(groups.map((g) => g.label)).toEqual(["februari 2021", "maart 2021", "januari 2022", ""]);
    expect(groups[0]!.items.map((i) => i.id)).toEqual(["a1", "a2"]);
    expect(groups[3]!.items.map((i) => i.id)).toEqual(["x"]);
    expect(groupByMonth(items, "en")[0]!.label).toBe("February 2021");
    expect(groupByMonth([], "nl")).toEqual([]);
  });
});

describe("statusCounts and sortByPhase", () => {
  const rows = [
    { title: "Wmo", status: "RUNNING" as const },
    { title: "Jeugd", status: "RUNNING" as const },
    { title: "Crisis", status: "PUBLISHED" as const },
    { title: "Ambulant", status: "PLANNED" as const },
  ];
  it("counts per status in lifecycle order, leaving out absent statuses", () => {
    expect(statusCounts(rows)).toEqual([
      { status: "PLANNED", phase: "preparation", count: 1 },
      { status: "PUBLISHED", phase: "procurement", count: 1 },
      { status: "RUNNING", phase: "contract", count: 2 },
    ]);
    expect(statusCounts([])).toEqual([]);
  });
  it("sorts by phase, then title", () => {
    expect(sortByPhase(rows).map((r) => r.title)).toEqual(["Ambulant", "Crisis", "Jeugd", "Wmo"]);
  });
});

describe("parseDecimal", () => {
  it("reads Dutch and plain numbers", () => {
    expect(parseDecimal("1,5")).toBe(1.5);
    expect(parseDecimal("1.5")).toBe(1.5);
    expect(parseDecimal("100.000")).toBe(100_000);
    expect(parseDecimal("€ 1.234,50")).toBe(1234.5);
    expect(parseDecimal(" 5 % ")).toBe(5);
    expect(parseDecimal("30")).toBe(30);
  });
  it("gives null for nothing and NaN for text that is no number", () => {
    expect(parseDecimal("")).toBeNull();
    expect(parseDecimal("   ")).toBeNull();
    expect(parseDecimal("tien")).toBeNaN();
    expect(parseDecimal("1,2,3")).toBeNaN();
  });
});

describe("reading the forms", () => {
  const form = (entries: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  };

  it("reads a tender with its participants, numbers and empty choices", () => {
    const { values, input } = readTenderForm(
      form([
        ["title", "Wmo begeleiding West"],
        ["domain", "WMO"],
        ["level", "REGIONAAL"],
        ["procedure", "SAS_TWO_ROUNDS"],
        ["procuringEntityId", "org-weert"],
        ["participantIds", "m-leudal"],
        ["participantIds", "m-weert"],
        ["ownerRegionId", ""],
        ["contractStart", "2027-01-01"],
        ["contractEnd", ""],
        ["estimatedValue", "1.250.000"],
        ["sroiPercentage", "5"],
        ["sroiThreshold", "100.000"],
        ["fundingModel", ""],
      ]),
    );
    expect(input).toMatchObject({
      title: "Wmo begeleiding West",
      participantIds: ["m-leudal", "m-weert"],
      ownerRegionId: null,
      contractStart: "2027-01-01",
      contractEnd: null,
      estimatedValue: 1_250_000,
      sroiPercentage: 5,
      sroiThreshold: 100_000,
      fundingModel: null,
      description: "",
    });
    // What was typed stays as typed, for the form after a refusal.
    expect(values.estimatedValue).toBe("1.250.000");
    expect(values.participantIds).toEqual(["m-leudal", "m-weert"]);
  });

  it("reads a lot's ranges and an optional procedure", () => {
    const { input } = readLotForm(
      form([
        ["segment", "S1"],
        ["title", "S1a Complexe meervoudige ondersteuningsvraag"],
        ["regionalProvidersMin", "10"],
        ["regionalProvidersMax", "20"],
        ["localProvidersMin", ""],
        ["localProvidersMax", "30"],
        ["procedureOverride", ""],
      ]),
    );
    expect(input).toEqual({
      segment: "S1",
      title: "S1a Complexe meervoudige ondersteuningsvraag",
      regionalProvidersMin: 10,
      regionalProvidersMax: 20,
      localProvidersMin: null,
      localProvidersMax: 30,
      procedureOverride: null,
      notes: "",
    });
    expect(Number.isNaN(readLotForm(form([["localProvidersMax", "veel"]])).input.localProvidersMax)).toBe(true);
  });

  it("reads a milestone, scheduled unless told otherwise, for the whole tender unless a lot is chosen", () => {
    const { input } = readMilestoneForm(form([["type", "ENGAGEMENT"], ["title", "Publicatie"], ["dueDate", "2027-02-01"], ["lotId", ""]]));
    expect(input).toEqual({ lotId: null, type: "ENGAGEMENT", title: "Publicatie", description: "", dueDate: "2027-02-01", dateMet: null, status: "SCHEDULED" });
  });
});
