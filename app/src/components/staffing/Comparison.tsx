import { Form, Link, useSearchParams } from "@remix-run/react";
import { Button, Checkbox, FormLabel, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableFooter, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { BarChart } from "~/components/charts/BarChart";
import { SelectField } from "~/components/FormFields";
import { CsvLink } from "~/components/records/ExportLinks";
import { EDIT_PARAM } from "~/components/records/RowEditForm";
import { countText } from "~/lib/format";
import { ariaSort, comparisonQuery, filterRows, formatNumber, functionGaps, nextSort, sortParam, sortRows, sumRows, type ComparisonRow, type SortColumn } from "~/lib/staffing";
import { useWorkspace } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { COMPARISON_SECTION, unitAnchor, type Unit } from "./staffing-page";

/** Regions and municipalities compared: a sortable, filterable table and a chart of current, minimum and gap. */
export function Comparison({ rows, units = [] }: { rows: ComparisonRow[]; units?: readonly Unit[] }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const [params] = useSearchParams();
  const view = comparisonQuery(params, overview.regions);
  const shown = sortRows(filterRows(rows, view.filter), view.sort, locale);
  const total = sumRows(shown);
  const ownId = overview.regions.flatMap((r) => r.municipalities).find((m) => m.isOwn)?.id;
  const fte = (n: number) => formatNumber(n, locale);
  const linesOf = new Map(units.map((u) => [u.id, u.lines]));
  // What the gap is made of, per function ("1,5 fte contractmanager"), under the number.
  const gapDetail = (row: ComparisonRow) =>
    functionGaps(linesOf.get(row.id) ?? [])
      .map((g) => t("staffing.gap.part", { fte: fte(g.gap), function: g.function }))
      .join(", ");
  const filtered = view.filter.regionName !== null || view.filter.shortageOnly || view.filter.kind !== null;
  return (
    <section className="rt-card rt-stack rt-page-section" id={COMPARISON_SECTION} aria-labelledby="comparison-heading">
      <div className="rt-section-header">
        <Heading level={2} appearance="utrecht-heading-3" id="comparison-heading">
          {t("staffing.comparison.title")}
        </Heading>
        <CsvLink workspace={overview.slug} table="formatie-vergelijking" />
      </div>
      <Paragraph className="rt-muted rt-tight">{t("staffing.comparison.intro")}</Paragraph>
      <Form method="get" className="rt-filter" preventScrollReset aria-label={t("staffing.filter.label")}>
        {view.sort && <input type="hidden" name="sorteer" value={sortParam(view.sort)} />}
        <SelectField
          name="regio"
          idPrefix="filter-"
          label={t("staffing.filter.region")}
          defaultValue={view.regionSlug}
          key={`regio-${view.regionSlug}`}
          options={[{ value: "", label: t("staffing.filter.allRegions") }, ...overview.regions.map((r) => ({ value: r.slug, label: r.name }))]}
        />
        <SelectField
          name="soort"
          idPrefix="filter-"
          label={t("staffing.filter.kind")}
          defaultValue={view.kindParam}
          key={`soort-${view.kindParam}`}
          options={[
            { value: "", label: t("staffing.filter.allKinds") },
            { value: "regio", label: t("staffing.kind.region.plural") },
            { value: "gemeente", label: t("staffing.kind.municipality.plural") },
          ]}
        />
        <div className="rt-filter__check">
          <Checkbox id="filter-tekort" name="tekort" value="1" defaultChecked={view.filter.shortageOnly} key={`tekort-${view.filter.shortageOnly}`} />{" "}
          <FormLabel htmlFor="filter-tekort" type="checkbox">
            {t("staffing.filter.shortageOnly")}
          </FormLabel>
        </div>
        <Button type="submit" appearance="secondary-action-button">
          {t("staffing.filter.apply")}
        </Button>
        {filtered && (
          <Link className="utrecht-link" to={view.sort ? `?sorteer=${sortParam(view.sort)}` : "?"} preventScrollReset>
            {t("staffing.filter.reset")}
          </Link>
        )}
      </Form>
      <p className="rt-muted rt-small" role="status">
        {t("staffing.comparison.count", { shown: shown.length, total: rows.length })}
      </p>
      {shown.length === 0 ? (
        <Paragraph className="rt-empty">{t("staffing.comparison.empty")}</Paragraph>
      ) : (
        <>
          <div className="rt-table-scroll" tabIndex={0}>
            <Table className="rt-table rt-table--numbers" id="staffing-comparison">
              <TableCaption className="rt-visually-hidden">{t("staffing.comparison.caption")}</TableCaption>
              <TableHeader>
                <TableRow>
                  <SortHeader column="naam" label={t("staffing.col.unit")} />
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("staffing.col.functions")}
                  </TableHeaderCell>
                  <SortHeader column="huidig" label={t("staffing.col.current")} numeric />
                  <SortHeader column="minimaal" label={t("staffing.col.minimum")} numeric />
                  <SortHeader column="tekort" label={t("staffing.col.gap")} numeric />
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("staffing.col.employed")}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("staffing.col.hired")}
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {shown.map((row) => (
                  <TableRow key={`${row.kind}-${row.id}`} className={row.id === ownId ? "rt-row--own" : undefined}>
                    <TableHeaderCell scope="row">
                      <a className="utrecht-link" href={`#${unitAnchor(row.id)}`}>
                        {row.name}
                      </a>{" "}
                      {/* The region shows in the grouping and the region filter: only the region's own row names it. */}
                      <span className="rt-badge rt-badge--quiet">{t(`staffing.kind.${row.kind}`)}</span>
                    </TableHeaderCell>
                    <TableCell className="rt-num">{row.functions}</TableCell>
                    <TableCell className="rt-num">{fte(row.current)}</TableCell>
                    <TableCell className="rt-num">
                      <MinimumText minimum={row.minimum} undecided={row.undecided} />
                    </TableCell>
                    <TableCell className={row.gap > 0 ? "rt-num rt-gap" : "rt-num"}>
                      {fte(row.gap)}
                      {row.gap > 0 && gapDetail(row) && <span className="rt-gap-detail">{gapDetail(row)}</span>}
                    </TableCell>
                    <TableCell className="rt-num">{fte(row.employed)}</TableCell>
                    <TableCell className="rt-num">{fte(row.hired)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
              {shown.length > 1 && (
                <TableFooter>
                  <TableRow>
                    <TableHeaderCell scope="row">{t("staffing.total")}</TableHeaderCell>
                    <TableCell className="rt-num">{shown.reduce((n, r) => n + r.functions, 0)}</TableCell>
                    <TableCell className="rt-num">{fte(total.current)}</TableCell>
                    <TableCell className="rt-num">
                      <MinimumText minimum={total.minimum} undecided={total.undecided} />
                    </TableCell>
                    <TableCell className="rt-num">{fte(total.gap)}</TableCell>
                    <TableCell className="rt-num">{fte(total.employed)}</TableCell>
                    <TableCell className="rt-num">{fte(total.hired)}</TableCell>
                  </TableRow>
                </TableFooter>
              )}
            </Table>
          </div>
          <ComparisonChart rows={shown} gapDetail={gapDetail} />
        </>
      )}
    </section>
  );
}

/** "3,96" and, when some minimums are still to be decided, "+ 2 functies PM". */
function MinimumText({ minimum, undecided }: { minimum: number; undecided: number }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {formatNumber(minimum, locale)}
      {undecided > 0 && <span className="rt-block rt-muted rt-small rt-nowrap">{countText(t, locale, "staffing.pmCount", undecided)}</span>}
    </>
  );
}

/** A column header that sorts the table by its column: a link (works without JavaScript) and aria-sort. */
function SortHeader({ column, label, numeric = false }: { column: SortColumn; label: string; numeric?: boolean }) {
  const t = useT();
  const [params] = useSearchParams();
  const current = comparisonQuery(params, []).sort;
  const next = nextSort(current, column);
  const target = new URLSearchParams(params);
  target.set("sorteer", sortParam(next));
  target.delete(EDIT_PARAM);
  const state = ariaSort(current, column);
  return (
    <TableHeaderCell scope="col" aria-sort={state} className={numeric ? "rt-num" : undefined}>
      <Link className="utrecht-link rt-sort-link" to={`?${target}#staffing-comparison`} preventScrollReset replace>
        {label}
        <span className="rt-sort-link__arrow" aria-hidden="true">
          {state === "ascending" ? "▲" : state === "descending" ? "▼" : "↕"}
        </span>
        <span className="rt-visually-hidden"> ({t(next.direction === "ascending" ? "staffing.sort.ascending" : "staffing.sort.descending")})</span>
      </Link>
    </TableHeaderCell>
  );
}

function ComparisonChart({ rows, gapDetail }: { rows: ComparisonRow[]; gapDetail: (row: ComparisonRow) => string }) {
  const t = useT();
  const locale = useLocale();
  const withLines = rows.filter((r) => r.functions > 0);
  if (withLines.length === 0) return null;
  const largest = withLines.reduce((a, b) => (b.gap > a.gap ? b : a));
  const fte = (n: number) => formatNumber(n, locale);
  const summary = [
    t("staffing.chart.summary", { count: withLines.length }),
    largest.gap > 0
      ? gapDetail(largest)
        ? t("staffing.chart.largestGapDetail", { name: largest.name, detail: gapDetail(largest) })
        : t("staffing.chart.largestGap", { name: largest.name, gap: fte(largest.gap) })
      : t("staffing.chart.noGap"),
    t("staffing.chart.seeTable"),
  ].join(" ");
  return (
    <figure className="rt-stack rt-figure" aria-labelledby="staffing-chart-heading">
      <figcaption>
        <Heading level={3} appearance="utrecht-heading-4" id="staffing-chart-heading">
          {t("staffing.chart.title")}
        </Heading>
        {withLines.length < rows.length && <Paragraph className="rt-muted rt-small rt-tight">{t("staffing.chart.onlyWithLines")}</Paragraph>}
      </figcaption>
      <BarChart
        label={summary}
        format={fte}
        series={[
          { key: "current", label: t("staffing.col.current"), tone: 1 },
          { key: "minimum", label: t("staffing.col.minimum"), tone: 2 },
          { key: "gap", label: t("staffing.col.gap"), tone: 3 },
        ]}
        groups={withLines.map((r) => ({ key: `${r.kind}-${r.id}`, label: r.name, values: { current: r.current, minimum: r.minimum, gap: r.gap } }))}
      />
    </figure>
  );
}
