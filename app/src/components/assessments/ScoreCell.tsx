import { useFetcher } from "@remix-run/react";
import { useId, useState } from "react";
import { Button, FormLabel, TableCell, Textarea } from "@utrecht/component-library-react";
import { SCORES } from "@regiotafel/domain";
import { countText } from "~/lib/format";
import { errorMessages } from "~/lib/forms";
import { scoreValue } from "~/lib/assessments";
import { useLocale, useT } from "~/i18n/use-t";
import { cellFormKey, useAssessmentOutcome, type AssessmentResult, type Criterion, type Participant, type Scenario, type Score } from "./types";

interface CellProps {
  scenario: Scenario;
  criterion: Criterion;
  /** Every participant's score of this cell. */
  scores: readonly Score[];
  participants: readonly Participant[];
  /** The organisation the user scores for now, or null (the cell is read only). */
  mine: Participant | null;
}

/** One cell of the matrix: the own organisation's score form (if any) and everyone else's scores. */
export function ScoreCell({ scenario, criterion, scores, participants, mine }: CellProps) {
  const own = mine ? scores.find((s) => s.participantId === mine.id) : undefined;
  const others = mine ? scores.filter((s) => s.participantId !== mine.id) : scores;
  return (
    <TableCell className="rt-assess-cell">
      {mine && <OwnScore scenario={scenario} criterion={criterion} mine={mine} stored={own} />}
      <OtherScores scenario={scenario} criterion={criterion} scores={others} participants={participants} readOnly={!mine} />
    </TableCell>
  );
}

/**
 * The own organisation's score: three toggle buttons (1, 3, 5) that save at once, and a
 * rationale that is saved with the next score or with its own button. Each cell has its own
 * fetcher, so saving one cell keeps what is typed in the others; without JavaScript it is a
 * plain form and the page reloads.
 */
function OwnScore({ scenario, criterion, mine, stored }: { scenario: Scenario; criterion: Criterion; mine: Participant; stored: Score | undefined }) {
  const t = useT();
  const locale = useLocale();
  const formKey = cellFormKey(scenario.id, criterion.id);
  const fetcher = useFetcher<AssessmentResult>({ key: formKey });
  const pageOutcome = useAssessmentOutcome(formKey);
  const result = fetcher.data ?? pageOutcome;
  const busy = fetcher.state !== "idle";
  const sending = busy ? scoreValue(fetcher.formData?.get("score") as string | null) : null;
  const shown = sending ?? stored?.score ?? null;
  const [draft, setDraft] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const unsaved = draft !== null && draft.trim() !== (stored?.rationale ?? "");
  const failed = result && !result.ok && !busy ? result : undefined;
  // The cell's messages stand together under it (its only field is the rationale; the score is the button pressed).
  const problems = failed ? errorMessages(failed.error) : "";
  const id = useId();
  const where = { participant: mine.name, scenario: scenario.title, criterion: criterion.title };
  let status = "";
  if (busy) status = t("common.saving");
  else if (result?.ok) status = t("record.saved");
  return (
    <fetcher.Form method="post" preventScrollReset className="rt-assess-own">
      <input type="hidden" name="intent" value="score" />
      <input type="hidden" name="formKey" value={formKey} />
      <input type="hidden" name="scenarioId" value={scenario.id} />
      <input type="hidden" name="criterionId" value={criterion.id} />
      <input type="hidden" name="currentScore" value={stored?.score ?? ""} />
      <div role="group" aria-label={t("assessments.cell.label", where)} className="rt-assess-own__group">
        <div className="rt-assess-choice">
          {SCORES.map((value) => (
            <Button
              key={value}
              type="submit"
              name="score"
              value={value}
              appearance="secondary-action-button"
              pressed={shown === value}
              className={`rt-assess-choice__button rt-assess-choice__button--${value}`}
            >
              <span aria-hidden="true">{value}</span>
              <span className="rt-visually-hidden">{countText(t, locale, "assessments.points", value)}</span>
            </Button>
          ))}
        </div>
        <details className="rt-assess-rationale" onToggle={(event) => setEditing(event.currentTarget.open)}>
          <summary>{t(stored?.rationale ? "assessments.rationale.change" : "assessments.rationale.add")}</summary>
          <div className="rt-assess-rationale__body">
            <FormLabel htmlFor={`${id}-rationale`} className="rt-visually-hidden">
              {t("assessments.rationale.label", where)}
            </FormLabel>
            <Textarea
              id={`${id}-rationale`}
              name="rationale"
              rows={3}
              maxLength={2000}
              defaultValue={stored?.rationale ?? ""}
              onChange={(event) => setDraft(event.currentTarget.value)}
              invalid={Boolean(failed?.error.fieldErrors?.rationale)}
            />
            <Button type="submit" appearance="subtle-button" className="rt-assess-rationale__save">
              {t("assessments.rationale.save")}
            </Button>
          </div>
        </details>
        {stored?.rationale && !editing && <p className="rt-assess-own__rationale rt-small rt-muted">{stored.rationale}</p>}
      </div>
      <span role="status" className="rt-assess-own__status rt-small">
        {status}
        {!busy && unsaved && <span className="rt-muted">{t("assessments.rationale.unsaved")}</span>}
      </span>
      {problems && (
        <p role="alert" className="rt-field-error rt-assess-own__error">
          {problems}
        </p>
      )}
    </fetcher.Form>
  );
}

/**
 * The other participants' scores of a cell as small badges (the participant's name and points;
 * the rationale in the title, "name: n points" for screen readers), and their rationales in a disclosure.
 */
function OtherScores({
  scenario,
  criterion,
  scores,
  participants,
  readOnly,
}: {
  scenario: Scenario;
  criterion: Criterion;
  scores: readonly Score[];
  participants: readonly Participant[];
  readOnly: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const where = { scenario: scenario.title, criterion: criterion.title };
  // In the participants' order, so the badges stand in the same place in every cell.
  const ordered = participants.flatMap((p) => {
    const score = scores.find((s) => s.participantId === p.id);
    return score ? [{ participant: p, score }] : [];
  });
  if (ordered.length === 0) {
    return readOnly ? (
      <span className="rt-muted rt-small">
        <span aria-hidden="true">{t("common.none")}</span>
        <span className="rt-visually-hidden">{t("assessments.cell.noScores")}</span>
      </span>
    ) : null;
  }
  const withRationale = ordered.filter((o) => o.score.rationale);
  return (
    <div className="rt-assess-others">
      <ul className="rt-assess-badges" aria-label={t(readOnly ? "assessments.cell.scores" : "assessments.cell.others", where)}>
        {ordered.map(({ participant, score }) => {
          const points = countText(t, locale, "assessments.points", score.score);
          return (
            <li
              key={participant.id}
              className={`rt-assess-badge rt-assess-badge--${score.score}`}
              title={score.rationale ? `${participant.name}: ${points} — ${score.rationale}` : `${participant.name}: ${points}`}
            >
              <span aria-hidden="true">
                {participant.name} <strong>{score.score}</strong>
              </span>
              <span className="rt-visually-hidden">
                {participant.name}: {points}
              </span>
            </li>
          );
        })}
      </ul>
      {withRationale.length > 0 && (
        <details className="rt-assess-notes">
          <summary className="rt-small">{countText(t, locale, "assessments.cell.rationales", withRationale.length)}</summary>
          <ul className="rt-assess-notes__list rt-small">
            {withRationale.map(({ participant, score }) => (
              <li key={participant.id}>
                <strong>{participant.name}</strong> ({score.score}): {score.rationale}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
