import type { T } from "~/i18n/use-t";

/** What a notification says, by its kind (issue 21, ADR 0036); unknown kinds read as a general notification. */
export function notificationText(t: T, item: { kind: string; actorName: string | null; params: Record<string, unknown> }): string {
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "");
  const values = {
    actor: item.actorName ?? t("inbox.someone"),
    subject: text(item.params.title),
    tender: text(item.params.tender),
    municipality: text(item.params.municipality),
    days: text(item.params.days),
  };
  switch (item.kind) {
    case "mention":
      return t("inbox.kind.mention", values);
    case "reply":
      return t("inbox.kind.reply", values);
    case "comment":
      return t("inbox.kind.comment", values);
    case "participation":
      return t("inbox.kind.participation", values);
    case "milestoneDue":
      return t("inbox.kind.milestoneDue", values);
    case "templateVersion":
      return t("inbox.kind.templateVersion", values);
    case "invitation":
      return t("inbox.kind.invitation", values);
    default:
      return t("inbox.kind.other", values);
  }
}
