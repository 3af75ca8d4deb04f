import { z } from "zod";
import { fieldNames, type ChecklistStatus, type decisionSchema, type ErrorDescription, type governanceBodySchema, type governanceModelSchema, type Locale, type nvoCheckSchema, type segmentSchema } from "@regiotafel/domain";
import type { FormTexts } from "./edit-merge";
import { intlLocale } from "./format";

// Pure helpers of the governance and supra-regional pages: their forms' values, the
// one-per-line text formats for body members and decision documents, the NvO progress, and the
// decision log filter.

/** A form's values where the `Lines` lists are typed in a text box, one item per line (one text). */
type TypedAsLines<V, Lines extends keyof V> = Omit<V, Lines> & { [K in Lines]: string };

/* The forms' values, from the contracts' schemas (members and documents are typed one per line). */
export type ModelFormValues = FormTexts<z.output<typeof governanceModelSchema>>;
export type BodyFormValues = TypedAsLines<FormTexts<z.output<typeof governanceBodySchema>>, "members">;
export type DecisionFormValues = TypedAsLines<FormTexts<z.output<typeof decisionSchema>>, "documents">;
export type NvoFormValues = Pick<FormTexts<z.output<typeof nvoCheckSchema>>, "status" | "notes">;
export type SegmentFormValues = FormTexts<z.output<typeof segmentSchema>>;

export interface BodyMember {
  name: string;
  role: string;
  organisation: string;
}

export interface DecisionDocument {
  title: string;
  url: string;
}

/** The lines of a text box that hold something, with their 1-based line numbers in the box. */
function filledLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter((l) => l.text !== "");
}

/**
 * Members typed one per line as "Naam; rol; organisatie" (role and organisation optional).
 * A semicolon after the organisation stays part of it. Empty lines are skipped.
 */
export function parseMemberLines(text: string): BodyMember[] {
  return filledLines(text).map(({ text: line }) => {
    const [name = "", role = "", ...organisation] = line.split(";");
    return { name: name.trim(), role: role.trim(), organisation: organisation.join(";").trim() };
  });
}

/** The text box value for a body's members: the inverse of parseMemberLines. */
export function formatMemberLines(members: readonly BodyMember[]): string {
  return members
    .map((m) => {
      const parts = [m.name, m.role, m.organisation];
      while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
      return parts.join("; ");
    })
    .join("\n");
}

const WEB_ADDRESS = /^https?:\/\/\S+$/i;

/**
 * Documents typed one per line as "titel | https://…". The last "|" separates the address, so a
 * title may contain one. A line with only a web address uses it as its own title; a line
 * without "|" is a title without an address.
 */
export function parseDocumentLines(text: string): DecisionDocument[] {
  return filledLines(text).map(({ text: line }) => {
    const bar = line.lastIndexOf("|");
    if (bar === -1) return WEB_ADDRESS.test(line) ? { title: line, url: line } : { title: line, url: "" };
    return { title: line.slice(0, bar).trim(), url: line.slice(bar + 1).trim() };
  });
}

/**
 * The text box value for a decision's documents: the inverse of parseDocumentLines (a title
 * with a "|" but no address gets a closing "|", so that it is not read as an address).
 */
export function formatDocumentLines(documents: readonly DecisionDocument[]): string {
  return documents.map((d) => (d.url ? `${d.title} | ${d.url}` : d.title.includes("|") ? `${d.title} |` : d.title)).join("\n");
}

/** A calendar date (yyyy-mm-dd) as "3 juli 2018" (en: "3 July 2018"), the same on server and browser. */
export function formatDay(isoDate: string, locale: Locale): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(intlLocale(locale), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

/**
 * An operation whose list `field` is typed in a text box, one item per line: a posted text is
 * read with `parse` (parseMemberLines, parseDocumentLines) before the operation's own schema, so
 * an item's message keeps its place in the list ("members.2.name") and the typed text is kept.
 */
export function readingLines<S extends z.ZodType>(operation: { input: S }, field: string, parse: (text: string) => unknown[]) {
  return {
    input: z.preprocess((posted) => (isRecord(posted) && typeof posted[field] === "string" ? { ...posted, [field]: parse(posted[field]) } : posted), operation.input),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The messages of a list typed one item per line, from a form's messages by field name
 * (Conform's `allErrors` of the field): an item's message ("members[2].name") prefixed with its
 * line in the text box (the item index counts filled lines only, so it is mapped back through
 * the typed text); a message about the list as a whole as it is. A message placed on the list
 * for one of its items is not repeated without its line.
 */
export function lineMessages(errors: Readonly<Record<string, readonly string[] | null | undefined>>, field: string, typed: string, linePrefix: (line: number) => string): string[] | undefined {
  const lines = filledLines(typed).map((l) => l.line);
  const item = new RegExp(`^${field}\\[(\\d+)\\]`);
  const ofItems = new Set<string>();
  const prefixed: string[] = [];
  for (const [name, messages] of Object.entries(errors)) {
    const match = item.exec(name);
    if (!match) continue;
    const line = lines[Number(match[1])];
    const prefix = line === undefined ? "" : `${linePrefix(line)} `;
    for (const message of messages ?? []) {
      ofItems.add(message);
      if (!prefixed.includes(prefix + message)) prefixed.push(prefix + message);
    }
  }
  const messages = [...(errors[field] ?? []).filter((m) => !ofItems.has(m)), ...prefixed];
  return messages.length ? messages : undefined;
}

/**
 * What a remove form posted of the record, under the names of the operation that creates it
 * (its values, for the undo button that creates it again): a name posted once as its text,
 * several times as a list.
 */
export function postedValues(form: FormData, operation: { input: z.ZodObject }): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const name of fieldNames(operation.input)) {
    const posted = form.getAll(name).filter((v): v is string => typeof v === "string");
    if (posted.length) values[name] = posted.length === 1 ? posted[0]! : posted;
  }
  return values;
}

/**
 * Validation messages about items of a list typed one per line ("members.2.name") belong to
 * the text box: they are collected under `field`, each prefixed with its line in the box (the
 * item index counts filled lines only, so it is mapped back through the typed text).
 */
export function listFieldErrors(
  error: ErrorDescription | null | undefined,
  field: string,
  typed: string,
  linePrefix: (line: number) => string,
): ErrorDescription | null | undefined {
  if (!error?.fieldErrors) return error;
  const lines = filledLines(typed).map((l) => l.line);
  const fieldErrors: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(error.fieldErrors)) {
    const match = new RegExp(`^${field}\\.(\\d+)(?:\\.|$)`).exec(path);
    if (!match) {
      (fieldErrors[path] ??= []).push(...messages);
      continue;
    }
    const line = lines[Number(match[1])];
    const prefix = line === undefined ? "" : `${linePrefix(line)} `;
    const list = (fieldErrors[field] ??= []);
    for (const message of messages) if (!list.includes(prefix + message)) list.push(prefix + message);
  }
  return { ...error, fieldErrors };
}

export interface NvoProgress {
  done: number;
  inProgress: number;
  notStarted: number;
  notApplicable: number;
  /** The agreements that apply (all but "niet van toepassing"): the denominator of "3 van 8 gereed". */
  applicable: number;
  total: number;
}

/** How far a unit is with the NvO agreements. */
export function nvoProgress(checks: readonly { status: string }[]): NvoProgress {
  const count = (status: ChecklistStatus) => checks.filter((c) => c.status === status).length;
  const notApplicable = count("NOT_APPLICABLE");
  return {
    done: count("DONE"),
    inProgress: count("IN_PROGRESS"),
    notStarted: count("NOT_STARTED"),
    notApplicable,
    applicable: checks.length - notApplicable,
    total: checks.length,
  };
}

/** The decision log filter's value for decisions of the whole workspace (regionId null). */
export const WHOLE_WORKSPACE = "werkruimte";

export interface DecisionFilter {
  /** "" for all, WHOLE_WORKSPACE, or a region id. */
  region: string;
  /** "" for all, or a body id. */
  body: string;
}

/** Decisions matching the filter, newest first (by date; equal dates keep their given order). */
export function filterDecisions<D extends { regionId: string | null; bodyId: string | null; date: string }>(decisions: readonly D[], filter: DecisionFilter): D[] {
  return decisions
    .filter((d) => !filter.region || (filter.region === WHOLE_WORKSPACE ? d.regionId === null : d.regionId === filter.region))
    .filter((d) => !filter.body || d.bodyId === filter.body)
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.date < b.d.date ? 1 : a.d.date > b.d.date ? -1 : a.i - b.i))
    .map(({ d }) => d);
}

/** Query parameters of the decision log filter. */
export const REGION_PARAM = "regio";
export const BODY_PARAM = "orgaan";

/** Reads the decision log filter from the page's query string, ignoring unknown values. */
export function readDecisionFilter(params: URLSearchParams, regionIds: readonly string[], bodyIds: readonly string[]): DecisionFilter {
  const region = params.get(REGION_PARAM) ?? "";
  const body = params.get(BODY_PARAM) ?? "";
  return {
    region: region === WHOLE_WORKSPACE || regionIds.includes(region) ? region : "",
    body: bodyIds.includes(body) ? body : "",
  };
}
