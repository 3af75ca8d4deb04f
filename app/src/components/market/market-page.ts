import type { useActionData, useLoaderData } from "@remix-run/react";
import { useOutcome } from "~/components/records/outcome";
import type { action, loader } from "~/routes/w.$workspace.marktanalyse";
import type { T } from "~/i18n/use-t";

// What the parts of the market analysis page (marktanalyse) share: its data, its action's outcome.

export type Market = ReturnType<typeof useLoaderData<typeof loader>>["market"];
export type Figure = Market["figures"][number];
export type MarketResult = NonNullable<ReturnType<typeof useActionData<typeof action>>>;
export type MarketFailure = Extract<MarketResult, { ok: false }>;

export const figureAnchor = (id: string) => `cijfer-${id}`;

/** The market page's last outcome (kept across live reloads, after the reloaded data; see OutcomeProvider). */
export function useMarketOutcome(): MarketResult | undefined {
  return useOutcome<MarketResult>();
}

/** A domain's name; figures without one count as "other". */
export function domainLabel(t: T, domain: string | null): string {
  return domain && domain !== "OVERIG" ? t(`code.${domain}`) : t("market.domain.none");
}
