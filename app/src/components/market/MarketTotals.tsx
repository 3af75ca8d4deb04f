import { Heading, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { Empty } from "~/components/records/Empty";
import { formatEuros, formatNumber, formatPercent } from "~/lib/staffing";
import { useLocale, useT } from "~/i18n/use-t";
import { domainLabel, type Market } from "./market-page";

/** The year's spend, share and clients per domain. */
export function MarketTotals({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const spend = market.totals.reduce((n, d) => n + d.spend, 0);
  return (
    <section className="rt-card rt-stack" aria-labelledby="totals-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="totals-heading">
        {t("market.totals.title", { year: market.year ?? "" })}
      </Heading>
      <div className="rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-table--numbers">
          <TableCaption className="rt-visually-hidden">{t("market.totals.caption", { year: market.year ?? "" })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("market.col.domain")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.lines")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.spend")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.share")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.clients")}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {market.totals.map((d) => (
              <TableRow key={d.domain}>
                <TableHeaderCell scope="row">{domainLabel(t, d.domain)}</TableHeaderCell>
                <TableCell className="rt-num">{d.lots}</TableCell>
                <TableCell className="rt-num rt-nowrap">{formatEuros(d.spend, locale)}</TableCell>
                <TableCell className="rt-num">{spend > 0 ? formatPercent((d.spend / spend) * 100, locale) : <Empty />}</TableCell>
                <TableCell className="rt-num">{formatNumber(d.clients, locale)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
