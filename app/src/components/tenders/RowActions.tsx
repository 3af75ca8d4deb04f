import { useSearchParams } from "@remix-run/react";
import { useSubmitting } from "~/components/records/outcome";
import { EditLink, RemoveControl } from "~/components/records/RemoveControl";
import { useT, type T } from "~/i18n/use-t";
import { EDIT_LOT, EDIT_MILESTONE, REMOVE_LOT, REMOVE_MILESTONE, useTenderUrl, type Tender } from "./tender-page";

const KINDS = {
  lot: {
    edit: EDIT_LOT,
    remove: REMOVE_LOT,
    idField: "lotId",
    texts: (t: T, title: string) => ({ editLabel: t("lot.edit.label", { title }), removeLabel: t("lot.remove.label", { title }), question: t("lot.remove.confirm", { title }) }),
  },
  milestone: {
    edit: EDIT_MILESTONE,
    remove: REMOVE_MILESTONE,
    idField: "milestoneId",
    texts: (t: T, title: string) => ({
      editLabel: t("milestone.edit.label", { title }),
      removeLabel: t("milestone.remove.label", { title }),
      question: t("milestone.remove.confirm", { title }),
    }),
  },
} as const;

/**
 * Editors' actions in a lot's or milestone's row: "Wijzigen" opens its edit panel below the
 * table (#lot-edit, #milestone-edit), "Verwijderen" removes it in two steps; each only when the
 * member may (`canEdit`, `canRemove`). `removeDetails` says under the question what removal
 * takes along. `className` is the row's wrapper of the links.
 */
export function RowActions(props: {
  kind: keyof typeof KINDS;
  record: { id: string; title: string };
  tender: Tender;
  className: string;
  canEdit?: boolean;
  canRemove?: boolean;
  removeDetails?: string | null;
}) {
  const { kind, record, tender, className, canEdit = true, canRemove = true, removeDetails } = props;
  const t = useT();
  const [params] = useSearchParams();
  const target = useTenderUrl(tender);
  const { edit, remove, idField, texts } = KINDS[kind];
  const { editLabel, removeLabel, question } = texts(t, record.title);
  const removing = useSubmitting({ intent: `${kind}.remove`, [idField]: record.id });
  const row = `${kind}-${record.id}`;
  const editLink = canEdit && <EditLink to={`?${edit}=${record.id}#${kind}-edit`} label={editLabel} />;
  if (!canRemove) return <span className={className}>{editLink}</span>;
  return (
    <RemoveControl
      confirming={params.get(remove) === record.id}
      to={`?${remove}=${record.id}#${row}`}
      label={removeLabel}
      questionId={`confirm-${row}`}
      question={question}
      action={target}
      fields={{ intent: `${kind}.remove`, [idField]: record.id }}
      yesLabel={t("tender.removeYes")}
      busy={removing}
      cancelTo={`?#${row}`}
      details={removeDetails}
      wrap={(removeLink) => (
        <span className={className}>
          {editLink}
          {removeLink}
        </span>
      )}
    />
  );
}
