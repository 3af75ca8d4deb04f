import { useSearchParams } from "@remix-run/react";
import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { ActionsHeaderCell } from "~/components/records/ActionsHeaderCell";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { formatDate, isOverdue } from "~/lib/tenders";
import { useLocale, useT } from "~/i18n/use-t";
import { AddMilestone, EditMilestone } from "./MilestoneEdit";
import { RowActions } from "./RowActions";
import { EDIT_MILESTONE, failedFor, useTenderOutcome, type Tender } from "./tender-page";

/** The tender's milestones by date, overdue ones marked; editors edit, remove and add them. */
export function MilestonesSection({ tender, today }: { tender: Tender; today: string }) {
  const t = useT();
  const locale = useLocale();
  const result = useTenderOutcome();
  const [params] = useSearchParams();
  const failedRow = failedFor(result, ["milestone.remove"]);
  const editId = failedFor(result, ["milestone.update"])?.milestoneId || params.get(EDIT_MILESTONE);
  const editing = tender.milestones.find((m) => m.id === editId);
  const lotTitle = new Map(tender.lots.map((l) => [l.id, l.title]));
  return (
    <section className="rt-stack" aria-labelledby="milestones-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="milestones-heading">
        {t("milestones.heading")} <span className="rt-muted">({tender.milestones.length})</span>
      </Heading>
      <RefusalAlert stale={failedRow?.stale} formError={failedRow?.error.message} />
      {tender.milestones.length === 0 ? (
        <Paragraph className="rt-empty">{t("milestones.empty")}</Paragraph>
      ) : (
        <div className="rt-table-scroll" tabIndex={0}>
          <Table className="rt-table rt-table--milestones">
            <TableCaption className="rt-visually-hidden">{t("milestones.caption", { title: tender.title })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("milestones.col.due")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.title")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.type")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.lot")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.status")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.met")}</TableHeaderCell>
                {tender.canEdit && <ActionsHeaderCell label={t("lots.col.actions")} />}
              </TableRow>
            </TableHeader>
            <TableBody>
              {tender.milestones.map((m) => {
                const overdue = isOverdue(m, today);
                return (
                  <TableRow key={m.id} id={`milestone-${m.id}`} className={overdue ? "rt-row--overdue" : undefined}>
                    <TableCell className="rt-nowrap">{formatDate(m.dueDate, locale)}</TableCell>
                    <TableHeaderCell scope="row">
                      {m.title}
                      {m.description && <span className="rt-block rt-small rt-muted">{m.description}</span>}
                    </TableHeaderCell>
                    <TableCell>{t(`code.${m.type}`)}</TableCell>
                    <TableCell>{m.lotId ? (lotTitle.get(m.lotId) ?? "—") : t("milestone.wholeTender")}</TableCell>
                    <TableCell>
                      {t(`code.${m.status}`)}
                      {overdue && <span className="rt-badge rt-badge--overdue">{t("milestone.overdue")}</span>}
                    </TableCell>
                    <TableCell className="rt-nowrap">{formatDate(m.dateMet, locale)}</TableCell>
                    {tender.canEdit && (
                      <TableCell className="rt-actions-cell">
                        <RowActions kind="milestone" record={m} tender={tender} className="rt-inline-form" />
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {tender.canEdit && editing && <EditMilestone key={editing.id} milestone={editing} tender={tender} />}
      {tender.canEdit && <AddMilestone tender={tender} />}
    </section>
  );
}
