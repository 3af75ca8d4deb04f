import type { Locale } from "@regiotafel/domain";
import { numberText } from "./format";

// Market analysis figures (marktanalyse): the form's fields and how they are read and shown.

/** The fields of a market figure's form (the lot is kept as it is: it is linked from the tender's page). */
export const FIGURE_FIELDS = ["label", "domain", "year", "spend", "providers", "clients", "top3Share", "top10Share", "lotId"] as const;

/** A figure's fields as typed (strings), so a refused form shows exactly what the user entered. */
export type FigureValues = Record<(typeof FIGURE_FIELDS)[number], string>;

/** A stored figure as its form shows it (numbers in the user's notation), to compare with what the user typed. */
export function figureValues(
  figure: { label: string; domain: string | null; year: number; spend: number; providers: number | null; clients: number | null; top3Share: number | null; top10Share: number | null; lotId: string | null },
  locale: Locale,
): FigureValues {
  return {
    label: figure.label,
    domain: figure.domain ?? "",
    year: String(figure.year),
    spend: numberText(figure.spend, locale),
    providers: numberText(figure.providers, locale),
    clients: numberText(figure.clients, locale),
    top3Share: numberText(figure.top3Share, locale),
    top10Share: numberText(figure.top10Share, locale),
    lotId: figure.lotId ?? "",
  };
}
