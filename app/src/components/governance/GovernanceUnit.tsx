import { Form } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { ORGANISATION_FORMS } from "@regiotafel/domain";
import { StatusMessage } from "~/components/Feedback";
import { SelectField } from "~/components/FormFields";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { useFormEditSession } from "~/components/records/edit-session";
import { TextAreaField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { HiddenFields } from "~/components/records/HiddenFields";
import { useBusy, useFailure, useFormOutcome } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import type { ModelFormValues } from "~/lib/governance";
import type { WorkspaceOverview } from "~/lib/workspace";
import type { loader } from "~/routes/w.$workspace.governance";
import { useT } from "~/i18n/use-t";
import { Bodies } from "./Bodies";
import { FormDisclosure, MultilineText } from "./Controls";
import { AddDecision } from "./DecisionLog";
import { NvoChecklist } from "./NvoChecklist";

export type Governance = Awaited<ReturnType<typeof loader>>;
export type Unit = Governance["units"][number];
export type Body = NonNullable<Unit["model"]>["bodies"][number];
export type Decision = Governance["decisions"][number];

/** The key of a unit in form keys and the decision filter: its region id, or "werkruimte". */
export const unitKey = (unit: { regionId: string | null }) => unit.regionId ?? "werkruimte";

/** The id of a unit's section, for in-page links: "werkruimte" or "regio-<slug>". */
export function unitAnchor(unit: { regionId: string | null }, regions: WorkspaceOverview["regions"]): string {
  if (!unit.regionId) return "werkruimte";
  const slug = regions.find((r) => r.id === unit.regionId)?.slug;
  return `regio-${slug ?? unit.regionId}`;
}

/** One unit (the whole workspace, or a region): its organisation form, bodies, NvO checklist and a form to record a decision. */
export function GovernanceUnit({ unit, anchor }: { unit: Unit; anchor: string }) {
  const t = useT();
  const name = unit.regionName ?? t("governance.wholeWorkspace");
  return (
    <section className="rt-card rt-stack rt-gov-unit" id={anchor} aria-labelledby={`${anchor}-heading`}>
      <div className="rt-section-header">
        <Heading level={2} appearance="utrecht-heading-3" id={`${anchor}-heading`}>
          {name}
        </Heading>
        {!unit.canEdit && <span className="rt-badge rt-badge--quiet">{t("governance.readOnly")}</span>}
      </div>
      <ModelPanel unit={unit} anchor={anchor} />
      <Bodies unit={unit} anchor={anchor} />
      <NvoChecklist unit={unit} anchor={anchor} name={name} />
      {unit.canEdit && <AddDecision unit={unit} anchor={anchor} />}
    </section>
  );
}

function ModelPanel({ unit, anchor }: { unit: Unit; anchor: string }) {
  const t = useT();
  const model = unit.model;
  const formKey = `model:${unitKey(unit)}`;
  const outcome = useFormOutcome(formKey);
  const headingId = `${anchor}-model`;
  return (
    <section className="rt-stack" aria-labelledby={headingId}>
      <Heading level={3} appearance="utrecht-heading-4" id={headingId}>
        {t("governance.model")}
      </Heading>
      {model ? (
        <dl className="rt-gov-facts">
          <div>
            <dt>{t("governance.organisationForm")}</dt>
            <dd>{t(`code.${model.organisationForm}`)}</dd>
          </div>
          <div>
            <dt>{t("governance.description")}</dt>
            <dd>
              <MultilineText text={model.description} />
            </dd>
          </div>
        </dl>
      ) : (
        <Paragraph className="rt-empty">{t(unit.canEdit ? "governance.model.emptyEdit" : "governance.model.empty")}</Paragraph>
      )}
      <StatusMessage>{outcome?.ok ? t("governance.model.saved") : null}</StatusMessage>
      {unit.canEdit &&
        (model ? (
          <FormDisclosure formKey={formKey} summary={t("governance.model.edit")}>
            <ModelForm unit={unit} formKey={formKey} anchor={anchor} />
          </FormDisclosure>
        ) : (
          <ModelForm unit={unit} formKey={formKey} anchor={anchor} />
        ))}
    </section>
  );
}

function ModelForm({ unit, formKey, anchor }: { unit: Unit; formKey: string; anchor: string }) {
  const t = useT();
  const model = unit.model;
  const failure = useFailure(formKey);
  const busy = useBusy(formKey);
  const session = useFormEditSession<ModelFormValues, number | null>(formKey, {
    version: model?.version ?? null,
    values: { organisationForm: model?.organisationForm ?? "COOPERATION_AGREEMENT", description: model?.description ?? "" },
  });
  // Not `${anchor}-model`: that is the section's heading.
  const [form, fields] = useRecordForm<ModelFormValues>(`${anchor}-model-form`, failure?.reply);
  const hidden = { intent: "saveModel", formKey, regionId: unit.regionId ?? "", version: session.version ?? "" };
  return (
    <Form id={form.id} method="post" preventScrollReset noValidate className="rt-stack rt-gov-form" key={session.key} onChange={session.onEdit} aria-label={t("governance.model")}>
      <HiddenFields fields={hidden} />
      <RefusalAlert stale={failure?.conflict} formError={formMessage(form, hidden)} />
      <SelectField
        {...conformField(fields.organisationForm)}
        label={t("governance.organisationForm")}
        defaultValue={session.values.organisationForm}
        options={ORGANISATION_FORMS.map((f) => ({ value: f, label: t(`code.${f}`) }))}
      />
      <TextAreaField
        {...conformField(fields.description)}
        label={t("governance.description")}
        description={t("governance.description.hint")}
        defaultValue={session.values.description}
        rows={4}
        maxLength={4000}
      />
      <FormActions busy={busy} label={t(model ? "common.save" : "governance.model.create")} />
    </Form>
  );
}
