import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
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
import { idSchema } from "@regiotafel/domain";
import { SelectField } from "~/components/FormFields";
import { load } from "~/lib/api.server";
import { formatDateTime } from "~/lib/format";
import { describeAuditEvent, describeChanges, HISTORY_FILTERS, isHistoryFilter } from "~/lib/history";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";

export const handle: WorkspaceHandle = { crumb: "ws.nav.history" };

export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Wijzigingen") }];

const PAGE_SIZE = 25;
/** Query parameters: the entity type to show, and the last event of the previous page. */
const FILTER_PARAM = "soort";
const CURSOR_PARAM = "na";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter = url.searchParams.get(FILTER_PARAM);
  const cursor = idSchema.safeParse(url.searchParams.get(CURSOR_PARAM));
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

export default function History() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const filter = params.get(FILTER_PARAM) ?? "";
  const onLaterPage = params.has(CURSOR_PARAM);

  // "Meer laden" appends older events in the browser; without JavaScript it is a link to the next page.
  const fetcher = useFetcher<typeof loader>();
  const [more, setMore] = useState<{ events: AuditEvent[]; nextCursor: string | null; firstNew: string | null }>({
    events: [],
    nextCursor: null,
    firstNew: null,
  });
  const requested = useRef<string | null>(null);
  useEffect(() => {
    setMore({ events: [], nextCursor: null, firstNew: null });
    requested.current = null;
  }, [page]);
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data || requested.current === null) return;
    requested.current = null;
    setMore((m) => ({ events: [...m.events, ...data.events], nextCursor: data.nextCursor, firstNew: data.events[0]?.id ?? null }));
  }, [fetcher.state, fetcher.data]);

  const events = [...page.events, ...more.events];
  const nextCursor = more.events.length ? more.nextCursor : page.nextCursor;
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set(CURSOR_PARAM, nextCursor);
  const firstPage = new URLSearchParams(params);
  firstPage.delete(CURSOR_PARAM);
  const loading = fetcher.state !== "idle";

  return (
    <div className="rt-stack rt-stack--loose">
      <div>
        <Heading level={2}>{t("history.title")}</Heading>
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
      {events.length === 0 ? (
        <div className="rt-card rt-empty">
          <Paragraph>{t(isHistoryFilter(filter) ? "history.emptyFiltered" : "history.empty")}</Paragraph>
        </div>
      ) : (
        <div className="rt-card rt-card--flush rt-table-scroll">
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
              {events.map((e) => (
                <EventRow key={e.id} event={e} focus={e.id === more.firstNew} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <div role="status" className="rt-visually-hidden">
        {more.events.length > 0 && t("history.loaded", { count: events.length })}
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

function EventRow({ event, focus }: { event: AuditEvent; focus: boolean }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const ref = useRef<HTMLTableRowElement>(null);
  // After "Meer laden", keyboard focus goes to the first newly loaded event.
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  const municipalityName = (id: string) => overview.regions.flatMap((r) => r.municipalities).find((m) => m.id === id)?.name;
  const changes = describeChanges(event, t);
  const at = new Date(event.at);
  return (
    <TableRow ref={ref} tabIndex={focus ? -1 : undefined}>
      <TableCell className="rt-nowrap">
        <time dateTime={at.toISOString()}>{formatDateTime(at, locale)}</time>
      </TableCell>
      <TableCell>
        {event.actor ? (
          <>
            {event.actor.name}
            {event.actor.organisation && <span className="rt-muted rt-block">{event.actor.organisation}</span>}
          </>
        ) : (
          t("history.system")
        )}
      </TableCell>
      <TableCell>
        {describeAuditEvent(event, t, municipalityName)}
        {changes.length > 0 && (
          <ul className="rt-changes">
            {changes.map((c) => (
              <li key={c.label}>
                {t("history.change", { field: c.label, from: c.from, to: c.to })}
              </li>
            ))}
          </ul>
        )}
      </TableCell>
    </TableRow>
  );
}
