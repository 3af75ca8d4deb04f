import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation, useSearchParams, type useActionData } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableFooter,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { SOCIAL_DOMAINS, type ErrorDescription } from "@regiotafel/domain";
import { BarChart } from "~/components/charts/BarChart";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { CsvLink } from "~/components/records/ExportLinks";
import { NumberField } from "~/components/records/Fields";
import { useEditSession } from "~/components/records/edit-session";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost, useOutcome } from "~/components/records/outcome";
import { load, mutate, requireUser } from "~/lib/api.server";
import { countText, numberText } from "~/lib/format";
import { formErrors, formText } from "~/lib/forms";
import { useLiveRecords, type LiveChange } from "~/lib/live";
import { formatEuros, formatEurosShort, formatNumber, formatPercent, parseNumber } from "~/lib/staffing";
import { useHydrated } from "~/lib/use-hydrated";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT, type T } from "~/i18n/use-t";

export const handle: WorkspaceHandle = { crumb: "ws.nav.market" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Marktanalyse") }];

/** `?jaar=2019`; anything else shows the latest year with figures. */
function yearParam(value: string | null): number | undefined {
  const year = Number(value);
  return value && Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined;
}

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const year = yearParam(new URL(request.url).searchParams.get("jaar"));
  const market = await load(context, request, () => context.api.market.get({ workspace: params.workspace ?? "", year }));
  return { market };
}

/** After every post the data reloads; opening a figure for editing only changes the query string: no need to load the data again. */
export const shouldRevalidate = revalidateAfterPost((current, next) => {
  const withoutEdit = (url: URL) => {
    const params = new URLSearchParams(url.search);
    params.delete(EDIT_PARAM);
    return params.toString();
  };
  return withoutEdit(current) === withoutEdit(next);
});

const EDIT_PARAM = "wijzig";
const FIGURE_FIELDS = ["label", "domain", "year", "spend", "providers", "clients", "top3Share", "top10Share", "lotId"] as const;
const INTENTS = ["add", "update", "remove", "undo"] as const;
type Intent = (typeof INTENTS)[number];
const isIntent = (value: string): value is Intent => (INTENTS as readonly string[]).includes(value);

/** A figure's fields as typed (strings), so a refused form shows exactly what the user entered. */
type FigureValues = Record<(typeof FIGURE_FIELDS)[number], string>;

function figureInput(values: FigureValues) {
  const optional = (text: string, kind: "decimal" | "amount" = "decimal") => parseNumber(text, kind);
  return {
    lotId: values.lotId || null,
    label: values.label,
    domain: (values.domain || null) as (typeof SOCIAL_DOMAINS)[number] | null, // checked by the procedure
    year: parseNumber(values.year) ?? NaN,
    spend: parseNumber(values.spend, "amount") ?? NaN,
    providers: optional(values.providers, "amount"),
    clients: optional(values.clients, "amount"),
    top3Share: optional(values.top3Share),
    top10Share: optional(values.top10Share),
  };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const workspace = params.workspace ?? "";
  const intent = formText(form, "intent");
  if (!isIntent(intent)) throw new Response("Onbekende actie", { status: 400 });
  const at = Date.now();
  const figureId = formText(form, "figureId");
  const values = Object.fromEntries(FIGURE_FIELDS.map((f) => [f, formText(form, f)])) as FigureValues;
  const fail = (error: ErrorDescription, failedValues = values) =>
    data({ ok: false as const, intent, figureId, error, values: failedValues, conflict: error.code === "CONFLICT", at }, { status: error.httpStatus });
  const done = (id: string, doneValues = values) => ({ ok: true as const, intent, figureId: id, values: doneValues, at });

  switch (intent) {
    case "add":
    case "undo": {
      const result = await mutate(context, () => context.api.market.add({ workspace, ...figureInput(values) }));
      return result.ok ? done(result.data.id) : fail(result.error);
    }
    case "update": {
      const version = Number(formText(form, "version"));
      const result = await mutate(context, () => context.api.market.update({ workspace, figureId, version, ...figureInput(values) }));
      return result.ok ? done(figureId) : fail(result.error);
    }
    case "remove": {
      // What the figure held, so that the message can offer to add it back.
      const year = yearParam(values.year);
      const market = await mutate(context, () => context.api.market.get({ workspace, year }));
      const figure = market.ok ? market.data.figures.find((f) => f.id === figureId) : undefined;
      const text = (n: number | null) => (n === null ? "" : String(n));
      const removed: FigureValues = figure
        ? {
            label: figure.label,
            domain: figure.domain ?? "",
            year: String(figure.year),
            spend: String(figure.spend),
            providers: text(figure.providers),
            clients: text(figure.clients),
            top3Share: text(figure.top3Share),
            top10Share: text(figure.top10Share),
            lotId: figure.lotId ?? "",
          }
        : values;
      const result = await mutate(context, () => context.api.market.remove({ workspace, figureId }));
      return result.ok ? done(figureId, removed) : fail(result.error, removed);
    }
  }
}

type ActionResult = ReturnType<typeof useActionData<typeof action>>;
type Failure = Extract<NonNullable<ActionResult>, { ok: false }>;
type Market = ReturnType<typeof useLoaderData<typeof loader>>["market"];
type Figure = Market["figures"][number];

const figureAnchor = (id: string) => `cijfer-${id}`;

/** A domain's name; figures without one count as "other". */
function domainLabel(t: T, domain: string | null): string {
  return domain && domain !== "OVERIG" ? t(`code.${domain}`) : t("market.domain.none");
}

export default function MarketAnalysis() {
  const { market } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const navigation = useNavigation();
  // Our own saves reload the data with their response; see the staffing page.
  const live = useLiveRecords(
    overview.slug,
    "market",
    (change: LiveChange) => change.entityType === "market" && !(change.actorId === overview.me.userId && navigation.state !== "idle"),
  );
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <Heading level={2}>{t("market.title")}</Heading>
            <LivePresence live={live} />
          </div>
          <Paragraph>{t("market.intro")}</Paragraph>
          {!market.canEdit && <Paragraph className="rt-muted rt-small">{t("record.readOnly")}</Paragraph>}
        </div>
        {market.years.length > 0 && <YearChoice market={market} />}
        <Feedback />
        {market.figures.length === 0 ? (
          <Paragraph className="rt-empty rt-card">{t(market.canEdit ? "market.empty.editor" : "market.empty")}</Paragraph>
        ) : (
          <>
            <FiguresTable market={market} />
            <Totals market={market} />
            <Charts market={market} />
          </>
        )}
        {market.canEdit && <AddFigureForm market={market} />}
      </div>
    </OutcomeProvider>
  );
}

/** The year shown: a GET form (works without JavaScript), and the CSV of that year. */
function YearChoice({ market }: { market: Market }) {
  const t = useT();
  const overview = useWorkspace();
  return (
    <div className="rt-section-header">
      <Form method="get" className="rt-filter rt-year-form" aria-label={t("market.year.choose")}>
        <SelectField
          name="jaar"
          idPrefix="view-"
          label={t("market.year")}
          defaultValue={String(market.year ?? "")}
          key={market.year ?? ""}
          options={market.years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t("market.year.show")}
        </Button>
      </Form>
      {market.year !== null && <CsvLink workspace={overview.slug} table="marktanalyse" query={{ jaar: String(market.year) }} />}
    </div>
  );
}

/** Where the page's forms post to: the current view without the edit parameter (fragment without JavaScript). */
function usePostTarget(anchor: string): string {
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const hydrated = useHydrated();
  const rest = new URLSearchParams(params);
  rest.delete(EDIT_PARAM);
  const search = rest.toString();
  return `${pathname}${search ? `?${search}` : ""}${hydrated ? "" : `#${anchor}`}`;
}

/** The outcome of the last change in the table: saved, removed (with undo), restored. */
function Feedback() {
  const t = useT();
  const result = useOutcome<NonNullable<ActionResult>>();
  const navigation = useNavigation();
  const postTo = usePostTarget("cijfers");
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "undo";
  const done = result?.ok && result.intent !== "add" ? result : undefined;
  let message: ReactNode = null;
  if (done?.intent === "remove") {
    message = (
      <div className="rt-alert-row">
        <Paragraph>{t("market.removed", { label: done.values.label })}</Paragraph>
        <Form method="post" action={postTo} preventScrollReset>
          <input type="hidden" name="intent" value="undo" />
          {FIGURE_FIELDS.map((f) => (
            <input key={f} type="hidden" name={f} value={done.values[f]} />
          ))}
          <Button type="submit" appearance="secondary-action-button" busy={busy}>
            {t("record.undo")}
            <span className="rt-visually-hidden"> ({t("market.undoHint", { label: done.values.label })})</span>
          </Button>
        </Form>
      </div>
    );
  } else if (done) {
    message = <YearMessage text={t(done.intent === "update" ? "market.saved" : "market.restored", { label: done.values.label, year: done.values.year })} year={done.values.year} />;
  }
  const failed = result && !result.ok && (result.intent === "undo" || result.intent === "remove") ? result : undefined;
  return (
    <div id="cijfers" className="rt-stack">
      <StatusMessage focusKey={done?.at}>{message}</StatusMessage>
      <ErrorAlert>{failed?.error.message}</ErrorAlert>
    </div>
  );
}

/** A message about a figure, with a link to its year when the page shows another year. */
function YearMessage({ text, year }: { text: string; year: string }) {
  const t = useT();
  const { market } = useLoaderData<typeof loader>();
  return (
    <div className="rt-alert-row">
      <Paragraph>{text}</Paragraph>
      {year !== String(market.year) && (
        <Link className="utrecht-link" to={`?jaar=${encodeURIComponent(year)}`}>
          {t("market.showYear", { year })}
        </Link>
      )}
    </div>
  );
}

/** "—", read out as "niet ingevuld". */
function Missing() {
  const t = useT();
  return (
    <>
      <span aria-hidden="true">{t("common.none")}</span>
      <span className="rt-visually-hidden">{t("common.notSet")}</span>
    </>
  );
}

function FiguresTable({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const result = useOutcome<NonNullable<ActionResult>>();
  const columns = market.canEdit ? 9 : 8;
  return (
    <section className="rt-card rt-stack" aria-labelledby="figures-heading">
      <Heading level={3} id="figures-heading">
        {t("market.figures.title", { year: market.year ?? "" })}
      </Heading>
      <div className="rt-table-scroll">
        <Table className="rt-table rt-table--numbers rt-table--market">
          <TableCaption className="rt-visually-hidden">{t("market.figures.caption", { year: market.year ?? "" })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("market.col.label")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("market.col.domain")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("market.col.lot")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.spend")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.providers")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.clients")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.top3")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.top10")}
              </TableHeaderCell>
              {market.canEdit && (
                <TableHeaderCell scope="col">
                  <span className="rt-visually-hidden">{t("market.col.actions")}</span>
                </TableHeaderCell>
              )}
            </TableRow>
          </TableHeader>
          <TableBody>
            {market.figures.map((figure) => (
              <FigureRow
                key={figure.id}
                figure={figure}
                canEdit={market.canEdit}
                columns={columns}
                result={result && result.figureId === figure.id && result.intent !== "undo" ? result : undefined}
              />
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableHeaderCell scope="row" colSpan={3}>
                {t("market.total")}
              </TableHeaderCell>
              <TableCell className="rt-num rt-nowrap">{formatEuros(market.totals.reduce((n, d) => n + d.spend, 0), locale)}</TableCell>
              <TableCell />
              <TableCell className="rt-num">{formatNumber(market.totals.reduce((n, d) => n + d.clients, 0), locale)}</TableCell>
              <TableCell colSpan={market.canEdit ? 3 : 2} />
            </TableRow>
          </TableFooter>
        </Table>
      </div>
    </section>
  );
}

function FigureRow({ figure, canEdit, columns, result }: { figure: Figure; canEdit: boolean; columns: number; result: ActionResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const [params] = useSearchParams();
  const failedUpdate = result && !result.ok && result.intent === "update" ? result : undefined;
  const editing = canEdit && (params.get(EDIT_PARAM) === figure.id || failedUpdate !== undefined);
  const editLinkRef = useRef<HTMLAnchorElement>(null);
  const wasEditing = useRef(editing);
  useEffect(() => {
    if (!editing && wasEditing.current && !result?.ok) editLinkRef.current?.focus();
    wasEditing.current = editing;
  }, [editing, result]);

  if (editing) {
    return (
      <TableRow id={figureAnchor(figure.id)} className="rt-row--editing">
        <TableCell colSpan={columns}>
          <EditFigureForm figure={figure} result={failedUpdate} />
        </TableCell>
      </TableRow>
    );
  }
  const withEdit = new URLSearchParams(params);
  withEdit.set(EDIT_PARAM, figure.id);
  const share = (n: number | null) => (n === null ? <Missing /> : formatPercent(n, locale));
  const count = (n: number | null) => (n === null ? <Missing /> : formatNumber(n, locale));
  return (
    <TableRow id={figureAnchor(figure.id)}>
      <TableHeaderCell scope="row">{figure.label}</TableHeaderCell>
      <TableCell>{domainLabel(t, figure.domain)}</TableCell>
      <TableCell>
        {figure.lot ? (
          <Link className="utrecht-link" to={`/w/${overview.slug}/aanbestedingen/${figure.lot.tenderId}`}>
            {figure.lot.title}
          </Link>
        ) : (
          <Missing />
        )}
      </TableCell>
      <TableCell className="rt-num rt-nowrap">{formatEuros(figure.spend, locale)}</TableCell>
      <TableCell className="rt-num">{count(figure.providers)}</TableCell>
      <TableCell className="rt-num">{count(figure.clients)}</TableCell>
      <TableCell className="rt-num">{share(figure.top3Share)}</TableCell>
      <TableCell className="rt-num">{share(figure.top10Share)}</TableCell>
      {canEdit && (
        <TableCell className="rt-actions-cell">
          <div className="rt-actions rt-actions--end">
            <Link
              ref={editLinkRef}
              to={`?${withEdit}#${figureAnchor(figure.id)}`}
              replace
              preventScrollReset
              className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle"
            >
              {t("record.edit")}
              <span className="rt-visually-hidden"> {figure.label}</span>
            </Link>
            <RemoveFigureForm figure={figure} result={result && !result.ok && result.intent === "remove" ? result : undefined} />
          </div>
        </TableCell>
      )}
    </TableRow>
  );
}

function RemoveFigureForm({ figure, result }: { figure: Figure; result: Failure | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const postTo = usePostTarget("cijfers");
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "remove" && navigation.formData.get("figureId") === figure.id;
  return (
    <Form method="post" action={postTo} preventScrollReset>
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name="figureId" value={figure.id} />
      <input type="hidden" name="year" value={figure.year} />
      <Button type="submit" appearance="subtle-button" className="rt-remove-link" busy={busy}>
        {t("record.remove")}
        <span className="rt-visually-hidden"> {figure.label}</span>
      </Button>
      {result && (
        <p role="alert" className="rt-field-error rt-row-error">
          {result.error.message}
        </p>
      )}
    </Form>
  );
}

function Totals({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const spend = market.totals.reduce((n, d) => n + d.spend, 0);
  return (
    <section className="rt-card rt-stack" aria-labelledby="totals-heading">
      <Heading level={3} id="totals-heading">
        {t("market.totals.title", { year: market.year ?? "" })}
      </Heading>
      <div className="rt-table-scroll">
        <Table className="rt-table rt-table--numbers">
          <TableCaption className="rt-visually-hidden">{t("market.totals.caption", { year: market.year ?? "" })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("market.col.domain")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.lines")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.spend")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.share")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rt-num">
                {t("market.col.clients")}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {market.totals.map((d) => (
              <TableRow key={d.domain}>
                <TableHeaderCell scope="row">{domainLabel(t, d.domain)}</TableHeaderCell>
                <TableCell className="rt-num">{d.lots}</TableCell>
                <TableCell className="rt-num rt-nowrap">{formatEuros(d.spend, locale)}</TableCell>
                <TableCell className="rt-num">{spend > 0 ? formatPercent((d.spend / spend) * 100, locale) : <Missing />}</TableCell>
                <TableCell className="rt-num">{formatNumber(d.clients, locale)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

function Charts({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const bySpend = [...market.figures].sort((a, b) => b.spend - a.spend);
  const largest = bySpend[0]!;
  const total = market.totals.reduce((n, d) => n + d.spend, 0);
  const concentrated = market.figures.filter((f) => f.top3Share !== null || f.top10Share !== null).sort((a, b) => (b.top3Share ?? 0) - (a.top3Share ?? 0));
  const euros = (n: number) => formatEurosShort(n, locale);
  const percent = (n: number) => formatPercent(n, locale);
  const year = market.year ?? "";
  // The same description in two domains (e.g. "Persoonlijke verzorging") gets its domain added.
  const seen = new Map<string, number>();
  for (const f of market.figures) seen.set(f.label, (seen.get(f.label) ?? 0) + 1);
  const name = (f: Figure) => ((seen.get(f.label) ?? 0) > 1 ? `${f.label} (${domainLabel(t, f.domain)})` : f.label);
  return (
    <section className="rt-card rt-stack" aria-labelledby="charts-heading">
      <Heading level={3} id="charts-heading">
        {t("market.charts.title", { year })}
      </Heading>
      <div className="rt-charts">
        <figure className="rt-stack rt-figure" aria-labelledby="spend-chart-heading">
          <figcaption>
            <Heading level={4} id="spend-chart-heading">
              {t("market.chart.spend.title")}
            </Heading>
          </figcaption>
          <BarChart
            label={t("market.chart.spend.summary", {
              year,
              count: bySpend.length,
              label: name(largest),
              amount: formatEuros(largest.spend, locale),
              total: formatEuros(total, locale),
            })}
            format={euros}
            series={[{ key: "spend", label: t("market.col.spend"), tone: 1 }]}
            groups={bySpend.map((f) => ({ key: f.id, label: name(f), values: { spend: f.spend } }))}
          />
        </figure>
        {concentrated.length > 0 && (
          <figure className="rt-stack rt-figure" aria-labelledby="concentration-chart-heading">
            <figcaption>
              <Heading level={4} id="concentration-chart-heading">
                {t("market.chart.concentration.title")}
              </Heading>
              <Paragraph className="rt-muted rt-small rt-tight">{t("market.chart.concentration.intro")}</Paragraph>
            </figcaption>
            <BarChart
              label={t("market.chart.concentration.summary", {
                year,
                count: concentrated.length,
                label: name(concentrated[0]!),
                share: concentrated[0]!.top3Share === null ? t("common.none") : percent(concentrated[0]!.top3Share),
              })}
              format={percent}
              max={100}
              series={[
                { key: "top3", label: t("market.col.top3"), tone: 1 },
                { key: "top10", label: t("market.col.top10"), tone: 2 },
              ]}
              groups={concentrated.map((f) => ({ key: f.id, label: name(f), values: { top3: f.top3Share, top10: f.top10Share } }))}
            />
          </figure>
        )}
      </div>
    </section>
  );
}

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

/** A figure as its form shows it (numbers in the user's notation), to compare with what the user typed. */
function figureValues(figure: Figure, locale: "nl" | "en"): FigureValues {
  return {
    label: figure.label,
    domain: figure.domain ?? "",
    year: String(figure.year),
    spend: numberText(figure.spend, locale),
    providers: numberText(figure.providers, locale),
    clients: numberText(figure.clients, locale),
    top3Share: numberText(figure.top3Share, locale),
    top10Share: numberText(figure.top10Share, locale),
    lotId: figure.lotId ?? "",
  };
}

function EditFigureForm({ figure, result }: { figure: Figure; result: Failure | undefined }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget(figureAnchor(figure.id));
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "update" && navigation.formData.get("figureId") === figure.id;
  const { fieldErrors, formError } = formErrors(result?.conflict ? undefined : result?.error, FIGURE_FIELDS);
  useFocusFirstInvalid(formRef, result?.at);
  useEffect(() => {
    if (!result) formRef.current?.querySelector<HTMLElement>("input:not([type='hidden'])")?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the form opens
  }, []);
  const edit = useEditSession(
    { version: figure.version, values: figureValues(figure, locale) },
    result && { at: result.at, ok: false, stale: result.conflict, typed: result.values },
  );
  const cancel = new URLSearchParams(params);
  cancel.delete(EDIT_PARAM);
  const headingId = `edit-${figure.id}-heading`;
  return (
    <Form method="post" action={postTo} preventScrollReset noValidate ref={formRef} className="rt-stack rt-line-form" aria-labelledby={headingId} key={edit.key} onChange={edit.onEdit}>
      <Heading level={4} id={headingId}>
        {t("market.edit", { label: figure.label })}
      </Heading>
      {result?.conflict ? <StoredFigure figure={figure} /> : <ErrorAlert>{formError}</ErrorAlert>}
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="figureId" value={figure.id} />
      <input type="hidden" name="version" value={edit.version} />
      <FigureFields prefix={`figure-${figure.id}-`} values={edit.values} errors={fieldErrors} />
      <div className="rt-actions">
        <Button type="submit" appearance="primary-action-button" busy={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </Button>
        <Link to={`?${cancel}#${figureAnchor(figure.id)}`} replace preventScrollReset className="utrecht-link">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}

/** After a stale save: what is stored now, next to the form that still holds the user's input. */
function StoredFigure({ figure }: { figure: Figure }) {
  const t = useT();
  const locale = useLocale();
  const optional = (n: number | null, format: (n: number) => string) => (n === null ? t("common.none") : format(n));
  return (
    <ErrorAlert>
      <Paragraph>{t("record.stale")}</Paragraph>
      <Paragraph>{t("market.conflict.current")}</Paragraph>
      <ul className="rt-compact-list">
        <li>
          {t("market.col.label")}: {figure.label}
        </li>
        <li>
          {t("market.col.domain")}: {domainLabel(t, figure.domain)}
        </li>
        <li>
          {t("market.year")}: {figure.year}
        </li>
        <li>
          {t("market.field.spend")}: {formatEuros(figure.spend, locale)}
        </li>
        <li>
          {t("market.col.providers")}: {optional(figure.providers, (n) => formatNumber(n, locale))}
        </li>
        <li>
          {t("market.col.clients")}: {optional(figure.clients, (n) => formatNumber(n, locale))}
        </li>
        <li>
          {t("market.field.top3")}: {optional(figure.top3Share, (n) => formatPercent(n, locale))}
        </li>
        <li>
          {t("market.field.top10")}: {optional(figure.top10Share, (n) => formatPercent(n, locale))}
        </li>
      </ul>
    </ErrorAlert>
  );
}

function AddFigureForm({ market }: { market: Market }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const result = useOutcome<NonNullable<ActionResult>>();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget("nieuw-cijfer");
  const failed = result && !result.ok && result.intent === "add" ? result : undefined;
  const added = result?.ok && result.intent === "add" ? result : undefined;
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "add";
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
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {t("record.add")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
