import {
  statusPhase,
  TENDER_STATUSES,
  type FundingModel,
  type Locale,
  type MilestoneStatus,
  type MilestoneType,
  type Procedure,
  type ProcurementLevel,
  type SocialDomain,
  type TenderStatus,
} from "@regiotafel/domain";
import { formText } from "./forms";
import { intlLocale, numberText, TIME_ZONE } from "./format";

// Pure helpers of the tender pages: formatting, grouping and reading their forms.

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

/**
 * A number as a form posts it. Dutch first: "1,5" and "1.5" are one and a half, "100.000" and
 * "1.234,50" use the dot to group thousands; spaces, "€" and "%" are ignored. Empty → null;
 * anything else → NaN, which the input schema refuses with "Vul een getal in".
 */
export function parseDecimal(text: string): number | null {
  let s = text.replace(/[\s\u00a0€%]/g, "");
  if (s === "") return null;
  if (s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
  return /^-?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : Number.NaN;
}

const optionalChoice = (value: string) => (value === "" ? null : value);

/** The tender form's fields: the text as typed (to show again after a refusal). */
export const TENDER_FIELDS = [
  "title",
  "description",
  "domain",
  "level",
  "procedure",
  "procuringEntityId",
  "ownerRegionId",
  "contractStart",
  "contractEnd",
  "extensionOptions",
  "estimatedValue",
  "sroiPercentage",
  "sroiThreshold",
  "fundingModel",
] as const;
export type TenderFormValues = Record<(typeof TENDER_FIELDS)[number], string> & { participantIds: string[] };

/** Reads the tender form: what was typed (for the form) and the input for tender.create/update. */
export function readTenderForm(form: FormData) {
  const values: TenderFormValues = {
    ...(Object.fromEntries(TENDER_FIELDS.map((f) => [f, formText(form, f)])) as Record<(typeof TENDER_FIELDS)[number], string>),
    participantIds: form.getAll("participantIds").filter((v): v is string => typeof v === "string"),
  };
  const input = {
    title: values.title,
    description: values.description,
    // Codes are passed on as posted: the input schema refuses unknown ones next to the field.
    domain: values.domain as SocialDomain,
    level: values.level as ProcurementLevel,
    procedure: values.procedure as Procedure,
    procuringEntityId: values.procuringEntityId,
    participantIds: values.participantIds,
    ownerRegionId: optionalChoice(values.ownerRegionId),
    contractStart: values.contractStart || null,
    contractEnd: values.contractEnd || null,
    extensionOptions: values.extensionOptions,
    estimatedValue: parseDecimal(values.estimatedValue),
    sroiPercentage: parseDecimal(values.sroiPercentage),
    sroiThreshold: parseDecimal(values.sroiThreshold),
    fundingModel: optionalChoice(values.fundingModel) as FundingModel | null,
  };
  return { values, input };
}

export const LOT_FIELDS = ["segment", "title", "regionalProvidersMin", "regionalProvidersMax", "localProvidersMin", "localProvidersMax", "procedureOverride", "notes"] as const;
export type LotFormValues = Record<(typeof LOT_FIELDS)[number], string>;

/** Reads the lot form: what was typed and the input for lot.add/update. */
export function readLotForm(form: FormData) {
  const values = Object.fromEntries(LOT_FIELDS.map((f) => [f, formText(form, f)])) as LotFormValues;
  const input = {
    segment: values.segment,
    title: values.title,
    regionalProvidersMin: parseDecimal(values.regionalProvidersMin),
    regionalProvidersMax: parseDecimal(values.regionalProvidersMax),
    localProvidersMin: parseDecimal(values.localProvidersMin),
    localProvidersMax: parseDecimal(values.localProvidersMax),
    procedureOverride: optionalChoice(values.procedureOverride) as Procedure | null,
    notes: values.notes,
  };
  return { values, input };
}

export const MILESTONE_FIELDS = ["lotId", "type", "title", "description", "dueDate", "dateMet", "status"] as const;
export type MilestoneFormValues = Record<(typeof MILESTONE_FIELDS)[number], string>;

/** Reads the milestone form: what was typed and the input for milestone.add/update. */
export function readMilestoneForm(form: FormData) {
  const values = Object.fromEntries(MILESTONE_FIELDS.map((f) => [f, formText(form, f)])) as MilestoneFormValues;
  const input = {
    lotId: optionalChoice(values.lotId),
    type: values.type as MilestoneType,
    title: values.title,
    description: values.description,
    dueDate: values.dueDate || null,
    dateMet: values.dateMet || null,
    status: (values.status || "SCHEDULED") as MilestoneStatus,
  };
  return { values, input };
}

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
export function lotValues(
  lot: {
    segment: string;
    title: string;
    regionalProvidersMin: number | null;
    regionalProvidersMax: number | null;
    localProvidersMin: number | null;
    localProvidersMax: number | null;
    procedureOverride: string | null;
    notes: string;
  },
  locale: Locale,
): LotFormValues {
  return {
    segment: lot.segment,
    title: lot.title,
    regionalProvidersMin: numberText(lot.regionalProvidersMin, locale),
    regionalProvidersMax: numberText(lot.regionalProvidersMax, locale),
    localProvidersMin: numberText(lot.localProvidersMin, locale),
    localProvidersMax: numberText(lot.localProvidersMax, locale),
    procedureOverride: lot.procedureOverride ?? "",
    notes: lot.notes,
  };
}

/** A milestone as its form shows it (also what "Ongedaan maken" sends to add a removed milestone again). */
export function milestoneValues(m: { lotId: string | null; type: string; title: string; description: string; dueDate: string | null; dateMet: string | null; status: string }): MilestoneFormValues {
  return { lotId: m.lotId ?? "", type: m.type, title: m.title, description: m.description, dueDate: m.dueDate ?? "", dateMet: m.dateMet ?? "", status: m.status };
}
