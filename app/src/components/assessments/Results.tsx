import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { BarChart } from "~/components/charts/BarChart";
import { formatPoints, formatShare, shareOf, totalRange } from "~/lib/assessments";
import { useLocale, useT } from "~/i18n/use-t";
import type { Assessment } from "./types";

/**
 * The outcome: per scenario the weighted total (the mean of the participants' totals), its share
 * of the maximum, the spread between participants and each participant's total; the leader is
 * highlighted. A bar chart shows the same as percentages of the maximum.
 */
export function Results({ assessment, codes }: { assessment: Assessment; codes: ReadonlyMap<string, string> }) {
  const t = useT();
  const locale = useLocale();
  const { results } = assessment;
  const leader = results.scenarios.find((s) => s.id === results.leader);
  const anyIncomplete = results.scenarios.some((s) => s.perParticipant.some((p) => p.total !== null && !p.complete));
  const points = (n: number | null) => formatPoints(n, locale);
  const chartSummary = leader
    ? t("assessments.results.chartLeader", { title: leader.title, share: formatShare(leader.percentage, locale) })
    : t("assessments.results.chartNoLeader");
  return (
    <section className="rt-card rt-stack" aria-labelledby="results-heading" id="uitkomst">
      <Heading level={2} appearance="utrecht-heading-3" id="results-heading">
        {t("assessments.results.title")}
      </Heading>
      <Paragraph className="rt-muted rt-tight">{t("assessments.results.intro", { maximum: points(results.maximum) })}</Paragraph>
      <p className="rt-assess-leader" data-testid="assessment-leader">
        {leader ? t("assessments.results.leader", { title: leader.title, total: points(leader.total), share: formatShare(leader.percentage, locale) }) : t("assessments.results.noLeader")}
      </p>
      <div className="rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-table--numbers rt-assess-results">
          <TableCaption className="rt-visually-hidden">{t("assessments.results.caption")}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("assessments.results.scenario")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("assessments.results.total")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("assessments.results.share")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("assessments.results.spread")}
              </TableHeaderCell>
              {assessment.participants.map((p) => (
                <TableHeaderCell scope="col" className="rt-num rt-assess-results__participant" key={p.id}>
                  <span className="rt-block">{p.name}</span>
                  {codes.get(p.id) && codes.get(p.id) !== p.name && (
                    <span className="rt-block rt-small rt-muted" aria-hidden="true">
                      {codes.get(p.id)}
                    </span>
                  )}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {results.scenarios.map((s) => {
              const isLeader = s.id === results.leader;
              return (
                <TableRow key={s.id} className={isLeader ? "rt-assess-results__leader" : undefined} data-testid={`result-${s.id}`}>
                  <TableHeaderCell scope="row">
                    {s.title}
                    {isLeader && <span className="rt-badge">{t("assessments.results.leaderBadge")}</span>}
                  </TableHeaderCell>
                  <TableCell className="rt-num rt-assess-results__total">{points(s.total)}</TableCell>
                  <TableCell className="rt-num">{formatShare(s.percentage, locale)}</TableCell>
                  <TableCell className="rt-num">{points(s.spread)}</TableCell>
                  {s.perParticipant.map((p) => (
                    <TableCell className="rt-num" key={p.participantId}>
                      {points(p.total)}
                      {p.total !== null && !p.complete && (
                        <>
                          <span aria-hidden="true">*</span>
                          <span className="rt-visually-hidden"> ({t("assessments.results.incomplete")})</span>
                        </>
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {anyIncomplete && <p className="rt-small rt-muted">* {t("assessments.results.incompleteNote")}</p>}
      <div className="rt-assess-chart">
        <BarChart
        label={`${t("assessments.results.chartLabel")} ${chartSummary}`}
        max={100}
        format={(n) => formatShare(n, locale)}
        series={[
          { key: "mean", label: t("assessments.results.series.mean"), tone: 1 },
          { key: "low", label: t("assessments.results.series.low"), tone: 2 },
          { key: "high", label: t("assessments.results.series.high"), tone: 3 },
        ]}
        groups={results.scenarios.map((s) => {
          const range = totalRange(s.perParticipant);
          return {
            key: s.id,
            label: s.title,
            values: { mean: s.percentage, low: shareOf(range?.low, results.maximum), high: shareOf(range?.high, results.maximum) },
          };
        })}
        />
      </div>
    </section>
  );
}
