import { statusPhase, type TenderStatus } from "@regiotafel/domain";
import type { T } from "~/i18n/use-t";
import type { Phase } from "~/lib/tenders";

/** Select options for a list of vocabulary codes, labelled with their `code.<CODE>` texts. */
export function codeOptions(t: T, codes: readonly string[]): { value: string; label: string }[] {
  return codes.map((code) => ({ value: code, label: t(`code.${code}`) }));
}

/** The name of a phase of the tender lifecycle. */
export function phaseLabel(t: T, phase: Phase): string {
  switch (phase) {
    case "preparation":
      return t("tenders.phase.preparation");
    case "procurement":
      return t("tenders.phase.procurement");
    case "award":
      return t("tenders.phase.award");
    case "contract":
      return t("tenders.phase.contract");
    default:
      return t("tenders.phase.closed");
  }
}

/** A tender's or lot's status, coloured by its phase (the phase is also in the text for screen readers). */
export function StatusBadge({ status, t }: { status: TenderStatus; t: T }) {
  const phase = statusPhase(status);
  return (
    <span className={`rt-badge rt-badge--phase rt-badge--${phase}`} title={phaseLabel(t, phase)}>
      {t(`code.${status}`)}
      <span className="rt-visually-hidden"> ({phaseLabel(t, phase)})</span>
    </span>
  );
}
