import { Form } from "@remix-run/react";
import { useRef } from "react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { SOCIAL_DOMAINS } from "@regiotafel/domain";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { conformField, formMessage, useRecordForm, type FieldsetOf } from "~/components/records/conform";
import { useEditSession } from "~/components/records/edit-session";
import { NumberField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert, StoredNow } from "~/components/records/RefusalAlert";
import { RowEditForm, usePostTarget } from "~/components/records/RowEditForm";
import { countText } from "~/lib/format";
import { keptValues } from "~/lib/edit-merge";
import { figureValues, type FigureFormValues } from "~/lib/market";
import { formatEuros, formatNumber, formatPercent } from "~/lib/staffing";
import { useLocale, useT } from "~/i18n/use-t";
import { domainLabel, figureAnchor, useMarketOutcome, type Figure, type Market, type MarketFailure } from "./market-page";
import { YearMessage } from "./MarketFeedback";

/**
 * The fields of a market figure, for adding and editing. Names, ids and messages are Conform's
 * (`fields`); `values` the texts the form starts with.
 */
function FigureFields({ fields, values }: { fields: FieldsetOf<FigureFormValues>; values: FigureFormValues }) {
  const t = useT();
  const common = (name: keyof FigureFormValues) => conformField(fields[name]);
  return (
    <>
      {/* Kept as it is: the link to a lot is made from the tender's page. */}
      <input type="hidden" name="lotId" value={values.lotId} />
      <div className="rt-narrow-wide">
        <TextField {...common("label")} label={t("market.col.label")} description={t("market.field.label.hint")} defaultValue={values.label} required maxLength={200} />
      </div>
      <div className="rt-form-row">
        <SelectField
          {...common("domain")}
          label={t("market.col.domain")}
          defaultValue={values.domain}
          options={[{ value: "", label: t("market.domain.none") }, ...SOCIAL_DOMAINS.map((d) => ({ value: d, label: t(`code.${d}`) }))]}
        />
        <NumberField {...common("year")} label={t("market.year")} integer size={6} defaultValue={values.year} required />
      </div>
      <div className="rt-form-row">
        <NumberField {...common("spend")} label={t("market.field.spend")} description={t("help.amount")} unit="€" size={14} defaultValue={values.spend} required />
        <NumberField {...common("providers")} label={t("market.col.providers")} integer defaultValue={values.providers} />
        <NumberField {...common("clients")} label={t("market.col.clients")} integer defaultValue={values.clients} />
      </div>
      <div className="rt-form-row">
        <NumberField {...common("top3Share")} label={t("market.field.top3")} unit="%" size={6} defaultValue={values.top3Share} />
        <NumberField {...common("top10Share")} label={t("market.field.top10")} unit="%" size={6} defaultValue={values.top10Share} />
      </div>
    </>
  );
}

/**
 * A figure's edit form in its row; after a stale save it shows what is stored now. The edit
 * session owns the values, Conform the fields' names, ids and messages (ADR 0018).
 */
export function EditFigureForm({ figure, result, cancelTo }: { figure: Figure; result: MarketFailure | undefined; cancelTo: string }) {
  const t = useT();
  const locale = useLocale();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget(figureAnchor(figure.id));
  const busy = useSubmitting({ intent: "update", figureId: figure.id });
  const current = figureValues(figure, locale);
  const edit = useEditSession({ version: figure.version, values: current }, result && { at: result.at, ok: false, stale: result.conflict, typed: keptValues(result.reply.initialValue, current) });
  const [form, fields] = useRecordForm<FigureFormValues>(`figure-${figure.id}`, result?.reply);
  const hidden = { intent: "update", figureId: figure.id, version: edit.version };
  return (
    <RowEditForm
      formId={form.id}
      action={postTo}
      formRef={formRef}
      headingLevel={3}
      headingId={`edit-${figure.id}-heading`}
      heading={t("market.edit", { label: figure.label })}
      edit={edit}
      alert={
        <RefusalAlert stale={result?.conflict} formError={formMessage(form, { ...hidden, lotId: edit.values.lotId })}>
          <StoredFigure figure={figure} />
        </RefusalAlert>
      }
      fields={hidden}
      busy={busy}
      saveLabel={t("common.save")}
      cancelTo={cancelTo}
      refused={result !== undefined}
    >
      <FigureFields fields={fields} values={edit.values} />
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

/**
 * A new figure (for the year shown, unless another is typed); a fresh form after each addition.
 * Conform owns its values: the year shown, or what a refused post kept.
 */
export function AddFigureForm({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const result = useMarketOutcome();
  const postTo = usePostTarget("nieuw-cijfer");
  const failed = result && !result.ok && result.intent === "add" ? result : undefined;
  const added = result?.ok && result.intent === "add" ? result : undefined;
  const busy = useSubmitting({ intent: "add" });
  const empty: FigureFormValues = { ...EMPTY_FIGURE, year: String(market.year ?? new Date().getFullYear()) };
  // The form's id "add" keeps its fields' ids as they were ("add-label").
  const [form, fields] = useRecordForm("add", failed?.reply, empty);
  return (
    <section className="rt-card rt-stack" aria-labelledby="add-figure-heading" id="nieuw-cijfer">
      <div>
        <Heading level={2} appearance="utrecht-heading-3" id="add-figure-heading">
          {t("market.add")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">
          {t("market.add.intro")} {market.figures.length > 0 && countText(t, locale, "market.figureCount", market.figures.length)}
        </Paragraph>
      </div>
      <StatusMessage focusKey={added?.at}>{added ? <YearMessage text={t("market.added", { label: added.label, year: added.year })} year={added.year} /> : null}</StatusMessage>
      <ErrorAlert>{formMessage(form, { lotId: "" })}</ErrorAlert>
      {/* A fresh form after each addition, so the next one starts empty. */}
      <Form id={form.id} method="post" action={postTo} preventScrollReset noValidate className="rt-stack" aria-labelledby="add-figure-heading" key={added?.at ?? "add"}>
        <input type="hidden" name="intent" value="add" />
        <FigureFields fields={fields} values={keptValues(form.initialValue, empty)} />
        <FormActions busy={busy} label={t("record.add")} showSaving={false} />
      </Form>
    </section>
  );
}

/** A new figure's form (its year is the year shown). */
const EMPTY_FIGURE: FigureFormValues = { label: "", domain: "", year: "", spend: "", providers: "", clients: "", top3Share: "", top10Share: "", lotId: "" };
