import { Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { ActionsHeaderCell } from "~/components/records/ActionsHeaderCell";
import { useSubmitting } from "~/components/records/outcome";
import { EditLink, RemoveButton } from "~/components/records/RemoveControl";
import { usePostTarget, useRowEditing } from "~/components/records/RowEditForm";
import { formatNumber } from "~/lib/staffing";
import { useLocale, useT } from "~/i18n/use-t";
import { EditLineForm } from "./LineForms";
import { lineAnchor, unitAnchor, type Line, type StaffingResult, type Unit } from "./staffing-page";

/** A unit's staffing lines; editors edit a line in its row and remove it (undo is offered). */
export function LinesTable({ unit, result }: { unit: Unit; result: StaffingResult | undefined }) {
  const t = useT();
  const columns = unit.canEdit ? 6 : 5;
  return (
    <div className="rt-table-scroll" tabIndex={0}>
      <Table className="rt-table rt-table--numbers rt-table--lines">
        <TableCaption className="rt-visually-hidden">{t("staffing.lines.caption", { name: unit.name })}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("staffing.col.function")}</TableHeaderCell>
            <TableHeaderCell scope="col" className="rt-num">
              {t("staffing.col.current")}
            </TableHeaderCell>
            <TableHeaderCell scope="col" className="rt-num">
              {t("staffing.col.minimum")}
            </TableHeaderCell>
            <TableHeaderCell scope="col">{t("staffing.col.employment")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("staffing.col.notes")}</TableHeaderCell>
            {unit.canEdit && <ActionsHeaderCell label={t("staffing.col.actions")} />}
          </TableRow>
        </TableHeader>
        <TableBody>
          {unit.lines.map((line) => (
            <LineRow key={line.id} unit={unit} line={line} columns={columns} result={result?.lineId === line.id && result.intent !== "undo" ? result : undefined} />
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function LineRow({ unit, line, columns, result }: { unit: Unit; line: Line; columns: number; result: StaffingResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const failedUpdate = result && !result.ok && result.intent === "update" ? result : undefined;
  const row = useRowEditing(line.id, lineAnchor(line.id), { canEdit: unit.canEdit, refused: failedUpdate !== undefined, saved: result?.ok === true });
  const postTo = usePostTarget(unitAnchor(unit.id));
  const removing = useSubmitting({ intent: "remove", lineId: line.id });

  if (row.editing) {
    return (
      <TableRow id={lineAnchor(line.id)} className="rt-row--editing">
        <TableCell colSpan={columns}>
          <EditLineForm unit={unit} line={line} result={failedUpdate} cancelTo={row.cancelTo} />
        </TableCell>
      </TableRow>
    );
  }
  return (
    <TableRow id={lineAnchor(line.id)}>
      <TableHeaderCell scope="row">{line.function}</TableHeaderCell>
      <TableCell className="rt-num">{formatNumber(line.fteCurrent, locale)}</TableCell>
      <TableCell className="rt-num">{line.fteMinimum === null ? <Pm /> : formatNumber(line.fteMinimum, locale)}</TableCell>
      <TableCell>{t(`code.${line.employment}`)}</TableCell>
      <TableCell className="rt-break">{line.notes || <span className="rt-muted">{t("common.none")}</span>}</TableCell>
      {unit.canEdit && (
        <TableCell className="rt-actions-cell">
          <div className="rt-actions rt-actions--end">
            <EditLink ref={row.editLinkRef} to={row.editTo} replace name={line.function} />
            <RemoveButton
              action={postTo}
              fields={{ intent: "remove", unitId: unit.id, lineId: line.id }}
              name={line.function}
              busy={removing}
              error={result && !result.ok && result.intent === "remove" ? result.error.message : null}
            />
          </div>
        </TableCell>
      )}
    </TableRow>
  );
}

/** "PM", read out in full ("pro memorie: nog te bepalen"). */
function Pm() {
  const t = useT();
  return <abbr title={t("staffing.pm.long")}>{t("staffing.pm")}</abbr>;
}
