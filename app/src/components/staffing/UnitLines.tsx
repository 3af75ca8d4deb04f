import { Heading, Paragraph } from "@utrecht/component-library-react";
import type { ReactNode } from "react";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { CsvLink } from "~/components/records/ExportLinks";
import { useSubmitting } from "~/components/records/outcome";
import { usePostTarget } from "~/components/records/RowEditForm";
import { UndoForm } from "~/components/records/UndoForm";
import { countText } from "~/lib/format";
import { formatNumber, gapText } from "~/lib/staffing";
import { useWorkspace, type WorkspaceOverview } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { AddLineForm } from "./LineForms";
import { LinesTable } from "./LinesTable";
import { LINES_SECTION, unitAnchor, useStaffingOutcome, type StaffingResult, type Unit } from "./staffing-page";

/** The units grouped per region as the list comes (the region's own staffing first), each with its section's id. */
export function regionGroups(units: Unit[], regions: WorkspaceOverview["regions"]): { id: string; regionName: string; units: Unit[] }[] {
  const groups = new Map<string, Unit[]>();
  for (const unit of units) groups.set(unit.regionName, [...(groups.get(unit.regionName) ?? []), unit]);
  return [...groups.entries()].map(([regionName, regionUnits], index) => {
    const slug = regions.find((r) => r.name === regionName)?.slug;
    return { id: `formatie-${slug ?? index + 1}`, regionName, units: regionUnits };
  });
}

/** Every region's and municipality's staffing lines, grouped per region as the list comes: the region's own staffing first, then its municipalities. */
export function UnitLines({ units }: { units: Unit[] }) {
  const t = useT();
  const overview = useWorkspace();
  return (
    <section className="rt-stack rt-page-section" id={LINES_SECTION} aria-labelledby="lines-heading">
      <div className="rt-section-header">
        <Heading level={2} appearance="utrecht-heading-3" id="lines-heading">
          {t("staffing.lines.title")}
        </Heading>
        <CsvLink workspace={overview.slug} table="formatie" />
      </div>
      <Paragraph className="rt-muted rt-tight">{t("staffing.lines.intro")}</Paragraph>
      {regionGroups(units, overview.regions).map(({ id, regionName, units: regionUnits }) => (
        <section key={regionName} className="rt-card rt-stack rt-page-section" id={id} aria-label={regionName}>
          <Heading level={3} appearance="utrecht-heading-4">{regionName}</Heading>
          {regionUnits.map((unit) => (
            <UnitSection key={unit.id} unit={unit} />
          ))}
        </section>
      ))}
    </section>
  );
}

/** One unit's lines in a disclosure (open when it has lines or just had an outcome), with the form to add one. */
function UnitSection({ unit }: { unit: Unit }) {
  const t = useT();
  const locale = useLocale();
  const result = useStaffingOutcome();
  const mine = result && result.unitId === unit.id ? result : undefined;
  const current = unit.lines.reduce((n, l) => n + l.fteCurrent, 0);
  const summary =
    unit.lines.length === 0
      ? t("staffing.unit.empty")
      : [countText(t, locale, "staffing.functionCount", unit.lines.length), t("staffing.unit.current", { fte: formatNumber(current, locale) }), gapText(t, locale, unit.lines)]
          .filter(Boolean)
          .join(" · ");
  return (
    <details className="rt-unit" id={unitAnchor(unit.id)} open={unit.lines.length > 0 || mine !== undefined}>
      <summary className="rt-unit__summary">
        <span className="rt-unit__name">{unit.name}</span> <span className="rt-badge rt-badge--quiet">{t(`staffing.kind.${unit.kind}`)}</span>{" "}
        <span className="rt-muted rt-small">{summary}</span>
      </summary>
      <div className="rt-stack rt-unit__body">
        <UnitFeedback unit={unit} result={mine} />
        {unit.lines.length > 0 && <LinesTable unit={unit} result={mine} />}
        {unit.canEdit && <AddLineForm unit={unit} result={mine?.intent === "add" ? mine : undefined} />}
      </div>
    </details>
  );
}

/** The outcome of the last change in this unit: saved, added, removed (with undo), restored; or why undo failed. */
function UnitFeedback({ unit, result }: { unit: Unit; result: StaffingResult | undefined }) {
  const t = useT();
  const postTo = usePostTarget(unitAnchor(unit.id));
  const busy = useSubmitting({ intent: "undo", unitId: unit.id });
  const done = result?.ok ? result : undefined;
  let message: ReactNode = null;
  if (done?.intent === "remove" && done.removed) {
    message = (
      <UndoForm
        message={t("staffing.line.removed", { function: done.name })}
        action={postTo}
        fields={{ intent: "undo", unitId: unit.id, unitKind: unit.kind, ...done.removed }}
        busy={busy}
        hint={t("staffing.line.undoHint", { function: done.name })}
      />
    );
  } else if (done?.intent === "undo") {
    message = t("staffing.line.restored", { function: done.name });
  } else if (done?.intent === "add") {
    message = t("staffing.line.added", { function: done.name });
  } else if (done?.intent === "update") {
    message = t("staffing.line.saved", { function: done.name });
  }
  const failed = result && !result.ok && (result.intent === "undo" || result.intent === "remove") ? result : undefined;
  return (
    <>
      <StatusMessage focusKey={done?.at}>{message}</StatusMessage>
      <ErrorAlert>{failed?.error.message}</ErrorAlert>
    </>
  );
}
