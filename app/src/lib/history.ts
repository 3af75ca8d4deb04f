import type { T } from "~/i18n/use-t";

export interface AuditEventLike {
  action: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The entity types the change history can be filtered on (values of AuditEvent.entityType). */
export const HISTORY_FILTERS = ["membership", "municipality"] as const;
export type HistoryFilter = (typeof HISTORY_FILTERS)[number];

export function isHistoryFilter(value: unknown): value is HistoryFilter {
  return typeof value === "string" && (HISTORY_FILTERS as readonly string[]).includes(value);
}

type Fields = Record<string, unknown> | null | undefined;

function field(state: unknown, name: string): string | undefined {
  const value = (state as Fields)?.[name];
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
    default:
      return event.action;
  }
}

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
