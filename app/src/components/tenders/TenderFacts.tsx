import type { ReactNode } from "react";
import type { Locale } from "@regiotafel/domain";
import type { T } from "~/i18n/use-t";
import { formatDate, formatEuro, formatPercentage, NONE, type TenderTerms } from "~/lib/tenders";

export interface TenderFactsData extends TenderTerms {
  procuringEntity: { name: string };
  ownerRegion: string | null;
  participants: { id: string; name: string }[];
  segments: { id: string; name: string }[];
}

/** The facts of a tender as a description list. */
export function TenderFacts({ tender, t, locale }: { tender: TenderFactsData; t: T; locale: Locale }) {
  const sroi =
    tender.sroiPercentage === null
      ? NONE
      : tender.sroiThreshold === null
        ? formatPercentage(tender.sroiPercentage, locale)
        : t("tender.sroi", { percentage: formatPercentage(tender.sroiPercentage, locale), threshold: formatEuro(tender.sroiThreshold, locale) });
  const term = tender.contractStart || tender.contractEnd ? t("tender.term", { start: formatDate(tender.contractStart, locale), end: formatDate(tender.contractEnd, locale) }) : NONE;
  const facts: [string, ReactNode][] = [
    [t("tender.field.domain"), t(`code.${tender.domain}`)],
    [t("tender.field.level"), t(`code.${tender.level}`)],
    [t("tender.field.procedure"), t(`code.${tender.procedure}`)],
    [t("tender.field.procuringEntity"), tender.procuringEntity.name],
    [t("tender.field.ownerRegion"), tender.ownerRegion ?? t("tenders.wholeWorkspace")],
    [t("tender.field.participants"), tender.participants.length ? tender.participants.map((p) => p.name).join(", ") : t("tender.noParticipants")],
    [t("tender.contract"), term],
    [t("tender.field.extensionOptions"), tender.extensionOptions || NONE],
    [t("tender.field.estimatedValue"), formatEuro(tender.estimatedValue, locale)],
    [t("tender.sroiLabel"), sroi],
    [t("tender.field.fundingModel"), tender.fundingModel ? t(`code.${tender.fundingModel}`) : NONE],
  ];
  if (tender.segments.length) facts.push([t("tender.segments"), tender.segments.map((s) => s.name).join(", ")]);
  return (
    <dl className="rt-fact-list">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
