import { Form } from "@remix-run/react";
import { useRef } from "react";
import { ErrorAlert, useFocusFirstInvalid } from "~/components/Feedback";
import { useEditSession } from "~/components/records/edit-session";
import { EditPanel } from "~/components/records/EditPanel";
import { FormActions } from "~/components/records/FormActions";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { formErrors } from "~/lib/forms";
import { MILESTONE_FIELDS, milestoneValues } from "~/lib/tenders";
import { useT } from "~/i18n/use-t";
import { EMPTY_MILESTONE, MilestoneFields } from "./MilestoneFields";
import { answerFor, failedFor, useTenderOutcome, useTenderUrl, type Milestone, type Tender } from "./tender-page";

/** A milestone's edit panel below the table. */
export function EditMilestone({ milestone, tender }: { milestone: Milestone; tender: Tender }) {
  const t = useT();
  const result = useTenderOutcome();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["milestone.update"], { milestoneId: milestone.id });
  const answer = answerFor(result, ["milestone.update"], (f) => f.milestoneValues, { milestoneId: milestone.id });
  const edit = useEditSession({ version: milestone.version, values: milestoneValues(milestone) }, answer);
  const { fieldErrors, formError } = formErrors(failed && !failed.stale ? failed.error : null, MILESTONE_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const busy = useSubmitting({ intent: "milestone.update" });
  const target = useTenderUrl(tender);
  return (
    <EditPanel
      id="milestone-edit"
      heading={t("milestone.edit.heading", { title: milestone.title })}
      alert={<RefusalAlert stale={failed?.stale} formError={formError} conflicts={edit.conflicts.map((f) => t(`milestone.field.${f === "lotId" ? "lot" : f}`))} />}
      action={target}
      formRef={formRef}
      edit={edit}
      fields={{ intent: "milestone.update", milestoneId: milestone.id, version: edit.version }}
      busy={busy}
      saveLabel={t("common.save")}
      cancelTo={`${target}#milestone-${milestone.id}`}
    >
      <MilestoneFields values={edit.values} fieldErrors={fieldErrors} idPrefix="milestone-edit-" lots={tender.lots} />
    </EditPanel>
  );
}

/** A new milestone, in a disclosure (open after a refusal); the form starts empty again after each added milestone. */
export function AddMilestone({ tender }: { tender: Tender }) {
  const t = useT();
  const result = useTenderOutcome();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["milestone.add"]);
  const added = result?.ok && result.intent === "milestone.add" ? result.at : undefined;
  const { fieldErrors, formError } = formErrors(failed?.error, MILESTONE_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const busy = useSubmitting({ intent: "milestone.add" });
  const target = useTenderUrl(tender);
  return (
    <details className="rt-card rt-disclosure" open={failed ? true : undefined}>
      <summary>
        <span className="rt-disclosure__title">{t("milestone.add")}</span>
      </summary>
      <div className="rt-stack">
        <ErrorAlert>{formError}</ErrorAlert>
        <Form key={added ?? "new"} method="post" action={target} preventScrollReset className="rt-stack" noValidate ref={formRef} aria-label={t("milestone.add")}>
          <input type="hidden" name="intent" value="milestone.add" />
          <MilestoneFields values={failed?.milestoneValues ?? EMPTY_MILESTONE} fieldErrors={fieldErrors} idPrefix="milestone-new-" lots={tender.lots} />
          <FormActions busy={busy} label={t("milestone.add.submit")} showSaving={false} />
        </Form>
      </div>
    </details>
  );
}
