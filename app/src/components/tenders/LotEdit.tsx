import { Form, Link, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { isFinalStatus, nextStatuses } from "@regiotafel/domain";
import { ErrorAlert, useFocusOnToggle } from "~/components/Feedback";
import { SelectField } from "~/components/FormFields";
import { formMessage, useRecordForm } from "~/components/records/conform";
import { useEditSession } from "~/components/records/edit-session";
import { EditPanel } from "~/components/records/EditPanel";
import { FormActions } from "~/components/records/FormActions";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { ConfirmStep } from "~/components/records/RemoveControl";
import { keptValues } from "~/lib/edit-merge";
import { lotValues, type LotFormValues } from "~/lib/tenders";
import { useLocale, useT, type T } from "~/i18n/use-t";
import { EMPTY_LOT, LotFields } from "./LotFields";
import { answerFor, CONFIRM_STATUS, EDIT_LOT, failedFor, useTenderOutcome, useTenderUrl, type Lot, type Tender } from "./tender-page";
import { StatusBadge } from "./vocabulary";

function lotFieldLabel(t: T, field: string): string {
  const key = ({ regionalProvidersMin: "regionalMin", regionalProvidersMax: "regionalMax", localProvidersMin: "localMin", localProvidersMax: "localMax", procedureOverride: "procedure" } as Record<string, string>)[field] ?? field;
  return t(`lot.field.${key}`);
}

/**
 * A lot's edit panel below the table: its status, then its fields. The edit session owns the
 * values, Conform the fields' names, ids and messages (as EditTender).
 */
export function EditLot({ lot, tender }: { lot: Lot; tender: Tender }) {
  const t = useT();
  const locale = useLocale();
  const result = useTenderOutcome();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["lot.update"], { lotId: lot.id });
  const current = lotValues(lot, locale);
  const answer = answerFor(result, ["lot.update", "lot.setStatus"], (f) => (f.intent === "lot.update" ? keptValues(f.reply.initialValue, current) : undefined), { lotId: lot.id });
  const edit = useEditSession({ version: lot.version, values: current }, answer);
  const [form, fields] = useRecordForm<LotFormValues>("lot-edit-form", failed?.reply);
  const hidden = { intent: "lot.update", lotId: lot.id, version: edit.version };
  const busy = useSubmitting({ intent: "lot.update" });
  const target = useTenderUrl(tender);
  // Posts to the page without ?perceel, so a successful save closes the form; a refusal keeps it open.
  return (
    <EditPanel
      id="lot-edit"
      heading={t("lot.edit.heading", { title: lot.title })}
      before={<LotStatusForm lot={lot} target={target} />}
      alert={<RefusalAlert stale={failed?.stale} formError={formMessage(form, hidden)} conflicts={edit.conflicts.map((f) => lotFieldLabel(t, f))} />}
      action={target}
      formId={form.id}
      formRef={formRef}
      edit={edit}
      fields={hidden}
      busy={busy}
      saveLabel={t("common.save")}
      cancelTo={`${target}#lot-${lot.id}`}
    >
      <LotFields fields={fields} values={edit.values} tenderProcedure={tender.procedure} />
    </EditPanel>
  );
}

/**
 * Moves a lot along the lifecycle: only the allowed next statuses. A step into an end state
 * (withdraw, end) is a link that opens a confirmation first, saying that the lot no longer
 * changes afterwards.
 */
function LotStatusForm({ lot, target }: { lot: Lot; target: string }) {
  const t = useT();
  const result = useTenderOutcome();
  const [params] = useSearchParams();
  const next = nextStatuses(lot.status);
  const steps = next.filter((s) => !isFinalStatus(s));
  const ends = next.filter(isFinalStatus);
  const confirming = ends.find((s) => s === params.get(CONFIRM_STATUS));
  const confirmRef = useRef<HTMLButtonElement>(null);
  useFocusOnToggle(confirming !== undefined, { opened: confirmRef });
  const failed = failedFor(result, ["lot.setStatus"], { lotId: lot.id });
  const busy = useSubmitting({ intent: "lot.setStatus" });
  const here = `?${EDIT_LOT}=${lot.id}`;
  return (
    <div className="rt-stack">
      <Paragraph className="rt-tight">
        {t("tender.status.current")} <StatusBadge status={lot.status} t={t} />
      </Paragraph>
      <RefusalAlert stale={failed?.stale} formError={failed?.error.message} />
      {next.length === 0 ? (
        <Paragraph className="rt-muted">{t("tender.status.final")}</Paragraph>
      ) : confirming ? (
        <ConfirmStep
          questionId={`lot-status-confirm-${lot.id}`}
          question={t("lot.status.confirm", { title: lot.title, status: t(`code.${confirming}`) })}
          action={`${target}${here}`}
          fields={{ intent: "lot.setStatus", lotId: lot.id, version: lot.version, status: confirming }}
          yesLabel={t("tender.status.confirm.yes", { status: t(`code.${confirming}`) })}
          busy={busy}
          cancelTo={`${here}#lot-edit`}
          confirmRef={confirmRef}
          className="rt-confirm rt-confirm--block"
        >
          <p className="rt-small">{t("lot.status.confirm.final")}</p>
        </ConfirmStep>
      ) : (
        <div className="rt-actions">
          {steps.length > 0 && (
            <Form method="post" action={`${target}${here}`} preventScrollReset className="rt-filter">
              <input type="hidden" name="intent" value="lot.setStatus" />
              <input type="hidden" name="lotId" value={lot.id} />
              <input type="hidden" name="version" value={lot.version} />
              <SelectField name="status" idPrefix="lot-status-" label={t("lot.status.label", { title: lot.title })} defaultValue={steps[0]} options={steps.map((s) => ({ value: s, label: t(`code.${s}`) }))} />
              <Button type="submit" appearance="secondary-action-button" busy={busy}>
                {t("lot.status.change")}
              </Button>
            </Form>
          )}
          {ends.map((status) => (
            <Link
              key={status}
              to={`${here}&${CONFIRM_STATUS}=${status}#lot-edit`}
              replace
              preventScrollReset
              className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle"
              aria-label={t("lot.status.toLabel", { title: lot.title, status: t(`code.${status}`) })}
            >
              {t("tender.status.to", { status: t(`code.${status}`) })}
            </Link>
          ))}
        </div>
      )}
    </div>
  );
}

/** A new lot; the form starts empty again after each added lot. Conform owns its values: empty, or what a refused post kept. */
export function AddLot({ tender }: { tender: Tender }) {
  const t = useT();
  const result = useTenderOutcome();
  const failed = failedFor(result, ["lot.add"]);
  const added = result?.ok && result.intent === "lot.add" ? result.at : undefined;
  const [form, fields] = useRecordForm("lot-new", failed?.reply, EMPTY_LOT);
  const busy = useSubmitting({ intent: "lot.add" });
  const target = useTenderUrl(tender);
  return (
    <section className="rt-card rt-stack" aria-labelledby="lot-add-heading">
      <Heading level={3} appearance="utrecht-heading-4" id="lot-add-heading">
        {t("lot.add")}
      </Heading>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      {/* A new, empty form after each added lot. */}
      <Form id={form.id} key={added ?? "new"} method="post" action={target} preventScrollReset className="rt-stack" noValidate aria-labelledby="lot-add-heading">
        <input type="hidden" name="intent" value="lot.add" />
        <LotFields fields={fields} values={keptValues(form.initialValue, EMPTY_LOT)} tenderProcedure={tender.procedure} />
        <FormActions busy={busy} label={t("lot.add.submit")} showSaving={false} />
      </Form>
    </section>
  );
}
