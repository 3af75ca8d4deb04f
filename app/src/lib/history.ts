import type { T } from "~/i18n/use-t";

interface AuditEvent {
  action: string;
  before: unknown;
  after: unknown;
}

type Fields = { name?: string; role?: string; email?: string } | null | undefined;

/** One readable sentence per audit event, in the user's language. */
export function describeAuditEvent(event: AuditEvent, t: T, municipalityName: (id: string) => string | undefined, entityId: string): string {
  const before = event.before as Fields;
  const after = event.after as Fields;
  const role = (r?: string) => (r ? t(`role.${r}`) : "?");
  switch (event.action) {
    case "member.added":
      return t("history.member.added", { name: after?.name ?? after?.email ?? "?", role: role(after?.role) });
    case "member.removed":
      return t("history.member.removed", { name: before?.name ?? before?.email ?? "?", role: role(before?.role) });
    case "member.roleChanged":
      return t("history.member.roleChanged", { name: before?.name ?? "?", from: role(before?.role), to: role(after?.role) });
    case "municipality.contactUpdated":
      return t("history.municipality.contactUpdated", { name: municipalityName(entityId) ?? "?" });
    default:
      return event.action;
  }
}
