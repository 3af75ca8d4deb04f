import { FUNDING_MODELS, PROCEDURES, PROCUREMENT_LEVELS, SOCIAL_DOMAINS } from "@regiotafel/domain";
import { Heading } from "@utrecht/component-library-react";
import { SelectField, TextField } from "~/components/FormFields";
import { conformField, type FieldsetOf } from "~/components/records/conform";
import { CheckboxGroupField, DateField, NumberField, TextAreaField } from "~/components/records/Fields";
import type { TenderFormValues } from "~/lib/tenders";
import type { WorkspaceOverview } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";
import { codeOptions } from "./vocabulary";

/** A new tender's starting values: the member's own organisation procures for its own region. */
export function newTenderValues(overview: WorkspaceOverview): TenderFormValues {
  const ownRegion = overview.regions.find((r) => r.municipalities.some((m) => m.id === overview.me.organisationId) || r.bodies.some((b) => b.id === overview.me.organisationId));
  return {
    title: "",
    description: "",
    domain: "",
    level: "REGIONAAL",
    procedure: "",
    procuringEntityId: ownRegion ? overview.me.organisationId : "",
    participantIds: [],
    ownerRegionId: ownRegion?.id ?? "",
    contractStart: "",
    contractEnd: "",
    extensionOptions: "",
    estimatedValue: "",
    sroiPercentage: "",
    sroiThreshold: "",
    fundingModel: "",
  };
}

/**
 * The fields of the tender form (new tender on the board, edit on the tender page). Names, ids
 * and messages are Conform's (`fields`); `values` are texts: the record's or, after a refusal,
 * what the user typed.
 */
export function TenderFields({ fields, values, overview }: { fields: FieldsetOf<TenderFormValues>; values: TenderFormValues; overview: WorkspaceOverview }) {
  const t = useT();
  const choose = { value: "", label: t("tender.field.choose") };
  const organisations = overview.regions.flatMap((r) => [
    ...r.bodies.map((b) => ({ value: b.id, label: t("tender.field.body", { name: b.name, region: r.name }) })),
    ...r.municipalities.map((m) => ({ value: m.id, label: m.name })),
  ]);
  const common = (name: keyof TenderFormValues) => conformField(fields[name]);
  return (
    <>
      <div className="rt-form-row">
        <TextField {...common("title")} label={t("tender.field.title")} defaultValue={values.title} required maxLength={200} />
      </div>
      <div className="rt-form-row">
        <SelectField {...common("domain")} label={t("tender.field.domain")} defaultValue={values.domain} options={[choose, ...codeOptions(t, SOCIAL_DOMAINS)]} />
        <SelectField {...common("level")} label={t("tender.field.level")} defaultValue={values.level} options={[choose, ...codeOptions(t, PROCUREMENT_LEVELS)]} />
        <SelectField {...common("procedure")} label={t("tender.field.procedure")} defaultValue={values.procedure} options={[choose, ...codeOptions(t, PROCEDURES)]} />
      </div>
      <div className="rt-form-row">
        <SelectField {...common("procuringEntityId")} label={t("tender.field.procuringEntity")} defaultValue={values.procuringEntityId} options={[choose, ...organisations]} />
        <SelectField
          {...common("ownerRegionId")}
          label={t("tender.field.ownerRegion")}
          description={t("tender.field.ownerRegion.hint")}
          defaultValue={values.ownerRegionId}
          options={[{ value: "", label: t("tenders.wholeWorkspace") }, ...overview.regions.map((r) => ({ value: r.id, label: r.name }))]}
        />
      </div>
      <CheckboxGroupField
        {...common("participantIds")}
        label={t("tender.field.participants")}
        description={t("tender.field.participants.hint")}
        options={[]}
        groups={overview.regions.filter((r) => r.municipalities.length > 0).map((r) => ({ label: r.name, options: r.municipalities.map((m) => ({ value: m.id, label: m.name })) }))}
        defaultValues={values.participantIds}
      />
      <TextAreaField {...common("description")} label={t("tender.field.description")} defaultValue={values.description} rows={3} maxLength={4000} />
      <Heading level={3} appearance="utrecht-heading-4" className="rt-form-subheading">
        {t("tender.field.contract")}
      </Heading>
      <div className="rt-form-row">
        <DateField {...common("contractStart")} label={t("tender.field.contractStart")} defaultValue={values.contractStart} />
        <DateField {...common("contractEnd")} label={t("tender.field.contractEnd")} defaultValue={values.contractEnd} />
        <TextField {...common("extensionOptions")} label={t("tender.field.extensionOptions")} description={t("tender.field.extensionOptions.hint")} defaultValue={values.extensionOptions} maxLength={300} />
      </div>
      <div className="rt-form-row">
        <NumberField {...common("estimatedValue")} label={t("tender.field.estimatedValue")} description={t("help.amount")} unit="€" defaultValue={values.estimatedValue} size={14} />
        <NumberField {...common("sroiPercentage")} label={t("tender.field.sroiPercentage")} description={t("help.percentage")} unit="%" defaultValue={values.sroiPercentage} size={5} />
        <NumberField {...common("sroiThreshold")} label={t("tender.field.sroiThreshold")} description={t("tender.field.sroiThreshold.hint")} unit="€" defaultValue={values.sroiThreshold} size={12} />
        <SelectField
          {...common("fundingModel")}
          label={t("tender.field.fundingModel")}
          defaultValue={values.fundingModel}
          options={[{ value: "", label: t("tender.field.notChosen") }, ...codeOptions(t, FUNDING_MODELS)]}
        />
      </div>
    </>
  );
}
