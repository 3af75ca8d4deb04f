import { lotSchema, pickFields, statusPhase, TENDER_STATUSES, type Locale, type milestoneSchema, type tenderSchema, type TenderStatus } from "@regiotafel/domain";
import type { z } from "zod";
import { intlLocale, numberText, TIME_ZONE } from "./format";
import type { FormTexts } from "./edit-merge";

// Pure helpers of the tender pages: formatting, grouping, and their records as their forms show them.

/** What a table cell shows for a missing value. */
export const NONE = "—";

/**
 * A provider count range as the seed documents write it: "10–20", "15" (min = max),
 * "max 30" (only a maximum), "min 5" (only a minimum), "—" (neither).
 */
export function providerRange(min: number | null | undefined, max: number | null | undefined): string {
  const hasMin = min !== null && min !== undefined;
  const hasMax = max !== null && max !== undefined;
  if (hasMin && hasMax) return min === max ? String(min) : `${min}–${max}`;
  if (hasMax) return `max ${max}`;
  if (hasMin) return `min ${min}`;
  return NONE;
}

/** An amount in euros: "€ 100.000" (whole euros without cents), "€ 1.234,50"; "—" for none. */
export function formatEuro(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return NONE;
  const whole = Number.isInteger(value);
  return new Intl.NumberFormat(intlLocale(locale), {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(value);
}

/** A percentage: "5%" / "2,5%" (nl); "—" for none. */
export function formatPercentage(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return NONE;
  return `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 }).format(value)}%`;
}

/** A calendar date (yyyy-mm-dd) as "1 februari 2021" ("1 February 2021"); "—" for none. */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return NONE;
  const date = dateOf(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

function dateOf(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** Today's date in the Netherlands as yyyy-mm-dd (computed by the loader, so server and browser agree). */
export function todayIso(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: TIME_ZONE }).format(now);
}

/** A milestone is overdue when it is still scheduled and its date has passed. */
export function isOverdue(milestone: { dueDate: string | null; status: string }, today: string): boolean {
  return milestone.status === "SCHEDULED" && milestone.dueDate !== null && milestone.dueDate < today;
}

/** The planning page's query parameter that shows the milestones before this month too. */
export const PLANNING_ALL_PARAM = "alles";

/**
 * Where the planning opens when no period is chosen: at today's month. It shows the milestones
 * from the first of this month on, those without a date, and earlier ones that are still
 * scheduled (overdue: they need someone now); `earlier` counts the rest (met or cancelled
 * before this month), which a link shows.
 */
export function planningWindow<M extends { dueDate: string | null; status: string }>(items: readonly M[], today: string): { shown: M[]; earlier: number; start: string } {
  const start = `${today.slice(0, 7)}-01`;
  const shown = items.filter((m) => m.dueDate === null || m.dueDate >= start || isOverdue(m, today));
  return { shown, earlier: items.length - shown.length, start };
}

export interface MonthGroup<M> {
  /** "2021-02", or "none" for milestones without a date. */
  key: string;
  /** "februari 2021" ("February 2021"), or "" for the group without a date. */
  label: string;
  items: M[];
}

/**
 * Milestones per month of their due date, months in date order, items in the order given
 * (the timeline arrives sorted by date); milestones without a date come last, in one group.
 */
export function groupByMonth<M extends { dueDate: string | null }>(items: readonly M[], locale: Locale): MonthGroup<M>[] {
  const groups = new Map<string, M[]>();
  for (const item of items) {
    const key = item.dueDate && /^\d{4}-\d{2}/.test(item.dueDate) ? item.dueDate.slice(0, 7) : "none";
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  const format = new Intl.DateTimeFormat(intlLocale(locale), { month: "long", year: "numeric", timeZone: "UTC" });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "none" ? 1 : b === "none" ? -1 : a.localeCompare(b)))
    .map(([key, list]) => ({ key, label: key === "none" ? "" : format.format(dateOf(`${key}-01`)!), items: list }));
}

export type Phase = ReturnType<typeof statusPhase>;
export const PHASES: readonly Phase[] = ["preparation", "procurement", "award", "contract", "closed"];

/** How many tenders have each status, in lifecycle order; statuses nobody has are left out. */
export function statusCounts(rows: readonly { status: TenderStatus }[]): { status: TenderStatus; phase: Phase; count: number }[] {
  const counts = new Map<TenderStatus, number>();
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  return TENDER_STATUSES.filter((s) => counts.has(s)).map((status) => ({ status, phase: statusPhase(status), count: counts.get(status)! }));
}

/** Board rows in lifecycle order (by phase, then status, then title), so each phase is together. */
export function sortByPhase<R extends { status: TenderStatus; title: string }>(rows: readonly R[]): R[] {
  const order = (s: TenderStatus) => PHASES.indexOf(statusPhase(s)) * 100 + TENDER_STATUSES.indexOf(s);
  return [...rows].sort((a, b) => order(a.status) - order(b.status) || a.title.localeCompare(b.title, "nl"));
}

export type TenderFormValues = FormTexts<z.output<typeof tenderSchema>>;
export type LotFormValues = FormTexts<z.output<typeof lotSchema>>;

/**
 * The label of every field of a lot's contract, for its form and its CSV columns: a field added
 * to the contract does not compile until it has one here, and then appears in the export.
 */
export const LOT_FIELD_LABELS = {
  segment: "lot.field.segment",
  title: "lot.field.title",
  regionalProvidersMin: "lot.field.regionalMin",
  regionalProvidersMax: "lot.field.regionalMax",
  localProvidersMin: "lot.field.localMin",
  localProvidersMax: "lot.field.localMax",
  procedureOverride: "lot.field.procedure",
  expectedValue: "lot.field.expectedValue",
  notes: "lot.field.notes",
} as const satisfies Record<keyof LotFormValues, string>;
export type MilestoneFormValues = FormTexts<z.output<typeof milestoneSchema>>;

/* ----------------------------------------------------------- stored values as the forms show them */

/** A tender's terms: what it buys, how, and the contract (shown as facts and in the edit form). */
export interface TenderTerms {
  domain: string;
  level: string;
  procedure: string;
  contractStart: string | null;
  contractEnd: string | null;
  extensionOptions: string;
  estimatedValue: number | null;
  sroiPercentage: number | null;
  sroiThreshold: number | null;
  fundingModel: string | null;
}

/** A tender as its edit form shows it, to compare with what the user typed (see useEditSession). */
export function tenderValues(
  tender: TenderTerms & { title: string; description: string; procuringEntity: { id: string }; participants: readonly { id: string; kind: string }[]; ownerRegionId: string | null },
  locale: Locale,
): TenderFormValues {
  return {
    title: tender.title,
    description: tender.description,
    domain: tender.domain,
    level: tender.level,
    procedure: tender.procedure,
    procuringEntityId: tender.procuringEntity.id,
    participantIds: tender.participants.filter((p) => p.kind === "MUNICIPALITY").map((p) => p.id),
    ownerRegionId: tender.ownerRegionId ?? "",
    contractStart: tender.contractStart ?? "",
    contractEnd: tender.contractEnd ?? "",
    extensionOptions: tender.extensionOptions,
    estimatedValue: numberText(tender.estimatedValue, locale),
    sroiPercentage: numberText(tender.sroiPercentage, locale),
    sroiThreshold: numberText(tender.sroiThreshold, locale),
    fundingModel: tender.fundingModel ?? "",
  };
}

/** A lot as its form shows it (also what "Ongedaan maken" sends to add a removed lot again). */
export function lotValues(lot: z.output<typeof lotSchema>, locale: Locale): LotFormValues {
  return formTexts(pickFields(lotSchema, lot), locale);
}

/** Stored values as a form shows them: numbers in the user's notation, none as "". */
function formTexts<R extends Record<string, unknown>>(values: R, locale: Locale): Record<keyof R, string> {
  const texts = {} as Record<keyof R, string>;
  for (const [name, value] of Object.entries(values) as [keyof R, unknown][]) {
    texts[name] = typeof value === "number" ? numberText(value, locale) : value === null || value === undefined ? "" : String(value);
  }
  return texts;
}

/** A milestone as its form shows it (also what "Ongedaan maken" sends to add a removed milestone again). */
export function milestoneValues(m: { lotId: string | null; type: string; title: string; description: string; dueDate: string | null; dateMet: string | null; status: string }): MilestoneFormValues {
  return { lotId: m.lotId ?? "", type: m.type, title: m.title, description: m.description, dueDate: m.dueDate ?? "", dateMet: m.dateMet ?? "", status: m.status };
}
