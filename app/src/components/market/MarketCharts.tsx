import { Heading, Paragraph } from "@utrecht/component-library-react";
import { BarChart } from "~/components/charts/BarChart";
import { formatEuros, formatEurosShort, formatPercent } from "~/lib/staffing";
import { useLocale, useT } from "~/i18n/use-t";
import { domainLabel, type Figure, type Market } from "./market-page";

/** The year's spend per figure and, where known, how concentrated each market is. */
export function MarketCharts({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const bySpend = [...market.figures].sort((a, b) => b.spend - a.spend);
  const largest = bySpend[0]!;
  const total = market.totals.reduce((n, d) => n + d.spend, 0);
  const concentrated = market.figures.filter((f) => f.top3Share !== null || f.top10Share !== null).sort((a, b) => (b.top3Share ?? 0) - (a.top3Share ?? 0));
  const euros = (n: number) => formatEurosShort(n, locale);
  const percent = (n: number) => formatPercent(n, locale);
  const year = market.year ?? "";
  // The same description in two domains (e.g. "Persoonlijke verzorging") gets its domain added.
  const seen = new Map<string, number>();
  for (const f of market.figures) seen.set(f.label, (seen.get(f.label) ?? 0) + 1);
  const name = (f: Figure) => ((seen.get(f.label) ?? 0) > 1 ? `${f.label} (${domainLabel(t, f.domain)})` : f.label);
  return (
    <section className="rt-card rt-stack" aria-labelledby="charts-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="charts-heading">
        {t("market.charts.title", { year })}
      </Heading>
      <div className="rt-charts">
        <figure className="rt-stack rt-figure" aria-labelledby="spend-chart-heading">
          <figcaption>
            <Heading level={3} appearance="utrecht-heading-4" id="spend-chart-heading">
              {t("market.chart.spend.title")}
            </Heading>
          </figcaption>
          <BarChart
            label={t("market.chart.spend.summary", {
              year,
              count: bySpend.length,
              label: name(largest),
              amount: formatEuros(largest.spend, locale),
              total: formatEuros(total, locale),
            })}
            format={euros}
            series={[{ key: "spend", label: t("market.col.spend"), tone: 1 }]}
            groups={bySpend.map((f) => ({ key: f.id, label: name(f), values: { spend: f.spend } }))}
          />
        </figure>
        {concentrated.length > 0 && (
          <figure className="rt-stack rt-figure" aria-labelledby="concentration-chart-heading">
            <figcaption>
              <Heading level={3} appearance="utrecht-heading-4" id="concentration-chart-heading">
                {t("market.chart.concentration.title")}
              </Heading>
              <Paragraph className="rt-muted rt-small rt-tight">{t("market.chart.concentration.intro")}</Paragraph>
            </figcaption>
            <BarChart
              label={t("market.chart.concentration.summary", {
                year,
                count: concentrated.length,
                label: name(concentrated[0]!),
                share: concentrated[0]!.top3Share === null ? t("common.none") : percent(concentrated[0]!.top3Share),
              })}
              format={percent}
              max={100}
              series={[
                { key: "top3", label: t("market.col.top3"), tone: 1 },
                { key: "top10", label: t("market.col.top10"), tone: 2 },
              ]}
              groups={concentrated.map((f) => ({ key: f.id, label: name(f), values: { top3: f.top3Share, top10: f.top10Share } }))}
            />
          </figure>
        )}
      </div>
    </section>
  );
}
