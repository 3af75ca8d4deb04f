import { Form } from "@remix-run/react";
import { useRef } from "react";
import { EMPLOYMENTS } from "@regiotafel/domain";
import { ErrorAlert } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { conformField, formMessage, useRecordForm, type FieldsetOf } from "~/components/records/conform";
import { useEditSession } from "~/components/records/edit-session";
import { NumberField, TextAreaField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { HiddenFields } from "~/components/records/HiddenFields";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert, StoredNow } from "~/components/records/RefusalAlert";
import { RowEditForm, usePostTarget } from "~/components/records/RowEditForm";
import { keptValues } from "~/lib/edit-merge";
import { formatNumber, lineValues, type LineFormValues } from "~/lib/staffing";
import { useLocale, useT } from "~/i18n/use-t";
import { unitAnchor, type Line, type StaffingFailure, type StaffingResult, type Unit } from "./staffing-page";

/** A new line's form. */
const EMPTY_LINE: LineFormValues = { function: "", fteCurrent: "", fteMinimum: "", employment: "EMPLOYED", notes: "" };

/** The fields of a staffing line, for adding and editing. Names, ids and messages are Conform's (`fields`); `values` the texts the form starts with. */
function LineFields({ fields, values }: { fields: FieldsetOf<LineFormValues>; values: LineFormValues }) {
  const t = useT();
  const common = (name: keyof LineFormValues) => conformField(fields[name]);
  return (
    <>
      <div className="rt-form-row">
        <TextField {...common("function")} label={t("staffing.col.function")} defaultValue={values.function} required maxLength={120} />
        <SelectField
          {...common("employment")}
          label={t("staffing.col.employment")}
          defaultValue={values.employment || "EMPLOYED"}
          options={EMPLOYMENTS.map((e) => ({ value: e, label: t(`code.${e}`) }))}
        />
      </div>
      <div className="rt-form-row">
        <NumberField {...common("fteCurrent")} label={t("staffing.field.fteCurrent")} description={t("help.fte")} unit="fte" defaultValue={values.fteCurrent} required />
        <NumberField {...common("fteMinimum")} label={t("staffing.field.fteMinimum")} description={t("staffing.field.fteMinimum.hint")} unit="fte" defaultValue={values.fteMinimum} />
      </div>
      <TextAreaField {...common("notes")} label={t("staffing.col.notes")} defaultValue={values.notes} rows={2} maxLength={1000} />
    </>
  );
}

/**
 * A line's edit form in its row; after a stale save it shows what is stored now. The edit session
 * owns the values, Conform the fields' names, ids and messages (ADR 0018).
 */
export function EditLineForm({ unit, line, result, cancelTo }: { unit: Unit; line: Line; result: StaffingFailure | undefined; cancelTo: string }) {
  const t = useT();
  const locale = useLocale();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget(unitAnchor(unit.id));
  const busy = useSubmitting({ intent: "update", lineId: line.id });
  const current = lineValues(line, locale);
  const edit = useEditSession({ version: line.version, values: current }, result && { at: result.at, ok: false, stale: result.conflict, typed: keptValues(result.reply.initialValue, current) });
  const [form, fields] = useRecordForm<LineFormValues>(`line-${line.id}`, result?.reply);
  const hidden = { intent: "update", unitId: unit.id, lineId: line.id, version: edit.version };
  return (
    <RowEditForm
      formId={form.id}
      action={postTo}
      formRef={formRef}
      headingLevel={4}
      headingId={`edit-${line.id}-heading`}
      heading={t("staffing.line.edit", { function: line.function })}
      edit={edit}
      alert={
        <RefusalAlert stale={result?.conflict} formError={formMessage(form, hidden)}>
          <StoredLine line={line} />
        </RefusalAlert>
      }
      fields={hidden}
      busy={busy}
      saveLabel={t("common.save")}
      cancelTo={cancelTo}
      refused={result !== undefined}
    >
      <LineFields fields={fields} values={edit.values} />
    </RowEditForm>
  );
}

/** What is stored now for a line, next to the form that still holds the user's input. */
function StoredLine({ line }: { line: Line }) {
  const t = useT();
  const locale = useLocale();
  return (
    <StoredNow
      intro={t("staffing.conflict.current")}
      items={[
        [t("staffing.col.function"), line.function],
        [t("staffing.field.fteCurrent"), formatNumber(line.fteCurrent, locale)],
        [t("staffing.field.fteMinimum"), line.fteMinimum === null ? t("staffing.pm") : formatNumber(line.fteMinimum, locale)],
        [t("staffing.col.employment"), t(`code.${line.employment}`)],
        [t("staffing.col.notes"), line.notes || t("common.none")],
      ]}
    />
  );
}

/**
 * A new line for a unit, in a disclosure (open when the unit has none or after a refusal); a fresh
 * form after each addition. Conform owns its values: empty, or what a refused post kept.
 */
export function AddLineForm({ unit, result }: { unit: Unit; result: StaffingResult | undefined }) {
  const t = useT();
  const postTo = usePostTarget(unitAnchor(unit.id));
  const failed = result && !result.ok ? result : undefined;
  const added = result?.ok ? result : undefined;
  const busy = useSubmitting({ intent: "add", unitId: unit.id });
  const [form, fields] = useRecordForm(`add-${unit.id}`, failed?.reply, EMPTY_LINE);
  const hidden = { intent: "add", unitId: unit.id, unitKind: unit.kind };
  const headingId = `add-${unit.id}-heading`;
  return (
    <details className="rt-add-line" open={failed !== undefined || unit.lines.length === 0}>
      <summary id={headingId}>{t("staffing.line.add", { name: unit.name })}</summary>
      {/* A fresh form after each addition, so the next one starts empty. */}
      <Form id={form.id} method="post" action={postTo} preventScrollReset noValidate className="rt-stack rt-line-form" aria-labelledby={headingId} key={added?.at ?? "add"}>
        <ErrorAlert>{formMessage(form, hidden)}</ErrorAlert>
        <HiddenFields fields={hidden} />
        <LineFields fields={fields} values={keptValues(form.initialValue, EMPTY_LINE)} />
        <FormActions busy={busy} label={t("record.add")} showSaving={false} />
      </Form>
    </details>
  );
}
