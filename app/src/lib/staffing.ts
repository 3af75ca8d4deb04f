import type { Locale, StaffingTotals, StaffingUnit, staffingLineSchema } from "@regiotafel/domain";
import type { z } from "zod";
import type { T } from "~/i18n/use-t";
import type { FormTexts } from "./edit-merge";
import { intlLocale, numberText } from "./format";

/* ------------------------------------------------------------------ numbers */

/** A number such as fte "1,5" (nl) or "1.5" (en): at most `maxDecimals` decimals, thousands grouped. */
export function formatNumber(value: number, locale: Locale, maxDecimals = 2): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: maxDecimals }).format(value);
}

/** An amount in euros without cents: "€ 12.900.000" (nl) or "€12,900,000" (en). */
export function formatEuros(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency: "EUR", maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(value);
}

/**
 * A short amount for chart labels: "€ 12,9 mln" (nl), "€12.9m" (en); below a million the full
 * amount. Formatted by us rather than with Intl's compact notation, whose words differ between
 * ICU versions (server and browser would disagree and break hydration).
 */
export function formatEurosShort(value: number, locale: Locale): string {
  const abs = Math.abs(value);
  const scaled = (divisor: number, nl: string, en: string) =>
    locale === "en" ? `€${formatNumber(value / divisor, locale, 1)}${en}` : `€ ${formatNumber(value / divisor, locale, 1)} ${nl}`;
  if (abs >= 1e9) return scaled(1e9, "mld", "bn");
  if (abs >= 1e6) return scaled(1e6, "mln", "m");
  return formatEuros(value, locale);
}

/** A share of 0–100 as a percentage with at most one decimal: "32,5%" (nl), "32.5%" (en). */
export function formatPercent(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 1 }).format(value / 100);
}

/** A number for a form field's default value, in the user's notation ("1,5"), without grouping. */
export function numberInputValue(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

/* ------------------------------------------------------- staffing comparison */

/** One row of staffing.comparison: a region's own or a municipality's staffing. */
export interface ComparisonRow extends StaffingTotals, StaffingUnit {
  functions: number;
}

/** Sortable columns, as they appear in the query parameter `sorteer` (Dutch, like the page's paths). */
export const SORT_COLUMNS = {
  naam: "name",
  huidig: "current",
  minimaal: "minimum",
  tekort: "gap",
} as const satisfies Record<string, keyof ComparisonRow>;

export type SortColumn = keyof typeof SORT_COLUMNS;
export type SortDirection = "ascending" | "descending";
export interface Sort {
  column: SortColumn;
  direction: SortDirection;
}

const isSortColumn = (value: string): value is SortColumn => Object.hasOwn(SORT_COLUMNS, value);

/** `sorteer=tekort` sorts ascending, `sorteer=-tekort` descending; anything else: no sort (grouped by region). */
export function parseSort(param: string | null | undefined): Sort | null {
  if (!param) return null;
  const descending = param.startsWith("-");
  const column = descending ? param.slice(1) : param;
  return isSortColumn(column) ? { column, direction: descending ? "descending" : "ascending" } : null;
}

export function sortParam(sort: Sort): string {
  return `${sort.direction === "descending" ? "-" : ""}${sort.column}`;
}

/**
 * What a column header's link sorts by: the other direction when the table is sorted by that
 * column already, otherwise the column's natural first direction (names A–Z, numbers largest first).
 */
export function nextSort(current: Sort | null, column: SortColumn): Sort {
  if (current?.column === column) return { column, direction: current.direction === "ascending" ? "descending" : "ascending" };
  return { column, direction: column === "naam" ? "ascending" : "descending" };
}

/** The aria-sort of a column header. */
export function ariaSort(current: Sort | null, column: SortColumn): SortDirection | "none" {
  return current?.column === column ? current.direction : "none";
}

/** The rows in the chosen order (ties by name, then region); without a sort, as given (grouped by region). */
export function sortRows<R extends ComparisonRow>(rows: readonly R[], sort: Sort | null, locale: Locale): R[] {
  if (!sort) return [...rows];
  const collator = new Intl.Collator(intlLocale(locale));
  const field = SORT_COLUMNS[sort.column];
  const sign = sort.direction === "ascending" ? 1 : -1;
  const byName = (a: R, b: R) => collator.compare(a.name, b.name) || collator.compare(a.regionName, b.regionName);
  return [...rows].sort((a, b) => {
    const primary = field === "name" ? byName(a, b) : (a[field] as number) - (b[field] as number);
    return primary * sign || byName(a, b);
  });
}

export interface ComparisonFilter {
  /** Only the units of this region (its own staffing and its municipalities'). */
  regionName: string | null;
  /** Only units with a gap. */
  shortageOnly: boolean;
  kind: ComparisonRow["kind"] | null;
}

export function filterRows<R extends ComparisonRow>(rows: readonly R[], filter: ComparisonFilter): R[] {
  return rows.filter(
    (r) =>
      (filter.regionName === null || r.regionName === filter.regionName) &&
      (!filter.shortageOnly || r.gap > 0) &&
      (filter.kind === null || r.kind === filter.kind),
  );
}

/** The query parameter values of the kind filter. */
export const KIND_PARAM = { regio: "region", gemeente: "municipality" } as const;

/**
 * The comparison's view from the query string: `sorteer`, `regio` (a region's slug), `tekort=1`
 * and `soort=regio|gemeente`. Unknown values are ignored, so a shared link never breaks the page.
 */
export function comparisonQuery(params: URLSearchParams, regions: readonly { slug: string; name: string }[]) {
  const region = regions.find((r) => r.slug === params.get("regio")) ?? null;
  const kindParam = params.get("soort");
  const kind = kindParam === "regio" || kindParam === "gemeente" ? KIND_PARAM[kindParam] : null;
  return {
    sort: parseSort(params.get("sorteer")),
    regionSlug: region?.slug ?? "",
    kindParam: kind ? (kindParam as keyof typeof KIND_PARAM) : "",
    filter: { regionName: region?.name ?? null, shortageOnly: params.get("tekort") === "1", kind } satisfies ComparisonFilter,
  };
}

/** Sum of the rows shown (fte to two decimals), for the table's footer and the chart's summary. */
export function sumRows(rows: readonly ComparisonRow[]) {
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const total = { current: 0, minimum: 0, gap: 0, undecided: 0, employed: 0, hired: 0 };
  for (const r of rows) {
    total.current += r.current;
    total.minimum += r.minimum;
    total.gap += r.gap;
    total.undecided += r.undecided;
    total.employed += r.employed;
    total.hired += r.hired;
  }
  return { ...total, current: round2(total.current), minimum: round2(total.minimum), gap: round2(total.gap), employed: round2(total.employed), hired: round2(total.hired) };
}

/* ------------------------------------------------------------------ charts */

/**
 * The end of a chart's value axis: the smallest "nice" number (1, 2, 2.5 or 5 times a power of
 * ten) at or above the largest value, with its tick marks (four or five steps from 0).
 */
export function chartScale(values: readonly (number | null | undefined)[]): { max: number; ticks: number[] } {
  const largest = Math.max(0, ...values.filter((v): v is number => typeof v === "number" && Number.isFinite(v)));
  if (largest === 0) return { max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] };
  const power = 10 ** Math.floor(Math.log10(largest));
  const max = [1, 2, 2.5, 5, 10].map((m) => m * power).find((m) => m >= largest * (1 - 1e-9))!;
  const mantissa = max / power;
  const steps = mantissa === 2.5 || mantissa === 5 ? 5 : 4;
  const step = max / steps;
  return { max, ticks: Array.from({ length: steps + 1 }, (_, i) => Math.round(i * step * 1e9) / 1e9) };
}

/** A bar's length as a percentage of the axis (0–100; negative and missing values give 0). */
export function barPercent(value: number | null | undefined, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || max <= 0) return 0;
  return Math.min(100, Math.round((value / max) * 10000) / 100);
}

/* ------------------------------------------------------------ staffing lines */

/** A staffing line's form: the texts of the contract's fields. */
export type LineFormValues = FormTexts<z.output<typeof staffingLineSchema>>;

/** A stored line as its form shows it (numbers in the user's notation), to compare with what the user typed. */
export function lineValues(line: { function: string; fteCurrent: number; fteMinimum: number | null; employment: string; notes: string }, locale: Locale): LineFormValues {
  return { function: line.function, fteCurrent: numberText(line.fteCurrent, locale), fteMinimum: numberText(line.fteMinimum, locale), employment: line.employment, notes: line.notes };
}

/* --------------------------------------------------------------------- gaps */

export interface FunctionGap {
  function: string;
  /** fte missing to reach the minimum, two decimals, above zero. */
  gap: number;
}

/**
 * What a unit misses, per function: for each line the minimum minus the current fte (lines with
 * PM, whose minimum is undecided, and lines at or above their minimum miss nothing). Lines of
 * the same function add up; the largest gap comes first. Adds up to the unit's `gap`.
 */
export function functionGaps(lines: readonly { function: string; fteCurrent: number; fteMinimum: number | null }[]): FunctionGap[] {
  const byFunction = new Map<string, FunctionGap>();
  for (const line of lines) {
    if (line.fteMinimum === null) continue;
    const missing = line.fteMinimum - line.fteCurrent;
    if (!(missing > 0)) continue;
    const name = line.function.trim();
    const key = name.toLocaleLowerCase("nl");
    const known = byFunction.get(key);
    if (known) known.gap += missing;
    else byFunction.set(key, { function: name, gap: missing });
  }
  return [...byFunction.values()]
    .map((g) => ({ function: g.function, gap: Math.round(g.gap * 100) / 100 }))
    .filter((g) => g.gap > 0)
    .sort((a, b) => b.gap - a.gap || a.function.localeCompare(b.function, "nl"));
}

/**
 * A unit's gap in words: "Tekort: 1,5 fte contractmanager en 0,5 fte inkoopadviseur"
 * (en: "Gap: 1.5 FTE contract manager and 0.5 FTE buyer"); null when nothing is missing.
 */
export function gapText(t: T, locale: Locale, lines: readonly { function: string; fteCurrent: number; fteMinimum: number | null }[]): string | null {
  const gaps = functionGaps(lines);
  if (gaps.length === 0) return null;
  const parts = gaps.map((g) => t("staffing.gap.part", { fte: formatNumber(g.gap, locale), function: g.function }));
  return t("staffing.gap.text", { list: new Intl.ListFormat(intlLocale(locale), { type: "conjunction" }).format(parts) });
}
