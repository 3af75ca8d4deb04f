import { Form } from "@remix-run/react";
import { Button, Heading, Paragraph, Select, SelectOption, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea } from "@utrecht/component-library-react";
import { CHECKLIST_STATUSES } from "@regiotafel/domain";
import { ActionsHeaderCell } from "~/components/records/ActionsHeaderCell";
import { formMessage, useRecordForm } from "~/components/records/conform";
import { useFormEditSession } from "~/components/records/edit-session";
import { HiddenFields } from "~/components/records/HiddenFields";
import { useBusy, useFailure, useFormOutcome } from "~/components/records/outcome";
import { RowError } from "~/components/records/RemoveControl";
import { nvoProgress, type NvoFormValues } from "~/lib/governance";
import { useT } from "~/i18n/use-t";
import { MultilineText } from "./Controls";
import type { Unit } from "./GovernanceUnit";
import { unitKey } from "./GovernanceUnit";

type Check = Unit["nvo"][number];

/** The 8 agreements of the Norm voor Opdrachtgeverschap Jeugd for one unit, with progress; coordinators set status and notes per agreement. */
export function NvoChecklist({ unit, anchor, name }: { unit: Unit; anchor: string; name: string }) {
  const t = useT();
  const headingId = `${anchor}-nvo`;
  const progress = nvoProgress(unit.nvo);
  const share = progress.applicable ? Math.round((progress.done / progress.applicable) * 100) : 0;
  return (
    <section className="rt-stack" aria-labelledby={headingId}>
      <Heading level={3} appearance="utrecht-heading-4" id={headingId}>
        {t("governance.nvo")}
      </Heading>
      <div className="rt-gov-progress">
        <Paragraph className="rt-tight" id={`${headingId}-progress`}>
          <strong>{t("governance.nvo.progress", { done: String(progress.done), total: String(progress.applicable) })}</strong>
          {progress.inProgress > 0 && ` · ${t("governance.nvo.progressInProgress", { count: String(progress.inProgress) })}`}
          {progress.notApplicable > 0 && ` · ${t("governance.nvo.progressNotApplicable", { count: String(progress.notApplicable) })}`}
        </Paragraph>
        <div className="rt-gov-progress__bar" aria-hidden="true">
          <span style={{ inlineSize: `${share}%` }} />
        </div>
      </div>
      <div className="rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-table--nvo">
          <TableCaption className="rt-visually-hidden">{t("governance.nvo.caption", { name })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("governance.nvo.number")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("governance.nvo.agreement")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("governance.nvo.status")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("governance.nvo.notes")}</TableHeaderCell>
              {unit.canEdit && <ActionsHeaderCell label={t("governance.actions")} />}
            </TableRow>
          </TableHeader>
          <TableBody>
            {unit.nvo.map((check) => (unit.canEdit ? <EditableRow key={check.agreement} unit={unit} check={check} /> : <ReadRow key={check.agreement} check={check} />))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

function ReadRow({ check }: { check: Check }) {
  const t = useT();
  return (
    <TableRow>
      <TableCell>{check.agreement}</TableCell>
      <TableHeaderCell scope="row">{t(`governance.nvo.${check.agreement}`)}</TableHeaderCell>
      <TableCell>
        <StatusBadge status={check.status} />
      </TableCell>
      <TableCell>
        <MultilineText text={check.notes} />
      </TableCell>
    </TableRow>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`rt-gov-status rt-gov-status--${status.toLowerCase().replace(/_/g, "-")}`}>{t(`code.${status}`)}</span>;
}

/**
 * One agreement as a small form. A form cannot wrap a table row, so the status and notes fields
 * in their own cells belong to the form in the last cell through their `form` attribute.
 */
function EditableRow({ unit, check }: { unit: Unit; check: Check }) {
  const t = useT();
  const formKey = `nvo:${unitKey(unit)}:${check.agreement}`;
  const failure = useFailure(formKey);
  const outcome = useFormOutcome(formKey);
  const busy = useBusy(formKey);
  const session = useFormEditSession<NvoFormValues, number>(formKey, { version: check.version, values: { status: check.status, notes: check.notes } });
  const [form, fields] = useRecordForm<NvoFormValues>(`nvo-${unitKey(unit)}-${check.agreement}`, failure?.reply);
  const hidden = { intent: "setNvo", formKey, regionId: unit.regionId ?? "", agreement: check.agreement, version: session.version };
  const agreement = t(`governance.nvo.${check.agreement}`);
  const messageId = `${form.id}-message`;
  // One message for the row, next to its save button: the row has no room beside its fields.
  const message = failure && (failure.conflict ? t("record.stale") : [formMessage(form, hidden), ...(fields.status.errors ?? []), ...(fields.notes.errors ?? [])].filter(Boolean).join(" "));
  return (
    <TableRow key={session.key} onChange={session.onEdit} className={failure ? "rt-row--invalid" : undefined}>
      <TableCell>{check.agreement}</TableCell>
      <TableHeaderCell scope="row" id={`${form.id}-agreement`}>
        {agreement}
      </TableHeaderCell>
      <TableCell>
        <label htmlFor={fields.status.id} className="rt-visually-hidden">
          {t("governance.nvo.statusOf", { number: String(check.agreement) })}
        </label>
        <Select
          id={fields.status.id}
          name={fields.status.name}
          form={form.id}
          defaultValue={session.values.status}
          invalid={Boolean(failure)}
          aria-describedby={failure ? messageId : undefined}
        >
          {CHECKLIST_STATUSES.map((s) => (
            <SelectOption key={s} value={s}>
              {t(`code.${s}`)}
            </SelectOption>
          ))}
        </Select>
      </TableCell>
      <TableCell>
        <label htmlFor={fields.notes.id} className="rt-visually-hidden">
          {t("governance.nvo.notesOf", { number: String(check.agreement) })}
        </label>
        <Textarea id={fields.notes.id} name={fields.notes.name} form={form.id} rows={2} maxLength={2000} defaultValue={session.values.notes} className="rt-gov-notes" />
      </TableCell>
      <TableCell className="rt-actions-cell">
        <Form method="post" preventScrollReset id={form.id} aria-labelledby={`${form.id}-agreement`}>
          <HiddenFields fields={hidden} />
          <Button type="submit" appearance="secondary-action-button" busy={busy}>
            {t("common.save")}
            <span className="rt-visually-hidden"> {t("governance.nvo.saveOf", { number: String(check.agreement) })}</span>
          </Button>
        </Form>
        <div role="status" className="rt-row-status">
          {outcome?.ok && t("record.saved")}
        </div>
        {message && <RowError id={messageId}>{message}</RowError>}
      </TableCell>
    </TableRow>
  );
}
