import { Heading, Paragraph, Table, TableBody, TableCaption, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { formatPoints, scoreLookup } from "~/lib/assessments";
import { useLocale, useT } from "~/i18n/use-t";
import { ScoreCell } from "./ScoreCell";
import type { Assessment } from "./types";

/**
 * The scoring matrix: a row per criterion (with its weight), a column per scenario. In each cell
 * the own organisation's score form (while the user may score) and the other participants'
 * scores, which appear live.
 */
export function Matrix({ assessment }: { assessment: Assessment }) {
  const t = useT();
  const locale = useLocale();
  const lookup = scoreLookup(assessment.scores);
  const mine = assessment.participants.find((p) => p.id === assessment.myParticipantId) ?? null;
  return (
    <section className="rt-card rt-stack" aria-labelledby="matrix-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="matrix-heading">
        {t("assessments.matrix.title")}
      </Heading>
      <Paragraph className="rt-muted rt-tight">{t(mine ? "assessments.matrix.introScoring" : "assessments.matrix.intro")}</Paragraph>
      <Paragraph className="rt-small rt-tight" id="score-scale">
        {t("help.scoreScale")}
      </Paragraph>
      <Legend assessment={assessment} />
      {assessment.scenarios.some((s) => s.description) && (
        <details className="rt-disclosure">
          <summary className="rt-disclosure__summary">{t("assessments.matrix.scenarios")}</summary>
          <dl className="rt-disclosure__body rt-assess-descriptions">
            {assessment.scenarios.map((s) => (
              <div key={s.id}>
                <dt>{s.title}</dt>
                <dd>{s.description || t("common.none")}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      <div className="rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-assess-matrix">
          <TableCaption className="rt-visually-hidden">{t("assessments.matrix.caption", { title: assessment.title })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("assessments.matrix.criterion")}</TableHeaderCell>
              {assessment.scenarios.map((s) => (
                <TableHeaderCell scope="col" key={s.id} className="rt-assess-matrix__scenario">
                  {s.title}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {assessment.criteria.map((c) => (
              <TableRow key={c.id}>
                <TableHeaderCell scope="row" className="rt-assess-matrix__criterion">
                  <span className="rt-block">{c.title}</span>
                  <span className="rt-block rt-small rt-muted">{t("assessments.weight", { weight: formatPoints(c.weight, locale) })}</span>
                  {c.description && <span className="rt-block rt-small rt-muted rt-assess-matrix__description">{c.description}</span>}
                </TableHeaderCell>
                {assessment.scenarios.map((s) => (
                  <ScoreCell key={s.id} scenario={s} criterion={c} scores={lookup.cell(s.id, c.id)} participants={assessment.participants} mine={mine} />
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

/** The participants, and how far each has scored. */
function Legend({ assessment }: { assessment: Assessment }) {
  const t = useT();
  const lookup = scoreLookup(assessment.scores);
  const cells = assessment.scenarios.length * assessment.criteria.length;
  return (
    <div className="rt-assess-legend">
      <p className="rt-small rt-muted" id="legend-heading">
        {t("assessments.participants")}
      </p>
      <ul aria-labelledby="legend-heading">
        {assessment.participants.map((p) => (
          <li key={p.id} className={p.id === assessment.myParticipantId ? "rt-assess-legend__own" : undefined}>
            {p.name}
            {p.id === assessment.myParticipantId && <span className="rt-badge rt-badge--quiet">{t("assessments.you")}</span>}{" "}
            <span className="rt-small rt-muted">{t("assessments.cellsScored", { scored: lookup.countFor(p.id), total: cells })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
