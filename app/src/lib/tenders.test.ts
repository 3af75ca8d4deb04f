import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  planningWindow,
  formatDate,
  formatEuro,
  formatPercentage,
  groupByMonth,
  isOverdue,
  providerRange,
  sortByPhase,
  statusCounts,
  todayIso,
} from "./tenders";
import type { ZodType } from "zod";
import { tenderOperations } from "@regiotafel/domain";
import { parseSubmission } from "./submission.server";
import { numberText } from "./format";

/** A posted form as the action reads it (submission.server): the contract's input with the URL's fields; an invalid form throws its messages. */
function formInput<F extends Record<string, unknown>>(operation: { input: ZodType }, posted: FormData, fixed: F) {
  const { submission } = parseSubmission(operation, posted, fixed, "nl");
  if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
  return { ...(submission.value as object), ...fixed } as Record<string, unknown>;
}

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

describe("reading the forms with the operations' schemas", () => {
  const form = (entries: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  };
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  const fixed = { workspace: "limburg" };

  it("reads a tender with its participants, Dutch numbers and empty choices", () => {
    const posted = form([
      ["title", "Wmo begeleiding West"],
      ["domain", "WMO"],
      ["level", "REGIONAAL"],
      ["procedure", "SAS_TWO_ROUNDS"],
      ["procuringEntityId", id(1)],
      ["participantIds", id(2)],
      ["participantIds", id(3)],
      ["ownerRegionId", ""],
      ["contractStart", "2027-01-01"],
      ["contractEnd", ""],
      ["estimatedValue", "1.250.000"],
      ["sroiPercentage", "5"],
      ["sroiThreshold", "100.000"],
      ["fundingModel", ""],
    ]);
    expect(formInput(tenderOperations.createTender, posted, fixed)).toMatchObject({
      workspace: "limburg",
      title: "Wmo begeleiding West",
      participantIds: [id(2), id(3)],
      ownerRegionId: null,
      contractStart: "2027-01-01",
      contractEnd: null,
      estimatedValue: 1_250_000,
      sroiPercentage: 5,
      sroiThreshold: 100_000,
      fundingModel: null,
      description: "",
    });
  });

  it("reads one ticked participant as a list", () => {
    const posted = form([["title", "T"], ["domain", "WMO"], ["level", "REGIONAAL"], ["procedure", "OPEN_HOUSE"], ["procuringEntityId", id(1)], ["participantIds", id(2)]]);
    expect(formInput(tenderOperations.createTender, posted, fixed).participantIds).toEqual([id(2)]);
  });

  it("reads a lot's ranges and an optional procedure, and refuses a range that is not a number", () => {
    const posted = form([
      ["segment", "S1"],
      ["title", "S1a Complexe meervoudige ondersteuningsvraag"],
      ["regionalProvidersMin", "10"],
      ["regionalProvidersMax", "20"],
      ["localProvidersMin", ""],
      ["localProvidersMax", "30"],
      ["procedureOverride", ""],
      ["expectedValue", "€ 1.250.000"],
      ["lotId", id(4)],
      ["version", "3"],
    ]);
    expect(formInput(tenderOperations.updateLot, posted, { ...fixed, tenderId: id(5) })).toEqual({
      workspace: "limburg",
      tenderId: id(5),
      lotId: id(4),
      version: 3,
      segment: "S1",
      title: "S1a Complexe meervoudige ondersteuningsvraag",
      regionalProvidersMin: 10,
      regionalProvidersMax: 20,
      localProvidersMin: null,
      localProvidersMax: 30,
      procedureOverride: null,
      expectedValue: 1_250_000,
      notes: "",
    });
    expect(() => formInput(tenderOperations.addLot, form([["title", "S1"], ["localProvidersMax", "veel"]]), { ...fixed, tenderId: id(5) })).toThrow(/localProvidersMax.*Vul een getal in/);
  });

  it("reads a milestone, scheduled unless told otherwise, for the whole tender unless a lot is chosen", () => {
    const posted = form([["type", "ENGAGEMENT"], ["title", "Publicatie"], ["dueDate", "2027-02-01"], ["lotId", ""]]);
    expect(formInput(tenderOperations.addMilestone, posted, { ...fixed, tenderId: id(5) })).toEqual({
      workspace: "limburg",
      tenderId: id(5),
      lotId: null,
      type: "ENGAGEMENT",
      title: "Publicatie",
      description: "",
      dueDate: "2027-02-01",
      dateMet: null,
      status: "SCHEDULED",
    });
  });

  it("never lets the form choose the workspace or the page's tender", () => {
    const posted = form([["lotId", id(4)], ["workspace", "tiel"], ["tenderId", id(9)]]);
    expect(formInput(tenderOperations.removeLot, posted, { ...fixed, tenderId: id(5) })).toEqual({ workspace: "limburg", tenderId: id(5), lotId: id(4) });
  });
});

describe("planningWindow: the planning opens at today's month", () => {
  const m = (dueDate: string | null, status = "SCHEDULED") => ({ dueDate, status });

  it("leaves out what was met before this month, keeps this month, later, undated and overdue milestones", () => {
    const met2021 = m("2021-02-01", "MET");
    const overdue = m("2026-03-01");
    const thisMonth = m("2026-12-01", "MET");
    const next = m("2027-01-15");
    const undated = m(null);
    const view = planningWindow([met2021, overdue, thisMonth, next, undated], "2026-12-07");
    expect(view.shown).toEqual([overdue, thisMonth, next, undated]);
    expect(view.earlier).toBe(1);
    expect(view.start).toBe("2026-12-01");
  });

  it("shows nothing of a past that is all done, and counts it (the seed's 2021 tender)", () => {
    const view = planningWindow([m("2021-02-01", "MET"), m("2022-01-01", "MET"), m("2021-05-01", "CANCELLED")], "2026-12-07");
    expect(view.shown).toEqual([]);
    expect(view.earlier).toBe(3);
  });

  it("for any milestones: each is shown or counted as earlier, and nothing shown lies before this month unless it is overdue", () => {
    const day = fc.date({ min: new Date("2019-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const milestone = fc.record({ dueDate: fc.option(day, { nil: null }), status: fc.constantFrom("SCHEDULED", "MET", "CANCELLED") });
    fc.assert(
      fc.property(fc.array(milestone, { maxLength: 20 }), day, (items, today) => {
        const view = planningWindow(items, today);
        expect(view.shown.length + view.earlier).toBe(items.length);
        for (const s of view.shown) if (s.dueDate !== null && s.dueDate < view.start) expect(isOverdue(s, today)).toBe(true);
        for (const i of items) if (i.dueDate === null || i.dueDate >= today) expect(view.shown).toContain(i);
      }),
    );
  });
});

describe("a dash only where a value is truly missing", () => {
  it("shows zero as a number, and '—' only for no value", () => {
    expect(formatEuro(0, "nl")).toMatch(/^€\s?0$/);
    expect(formatPercentage(0, "nl")).toBe("0%");
    expect(formatEuro(null, "nl")).toBe("—");
    expect(formatPercentage(undefined, "en")).toBe("—");
    expect(formatDate(null, "nl")).toBe("—");
  });

  it("never turns a number into a dash, in either language", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constantFrom("nl" as const, "en" as const), (n, locale) => {
        for (const shown of [formatEuro(n, locale), formatPercentage(n, locale)]) {
          expect(shown).not.toBe("—");
          expect(shown).toMatch(/\d/);
        }
      }),
    );
  });
});
