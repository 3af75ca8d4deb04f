import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation, useSearchParams, type useActionData } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import {
  Button,
  Checkbox,
  FormLabel,
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
import type { ErrorDescription } from "@regiotafel/domain";
import { BarChart } from "~/components/charts/BarChart";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { CsvLink } from "~/components/records/ExportLinks";
import { NumberField, TextAreaField } from "~/components/records/Fields";
import { useEditSession } from "~/components/records/edit-session";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost, useOutcome } from "~/components/records/outcome";
import { load, mutate, requireUser } from "~/lib/api.server";
import { countText, numberText } from "~/lib/format";
import { formErrors, formText } from "~/lib/forms";
import { useLiveRecords, type LiveChange } from "~/lib/live";
import {
  ariaSort,
  comparisonQuery,
  filterRows,
  formatNumber,
  nextSort,
  parseNumber,
  sortParam,
  sortRows,
  sumRows,
  type ComparisonRow,
  type SortColumn,
} from "~/lib/staffing";
import { useHydrated } from "~/lib/use-hydrated";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT, type T } from "~/i18n/use-t";

export const handle: WorkspaceHandle = { crumb: "ws.nav.staffing" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Formatie") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const workspace = params.workspace ?? "";
  const [units, comparison] = await load(context, request, () =>
    Promise.all([context.api.staffing.list({ workspace }), context.api.staffing.comparison({ workspace })]),
  );
  return { units, comparison };
}

/**
 * After every post the data reloads. Sorting, filtering and opening a line for editing only
 * change the query string, and the page sorts and filters in the component: the data need not
 * be loaded again for that.
 */
export const shouldRevalidate = revalidateAfterPost();

/** The query parameter that opens a line's edit form (a link, so it works without JavaScript). */
const EDIT_PARAM = "wijzig";
const LINE_FIELDS = ["function", "fteCurrent", "fteMinimum", "employment", "notes"] as const;
const EMPLOYMENTS = ["EMPLOYED", "HIRED"] as const;
const INTENTS = ["add", "update", "remove", "undo"] as const;
type Intent = (typeof INTENTS)[number];
const isIntent = (value: string): value is Intent => (INTENTS as readonly string[]).includes(value);

/** A line's fields as typed (strings), so a refused form shows exactly what the user entered. */
type LineValues = Record<(typeof LINE_FIELDS)[number], string>;

function lineInput(values: LineValues) {
  return {
    function: values.function,
    // An empty current fte is not a number ("Vul een getal in"); an empty minimum is PM.
    fteCurrent: parseNumber(values.fteCurrent) ?? NaN,
    fteMinimum: parseNumber(values.fteMinimum),
    employment: values.employment as (typeof EMPLOYMENTS)[number], // checked by the procedure
    notes: values.notes,
  };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const workspace = params.workspace ?? "";
  const intent = formText(form, "intent");
  if (!isIntent(intent)) throw new Response("Onbekende actie", { status: 400 });
  const at = Date.now();
  const unitId = formText(form, "unitId");
  const lineId = formText(form, "lineId");
  const values = Object.fromEntries(LINE_FIELDS.map((f) => [f, formText(form, f)])) as LineValues;
  const fail = (error: ErrorDescription, failedValues = values) =>
    data({ ok: false as const, intent, unitId, lineId, error, values: failedValues, conflict: error.code === "CONFLICT", at }, { status: error.httpStatus });
  const done = (id: string, doneValues = values) => ({ ok: true as const, intent, unitId, lineId: id, values: doneValues, at });

  switch (intent) {
    case "add":
    case "undo": {
      const owner = formText(form, "unitKind") === "region" ? { regionId: unitId } : { municipalityId: unitId };
      const result = await mutate(context, () => context.api.staffing.add({ workspace, ...owner, ...lineInput(values) }));
      return result.ok ? done(result.data.id) : fail(result.error);
    }
    case "update": {
      const version = Number(formText(form, "version"));
      const result = await mutate(context, () => context.api.staffing.update({ workspace, lineId, version, ...lineInput(values) }));
      return result.ok ? done(lineId) : fail(result.error);
    }
    case "remove": {
      // What the line held, so that the message can offer to add it back.
      const units = await mutate(context, () => context.api.staffing.list({ workspace }));
      const line = units.ok ? units.data.flatMap((u) => u.lines).find((l) => l.id === lineId) : undefined;
      const removed: LineValues = line
        ? { function: line.function, fteCurrent: String(line.fteCurrent), fteMinimum: line.fteMinimum === null ? "" : String(line.fteMinimum), employment: line.employment, notes: line.notes }
        : values;
      const result = await mutate(context, () => context.api.staffing.remove({ workspace, lineId }));
      return result.ok ? done(lineId, removed) : fail(result.error, removed);
    }
  }
}

type ActionResult = ReturnType<typeof useActionData<typeof action>>;
type Failure = Extract<NonNullable<ActionResult>, { ok: false }>;
type Unit = ReturnType<typeof useLoaderData<typeof loader>>["units"][number];
type Line = Unit["lines"][number];

const unitAnchor = (id: string) => `eenheid-${id}`;
const lineAnchor = (id: string) => `regel-${id}`;

export default function Staffing() {
  const { units, comparison } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const navigation = useNavigation();
  // Our own saves reload the page's data with their response; reloading again for their live
  // echo while that is under way would interrupt it (and briefly show the old figures).
  const live = useLiveRecords(
    overview.slug,
    "staffing",
    (change: LiveChange) => change.entityType === "staffing" && !(change.actorId === overview.me.userId && navigation.state !== "idle"),
  );
  const editable = units.some((u) => u.canEdit);
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <Heading level={2}>{t("staffing.title")}</Heading>
            <LivePresence live={live} />
          </div>
          <Paragraph>{t("staffing.intro")}</Paragraph>
          <Paragraph className="rt-muted rt-small">{t(editable ? "staffing.whoEdits" : "record.readOnly")}</Paragraph>
        </div>
        <Comparison rows={comparison} />
        <UnitLines units={units} />
      </div>
    </OutcomeProvider>
  );
}

/* ------------------------------------------------------------- comparison */

function Comparison({ rows }: { rows: ComparisonRow[] }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const [params] = useSearchParams();
  const view = comparisonQuery(params, overview.regions);
  const shown = sortRows(filterRows(rows, view.filter), view.sort, locale);
  const total = sumRows(shown);
  const ownId = overview.regions.flatMap((r) => r.municipalities).find((m) => m.isOwn)?.id;
  const fte = (n: number) => formatNumber(n, locale);
  const filtered = view.filter.regionName !== null || view.filter.shortageOnly || view.filter.kind !== null;
  return (
    <section className="rt-card rt-stack" aria-labelledby="comparison-heading">
      <div className="rt-section-header">
        <Heading level={3} id="comparison-heading">
          {t("staffing.comparison.title")}
        </Heading>
        <CsvLink workspace={overview.slug} table="formatie-vergelijking" />
      </div>
      <Paragraph className="rt-muted rt-tight">{t("staffing.comparison.intro")}</Paragraph>
      <Form method="get" className="rt-filter" preventScrollReset aria-label={t("staffing.filter.label")}>
        {view.sort && <input type="hidden" name="sorteer" value={sortParam(view.sort)} />}
        <SelectField
          name="regio"
          idPrefix="filter-"
          label={t("staffing.filter.region")}
          defaultValue={view.regionSlug}
          key={`regio-${view.regionSlug}`}
          options={[{ value: "", label: t("staffing.filter.allRegions") }, ...overview.regions.map((r) => ({ value: r.slug, label: r.name }))]}
        />
        <SelectField
          name="soort"
          idPrefix="filter-"
          label={t("staffing.filter.kind")}
          defaultValue={view.kindParam}
          key={`soort-${view.kindParam}`}
          options={[
            { value: "", label: t("staffing.filter.allKinds") },
            { value: "regio", label: t("staffing.kind.region.plural") },
            { value: "gemeente", label: t("staffing.kind.municipality.plural") },
          ]}
        />
        <div className="rt-filter__check">
          <Checkbox id="filter-tekort" name="tekort" value="1" defaultChecked={view.filter.shortageOnly} key={`tekort-${view.filter.shortageOnly}`} />{" "}
          <FormLabel htmlFor="filter-tekort" type="checkbox">
            {t("staffing.filter.shortageOnly")}
          </FormLabel>
        </div>
        <Button type="submit" appearance="secondary-action-button">
          {t("staffing.filter.apply")}
        </Button>
        {filtered && (
          <Link className="utrecht-link" to={view.sort ? `?sorteer=${sortParam(view.sort)}` : "?"} preventScrollReset>
            {t("staffing.filter.reset")}
          </Link>
        )}
      </Form>
      <p className="rt-muted rt-small" role="status">
        {t("staffing.comparison.count", { shown: shown.length, total: rows.length })}
      </p>
      {shown.length === 0 ? (
        <Paragraph className="rt-empty">{t("staffing.comparison.empty")}</Paragraph>
      ) : (
        <>
          <div className="rt-table-scroll">
            <Table className="rt-table rt-table--numbers" id="staffing-comparison">
              <TableCaption className="rt-visually-hidden">{t("staffing.comparison.caption")}</TableCaption>
              <TableHeader>
                <TableRow>
                  <SortHeader column="naam" label={t("staffing.col.unit")} />
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("staffing.col.functions")}
                  </TableHeaderCell>
                  <SortHeader column="huidig" label={t("staffing.col.current")} numeric />
                  <SortHeader column="minimaal" label={t("staffing.col.minimum")} numeric />
                  <SortHeader column="tekort" label={t("staffing.col.gap")} numeric />
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("staffing.col.employed")}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("staffing.col.hired")}
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {shown.map((row) => (
                  <TableRow key={`${row.kind}-${row.id}`} className={row.id === ownId ? "rt-row--own" : undefined}>
                    <TableHeaderCell scope="row">
                      <a className="utrecht-link" href={`#${unitAnchor(row.id)}`}>
                        {row.name}
                      </a>{" "}
                      {/* The region shows in the grouping and the region filter: only the region's own row names it. */}
                      <span className="rt-badge rt-badge--quiet">{t(`staffing.kind.${row.kind}`)}</span>
                    </TableHeaderCell>
                    <TableCell className="rt-num">{row.functions}</TableCell>
                    <TableCell className="rt-num">{fte(row.current)}</TableCell>
                    <TableCell className="rt-num">
                      <MinimumText minimum={row.minimum} undecided={row.undecided} />
                    </TableCell>
                    <TableCell className={row.gap > 0 ? "rt-num rt-gap" : "rt-num"}>{fte(row.gap)}</TableCell>
                    <TableCell className="rt-num">{fte(row.employed)}</TableCell>
                    <TableCell className="rt-num">{fte(row.hired)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
              {shown.length > 1 && (
                <TableFooter>
                  <TableRow>
                    <TableHeaderCell scope="row">{t("staffing.total")}</TableHeaderCell>
                    <TableCell className="rt-num">{shown.reduce((n, r) => n + r.functions, 0)}</TableCell>
                    <TableCell className="rt-num">{fte(total.current)}</TableCell>
                    <TableCell className="rt-num">
                      <MinimumText minimum={total.minimum} undecided={total.undecided} />
                    </TableCell>
                    <TableCell className="rt-num">{fte(total.gap)}</TableCell>
                    <TableCell className="rt-num">{fte(total.employed)}</TableCell>
                    <TableCell className="rt-num">{fte(total.hired)}</TableCell>
                  </TableRow>
                </TableFooter>
              )}
            </Table>
          </div>
          <ComparisonChart rows={shown} />
        </>
      )}
    </section>
  );
}

/** "3,96" and, when some minimums are still to be decided, "+ 2 functies PM". */
function MinimumText({ minimum, undecided }: { minimum: number; undecided: number }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {formatNumber(minimum, locale)}
      {undecided > 0 && <span className="rt-block rt-muted rt-small rt-nowrap">{countText(t, locale, "staffing.pmCount", undecided)}</span>}
    </>
  );
}

/** A column header that sorts the table by its column: a link (works without JavaScript) and aria-sort. */
function SortHeader({ column, label, numeric = false }: { column: SortColumn; label: string; numeric?: boolean }) {
  const t = useT();
  const [params] = useSearchParams();
  const current = comparisonQuery(params, []).sort;
  const next = nextSort(current, column);
  const target = new URLSearchParams(params);
  target.set("sorteer", sortParam(next));
  target.delete(EDIT_PARAM);
  const state = ariaSort(current, column);
  return (
    <TableHeaderCell scope="col" aria-sort={state} className={numeric ? "rt-num" : undefined}>
      <Link className="utrecht-link rt-sort-link" to={`?${target}#staffing-comparison`} preventScrollReset replace>
        {label}
        <span className="rt-sort-link__arrow" aria-hidden="true">
          {state === "ascending" ? "▲" : state === "descending" ? "▼" : "↕"}
        </span>
        <span className="rt-visually-hidden"> ({t(next.direction === "ascending" ? "staffing.sort.ascending" : "staffing.sort.descending")})</span>
      </Link>
    </TableHeaderCell>
  );
}

function ComparisonChart({ rows }: { rows: ComparisonRow[] }) {
  const t = useT();
  const locale = useLocale();
  const withLines = rows.filter((r) => r.functions > 0);
  if (withLines.length === 0) return null;
  const largest = withLines.reduce((a, b) => (b.gap > a.gap ? b : a));
  const fte = (n: number) => formatNumber(n, locale);
  const summary = [
    t("staffing.chart.summary", { count: withLines.length }),
    largest.gap > 0 ? t("staffing.chart.largestGap", { name: largest.name, gap: fte(largest.gap) }) : t("staffing.chart.noGap"),
    t("staffing.chart.seeTable"),
  ].join(" ");
  return (
    <figure className="rt-stack rt-figure" aria-labelledby="staffing-chart-heading">
      <figcaption>
        <Heading level={4} id="staffing-chart-heading">
          {t("staffing.chart.title")}
        </Heading>
        {withLines.length < rows.length && <Paragraph className="rt-muted rt-small rt-tight">{t("staffing.chart.onlyWithLines")}</Paragraph>}
      </figcaption>
      <BarChart
        label={summary}
        format={fte}
        series={[
          { key: "current", label: t("staffing.col.current"), tone: 1 },
          { key: "minimum", label: t("staffing.col.minimum"), tone: 2 },
          { key: "gap", label: t("staffing.col.gap"), tone: 3 },
        ]}
        groups={withLines.map((r) => ({ key: `${r.kind}-${r.id}`, label: r.name, values: { current: r.current, minimum: r.minimum, gap: r.gap } }))}
      />
    </figure>
  );
}

/* ------------------------------------------------------------ unit lines */

function UnitLines({ units }: { units: Unit[] }) {
  const t = useT();
  const overview = useWorkspace();
  // Grouped per region as the list comes: the region's own staffing first, then its municipalities.
  const groups = new Map<string, Unit[]>();
  for (const unit of units) groups.set(unit.regionName, [...(groups.get(unit.regionName) ?? []), unit]);
  return (
    <section className="rt-stack" aria-labelledby="lines-heading">
      <div className="rt-section-header">
        <Heading level={3} id="lines-heading">
          {t("staffing.lines.title")}
        </Heading>
        <CsvLink workspace={overview.slug} table="formatie" />
      </div>
      <Paragraph className="rt-muted rt-tight">{t("staffing.lines.intro")}</Paragraph>
      {[...groups.entries()].map(([regionName, regionUnits]) => (
        <section key={regionName} className="rt-card rt-stack" aria-label={regionName}>
          <Heading level={4}>{regionName}</Heading>
          {regionUnits.map((unit) => (
            <UnitSection key={unit.id} unit={unit} />
          ))}
        </section>
      ))}
    </section>
  );
}

function UnitSection({ unit }: { unit: Unit }) {
  const t = useT();
  const locale = useLocale();
  const result = useOutcome<NonNullable<ActionResult>>();
  const mine = result && result.unitId === unit.id ? result : undefined;
  const current = unit.lines.reduce((n, l) => n + l.fteCurrent, 0);
  const summary =
    unit.lines.length === 0
      ? t("staffing.unit.empty")
      : `${countText(t, locale, "staffing.functionCount", unit.lines.length)} · ${t("staffing.unit.current", { fte: formatNumber(current, locale) })}`;
  return (
    <details className="rt-unit" id={unitAnchor(unit.id)} open={unit.lines.length > 0 || mine !== undefined}>
      <summary className="rt-unit__summary">
        <span className="rt-unit__name">{unit.name}</span> <span className="rt-badge rt-badge--quiet">{t(`staffing.kind.${unit.kind}`)}</span>{" "}
        <span className="rt-muted rt-small">{summary}</span>
      </summary>
      <div className="rt-stack rt-unit__body">
        <UnitFeedback unit={unit} result={mine} />
        {unit.lines.length > 0 && <LinesTable unit={unit} result={mine} />}
        {unit.canEdit && <AddLineForm unit={unit} result={mine?.intent === "add" ? mine : undefined} />}
      </div>
    </details>
  );
}

/**
 * Where a unit's forms post to: the current view (sort and filters) without the edit
 * parameter, so a saved line closes. Without JavaScript the page reloads; the fragment brings
 * the user back to the unit.
 */
function usePostTarget(unitId: string): string {
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const hydrated = useHydrated();
  const rest = new URLSearchParams(params);
  rest.delete(EDIT_PARAM);
  const search = rest.toString();
  return `${pathname}${search ? `?${search}` : ""}${hydrated ? "" : `#${unitAnchor(unitId)}`}`;
}

/** The outcome of the last change in this unit: saved, added, removed (with undo), restored; or why undo failed. */
function UnitFeedback({ unit, result }: { unit: Unit; result: ActionResult | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const postTo = usePostTarget(unit.id);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "undo" && navigation.formData.get("unitId") === unit.id;
  const done = result?.ok ? result : undefined;
  let message: ReactNode = null;
  if (done?.intent === "remove") {
    message = (
      <div className="rt-alert-row">
        <Paragraph>{t("staffing.line.removed", { function: done.values.function })}</Paragraph>
        <Form method="post" action={postTo} preventScrollReset>
          <input type="hidden" name="intent" value="undo" />
          <input type="hidden" name="unitId" value={unit.id} />
          <input type="hidden" name="unitKind" value={unit.kind} />
          {LINE_FIELDS.map((f) => (
            <input key={f} type="hidden" name={f} value={done.values[f]} />
          ))}
          <Button type="submit" appearance="secondary-action-button" busy={busy}>
            {t("record.undo")}
            <span className="rt-visually-hidden"> ({t("staffing.line.undoHint", { function: done.values.function })})</span>
          </Button>
        </Form>
      </div>
    );
  } else if (done?.intent === "undo") {
    message = t("staffing.line.restored", { function: done.values.function });
  } else if (done?.intent === "add") {
    message = t("staffing.line.added", { function: done.values.function });
  } else if (done?.intent === "update") {
    message = t("staffing.line.saved", { function: done.values.function });
  }
  const failed = result && !result.ok && (result.intent === "undo" || result.intent === "remove") ? result : undefined;
  return (
    <>
      <StatusMessage focusKey={done?.at}>{message}</StatusMessage>
      <ErrorAlert>{failed?.error.message}</ErrorAlert>
    </>
  );
}

function LinesTable({ unit, result }: { unit: Unit; result: ActionResult | undefined }) {
  const t = useT();
  const columns = unit.canEdit ? 6 : 5;
  return (
    <div className="rt-table-scroll">
      <Table className="rt-table rt-table--numbers rt-table--lines">
        <TableCaption className="rt-visually-hidden">{t("staffing.lines.caption", { name: unit.name })}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("staffing.col.function")}</TableHeaderCell>
            <TableHeaderCell scope="col" className="rt-num">
              {t("staffing.col.current")}
            </TableHeaderCell>
            <TableHeaderCell scope="col" className="rt-num">
              {t("staffing.col.minimum")}
            </TableHeaderCell>
            <TableHeaderCell scope="col">{t("staffing.col.employment")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("staffing.col.notes")}</TableHeaderCell>
            {unit.canEdit && (
              <TableHeaderCell scope="col">
                <span className="rt-visually-hidden">{t("staffing.col.actions")}</span>
              </TableHeaderCell>
            )}
          </TableRow>
        </TableHeader>
        <TableBody>
          {unit.lines.map((line) => (
            <LineRow key={line.id} unit={unit} line={line} columns={columns} result={result?.lineId === line.id && result.intent !== "undo" ? result : undefined} />
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function LineRow({ unit, line, columns, result }: { unit: Unit; line: Line; columns: number; result: ActionResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const failedUpdate = result && !result.ok && result.intent === "update" ? result : undefined;
  const editing = unit.canEdit && (params.get(EDIT_PARAM) === line.id || failedUpdate !== undefined);
  const editLinkRef = useRef<HTMLAnchorElement>(null);
  const wasEditing = useRef(editing);
  // Focus returns to "Wijzigen" when the form closes by cancelling (after saving it goes to the message).
  useEffect(() => {
    if (!editing && wasEditing.current && !result?.ok) editLinkRef.current?.focus();
    wasEditing.current = editing;
  }, [editing, result]);

  if (editing) {
    return (
      <TableRow id={lineAnchor(line.id)} className="rt-row--editing">
        <TableCell colSpan={columns}>
          <EditLineForm unit={unit} line={line} result={failedUpdate} />
        </TableCell>
      </TableRow>
    );
  }
  const withEdit = new URLSearchParams(params);
  withEdit.set(EDIT_PARAM, line.id);
  return (
    <TableRow id={lineAnchor(line.id)}>
      <TableHeaderCell scope="row">{line.function}</TableHeaderCell>
      <TableCell className="rt-num">{formatNumber(line.fteCurrent, locale)}</TableCell>
      <TableCell className="rt-num">{line.fteMinimum === null ? <Pm /> : formatNumber(line.fteMinimum, locale)}</TableCell>
      <TableCell>{t(`code.${line.employment}`)}</TableCell>
      <TableCell className="rt-break">{line.notes || <span className="rt-muted">{t("common.none")}</span>}</TableCell>
      {unit.canEdit && (
        <TableCell className="rt-actions-cell">
          <div className="rt-actions rt-actions--end">
            <Link
              ref={editLinkRef}
              to={`?${withEdit}#${lineAnchor(line.id)}`}
              replace
              preventScrollReset
              className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle"
            >
              {t("record.edit")}
              <span className="rt-visually-hidden"> {line.function}</span>
            </Link>
            <RemoveLineForm unit={unit} line={line} result={result && !result.ok && result.intent === "remove" ? result : undefined} />
          </div>
        </TableCell>
      )}
    </TableRow>
  );
}

/** "PM", read out in full ("pro memorie: nog te bepalen"). */
function Pm() {
  const t = useT();
  return <abbr title={t("staffing.pm.long")}>{t("staffing.pm")}</abbr>;
}

function RemoveLineForm({ unit, line, result }: { unit: Unit; line: Line; result: Failure | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const postTo = usePostTarget(unit.id);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "remove" && navigation.formData.get("lineId") === line.id;
  return (
    <Form method="post" action={postTo} preventScrollReset>
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name="unitId" value={unit.id} />
      <input type="hidden" name="lineId" value={line.id} />
      <Button type="submit" appearance="subtle-button" className="rt-remove-link" busy={busy}>
        {t("record.remove")}
        <span className="rt-visually-hidden"> {line.function}</span>
      </Button>
      {result && (
        <p role="alert" className="rt-field-error rt-row-error">
          {result.error.message}
        </p>
      )}
    </Form>
  );
}

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

/** A line as its form shows it (numbers in the user's notation), to compare with what the user typed. */
function lineValues(line: Line, locale: "nl" | "en"): LineValues {
  return { function: line.function, fteCurrent: numberText(line.fteCurrent, locale), fteMinimum: numberText(line.fteMinimum, locale), employment: line.employment, notes: line.notes };
}

function EditLineForm({ unit, line, result }: { unit: Unit; line: Line; result: ActionResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget(unit.id);
  const failed = result && !result.ok ? result : undefined;
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "update" && navigation.formData.get("lineId") === line.id;
  const { fieldErrors, formError } = formErrors(failed?.conflict ? undefined : failed?.error, LINE_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  // Opening the form puts focus in its first field; after a refusal, on the field to correct.
  useEffect(() => {
    if (!failed) formRef.current?.querySelector<HTMLElement>("input:not([type='hidden'])")?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the form opens
  }, []);
  const edit = useEditSession(
    { version: line.version, values: lineValues(line, locale) },
    failed && { at: failed.at, ok: false, stale: failed.conflict, typed: failed.values },
  );
  const cancel = new URLSearchParams(params);
  cancel.delete(EDIT_PARAM);
  const headingId = `edit-${line.id}-heading`;
  return (
    <Form method="post" action={postTo} preventScrollReset noValidate ref={formRef} className="rt-stack rt-line-form" aria-labelledby={headingId} key={edit.key} onChange={edit.onEdit}>
      <Heading level={5} id={headingId}>
        {t("staffing.line.edit", { function: line.function })}
      </Heading>
      {failed?.conflict ? <StoredLine line={line} /> : <ErrorAlert>{formError}</ErrorAlert>}
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="unitId" value={unit.id} />
      <input type="hidden" name="lineId" value={line.id} />
      <input type="hidden" name="version" value={edit.version} />
      <LineFields prefix={`line-${line.id}-`} values={edit.values} errors={fieldErrors} t={t} />
      <div className="rt-actions">
        <Button type="submit" appearance="primary-action-button" busy={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </Button>
        <Link to={`?${cancel}#${lineAnchor(line.id)}`} replace preventScrollReset className="utrecht-link">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}

/** After a stale save: what is stored now, next to the form that still holds the user's input. */
function StoredLine({ line }: { line: Line }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ErrorAlert>
      <Paragraph>{t("record.stale")}</Paragraph>
      <Paragraph>{t("staffing.conflict.current")}</Paragraph>
      <ul className="rt-compact-list">
        <li>
          {t("staffing.col.function")}: {line.function}
        </li>
        <li>
          {t("staffing.field.fteCurrent")}: {formatNumber(line.fteCurrent, locale)}
        </li>
        <li>
          {t("staffing.field.fteMinimum")}: {line.fteMinimum === null ? t("staffing.pm") : formatNumber(line.fteMinimum, locale)}
        </li>
        <li>
          {t("staffing.col.employment")}: {t(`code.${line.employment}`)}
        </li>
        <li>
          {t("staffing.col.notes")}: {line.notes || t("common.none")}
        </li>
      </ul>
    </ErrorAlert>
  );
}

function AddLineForm({ unit, result }: { unit: Unit; result: ActionResult | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const postTo = usePostTarget(unit.id);
  const failed = result && !result.ok ? result : undefined;
  const added = result?.ok ? result : undefined;
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "add" && navigation.formData.get("unitId") === unit.id;
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
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {t("record.add")}
          </Button>
        </div>
      </Form>
    </details>
  );
}
