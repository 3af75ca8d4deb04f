import { Form } from "@remix-run/react";
import { useRef } from "react";
import { useFocusFirstInvalid } from "~/components/Feedback";
import { useEditSession } from "~/components/records/edit-session";
import { FormActions } from "~/components/records/FormActions";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { formErrors } from "~/lib/forms";
import { tenderValues } from "~/lib/tenders";
import { useWorkspace } from "~/lib/workspace";
import { useLocale, useT, type T } from "~/i18n/use-t";
import { answerFor, failedFor, useTenderOutcome, type Tender } from "./tender-page";
import { TENDER_FORM_FIELDS, TenderFields } from "./TenderFields";

/** Labels of the tender form's fields, for the list of fields both people changed. */
function tenderFieldLabel(t: T, field: string): string {
  const key = ({ procuringEntityId: "procuringEntity", ownerRegionId: "ownerRegion", participantIds: "participants" } as Record<string, string>)[field] ?? field;
  return t(`tender.field.${key}`);
}

/** The tender's own fields, in a disclosure (open after a refused save). */
export function EditTender({ tender }: { tender: Tender }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const result = useTenderOutcome();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["tender.update"]);
  const answer = answerFor(result, ["tender.update", "tender.setStatus"], (f) => f.tenderValues);
  const edit = useEditSession({ version: tender.version, values: tenderValues(tender, locale) }, answer);
  const { fieldErrors, formError } = formErrors(failed && !failed.stale ? failed.error : null, TENDER_FORM_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const busy = useSubmitting({ intent: "tender.update" });
  return (
    <details className="rt-card rt-disclosure" open={failed ? true : undefined}>
      <summary>
        <span className="rt-disclosure__title">{t("tender.edit")}</span>
      </summary>
      <div className="rt-stack">
        <RefusalAlert stale={failed?.stale} formError={formError} conflicts={edit.conflicts.map((f) => tenderFieldLabel(t, f))} />
        {/* Keyed by the session, so that the fields show the values of the new state (an answer, a live change). */}
        <Form
          key={edit.key}
          method="post"
          preventScrollReset
          className="rt-stack"
          noValidate
          ref={formRef}
          aria-label={t("tender.edit")}
          onInput={edit.onEdit}
          onChange={edit.onEdit}
        >
          <input type="hidden" name="intent" value="tender.update" />
          <input type="hidden" name="version" value={edit.version} />
          <TenderFields values={edit.values} fieldErrors={fieldErrors} idPrefix="tender-" overview={overview} />
          <FormActions busy={busy} label={t("tender.save")} />
        </Form>
      </div>
    </details>
  );
}
