import type { Locale, marketFigureSchema } from "@regiotafel/domain";
import type { z } from "zod";
import type { FormTexts } from "./edit-merge";
import { numberText } from "./format";

// Market analysis figures (marktanalyse): how the form shows a figure.

/** A market figure's form: the texts of the contract's fields (the lot is kept as it is: it is linked from the tender's page). */
export type FigureFormValues = FormTexts<z.output<typeof marketFigureSchema>>;

/** A stored figure as its form shows it (numbers in the user's notation), to compare with what the user typed. */
export function figureValues(
  figure: { label: string; domain: string | null; year: number; spend: number; providers: number | null; clients: number | null; top3Share: number | null; top10Share: number | null; lotId: string | null },
  locale: Locale,
): FigureFormValues {
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
