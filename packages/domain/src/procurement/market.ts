/** Share (0–100, one decimal) of the `n` largest amounts in the total: market concentration. */
export function topShare(amounts: readonly number[], n: number): number | null {
  const total = amounts.reduce((sum, a) => sum + a, 0);
  if (total <= 0 || amounts.length <= n) return null; // with n providers or fewer it says nothing
  const top = [...amounts].sort((a, b) => b - a).slice(0, n).reduce((sum, a) => sum + a, 0);
  return Math.round((top / total) * 1000) / 10;
}

export interface MarketFigureValues {
  domain: string | null;
  spend: number;
  providers: number | null;
  clients: number | null;
}

/** Totals per domain (Wmo, Jeugd, …) of a year's market figures. */
export function marketTotals(figures: readonly MarketFigureValues[]) {
  const byDomain = new Map<string, { spend: number; clients: number; lots: number }>();
  for (const f of figures) {
    const key = f.domain ?? "OVERIG";
    const t = byDomain.get(key) ?? { spend: 0, clients: 0, lots: 0 };
    t.spend += f.spend;
    t.clients += f.clients ?? 0;
    t.lots++;
    byDomain.set(key, t);
  }
  return [...byDomain.entries()].map(([domain, t]) => ({ domain, ...t, spend: Math.round(t.spend * 100) / 100 }));
}
