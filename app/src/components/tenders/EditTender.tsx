import { Form } from "@remix-run/react";
import { formMessage, useRecordForm } from "~/components/records/conform";
import { useEditSession } from "~/components/records/edit-session";
import { FormActions } from "~/components/records/FormActions";
import { HiddenFields } from "~/components/records/HiddenFields";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { keptValues } from "~/lib/edit-merge";
import { tenderValues, type TenderFormValues } from "~/lib/tenders";
import { useWorkspace } from "~/lib/workspace";
import { useLocale, useT, type T } from "~/i18n/use-t";
import { answerFor, failedFor, useTenderOutcome, type Tender } from "./tender-page";
import { TenderFields } from "./TenderFields";

/** Labels of the tender form's fields, for the list of fields both people changed. */
function tenderFieldLabel(t: T, field: string): string {
  const key = ({ procuringEntityId: "procuringEntity", ownerRegionId: "ownerRegion", participantIds: "participants" } as Record<string, string>)[field] ?? field;
  return t(`tender.field.${key}`);
}

/**
 * The tender's own fields, in a disclosure (open after a refused save). The edit session owns the
 * values (the record's, live; what was typed; merged after a stale save); Conform the fields'
 * names, ids and messages, and carries what was typed back from a refusal (ADR 0018).
 */
export function EditTender({ tender }: { tender: Tender }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const result = useTenderOutcome();
  const failed = failedFor(result, ["tender.update"]);
  const current = tenderValues(tender, locale);
  const answer = answerFor(result, ["tender.update", "tender.setStatus"], (f) => (f.intent === "tender.update" ? keptValues(f.reply.initialValue, current) : undefined));
  const edit = useEditSession({ version: tender.version, values: current }, answer);
  const [form, fields] = useRecordForm<TenderFormValues>("tender-edit", failed?.reply);
  const hidden = { intent: "tender.update", version: edit.version };
  const busy = useSubmitting({ intent: "tender.update" });
  return (
    <details className="rt-card rt-disclosure" open={failed ? true : undefined}>
      <summary>
        <span className="rt-disclosure__title">{t("tender.edit")}</span>
      </summary>
      <div className="rt-stack">
        <RefusalAlert stale={failed?.stale} formError={formMessage(form, hidden)} conflicts={edit.conflicts.map((f) => tenderFieldLabel(t, f))} />
        {/* Keyed by the session, so that the fields show the values of the new state (an answer, a live change). */}
        <Form
          id={form.id}
          key={edit.key}
          method="post"
          preventScrollReset
          className="rt-stack"
          noValidate
          aria-label={t("tender.edit")}
          onInput={edit.onEdit}
          onChange={edit.onEdit}
        >
          <HiddenFields fields={hidden} />
          <TenderFields fields={fields} values={edit.values} overview={overview} />
          <FormActions busy={busy} label={t("tender.save")} />
        </Form>
      </div>
    </details>
  );
}
