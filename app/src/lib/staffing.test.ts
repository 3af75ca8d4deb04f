import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { staffingTotals } from "@regiotafel/domain";
import { makeT } from "~/i18n/use-t";
import {
  ariaSort,
  barPercent,
  chartScale,
  comparisonQuery,
  filterRows,
  formatEuros,
  formatEurosShort,
  formatNumber,
  formatPercent,
  functionGaps,
  gapText,
  nextSort,
  numberInputValue,
  parseSort,
  sortParam,
  sortRows,
  sumRows,
  type ComparisonRow,
} from "./staffing";

/** Intl puts (narrow) no-break spaces in some formats; tests compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

const row = (name: string, regionName: string, figures: Partial<ComparisonRow> = {}): ComparisonRow => ({
  kind: "municipality",
  id: name.toLowerCase(),
  name,
  regionName,
  functions: 1,
  current: 0,
  minimum: 0,
  gap: 0,
  undecided: 0,
  employed: 0,
  hired: 0,
  ...figures,
});

// As staffing.comparison returns them: grouped by region, the region's own staffing first.
const ROWS: ComparisonRow[] = [
  row("Midden-Limburg West", "Midden-Limburg West", { kind: "region", functions: 5, current: 3.02, minimum: 3.96, gap: 1.5, undecided: 2, employed: 3.02 }),
  row("Weert", "Midden-Limburg West", { current: 1, minimum: 2, gap: 1, employed: 0.5, hired: 0.5 }),
  row("Leudal", "Midden-Limburg West", { functions: 0 }),
  row("Noord-Limburg", "Noord-Limburg", { kind: "region", functions: 3, current: 7.89, minimum: 7.89, undecided: 1, employed: 7.89 }),
  row("Venlo", "Noord-Limburg", { current: 4, minimum: 3, employed: 4 }),
  row("Écht-Susteren", "Midden-Limburg Oost", { current: 1, minimum: 1.25, gap: 0.25, hired: 1 }),
];

describe("number formatting", () => {
  it("writes fte with a decimal comma in Dutch and a point in English", () => {
    expect(formatNumber(1.5, "nl")).toBe("1,5");
    expect(formatNumber(1.5, "en")).toBe("1.5");
    expect(formatNumber(5.89, "nl")).toBe("5,89");
    expect(formatNumber(0.456, "nl")).toBe("0,46");
    expect(formatNumber(2, "nl")).toBe("2");
    expect(formatNumber(1234.5, "nl")).toBe("1.234,5");
  });

  it("writes euros without cents, grouped the Dutch or English way", () => {
    expect(plain(formatEuros(12_900_000, "nl"))).toBe("€ 12.900.000");
    expect(plain(formatEuros(12_900_000, "en"))).toBe("€12,900,000");
    expect(plain(formatEuros(52_875.4, "nl"))).toBe("€ 52.875");
  });

  it("shortens millions and billions for chart labels", () => {
    expect(plain(formatEurosShort(12_900_000, "nl"))).toBe("€ 12,9 mln");
    expect(plain(formatEurosShort(35_600_000, "en"))).toBe("€35.6m");
    expect(plain(formatEurosShort(2_500_000_000, "nl"))).toBe("€ 2,5 mld");
    expect(plain(formatEurosShort(52_875, "nl"))).toBe("€ 52.875");
  });

  it("writes shares of 0–100 as percentages with one decimal", () => {
    expect(plain(formatPercent(32.46, "nl"))).toBe("32,5%");
    expect(plain(formatPercent(32.46, "en"))).toBe("32.5%");
    expect(plain(formatPercent(100, "nl"))).toBe("100%");
  });

  it("fills number fields in the user's notation, without grouping", () => {
    expect(numberInputValue(0.56, "nl")).toBe("0,56");
    expect(numberInputValue(0.56, "en")).toBe("0.56");
    expect(numberInputValue(12_900_000, "nl")).toBe("12900000");
    expect(numberInputValue(null, "nl")).toBe("");
    expect(numberInputValue(0, "nl")).toBe("0");
  });
});

describe("sorting the comparison", () => {
  it("reads and writes the sort parameter", () => {
    expect(parseSort("tekort")).toEqual({ column: "tekort", direction: "ascending" });
    expect(parseSort("-huidig")).toEqual({ column: "huidig", direction: "descending" });
    expect(parseSort("gap")).toBeNull();
    expect(parseSort("--naam")).toBeNull();
    expect(parseSort(null)).toBeNull();
    expect(sortParam({ column: "minimaal", direction: "descending" })).toBe("-minimaal");
  });

  it("sorts names A–Z first and numbers largest first, and toggles on a second click", () => {
    expect(nextSort(null, "naam")).toEqual({ column: "naam", direction: "ascending" });
    expect(nextSort(null, "tekort")).toEqual({ column: "tekort", direction: "descending" });
    expect(nextSort({ column: "tekort", direction: "descending" }, "tekort")).toEqual({ column: "tekort", direction: "ascending" });
    expect(nextSort({ column: "tekort", direction: "ascending" }, "huidig")).toEqual({ column: "huidig", direction: "descending" });
  });

  it("tells assistive technology which column is sorted", () => {
    const sort = { column: "tekort", direction: "descending" } as const;
    expect(ariaSort(sort, "tekort")).toBe("descending");
    expect(ariaSort(sort, "naam")).toBe("none");
    expect(ariaSort(null, "naam")).toBe("none");
  });

  it("keeps the grouped order without a sort", () => {
    expect(sortRows(ROWS, null, "nl").map((r) => r.name)).toEqual(ROWS.map((r) => r.name));
  });

  it("sorts names with the Dutch collation (accents next to their letter)", () => {
    expect(sortRows(ROWS, { column: "naam", direction: "ascending" }, "nl").map((r) => r.name)).toEqual([
      "Écht-Susteren",
      "Leudal",
      "Midden-Limburg West",
      "Noord-Limburg",
      "Venlo",
      "Weert",
    ]);
  });

  it("sorts by gap, ties by name", () => {
    expect(sortRows(ROWS, { column: "tekort", direction: "descending" }, "nl").map((r) => r.name)).toEqual([
      "Midden-Limburg West",
      "Weert",
      "Écht-Susteren",
      "Leudal",
      "Noord-Limburg",
      "Venlo",
    ]);
    expect(sortRows(ROWS, { column: "huidig", direction: "ascending" }, "nl")[0]!.name).toBe("Leudal");
    expect(sortRows(ROWS, { column: "minimaal", direction: "descending" }, "nl")[0]!.name).toBe("Noord-Limburg");
  });

  it("does not change the rows it is given", () => {
    const copy = [...ROWS];
    sortRows(ROWS, { column: "tekort", direction: "ascending" }, "nl");
    expect(ROWS).toEqual(copy);
  });
});

describe("filtering the comparison", () => {
  const none = { regionName: null, shortageOnly: false, kind: null };

  it("shows everything without a filter", () => {
    expect(filterRows(ROWS, none)).toHaveLength(ROWS.length);
  });

  it("filters by region, shortage and kind, together", () => {
    expect(filterRows(ROWS, { ...none, regionName: "Midden-Limburg West" }).map((r) => r.name)).toEqual(["Midden-Limburg West", "Weert", "Leudal"]);
    expect(filterRows(ROWS, { ...none, shortageOnly: true }).map((r) => r.name)).toEqual(["Midden-Limburg West", "Weert", "Écht-Susteren"]);
    expect(filterRows(ROWS, { ...none, kind: "region" }).map((r) => r.name)).toEqual(["Midden-Limburg West", "Noord-Limburg"]);
    expect(filterRows(ROWS, { regionName: "Midden-Limburg West", shortageOnly: true, kind: "municipality" }).map((r) => r.name)).toEqual(["Weert"]);
  });

  it("reads the view from the query string and ignores unknown values", () => {
    const regions = [
      { slug: "midden-limburg-west", name: "Midden-Limburg West" },
      { slug: "noord-limburg", name: "Noord-Limburg" },
    ];
    const view = comparisonQuery(new URLSearchParams("regio=midden-limburg-west&tekort=1&soort=gemeente&sorteer=-tekort"), regions);
    expect(view).toEqual({
      sort: { column: "tekort", direction: "descending" },
      regionSlug: "midden-limburg-west",
      kindParam: "gemeente",
      filter: { regionName: "Midden-Limburg West", shortageOnly: true, kind: "municipality" },
    });
    const unknown = comparisonQuery(new URLSearchParams("regio=elders&tekort=ja&soort=provincie&sorteer=x"), regions);
    expect(unknown).toEqual({ sort: null, regionSlug: "", kindParam: "", filter: none });
  });

  it("sums the rows shown, to two decimals", () => {
    expect(sumRows(ROWS.slice(0, 2))).toEqual({ current: 4.02, minimum: 5.96, gap: 2.5, undecided: 2, employed: 3.52, hired: 0.5 });
    expect(sumRows([])).toEqual({ current: 0, minimum: 0, gap: 0, undecided: 0, employed: 0, hired: 0 });
  });
});

describe("chart scale", () => {
  it("ends the axis at a round number at or above the largest value", () => {
    expect(chartScale([3.02, 3.96, 1.5])).toEqual({ max: 5, ticks: [0, 1, 2, 3, 4, 5] });
    expect(chartScale([7.89])).toEqual({ max: 10, ticks: [0, 2.5, 5, 7.5, 10] });
    expect(chartScale([2])).toEqual({ max: 2, ticks: [0, 0.5, 1, 1.5, 2] });
    expect(chartScale([0.46])).toEqual({ max: 0.5, ticks: [0, 0.1, 0.2, 0.3, 0.4, 0.5] });
    expect(chartScale([35_600_000, 12_900_000]).max).toBe(50_000_000);
    expect(chartScale([100, 64.89]).max).toBe(100);
    expect(chartScale([21]).max).toBe(25);
  });

  it("has an axis for charts without values", () => {
    expect(chartScale([]).max).toBe(1);
    expect(chartScale([0, null, undefined, NaN]).max).toBe(1);
  });

  it("gives bar lengths as a percentage of the axis", () => {
    expect(barPercent(1.5, 5)).toBe(30);
    expect(barPercent(5, 5)).toBe(100);
    expect(barPercent(7, 5)).toBe(100);
    expect(barPercent(1, 3)).toBe(33.33);
    expect(barPercent(null, 5)).toBe(0);
    expect(barPercent(-1, 5)).toBe(0);
    expect(barPercent(1, 0)).toBe(0);
  });
});

describe("gaps in words", () => {
  const nl = makeT("nl");
  const en = makeT("en");
  const line = (fn: string, fteCurrent: number, fteMinimum: number | null) => ({ function: fn, fteCurrent, fteMinimum });

  it("says what is missing, of which function: 'Tekort: 1,5 fte contractmanager'", () => {
    expect(gapText(nl, "nl", [line("contractmanager", 0.5, 2)])).toBe("Tekort: 1,5 fte contractmanager");
    expect(gapText(en, "en", [line("contract manager", 0.5, 2)])).toBe("Gap: 1.5 FTE contract manager");
  });

  it("lists several functions, largest gap first, and adds up lines of the same function", () => {
    const lines = [line("Inkoopadviseur", 1, 1.5), line("Contractmanager", 0, 1), line("contractmanager", 1, 1.5), line("Jurist", 2, 1), line("Beleidsadviseur", 0, null)];
    expect(functionGaps(lines)).toEqual([
      { function: "Contractmanager", gap: 1.5 },
      { function: "Inkoopadviseur", gap: 0.5 },
    ]);
    expect(gapText(nl, "nl", lines)).toBe("Tekort: 1,5 fte Contractmanager en 0,5 fte Inkoopadviseur");
    expect(gapText(en, "en", lines)).toBe("Gap: 1.5 FTE Contractmanager and 0.5 FTE Inkoopadviseur");
  });

  it("has no text without a gap (at or above the minimum, or PM)", () => {
    expect(gapText(nl, "nl", [])).toBeNull();
    expect(gapText(nl, "nl", [line("Jurist", 2, 2), line("Beleid", 0, null)])).toBeNull();
  });

  it("for any lines: the function gaps add up to the unit's gap, each is positive and named, and the text names each function", () => {
    const arbitraryLine = fc.record({
      function: fc.constantFrom("Contractmanager", "Inkoopadviseur", "Jurist", "Beleidsadviseur"),
      fteCurrent: fc.integer({ min: 0, max: 2000 }).map((n) => n / 100),
      fteMinimum: fc.option(fc.integer({ min: 0, max: 2000 }).map((n) => n / 100), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryLine, { maxLength: 8 }), fc.constantFrom("nl" as const, "en" as const), (lines, locale) => {
        const gaps = functionGaps(lines);
        const total = gaps.reduce((n, g) => n + g.gap, 0);
        expect(total).toBeCloseTo(staffingTotals(lines.map((l) => ({ ...l, employment: "EMPLOYED" }))).gap, 1);
        for (const g of gaps) expect(g.gap).toBeGreaterThan(0);
        const text = gapText(locale === "nl" ? nl : en, locale, lines);
        if (gaps.length === 0) expect(text).toBeNull();
        else {
          expect(text).toMatch(locale === "nl" ? /^Tekort: / : /^Gap: /);
          for (const g of gaps) expect(text).toContain(`${formatNumber(g.gap, locale)} ${locale === "nl" ? "fte" : "FTE"} ${g.function}`);
        }
      }),
    );
  });
});
