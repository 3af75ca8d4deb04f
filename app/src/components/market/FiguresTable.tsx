import { Link } from "@remix-run/react";
import { Heading, Table, TableBody, TableCaption, TableCell, TableFooter, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { ActionsHeaderCell } from "~/components/records/ActionsHeaderCell";
import { Empty } from "~/components/records/Empty";
import { useSubmitting } from "~/components/records/outcome";
import { EditLink, RemoveButton } from "~/components/records/RemoveControl";
import { usePostTarget, useRowEditing } from "~/components/records/RowEditForm";
import { formatEuros, formatNumber, formatPercent } from "~/lib/staffing";
import { useWorkspace } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { EditFigureForm } from "./FigureForms";
import { domainLabel, figureAnchor, useMarketOutcome, type Figure, type Market, type MarketResult } from "./market-page";

/** The year's figures with totals; editors edit a figure in its row and remove it (undo is offered). */
export function FiguresTable({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const result = useMarketOutcome();
  // The actions column when the member may change any figure shown (each figure says whether it may).
  const anyEditable = market.figures.some((f) => f.canEdit);
  const columns = anyEditable ? 9 : 8;
  return (
    <section className="rt-card rt-stack" aria-labelledby="figures-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="figures-heading">
        {t("market.figures.title", { year: market.year ?? "" })}
      </Heading>
      <div className="rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-table--numbers rt-table--market">
          <TableCaption className="rt-visually-hidden">{t("market.figures.caption", { year: market.year ?? "" })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("market.col.label")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("market.col.domain")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("market.col.lot")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.spend")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.providers")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.clients")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.top3")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.top10")}
              </TableHeaderCell>
              {anyEditable && <ActionsHeaderCell label={t("market.col.actions")} />}
            </TableRow>
          </TableHeader>
          <TableBody>
            {market.figures.map((figure) => (
              <FigureRow
                key={figure.id}
                figure={figure}
                canEdit={figure.canEdit}
                actionsColumn={anyEditable}
                columns={columns}
                result={result && result.figureId === figure.id && result.intent !== "undo" ? result : undefined}
              />
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableHeaderCell scope="row" colSpan={3}>
                {t("market.total")}
              </TableHeaderCell>
              <TableCell className="rt-num rt-nowrap">{formatEuros(market.totals.reduce((n, d) => n + d.spend, 0), locale)}</TableCell>
              <TableCell />
              <TableCell className="rt-num">{formatNumber(market.totals.reduce((n, d) => n + d.clients, 0), locale)}</TableCell>
              <TableCell colSpan={anyEditable ? 3 : 2} />
            </TableRow>
          </TableFooter>
        </Table>
      </div>
    </section>
  );
}

function FigureRow({ figure, canEdit, actionsColumn, columns, result }: { figure: Figure; canEdit: boolean; actionsColumn: boolean; columns: number; result: MarketResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const failedUpdate = result && !result.ok && result.intent === "update" ? result : undefined;
  const row = useRowEditing(figure.id, figureAnchor(figure.id), { canEdit, refused: failedUpdate !== undefined, saved: result?.ok === true });
  const postTo = usePostTarget("cijfers");
  const removing = useSubmitting({ intent: "remove", figureId: figure.id });

  if (row.editing) {
    return (
      <TableRow id={figureAnchor(figure.id)} className="rt-row--editing">
        <TableCell colSpan={columns}>
          <EditFigureForm figure={figure} result={failedUpdate} cancelTo={row.cancelTo} />
        </TableCell>
      </TableRow>
    );
  }
  const share = (n: number | null) => (n === null ? <Empty /> : formatPercent(n, locale));
  const count = (n: number | null) => (n === null ? <Empty /> : formatNumber(n, locale));
  return (
    <TableRow id={figureAnchor(figure.id)}>
      <TableHeaderCell scope="row">{figure.label}</TableHeaderCell>
      <TableCell>{domainLabel(t, figure.domain)}</TableCell>
      <TableCell>
        {figure.lot ? (
          <Link className="utrecht-link" to={`/w/${overview.slug}/aanbestedingen/${figure.lot.tenderId}`}>
            {figure.lot.title}
          </Link>
        ) : (
          <Empty />
        )}
      </TableCell>
      <TableCell className="rt-num rt-nowrap">{formatEuros(figure.spend, locale)}</TableCell>
      <TableCell className="rt-num">{count(figure.providers)}</TableCell>
      <TableCell className="rt-num">{count(figure.clients)}</TableCell>
      <TableCell className="rt-num">{share(figure.top3Share)}</TableCell>
      <TableCell className="rt-num">{share(figure.top10Share)}</TableCell>
      {actionsColumn && !canEdit && <TableCell />}
      {canEdit && (
        <TableCell className="rt-actions-cell">
          <div className="rt-actions rt-actions--end">
            <EditLink ref={row.editLinkRef} to={row.editTo} replace name={figure.label} />
            <RemoveButton
              action={postTo}
              fields={{ intent: "remove", figureId: figure.id, year: figure.year }}
              name={figure.label}
              busy={removing}
              error={result && !result.ok && result.intent === "remove" ? result.error.message : null}
            />
          </div>
        </TableCell>
      )}
    </TableRow>
  );
}
