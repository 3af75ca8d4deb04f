import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import type { ChecklistContent, LotStructureContent, MatrixContent, MilestonePlanContent, SectionsContent, TemplateKind } from "@regiotafel/domain";
import { headingsNumbered, signedDays } from "~/lib/library";
import { providerRange } from "~/lib/tenders";
import { intlLocale } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";

/**
 * The structure of a template, readably: sections, the scenario matrix, the checklist, the
 * milestone plan (days after the start) or the lots with their provider ranges. Used by the
 * template page, the review queue and the publish preview, so all three show the same.
 * `label` names the tables (e.g. the template's title) for screen readers.
 */
export function TemplateContent({ kind, content, label }: { kind: TemplateKind; content: unknown; label: string }) {
  switch (kind) {
    case "STRATEGY_OUTLINE":
    case "PROJECT_ASSIGNMENT":
      return <Sections content={content as SectionsContent} label={label} />;
    case "SCENARIO_MATRIX":
      return <Matrix content={content as MatrixContent} label={label} />;
    case "NVO_CHECKLIST":
      return <Checklist content={content as ChecklistContent} label={label} />;
    case "MILESTONE_PLAN":
      return <MilestonePlan content={content as MilestonePlanContent} label={label} />;
    case "LOT_STRUCTURE":
      return <LotStructure content={content as LotStructureContent} label={label} />;
  }
}

function Sections({ content, label }: { content: SectionsContent; label: string }) {
  const t = useT();
  return (
    <ol className={headingsNumbered(content.sections) ? "rt-template-sections rt-template-sections--numbered" : "rt-template-sections"} aria-label={t("library.content.sections", { title: label })}>
      {content.sections.map((s, i) => (
        <li key={i}>
          <span className="rt-template-sections__heading">{s.heading}</span>
          {s.guidance && <span className="rt-template-sections__guidance">{s.guidance}</span>}
        </li>
      ))}
    </ol>
  );
}

function Matrix({ content, label }: { content: MatrixContent; label: string }) {
  const t = useT();
  const locale = useLocale();
  const weight = (w: number) => new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 }).format(w);
  const described = content.criteria.filter((c) => c.description);
  return (
    <div className="rt-stack">
      <div className="rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-table--matrix">
          <TableCaption className="rt-visually-hidden">{t("library.content.matrix", { title: label })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("library.content.scenario")}</TableHeaderCell>
              {content.criteria.map((c, i) => (
                <TableHeaderCell key={i} scope="col">
                  <span className="rt-block">{c.title}</span>
                  <span className="rt-block rt-muted rt-small">{t("library.content.weight", { weight: weight(c.weight) })}</span>
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {content.scenarios.map((s, i) => (
              <TableRow key={i}>
                <TableHeaderCell scope="row">
                  <span className="rt-block">{s.title}</span>
                  {s.description && <span className="rt-block rt-muted rt-small rt-template-normal">{s.description}</span>}
                </TableHeaderCell>
                {content.criteria.map((_, j) => (
                  <TableCell key={j} className="rt-template-score">
                    <span aria-hidden="true">1·3·5</span>
                    <span className="rt-visually-hidden">{t("library.content.toScore")}</span>
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {described.length > 0 && (
        <dl className="rt-template-criteria" aria-label={t("library.content.criteria")}>
          {described.map((c, i) => (
            <div key={i}>
              <dt>{c.title}</dt>
              <dd>{c.description}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function Checklist({ content, label }: { content: ChecklistContent; label: string }) {
  const t = useT();
  return (
    <ul className="rt-template-checklist" aria-label={t("library.content.checklist", { title: label })}>
      {content.items.map((item, i) => (
        <li key={i}>
          <span className="rt-template-checklist__box" aria-hidden="true" />
          <span>
            <span className="rt-block">{item.title}</span>
            {item.guidance && <span className="rt-block rt-muted rt-small">{item.guidance}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

function MilestonePlan({ content, label }: { content: MilestonePlanContent; label: string }) {
  const t = useT();
  return (
    <div className="rt-stack">
      <Paragraph className="rt-muted rt-small">{t("library.content.daysIntro")}</Paragraph>
      <div className="rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-table--compact">
          <TableCaption className="rt-visually-hidden">{t("library.content.milestones", { title: label })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("library.content.day")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("library.content.milestone")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("library.content.milestoneType")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {content.milestones.map((m, i) => {
              const days = signedDays(m.offsetDays);
              return (
                <TableRow key={i}>
                  <TableCell className="rt-nowrap">{days === null ? t("library.content.noDate") : t("library.content.dayOffset", { days })}</TableCell>
                  <TableHeaderCell scope="row">{m.title}</TableHeaderCell>
                  <TableCell>{t(`code.${m.type}`)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}

function LotStructure({ content, label }: { content: LotStructureContent; label: string }) {
  const t = useT();
  return (
    <div className="rt-stack">
      <dl className="rt-facts rt-template-facts">
        <div>
          <dt>{t("library.content.domain")}</dt>
          <dd>{t(`code.${content.domain}`)}</dd>
        </div>
        <div>
          <dt>{t("library.content.procedure")}</dt>
          <dd>{t(`code.${content.procedure}`)}</dd>
        </div>
      </dl>
      <div className="rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-table--compact">
          <TableCaption className="rt-visually-hidden">{t("library.content.lots", { title: label })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("library.content.segment")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("library.content.lot")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("library.content.regional")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("library.content.local")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("library.content.lotProcedure")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {content.lots.map((l, i) => (
              <TableRow key={i}>
                <TableCell>{l.segment || t("common.none")}</TableCell>
                <TableHeaderCell scope="row">{l.title}</TableHeaderCell>
                <TableCell className="rt-nowrap">{providerRange(l.regionalProvidersMin, l.regionalProvidersMax)}</TableCell>
                <TableCell className="rt-nowrap">{providerRange(l.localProvidersMin, l.localProvidersMax)}</TableCell>
                <TableCell>{l.procedureOverride ? t(`code.${l.procedureOverride}`) : t("library.content.sameProcedure")}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
