import { StatusMessage } from "~/components/Feedback";
import { UndoForm } from "~/components/records/UndoForm";
import { useT, type T } from "~/i18n/use-t";
import { useTenderOutcome, useTenderUrl, type Tender, type TenderResult } from "./tender-page";

/** What the last action on the tender page did, in its live region; removals offer to undo. */
export function TenderDoneMessage({ tender }: { tender: Tender }) {
  const t = useT();
  const result = useTenderOutcome();
  const done = result?.ok ? result : undefined;
  const target = useTenderUrl(tender);
  const message = done ? doneText(t, done) : null;
  // A removed lot comes back exactly (by its id: the server kept it); a milestone is added again from its values.
  const undo = done?.removedLotId ? { intent: "lot.restore", lotId: done.removedLotId } : done?.removedMilestone ? { intent: "milestone.restore", ...done.removedMilestone } : null;
  return (
    <StatusMessage focusKey={undo ? done?.at : undefined}>
      {message &&
        (undo ? (
          <UndoForm className="rt-undo" message={message} note={done?.removedLotId ? t("lot.undo.note") : undefined} action={target} fields={undo} />
        ) : (
          message
        ))}
    </StatusMessage>
  );
}

function doneText(t: T, done: Extract<TenderResult, { ok: true }>): string | null {
  const title = done.title ?? "";
  switch (done.intent) {
    case "tender.update":
      return t("record.saved");
    case "tender.setStatus":
      return t(done.lotsFollowed ? "tender.status.changedWithLots" : "tender.status.changed", { status: t(`code.${done.status}`), count: done.lotsFollowed ?? 0 });
    case "lot.add":
      return t("lot.added", { title });
    case "lot.restore":
      return t("lot.restored", { title });
    case "lot.update":
      return t("lot.updated", { title });
    case "lot.setStatus":
      return t("lot.status.changed", { title, status: t(`code.${done.status}`) });
    case "lot.remove":
      return t("lot.removed", { title });
    case "lot.participate":
      return t(done.participating ? "lot.joined" : "lot.left", { title });
    case "milestone.add":
      return t("milestone.added", { title });
    case "milestone.restore":
      return t("milestone.restored", { title });
    case "milestone.update":
      return t("milestone.updated", { title });
    case "milestone.remove":
      return t("milestone.removed", { title });
    default:
      return null;
  }
}
