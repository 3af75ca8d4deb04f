import type { Locale, SOCIAL_DOMAINS } from "@regiotafel/domain";
import { numberText } from "./format";
import { parseNumber } from "./staffing";

// Market analysis figures (marktanalyse): the form's fields and how they are read and shown.

/** The fields of a market figure's form (the lot is kept as it is: it is linked from the tender's page). */
export const FIGURE_FIELDS = ["label", "domain", "year", "spend", "providers", "clients", "top3Share", "top10Share", "lotId"] as const;

/** A figure's fields as typed (strings), so a refused form shows exactly what the user entered. */
export type FigureValues = Record<(typeof FIGURE_FIELDS)[number], string>;

/** The input of market.add/update from a figure's form. */
export function figureInput(values: FigureValues) {
  const optional = (text: string, kind: "decimal" | "amount" = "decimal") => parseNumber(text, kind);
  return {
    lotId: values.lotId || null,
    label: values.label,
    domain: (values.domain || null) as (typeof SOCIAL_DOMAINS)[number] | null, // checked by the procedure
    year: parseNumber(values.year) ?? NaN,
    spend: parseNumber(values.spend, "amount") ?? NaN,
    providers: optional(values.providers, "amount"),
    clients: optional(values.clients, "amount"),
    top3Share: optional(values.top3Share),
    top10Share: optional(values.top10Share),
  };
}

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
