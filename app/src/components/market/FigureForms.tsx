import { Form } from "@remix-run/react";
import { useRef } from "react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { SOCIAL_DOMAINS } from "@regiotafel/domain";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { useEditSession } from "~/components/records/edit-session";
import { NumberField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert, StoredNow } from "~/components/records/RefusalAlert";
import { RowEditForm, usePostTarget } from "~/components/records/RowEditForm";
import { countText } from "~/lib/format";
import { formErrors } from "~/lib/forms";
import { FIGURE_FIELDS, figureValues, type FigureValues } from "~/lib/market";
import { formatEuros, formatNumber, formatPercent } from "~/lib/staffing";
import { useLocale, useT } from "~/i18n/use-t";
import { domainLabel, figureAnchor, useMarketOutcome, type Figure, type Market, type MarketFailure } from "./market-page";
import { YearMessage } from "./MarketFeedback";

/** The fields of a market figure, for adding and editing. */
function FigureFields({ prefix, values, errors }: { prefix: string; values: Partial<FigureValues> | undefined; errors: Record<string, string[] | undefined> }) {
  const t = useT();
  return (
    <>
      {/* Kept as it is: the link to a lot is made from the tender's page. */}
      <input type="hidden" name="lotId" value={values?.lotId ?? ""} />
      <div className="rt-narrow-wide">
        <TextField name="label" idPrefix={prefix} label={t("market.col.label")} description={t("market.field.label.hint")} defaultValue={values?.label} errors={errors.label} required maxLength={200} />
      </div>
      <div className="rt-form-row">
        <SelectField
          name="domain"
          idPrefix={prefix}
          label={t("market.col.domain")}
          defaultValue={values?.domain ?? ""}
          errors={errors.domain}
          options={[{ value: "", label: t("market.domain.none") }, ...SOCIAL_DOMAINS.map((d) => ({ value: d, label: t(`code.${d}`) }))]}
        />
        <NumberField name="year" idPrefix={prefix} label={t("market.year")} integer size={6} defaultValue={values?.year} errors={errors.year} required />
      </div>
      <div className="rt-form-row">
        <NumberField name="spend" idPrefix={prefix} label={t("market.field.spend")} unit="€" size={14} defaultValue={values?.spend} errors={errors.spend} required />
        <NumberField name="providers" idPrefix={prefix} label={t("market.col.providers")} integer defaultValue={values?.providers} errors={errors.providers} />
        <NumberField name="clients" idPrefix={prefix} label={t("market.col.clients")} integer defaultValue={values?.clients} errors={errors.clients} />
      </div>
      <div className="rt-form-row">
        <NumberField name="top3Share" idPrefix={prefix} label={t("market.field.top3")} unit="%" size={6} defaultValue={values?.top3Share} errors={errors.top3Share} />
        <NumberField name="top10Share" idPrefix={prefix} label={t("market.field.top10")} unit="%" size={6} defaultValue={values?.top10Share} errors={errors.top10Share} />
      </div>
    </>
  );
}

/** A figure's edit form in its row; after a stale save it shows what is stored now. */
export function EditFigureForm({ figure, result, cancelTo }: { figure: Figure; result: MarketFailure | undefined; cancelTo: string }) {
  const t = useT();
  const locale = useLocale();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget(figureAnchor(figure.id));
  const busy = useSubmitting({ intent: "update", figureId: figure.id });
  const { fieldErrors, formError } = formErrors(result?.conflict ? undefined : result?.error, FIGURE_FIELDS);
  useFocusFirstInvalid(formRef, result?.at);
  const edit = useEditSession(
    { version: figure.version, values: figureValues(figure, locale) },
    result && { at: result.at, ok: false, stale: result.conflict, typed: result.values },
  );
  return (
    <RowEditForm
      action={postTo}
      formRef={formRef}
      headingLevel={4}
      headingId={`edit-${figure.id}-heading`}
      heading={t("market.edit", { label: figure.label })}
      edit={edit}
      alert={
        <RefusalAlert stale={result?.conflict} formError={formError}>
          <StoredFigure figure={figure} />
        </RefusalAlert>
      }
      fields={{ intent: "update", figureId: figure.id, version: edit.version }}
      busy={busy}
      saveLabel={t("common.save")}
      cancelTo={cancelTo}
      refused={result !== undefined}
    >
      <FigureFields prefix={`figure-${figure.id}-`} values={edit.values} errors={fieldErrors} />
    </RowEditForm>
  );
}

/** What is stored now for a figure, next to the form that still holds the user's input. */
function StoredFigure({ figure }: { figure: Figure }) {
  const t = useT();
  const locale = useLocale();
  const optional = (n: number | null, format: (n: number) => string) => (n === null ? t("common.none") : format(n));
  return (
    <StoredNow
      intro={t("market.conflict.current")}
      items={[
        [t("market.col.label"), figure.label],
        [t("market.col.domain"), domainLabel(t, figure.domain)],
        [t("market.year"), figure.year],
        [t("market.field.spend"), formatEuros(figure.spend, locale)],
        [t("market.col.providers"), optional(figure.providers, (n) => formatNumber(n, locale))],
        [t("market.col.clients"), optional(figure.clients, (n) => formatNumber(n, locale))],
        [t("market.field.top3"), optional(figure.top3Share, (n) => formatPercent(n, locale))],
        [t("market.field.top10"), optional(figure.top10Share, (n) => formatPercent(n, locale))],
      ]}
    />
  );
}

/** A new figure (for the year shown, unless another is typed); a fresh form after each addition. */
export function AddFigureForm({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const result = useMarketOutcome();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget("nieuw-cijfer");
  const failed = result && !result.ok && result.intent === "add" ? result : undefined;
  const added = result?.ok && result.intent === "add" ? result : undefined;
  const busy = useSubmitting({ intent: "add" });
  const { fieldErrors, formError } = formErrors(failed?.error, FIGURE_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const year = market.year ?? new Date().getFullYear();
  return (
    <section className="rt-card rt-stack" aria-labelledby="add-figure-heading" id="nieuw-cijfer">
      <div>
        <Heading level={3} id="add-figure-heading">
          {t("market.add")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">
          {t("market.add.intro")} {market.figures.length > 0 && countText(t, locale, "market.figureCount", market.figures.length)}
        </Paragraph>
      </div>
      <StatusMessage focusKey={added?.at}>
        {added ? <YearMessage text={t("market.added", { label: added.values.label, year: added.values.year })} year={added.values.year} /> : null}
      </StatusMessage>
      <ErrorAlert>{formError}</ErrorAlert>
      {/* A fresh form after each addition, so the next one starts empty. */}
      <Form method="post" action={postTo} preventScrollReset noValidate ref={formRef} className="rt-stack" aria-labelledby="add-figure-heading" key={added?.at ?? "add"}>
        <input type="hidden" name="intent" value="add" />
        <FigureFields prefix="add-" values={failed?.values ?? { year: String(year) }} errors={fieldErrors} />
        <FormActions busy={busy} label={t("record.add")} showSaving={false} />
      </Form>
    </section>
  );
}
