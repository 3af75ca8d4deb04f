import type { T } from "~/i18n/use-t";

export interface AuditEventLike {
  action: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The entity types the change history can be filtered on (values of AuditEvent.entityType). */
export const HISTORY_FILTERS = [
  "membership",
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

const CONTACT_FIELDS = [
  ["contactName", "ws.contact"],
  ["contactEmail", "ws.contactEmail"],
  ["contactPhone", "ws.contactPhone"],
] as const;

/** The contact fields an event changed, old and new value ("—" for empty). Empty for other events. */
export function describeChanges(event: AuditEventLike, t: T): FieldChange[] {
  if (event.action !== "municipality.contactUpdated") return [];
  const none = t("common.none");
  return CONTACT_FIELDS.flatMap(([name, label]) => {
    const from = field(event.before, name) ?? none;
    const to = field(event.after, name) ?? none;
    return from === to ? [] : [{ label: t(label), from, to }];
  });
}
