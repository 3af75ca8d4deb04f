import type { CSSProperties } from "react";
import { barPercent, chartScale } from "~/lib/staffing";

export interface BarSeries {
  key: string;
  label: string;
  /** Colour (and pattern) from the stylesheet: --rt-chart-1 … --rt-chart-3. */
  tone: 1 | 2 | 3;
}

export interface BarGroup {
  key: string;
  label: string;
  /** A value per series key; null or missing: unknown (no bar, a dash). */
  values: Readonly<Record<string, number | null | undefined>>;
}

interface BarChartProps {
  /**
   * What the chart shows, read out instead of the bars (role="img"): what is compared, the
   * main finding, and where the same figures are in a table.
   */
  label: string;
  series: readonly BarSeries[];
  groups: readonly BarGroup[];
  format: (value: number) => string;
  /** The end of the value axis (e.g. 100 for percentages); by default a round number above the largest value. */
  max?: number;
  /** Shown for a missing value. */
  unknown?: string;
}

/**
 * A horizontal bar chart in HTML and CSS: one row per group with a bar per series, a legend and
 * a value axis. The whole chart is one image for assistive technology (role="img" with a
 * summary); the page's table holds the figures themselves. Colours come from CSS custom
 * properties, and the second series is hatched, so the bars differ without colour too.
 */
export function BarChart({ label, series, groups, format, max, unknown = "—" }: BarChartProps) {
  const scale = max ? { max, ticks: [0, 0.25, 0.5, 0.75, 1].map((f) => f * max) } : chartScale(groups.flatMap((g) => series.map((s) => g.values[s.key])));
  const style = { "--rt-chart-steps": scale.ticks.length - 1 } as CSSProperties;
  return (
    <div className="rt-chart" role="img" aria-label={label} style={style}>
      {series.length > 1 && (
        <ul className="rt-chart__legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className={`rt-chart__swatch rt-chart__bar--${s.tone}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <div className="rt-chart__rows">
        {groups.map((group) => (
          <div key={group.key} className="rt-chart__row">
            <div className="rt-chart__label">{group.label}</div>
            <div className="rt-chart__bars">
              {series.map((s) => {
                const value = group.values[s.key];
                const known = typeof value === "number" && Number.isFinite(value);
                const percent = barPercent(value, scale.max);
                return (
                  <div key={s.key} className="rt-chart__track" style={{ "--rt-bar": `${percent}%` } as CSSProperties}>
                    <span className={`rt-chart__bar rt-chart__bar--${s.tone}`} />
                    <span className="rt-chart__value">{known ? format(value) : unknown}</span>
                  </div>
                );
              })}
            </div>
          </div>
        ))}
      </div>
      <div className="rt-chart__axis">
        <div className="rt-chart__label" />
        <div className="rt-chart__ticks">
          {scale.ticks.map((tick) => (
            <span key={tick} className="rt-chart__tick" style={{ "--rt-tick": `${barPercent(tick, scale.max)}%` } as CSSProperties}>
              {format(tick)}
            </span>
          ))}
        </div>
      </div>
    </div>
  );
}
