import { changedFields, MONEY_FIELDS, type Locale } from "@regiotafel/domain";
import type { T } from "~/i18n/use-t";
import { countText, intlLocale, TIME_ZONE } from "./format";

export interface AuditEventLike {
  action: string;
  /** What the event is about (tender, lot, document, …): where its fields' labels are. */
  entityType?: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The entity types the change history can be filtered on (values of AuditEvent.entityType). */
export const HISTORY_FILTERS = [
  "membership",
  "invitation",
  "municipality",
  "document",
  "tender",
  "lot",
  "milestone",
  "staffing",
  "governance",
  "decision",
  "segment",
  "market",
  "assessment",
  "template",
] as const;
export type HistoryFilter = (typeof HISTORY_FILTERS)[number];

export function isHistoryFilter(value: unknown): value is HistoryFilter {
  return HISTORY_FILTERS.some((filter) => filter === value);
}

/** A value of an audit snapshot (undefined when the snapshot is not an object or lacks it). */
function valueOf(state: unknown, name: string): unknown {
  return typeof state === "object" && state !== null ? Object.getOwnPropertyDescriptor(state, name)?.value : undefined;
}

function field(state: unknown, name: string): string | undefined {
  const value = valueOf(state, name);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** One readable sentence per audit event, in the user's language. */
export function describeAuditEvent(event: AuditEventLike, t: T, municipalityName: (id: string) => string | undefined): string {
  const { before, after } = event;
  const person = (state: unknown) => field(state, "name") ?? field(state, "email") ?? t("history.someone");
  const role = (state: unknown) => {
    const r = field(state, "role");
    return r ? t(`role.${r}`) : "?";
  };
  switch (event.action) {
    case "member.added":
      return t("history.member.added", { name: person(after), role: role(after) });
    case "member.removed":
      return t("history.member.removed", { name: person(before), role: role(before) });
    case "member.roleChanged":
      return t("history.member.roleChanged", { name: person(before ?? after), from: role(before), to: role(after) });
    case "invitation.created":
    case "invitation.resent":
    case "invitation.revoked":
      return t(`history.${event.action}`, { email: field(after ?? before, "email") ?? "?", role: role(after ?? before) });
    case "invitation.accepted":
      return t(valueOf(after, "newAccount") ? "history.invitation.acceptedNew" : "history.invitation.accepted", { name: person(after), role: role(after) });
    case "municipality.contactUpdated":
      return t("history.municipality.contactUpdated", { name: municipalityName(event.entityId) ?? t("history.unknownMunicipality") });
    case "lot.participation": {
      const id = field(after, "municipalityId");
      const name = (id && municipalityName(id)) ?? t("history.unknownMunicipality");
      return t(valueOf(after, "participating") ? "history.record.lot.participationIn" : "history.record.lot.participationOut", { name });
    }
    case "tender.statusChanged": {
      // Into an end state the open lots went along (ADR 0016).
      const lots = valueOf(after, "lots");
      const moved = Array.isArray(lots) ? lots.length : 0;
      const params = { from: code(t, field(before, "status")), to: code(t, field(after, "status")), count: moved };
      return t(moved ? "history.record.tender.statusChangedWithLots" : "history.record.tender.statusChanged", params);
    }
    case "lot.statusChanged":
      return t(`history.record.${event.action}`, { from: code(t, field(before, "status")), to: code(t, field(after, "status")) });
    case "lot.removed": {
      // The removal kept the lot whole; the history lists what went along.
      const title = recordTitle(before) ?? "?";
      const choices = listOf(before, "participations").map((p) => `${field(p, "name") ?? "?"} (${t(valueOf(p, "participating") ? "lot.participating" : "lot.notParticipating").toLowerCase()})`);
      const milestones = listOf(before, "milestones").map((m) => field(m, "title") ?? "?");
      if (choices.length === 0 && milestones.length === 0) return t("history.record.lot.removed", { title });
      const none = t("common.none");
      return t("history.record.lot.removedWith", { title, choices: choices.join(", ") || none, milestones: milestones.join(", ") || none });
    }
    case "document.created":
    case "document.renamed":
    case "document.archived":
    case "document.restored":
    case "document.versionSaved":
    case "document.recovered":
      return t(`history.${event.action}`, { title: recordTitle(after) ?? recordTitle(before) ?? "?", version: field(after, "version") ?? "?" });
    case "assessment.scored":
      return t("history.record.assessment.scored", {
        score: field(after, "score") ?? String(valueOf(after, "score") ?? "?"),
        scenario: field(after, "scenario") ?? "?",
        criterion: field(after, "criterion") ?? "?",
      });
    case "assessment.weightChanged":
      return t("history.record.assessment.weightChanged", { criterion: field(after, "criterion") ?? "?", weight: String(valueOf(after, "weight") ?? "?") });
    case "template.used":
      return t("history.record.template.used", { title: recordTitle(after) ?? "?", template: field(after, "template") ?? "?" });
    default:
      if (RECORD_ACTIONS.has(event.action)) return t(`history.record.${event.action}`, { title: recordTitle(after) ?? recordTitle(before) ?? "?" });
      return event.action;
  }
}

/** Record actions with a plain "<what> ‘title’ <done>" sentence (texts history.record.<action>). */
export const RECORD_ACTIONS = new Set([
  "tender.created",
  "tender.updated",
  "lot.added",
  "lot.updated",
  "lot.restored",
  "milestone.added",
  "milestone.updated",
  "milestone.removed",
  "staffing.added",
  "staffing.updated",
  "staffing.removed",
  "governance.created",
  "governance.updated",
  "governance.bodyAdded",
  "governance.bodyUpdated",
  "governance.bodyRemoved",
  "nvo.updated",
  "decision.added",
  "decision.removed",
  "segment.created",
  "segment.updated",
  "segment.removed",
  "market.added",
  "market.updated",
  "market.removed",
  "assessment.created",
  "assessment.locked",
  "template.submitted",
]);

/** An array in an audit snapshot (empty when absent). */
function listOf(state: unknown, name: string): unknown[] {
  const value = valueOf(state, name);
  return Array.isArray(value) ? value : [];
}

/** The name a record had in an audit snapshot: its title, name, function or label. */
function recordTitle(state: unknown): string | undefined {
  return field(state, "title") ?? field(state, "name") ?? field(state, "function") ?? field(state, "label");
}

const code = (t: T, value: string | undefined) => (value ? t(`code.${value}`).toLowerCase() : "?");

export interface FieldChange {
  label: string;
  from: string;
  to: string;
}

/**
 * Where a snapshot field's label lives when it is not `<entityType>.field.<name>` (the form's
 * label) or `csv.<name>` (the export's column): catalogue keys of the forms, not new texts.
 */
const LABEL_KEYS: Record<string, Record<string, string>> = {
  municipality: { contactName: "ws.contact", contactEmail: "ws.contactEmail", contactPhone: "ws.contactPhone" },
  lot: { regionalProvidersMin: "lot.field.regionalMin", regionalProvidersMax: "lot.field.regionalMax", localProvidersMin: "lot.field.localMin", localProvidersMax: "lot.field.localMax", procedureOverride: "lot.field.procedure" },
  market: { top3Share: "market.field.top3", top10Share: "market.field.top10" },
};

/** The label a field has in the forms (or the exports); null for a field no form shows. */
export function fieldLabel(t: T, entityType: string, field: string): string | null {
  const candidates = [LABEL_KEYS[entityType]?.[field], `${entityType}.field.${field}`, `csv.${field}`];
  for (const key of candidates) {
    if (!key) continue;
    const text = t(key);
    if (text !== key) return text;
  }
  return null;
}

/** Texts longer than this are shortened in the history. */
export const MAX_VALUE_LENGTH = 80;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Z][A-Z0-9_]+$/;

/** A snapshot value as the history shows it: amounts, dates, yes/no and codes as the pages show them. */
export function formatValue(t: T, locale: Locale, field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return t("common.none");
  if (typeof value === "boolean") return t(value ? "history.value.yes" : "history.value.no");
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    return shorten(
      MONEY_FIELDS.has(field)
        ? new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency: "EUR", maximumFractionDigits: Number.isInteger(value) ? 0 : 2 }).format(value)
        : new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 }).format(value),
    );
  }
  if (typeof value === "string") {
    if (ISO_DAY.test(value)) {
      const day = new Date(`${value}T12:00:00Z`);
      if (!Number.isNaN(day.getTime())) return new Intl.DateTimeFormat(intlLocale(locale), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(day);
    }
    if (CODE.test(value)) {
      const text = t(`code.${value}`);
      if (text !== `code.${value}`) return text.toLowerCase();
    }
    return shorten(value.replace(/\s+/g, " ").trim());
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return t("common.none");
    return shorten(value.map((item) => (typeof item === "object" && item !== null ? (recordTitle(item) ?? "…") : formatValue(t, locale, field, item))).join(", "));
  }
  return recordTitle(value) ?? "…";
}

function shorten(text: string): string {
  return text.length <= MAX_VALUE_LENGTH ? text : `${text.slice(0, MAX_VALUE_LENGTH - 1).trimEnd()}…`;
}

/**
 * The fields an event changed, with the labels the forms use: "label: before → after" for an
 * edit; for a create the fields it set (its title is in the sentence already); nothing for a
 * delete (the sentence names what went). Fields no form shows are left out.
 */
export function describeChanges(event: AuditEventLike, t: T, locale: Locale = "nl"): FieldChange[] {
  const entityType = event.entityType ?? event.action.split(".")[0] ?? "";
  const created = (event.before === null || event.before === undefined) && typeof event.after === "object" && event.after !== null;
  if (event.after === null || event.after === undefined) return [];
  return changedFields(event.before, event.after).flatMap(({ field, before, after }) => {
    if (created && (field === "title" || field === "name")) return [];
    // Structures (the lots that followed a tender, a removed lot's choices) are the sentence's.
    if (isStructure(before) || isStructure(after)) return [];
    const label = fieldLabel(t, entityType, field);
    if (!label) return [];
    const from = formatValue(t, locale, field, before);
    const to = formatValue(t, locale, field, after);
    // "" and none, or two long texts that differ only after the shortening, look alike: not listed.
    return from === to ? [] : [{ label, from, to }];
  });
}

/** An object, or a list with an object in it: no form field's value. */
function isStructure(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => typeof item === "object" && item !== null);
  return typeof value === "object" && value !== null;
}

/** A document's text edits by one author in one hour, as the history lists them. */
export interface EditLineLike {
  hour: Date | string;
  updates: number;
  document: { id: string; title: string };
  actor: { name: string; organisation: string } | null;
}

/** "bewerkte de tekst van ‘title’ — 14:00–15:00, 23 wijzigingen" (the actor is in its own column). */
export function describeEdit(edit: EditLineLike, t: T, locale: Locale): { text: string; hours: string; count: string } {
  const start = new Date(edit.hour);
  const end = new Date(start.getTime() + 3_600_000);
  const time = (d: Date) => new Intl.DateTimeFormat(intlLocale(locale), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: TIME_ZONE }).format(d);
  return {
    text: t("history.edit.text", { title: edit.document.title }),
    hours: `${time(start)}–${time(end)}`,
    count: countText(t, locale, "history.edit.updates", edit.updates),
  };
}
