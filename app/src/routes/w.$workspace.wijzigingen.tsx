import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useLocation, useParams, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { timelineCursorSchema } from "@regiotafel/domain";
import { SelectField } from "~/components/FormFields";
import { load } from "~/lib/api.server";
import { formatDateTime } from "~/lib/format";
import { describeAuditEvent, describeChanges, describeEdit, HISTORY_FILTERS, isHistoryFilter } from "~/lib/history";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";

export const handle: WorkspaceHandle = { crumb: "ws.nav.history" };

export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.history") }];

const PAGE_SIZE = 25;
/** Query parameters: the entity type to show, and where the previous page ended. */
const FILTER_PARAM = "soort";
const CURSOR_PARAM = "na";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter = url.searchParams.get(FILTER_PARAM);
  const cursor = timelineCursorSchema.safeParse(url.searchParams.get(CURSOR_PARAM));
  return load(context, request, () =>
    context.api.workspace.history({
      workspace: params.workspace ?? "",
      entityType: isHistoryFilter(filter) ? filter : undefined,
      cursor: cursor.success ? cursor.data : undefined,
      limit: PAGE_SIZE,
    }),
  );
}

type HistoryPage = Awaited<ReturnType<typeof loader>>;
type AuditEvent = HistoryPage["events"][number];
type EditLine = HistoryPage["edits"][number];
/** One row of the history: an audit event or a document's text edits by one author in one hour. */
type Line = { key: string; at: string; event: AuditEvent; edit?: undefined } | { key: string; at: string; edit: EditLine; event?: undefined };

/** A page's lines in time order, newest first (the API answers the two kinds apart). */
function linesOf(page: Pick<HistoryPage, "events" | "edits">): Line[] {
  const lines: Line[] = [
    ...page.events.map((event) => ({ key: `a:${event.id}`, at: String(event.at), event })),
    ...page.edits.map((edit) => ({ key: `e:${edit.key}:${String(edit.hour)}`, at: String(edit.at), edit })),
  ];
  return lines.sort((x, y) => new Date(y.at).getTime() - new Date(x.at).getTime() || (y.edit ? 1 : 0) - (x.edit ? 1 : 0));
}

export default function History() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const filter = params.get(FILTER_PARAM) ?? "";
  const onLaterPage = params.has(CURSOR_PARAM);

  // "Meer laden" appends older events in the browser; without JavaScript it is a link to the next page.
  const fetcher = useFetcher<typeof loader>();
  const [more, setMore] = useState<{ lines: Line[]; nextCursor: string | null; firstNew: string | null }>({
    lines: [],
    nextCursor: null,
    firstNew: null,
  });
  const requested = useRef<string | null>(null);
  useEffect(() => {
    setMore({ lines: [], nextCursor: null, firstNew: null });
    requested.current = null;
  }, [page]);
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data || requested.current === null) return;
    requested.current = null;
    const lines = linesOf(data);
    setMore((m) => ({ lines: [...m.lines, ...lines], nextCursor: data.nextCursor, firstNew: lines[0]?.key ?? null }));
  }, [fetcher.state, fetcher.data]);

  const lines = [...linesOf(page), ...more.lines];
  const nextCursor = more.lines.length ? more.nextCursor : page.nextCursor;
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set(CURSOR_PARAM, nextCursor);
  const firstPage = new URLSearchParams(params);
  firstPage.delete(CURSOR_PARAM);
  const loading = fetcher.state !== "idle";

  return (
    <div className="rt-stack rt-stack--loose">
      <div>
        <Heading level={1}>{t("history.title")}</Heading>
        <Paragraph className="rt-muted rt-tight">{t("history.intro")}</Paragraph>
      </div>
      <Form method="get" className="rt-filter" aria-label={t("history.filterForm")}>
        <SelectField
          name={FILTER_PARAM}
          label={t("history.filter")}
          defaultValue={filter}
          key={filter}
          options={[{ value: "", label: t("history.filter.all") }, ...HISTORY_FILTERS.map((f) => ({ value: f, label: t(`history.filter.${f}`) }))]}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t("history.apply")}
        </Button>
      </Form>
      {lines.length === 0 ? (
        <div className="rt-card rt-empty">
          <Paragraph>{t(isHistoryFilter(filter) ? "history.emptyFiltered" : "history.empty")}</Paragraph>
        </div>
      ) : (
        <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
          <Table className="rt-table rt-table--history">
            <TableCaption className="rt-visually-hidden">{t("history.caption")}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("history.when")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("history.who")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("history.what")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {lines.map((line) => (
                <EventRow key={line.key} line={line} focus={line.key === more.firstNew} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <div role="status" className="rt-visually-hidden">
        {more.lines.length > 0 && t("history.loaded", { count: lines.length })}
      </div>
      {(nextCursor || onLaterPage) && (
        <div className="rt-actions">
          {nextCursor && (
            <Link
              to={`${pathname}?${nextParams}`}
              className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
              preventScrollReset
              aria-disabled={loading || undefined}
              onClick={(event) => {
                event.preventDefault();
                if (loading) return;
                requested.current = nextCursor;
                fetcher.load(`${pathname}?${nextParams}`);
              }}
            >
              {loading ? t("history.loading") : t("history.more")}
            </Link>
          )}
          {onLaterPage && (
            <Link className="utrecht-link" to={firstPage.toString() ? `${pathname}?${firstPage}` : pathname}>
              {t("history.newest")}
            </Link>
          )}
        </div>
      )}
    </div>
  );
}

function EventRow({ line, focus }: { line: Line; focus: boolean }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const ref = useRef<HTMLTableRowElement>(null);
  // After "Meer laden", keyboard focus goes to the first newly loaded event.
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  const municipalityName = (id: string) => overview.regions.flatMap((r) => r.municipalities).find((m) => m.id === id)?.name;
  const at = new Date(line.at);
  const actor = line.event ? line.event.actor : line.edit.actor;
  return (
    <TableRow ref={ref} tabIndex={focus ? -1 : undefined}>
      <TableCell className="rt-nowrap">
        <time dateTime={at.toISOString()}>{formatDateTime(at, locale)}</time>
      </TableCell>
      <TableCell>
        {actor ? (
          <>
            {actor.name}
            {actor.organisation && <span className="rt-muted rt-block">{actor.organisation}</span>}
          </>
        ) : (
          t("history.system")
        )}
      </TableCell>
      <TableCell>{line.event ? <EventText event={line.event} municipalityName={municipalityName} /> : <EditText edit={line.edit} />}</TableCell>
    </TableRow>
  );
}

function EventText({ event, municipalityName }: { event: AuditEvent; municipalityName: (id: string) => string | undefined }) {
  const t = useT();
  const locale = useLocale();
  const changes = describeChanges(event, t, locale);
  return (
    <>
      {describeAuditEvent(event, t, municipalityName)}
      {changes.length > 0 && (
        <ul className="rt-changes">
          {changes.map((c) => (
            <li key={c.label}>{t("history.change", { field: c.label, from: c.from, to: c.to })}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A document's text edits by one author in one hour, linking to the document. */
function EditText({ edit }: { edit: EditLine }) {
  const t = useT();
  const locale = useLocale();
  const { workspace } = useParams();
  const { text, hours, count } = describeEdit(edit, t, locale);
  const [before, after] = t("history.edit.line", { text: "\u0000", hours, count }).split("\u0000");
  return (
    <>
      {before}
      <Link className="utrecht-link" to={`/w/${workspace}/documenten/${edit.document.id}`}>
        {text}
      </Link>
      {after}
    </>
  );
}
