import { Form } from "@remix-run/react";
import { useRef } from "react";
import { ErrorAlert } from "~/components/Feedback";
import { formMessage, useRecordForm } from "~/components/records/conform";
import { useEditSession } from "~/components/records/edit-session";
import { EditPanel } from "~/components/records/EditPanel";
import { FormActions } from "~/components/records/FormActions";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { keptValues } from "~/lib/edit-merge";
import { milestoneValues, type MilestoneFormValues } from "~/lib/tenders";
import { useT } from "~/i18n/use-t";
import { EMPTY_MILESTONE, MilestoneFields } from "./MilestoneFields";
import { answerFor, failedFor, useTenderOutcome, useTenderUrl, type Milestone, type Tender } from "./tender-page";

/** A milestone's edit panel below the table (the edit session owns the values, Conform the fields' names, ids and messages: see EditTender). */
export function EditMilestone({ milestone, tender }: { milestone: Milestone; tender: Tender }) {
  const t = useT();
  const result = useTenderOutcome();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["milestone.update"], { milestoneId: milestone.id });
  const current = milestoneValues(milestone);
  const answer = answerFor(result, ["milestone.update"], (f) => keptValues(f.reply.initialValue, current), { milestoneId: milestone.id });
  const edit = useEditSession({ version: milestone.version, values: current }, answer);
  const [form, fields] = useRecordForm<MilestoneFormValues>("milestone-edit-form", failed?.reply);
  const hidden = { intent: "milestone.update", milestoneId: milestone.id, version: edit.version };
  const busy = useSubmitting({ intent: "milestone.update" });
  const target = useTenderUrl(tender);
  return (
    <EditPanel
      id="milestone-edit"
      heading={t("milestone.edit.heading", { title: milestone.title })}
      alert={<RefusalAlert stale={failed?.stale} formError={formMessage(form, hidden)} conflicts={edit.conflicts.map((f) => t(`milestone.field.${f === "lotId" ? "lot" : f}`))} />}
      action={target}
      formId={form.id}
      formRef={formRef}
      edit={edit}
      fields={hidden}
      busy={busy}
      saveLabel={t("common.save")}
      cancelTo={`${target}#milestone-${milestone.id}`}
    >
      <MilestoneFields fields={fields} values={edit.values} lots={tender.lots} />
    </EditPanel>
  );
}

/** A new milestone, in a disclosure (open after a refusal); the form starts empty again after each added milestone. Conform owns its values. */
export function AddMilestone({ tender }: { tender: Tender }) {
  const t = useT();
  const result = useTenderOutcome();
  const failed = failedFor(result, ["milestone.add"]);
  const added = result?.ok && result.intent === "milestone.add" ? result.at : undefined;
  const [form, fields] = useRecordForm("milestone-new", failed?.reply, EMPTY_MILESTONE);
  const busy = useSubmitting({ intent: "milestone.add" });
  const target = useTenderUrl(tender);
  return (
    <details className="rt-card rt-disclosure" open={failed ? true : undefined}>
      <summary>
        <span className="rt-disclosure__title">{t("milestone.add")}</span>
      </summary>
      <div className="rt-stack">
        <ErrorAlert>{formMessage(form)}</ErrorAlert>
        <Form id={form.id} key={added ?? "new"} method="post" action={target} preventScrollReset className="rt-stack" noValidate aria-label={t("milestone.add")}>
          <input type="hidden" name="intent" value="milestone.add" />
          <MilestoneFields fields={fields} values={keptValues(form.initialValue, EMPTY_MILESTONE)} lots={tender.lots} />
          <FormActions busy={busy} label={t("milestone.add.submit")} showSaving={false} />
        </Form>
      </div>
    </details>
  );
}
