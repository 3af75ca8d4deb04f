import { MILESTONE_STATUSES, MILESTONE_TYPES } from "@regiotafel/domain";
import { SelectField, TextField } from "~/components/FormFields";
import { conformField, type FieldsetOf } from "~/components/records/conform";
import { DateField, TextAreaField } from "~/components/records/Fields";
import type { MilestoneFormValues } from "~/lib/tenders";
import { useT } from "~/i18n/use-t";
import { codeOptions } from "./vocabulary";

/** A new milestone's form: scheduled, for the whole tender. */
export const EMPTY_MILESTONE: MilestoneFormValues = { lotId: "", type: "", title: "", description: "", dueDate: "", dateMet: "", status: "SCHEDULED" };

/**
 * The fields of a milestone: type, title, lot (or the whole tender), due date, date met, status.
 * Names, ids and messages are Conform's (`fields`); `values` the texts the form starts with.
 */
export function MilestoneFields(props: { fields: FieldsetOf<MilestoneFormValues>; values: MilestoneFormValues; lots: readonly { id: string; title: string }[] }) {
  const { fields, values, lots } = props;
  const t = useT();
  const common = (name: keyof MilestoneFormValues) => conformField(fields[name]);
  return (
    <>
      <div className="rt-form-row">
        <TextField {...common("title")} label={t("milestone.field.title")} defaultValue={values.title} required maxLength={200} />
        <SelectField {...common("type")} label={t("milestone.field.type")} defaultValue={values.type} options={[{ value: "", label: t("tender.field.choose") }, ...codeOptions(t, MILESTONE_TYPES)]} />
        <SelectField
          {...common("lotId")}
          label={t("milestone.field.lot")}
          defaultValue={values.lotId}
          options={[{ value: "", label: t("milestone.wholeTender") }, ...lots.map((l) => ({ value: l.id, label: l.title }))]}
        />
      </div>
      <div className="rt-form-row">
        <DateField {...common("dueDate")} label={t("milestone.field.dueDate")} defaultValue={values.dueDate} />
        <SelectField {...common("status")} label={t("milestone.field.status")} defaultValue={values.status || "SCHEDULED"} options={codeOptions(t, MILESTONE_STATUSES)} />
        <DateField {...common("dateMet")} label={t("milestone.field.dateMet")} defaultValue={values.dateMet} />
      </div>
      <TextAreaField {...common("description")} label={t("milestone.field.description")} defaultValue={values.description} rows={2} maxLength={1000} />
    </>
  );
}
