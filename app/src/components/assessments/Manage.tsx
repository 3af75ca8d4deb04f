import { Form, Link, useLocation, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { ErrorAlert, StatusMessage, useFocusOnToggle } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { NumberField } from "~/components/records/Fields";
import { HiddenFields } from "~/components/records/HiddenFields";
import { useBusy } from "~/components/records/outcome";
import { ConfirmStep } from "~/components/records/RemoveControl";
import { formatPoints, weightField } from "~/lib/assessments";
import { keptValues } from "~/lib/edit-merge";
import { useLocale, useT } from "~/i18n/use-t";
import { useAssessmentFailure, useAssessmentOutcome, type Assessment } from "./types";

/** The query parameter that opens the lock confirmation (a link, so it works without JavaScript). */
export const LOCK_PARAM = "vaststellen";
export const WEIGHTS_FORM = "weights";
export const LOCK_FORM = "lock";

/** For coordinators while the round is open: the criteria's weights and locking the round. */
export function Manage({ assessment }: { assessment: Assessment }) {
  const t = useT();
  return (
    <section className="rt-card rt-stack" aria-labelledby="manage-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="manage-heading">
        {t("assessments.manage.title")}
      </Heading>
      <Weights assessment={assessment} />
      <Lock assessment={assessment} />
    </section>
  );
}

/**
 * Every criterion's weight in one form; a decimal comma works ("1,5"). Only changed weights are
 * saved. Conform gives the fields' names, ids and messages and carries what was typed back from
 * a refusal; the stored weights, which others may change meanwhile, are the form's otherwise.
 */
function Weights({ assessment }: { assessment: Assessment }) {
  const t = useT();
  const locale = useLocale();
  const outcome = useAssessmentOutcome(WEIGHTS_FORM);
  const failure = useAssessmentFailure(WEIGHTS_FORM);
  const busy = useBusy(WEIGHTS_FORM);
  const stored = Object.fromEntries(assessment.criteria.map((c) => [weightField(c.id), formatPoints(c.weight, locale)]));
  const values = failure ? keptValues(failure.reply.initialValue, stored) : stored;
  // The form's id "assessment" keeps its fields' ids as they were ("assessment-weight-<id>").
  const [form, fields] = useRecordForm<Record<string, string>>("assessment", failure?.reply);
  const hidden = { intent: "weights", formKey: WEIGHTS_FORM };
  const done = outcome?.ok ? outcome : undefined;
  return (
    <section className="rt-stack" aria-labelledby="weights-heading">
      <Heading level={3} appearance="utrecht-heading-4" id="weights-heading">
        {t("assessments.weights.title")}
      </Heading>
      <Paragraph className="rt-muted rt-small">{t("assessments.weights.intro")}</Paragraph>
      <StatusMessage>{done ? t(done.saved === "0" ? "assessments.weights.unchanged" : "assessments.weights.saved") : null}</StatusMessage>
      <ErrorAlert>{formMessage(form, hidden)}</ErrorAlert>
      {/* A fresh form when the stored weights change (someone else saved them) or after a save. */}
      <Form id={form.id} method="post" preventScrollReset noValidate className="rt-stack" key={`${Object.values(stored).join("|")}-${outcome?.at ?? ""}`}>
        <HiddenFields fields={hidden} />
        <div className="rt-assess-weights">
          {assessment.criteria.map((c) => {
            const name = weightField(c.id);
            return <NumberField key={c.id} {...conformField(fields[name]!)} label={c.title} defaultValue={values[name]} size={6} required />;
          })}
        </div>
        <div>
          <Button type="submit" appearance="secondary-action-button" busy={busy}>
            {busy ? t("common.saving") : t("assessments.weights.save")}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/**
 * Locking the round in two steps: "Beoordeling vaststellen" opens a confirmation (query
 * parameter, so it works without JavaScript); focus moves to "Ja, vaststellen" and back on cancel.
 */
function Lock({ assessment }: { assessment: Assessment }) {
  const t = useT();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const confirming = params.get(LOCK_PARAM) === "1";
  const busy = useBusy(LOCK_FORM);
  const failure = useAssessmentFailure(LOCK_FORM);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLAnchorElement>(null);
  useFocusOnToggle(confirming, { opened: confirmRef, closed: openRef });
  const { scored, total } = assessment.results.progress;
  return (
    <section className="rt-stack" aria-labelledby="lock-heading">
      <Heading level={3} appearance="utrecht-heading-4" id="lock-heading">
        {t("assessments.lock.title")}
      </Heading>
      <Paragraph className="rt-muted rt-small">{t("assessments.lock.intro")}</Paragraph>
      {failure && <ErrorAlert>{failure.error.message}</ErrorAlert>}
      {confirming ? (
        <ConfirmStep
          className="rt-confirm rt-assess-lock"
          questionId="lock-question"
          question={t("assessments.lock.question", { title: assessment.title })}
          action={pathname}
          fields={{ intent: "lock", formKey: LOCK_FORM, version: assessment.version }}
          yesLabel={t("assessments.lock.yes")}
          busy={busy}
          cancelTo={pathname}
          confirmRef={confirmRef}
        >
          {scored < total && <p className="rt-small">{t("assessments.lock.incomplete", { scored, total })}</p>}
        </ConfirmStep>
      ) : (
        <div>
          <Link ref={openRef} to={`?${LOCK_PARAM}=1`} replace preventScrollReset className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action">
            {t("assessments.lock.open")}
          </Link>
        </div>
      )}
    </section>
  );
}

/** After the round was locked here (the lock section is gone then): says so in a status region. */
export function LockedMessage() {
  const t = useT();
  const outcome = useAssessmentOutcome(LOCK_FORM);
  return <StatusMessage>{outcome?.ok ? t("assessments.lock.done") : null}</StatusMessage>;
}
