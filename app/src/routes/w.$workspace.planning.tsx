import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { z } from "zod";
import { DateField } from "~/components/records/Fields";
import { CsvLink } from "~/components/records/ExportLinks";
import { LivePresence } from "~/components/records/LivePresence";
import { load, requireUser } from "~/lib/api.server";
import { countText } from "~/lib/format";
import { useLiveRecords } from "~/lib/live";
import { formatDate, groupByMonth, isOverdue, PLANNING_ALL_PARAM, planningWindow, todayIso } from "~/lib/tenders";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";

export const handle: WorkspaceHandle = { crumb: "ws.nav.timeline" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.planning") }];

/** An ISO date of the from/to filter; anything else is ignored (the whole period). */
const dateParam = z.iso.date().nullable().catch(null);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const query = new URL(request.url).searchParams;
  let from = dateParam.parse(query.get("from") || null);
  let to = dateParam.parse(query.get("to") || null);
  if (from && to && from > to) [from, to] = [to, from];
  const milestones = await load(context, request, () => context.api.tender.timeline({ workspace: params.workspace ?? "", from, to }));
  return { milestones, from, to, all: query.get(PLANNING_ALL_PARAM) === "1", today: todayIso() };
}

export default function Timeline() {
  const { milestones: everything, from, to, all: showAll, today } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const live = useLiveRecords(overview.slug, "timeline", (change) => ["tender", "lot", "milestone"].includes(change.entityType) && change.actorId !== overview.me.userId);
  const base = `/w/${overview.slug}`;
  const filtered = Boolean(from || to);
  const query: Record<string, string> = {};
  if (from) query.from = from;
  if (to) query.to = to;
  // Without a chosen period the planning opens at this month (and what is overdue), not at the first milestone ever.
  const windowed = !filtered && !showAll;
  const { shown: milestones, earlier } = windowed ? planningWindow(everything, today) : { shown: everything, earlier: 0 };
  const groups = groupByMonth(milestones, locale);
  const overdue = milestones.filter((m) => isOverdue(m, today)).length;

  return (
    <div className="rt-stack rt-stack--loose">
      <div className="rt-stack">
        <div className="rt-section-header">
          <Heading level={1}>{t("ws.nav.timeline")}</Heading>
          <LivePresence live={live} />
        </div>
        <Paragraph>{t("timeline.intro")}</Paragraph>
      </div>

      <Form method="get" className="rt-filter" aria-label={t("timeline.filter")}>
        <DateField name="from" label={t("timeline.from")} defaultValue={from} />
        <DateField name="to" label={t("timeline.to")} defaultValue={to} />
        <Button type="submit" appearance="secondary-action-button">
          {t("timeline.apply")}
        </Button>
        {filtered && (
          <Link className="utrecht-link rt-filter__clear" to={`${base}/planning`}>
            {t("timeline.clear")}
          </Link>
        )}
      </Form>

      {windowed && earlier > 0 && (
        <Paragraph className="rt-tight">
          {t("timeline.fromThisMonth")}{" "}
          <Link className="utrecht-link" to={`${base}/planning?${PLANNING_ALL_PARAM}=1`}>
            {countText(t, locale, "timeline.showEarlier", earlier)}
          </Link>
        </Paragraph>
      )}
      {showAll && !filtered && (
        <Paragraph className="rt-tight">
          <Link className="utrecht-link" to={`${base}/planning`}>
            {t("timeline.fromThisMonthLink")}
          </Link>
        </Paragraph>
      )}
      {milestones.length === 0 ? (
        <Paragraph className="rt-empty">{t(filtered ? "timeline.emptyFiltered" : everything.length > 0 ? "timeline.emptyFromThisMonth" : "timeline.empty")}</Paragraph>
      ) : (
        <>
          <div className="rt-section-header">
            <Paragraph className="rt-muted rt-tight">
              {countText(t, locale, "timeline.count", milestones.length)}
              {overdue > 0 && (
                <>
                  {" · "}
                  <strong className="rt-overdue-text">{countText(t, locale, "timeline.overdueCount", overdue)}</strong>
                </>
              )}
            </Paragraph>
            <CsvLink workspace={overview.slug} table="planning" query={query} />
          </div>
          {groups.map((group) => {
            const heading = group.key === "none" ? t("timeline.noDate") : group.label;
            return (
              <section key={group.key} className="rt-stack rt-month" aria-labelledby={`month-${group.key}`}>
                <Heading level={2} appearance="utrecht-heading-3" id={`month-${group.key}`} className="rt-month__heading">
                  {heading}
                </Heading>
                <div className="rt-table-scroll" tabIndex={0}>
                  <Table className="rt-table rt-table--timeline">
                    <TableCaption className="rt-visually-hidden">{t("timeline.caption", { month: heading })}</TableCaption>
                    <TableHeader>
                      <TableRow>
                        <TableHeaderCell scope="col">{t("timeline.col.due")}</TableHeaderCell>
                        <TableHeaderCell scope="col">{t("timeline.col.milestone")}</TableHeaderCell>
                        <TableHeaderCell scope="col">{t("timeline.col.tender")}</TableHeaderCell>
                        <TableHeaderCell scope="col">{t("timeline.col.type")}</TableHeaderCell>
                        <TableHeaderCell scope="col">{t("timeline.col.status")}</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {group.items.map((m) => {
                        const late = isOverdue(m, today);
                        return (
                          <TableRow key={m.id} className={late ? "rt-row--overdue" : undefined}>
                            <TableCell className="rt-nowrap">{formatDate(m.dueDate, locale)}</TableCell>
                            <TableHeaderCell scope="row">{m.title}</TableHeaderCell>
                            <TableCell>
                              <Link className="utrecht-link" to={`${base}/aanbestedingen/${m.tenderId}`}>
                                {m.tender}
                              </Link>
                              {m.lot && <span className="rt-block rt-small rt-muted">{t("timeline.lot", { lot: m.lot })}</span>}
                            </TableCell>
                            <TableCell>{t(`code.${m.type}`)}</TableCell>
                            <TableCell>
                              {t(`code.${m.status}`)}
                              {m.dateMet && <span className="rt-block rt-small rt-muted">{t("timeline.met", { date: formatDate(m.dateMet, locale) })}</span>}
                              {late && <span className="rt-badge rt-badge--overdue">{t("milestone.overdue")}</span>}
                            </TableCell>
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  </Table>
                </div>
              </section>
            );
          })}
        </>
      )}
    </div>
  );
}
