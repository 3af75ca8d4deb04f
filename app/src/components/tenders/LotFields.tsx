import { PROCEDURES } from "@regiotafel/domain";
import { SelectField, TextField } from "~/components/FormFields";
import { conformField, type FieldsetOf } from "~/components/records/conform";
import { NumberField, TextAreaField } from "~/components/records/Fields";
import { LOT_FIELD_LABELS as label, type LotFormValues } from "~/lib/tenders";
import { useT } from "~/i18n/use-t";
import { codeOptions } from "./vocabulary";

/** A new lot's form. */
export const EMPTY_LOT: LotFormValues = {
  segment: "",
  title: "",
  regionalProvidersMin: "",
  regionalProvidersMax: "",
  localProvidersMin: "",
  localProvidersMax: "",
  procedureOverride: "",
  expectedValue: "",
  notes: "",
};

/**
 * The fields of a lot (perceel): segment, title, regional and local provider ranges, expected
 * value, procedure, notes. Names, ids and messages are Conform's (`fields`); `values` the texts
 * the form starts with (the record's, or what the user typed).
 */
export function LotFields({ fields, values, tenderProcedure }: { fields: FieldsetOf<LotFormValues>; values: LotFormValues; tenderProcedure: string }) {
  const t = useT();
  const common = (name: keyof LotFormValues) => conformField(fields[name]);
  return (
    <>
      <div className="rt-form-row">
        <TextField {...common("segment")} label={t(label.segment)} defaultValue={values.segment} maxLength={120} />
        <TextField {...common("title")} label={t(label.title)} defaultValue={values.title} required maxLength={200} />
      </div>
      <div className="rt-form-row">
        <NumberField {...common("regionalProvidersMin")} integer label={t(label.regionalProvidersMin)} defaultValue={values.regionalProvidersMin} size={5} />
        <NumberField {...common("regionalProvidersMax")} integer label={t(label.regionalProvidersMax)} defaultValue={values.regionalProvidersMax} size={5} />
        <NumberField {...common("localProvidersMin")} integer label={t(label.localProvidersMin)} defaultValue={values.localProvidersMin} size={5} />
        <NumberField {...common("localProvidersMax")} integer label={t(label.localProvidersMax)} defaultValue={values.localProvidersMax} size={5} />
      </div>
      <div className="rt-form-row">
        <NumberField {...common("expectedValue")} label={t(label.expectedValue)} description={t("help.amount")} defaultValue={values.expectedValue} unit="€" size={12} />
        <SelectField
          {...common("procedureOverride")}
          label={t(label.procedureOverride)}
          defaultValue={values.procedureOverride}
          options={[{ value: "", label: t("lot.field.procedure.same", { procedure: t(`code.${tenderProcedure}`) }) }, ...codeOptions(t, PROCEDURES)]}
        />
      </div>
      <TextAreaField {...common("notes")} label={t(label.notes)} defaultValue={values.notes} rows={2} maxLength={2000} />
    </>
  );
}
