import { Form } from "@remix-run/react";
import { useRef } from "react";
import { EMPLOYMENTS } from "@regiotafel/domain";
import { ErrorAlert, useFocusFirstInvalid } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { useEditSession } from "~/components/records/edit-session";
import { NumberField, TextAreaField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert, StoredNow } from "~/components/records/RefusalAlert";
import { RowEditForm, usePostTarget } from "~/components/records/RowEditForm";
import { formErrors } from "~/lib/forms";
import { formatNumber, LINE_FIELDS, lineValues, type LineValues } from "~/lib/staffing";
import { useLocale, useT, type T } from "~/i18n/use-t";
import { unitAnchor, type Line, type StaffingFailure, type StaffingResult, type Unit } from "./staffing-page";

/** The fields of a staffing line, for adding and editing. */
function LineFields({ prefix, values, errors, t }: { prefix: string; values: Partial<LineValues> | undefined; errors: Record<string, string[] | undefined>; t: T }) {
  return (
    <>
      <div className="rt-form-row">
        <TextField name="function" idPrefix={prefix} label={t("staffing.col.function")} defaultValue={values?.function} errors={errors.function} required maxLength={120} />
        <SelectField
          name="employment"
          idPrefix={prefix}
          label={t("staffing.col.employment")}
          defaultValue={values?.employment || "EMPLOYED"}
          errors={errors.employment}
          options={EMPLOYMENTS.map((e) => ({ value: e, label: t(`code.${e}`) }))}
        />
      </div>
      <div className="rt-form-row">
        <NumberField name="fteCurrent" idPrefix={prefix} label={t("staffing.field.fteCurrent")} unit="fte" defaultValue={values?.fteCurrent} errors={errors.fteCurrent} required />
        <NumberField
          name="fteMinimum"
          idPrefix={prefix}
          label={t("staffing.field.fteMinimum")}
          description={t("staffing.field.fteMinimum.hint")}
          unit="fte"
          defaultValue={values?.fteMinimum}
          errors={errors.fteMinimum}
        />
      </div>
      <TextAreaField name="notes" idPrefix={prefix} label={t("staffing.col.notes")} defaultValue={values?.notes} errors={errors.notes} rows={2} maxLength={1000} />
    </>
  );
}

/** A line's edit form in its row; after a stale save it shows what is stored now. */
export function EditLineForm({ unit, line, result, cancelTo }: { unit: Unit; line: Line; result: StaffingFailure | undefined; cancelTo: string }) {
  const t = useT();
  const locale = useLocale();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget(unitAnchor(unit.id));
  const busy = useSubmitting({ intent: "update", lineId: line.id });
  const { fieldErrors, formError } = formErrors(result?.conflict ? undefined : result?.error, LINE_FIELDS);
  useFocusFirstInvalid(formRef, result?.at);
  const edit = useEditSession(
    { version: line.version, values: lineValues(line, locale) },
    result && { at: result.at, ok: false, stale: result.conflict, typed: result.values },
  );
  return (
    <RowEditForm
      action={postTo}
      formRef={formRef}
      headingLevel={5}
      headingId={`edit-${line.id}-heading`}
      heading={t("staffing.line.edit", { function: line.function })}
      edit={edit}
      alert={
        <RefusalAlert stale={result?.conflict} formError={formError}>
          <StoredLine line={line} />
        </RefusalAlert>
      }
      fields={{ intent: "update", unitId: unit.id, lineId: line.id, version: edit.version }}
      busy={busy}
      saveLabel={t("common.save")}
      cancelTo={cancelTo}
      refused={result !== undefined}
    >
      <LineFields prefix={`line-${line.id}-`} values={edit.values} errors={fieldErrors} t={t} />
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

/** A new line for a unit, in a disclosure (open when the unit has none or after a refusal); a fresh form after each addition. */
export function AddLineForm({ unit, result }: { unit: Unit; result: StaffingResult | undefined }) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget(unitAnchor(unit.id));
  const failed = result && !result.ok ? result : undefined;
  const added = result?.ok ? result : undefined;
  const busy = useSubmitting({ intent: "add", unitId: unit.id });
  const { fieldErrors, formError } = formErrors(failed?.error, LINE_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const headingId = `add-${unit.id}-heading`;
  return (
    <details className="rt-add-line" open={failed !== undefined || unit.lines.length === 0}>
      <summary id={headingId}>{t("staffing.line.add", { name: unit.name })}</summary>
      {/* A fresh form after each addition, so the next one starts empty. */}
      <Form method="post" action={postTo} preventScrollReset noValidate ref={formRef} className="rt-stack rt-line-form" aria-labelledby={headingId} key={added?.at ?? "add"}>
        <ErrorAlert>{formError}</ErrorAlert>
        <input type="hidden" name="intent" value="add" />
        <input type="hidden" name="unitId" value={unit.id} />
        <input type="hidden" name="unitKind" value={unit.kind} />
        <LineFields prefix={`add-${unit.id}-`} values={failed?.values} errors={fieldErrors} t={t} />
        <FormActions busy={busy} label={t("record.add")} showSaving={false} />
      </Form>
    </details>
  );
}
