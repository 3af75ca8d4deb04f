import { OpenThreadCount } from "~/components/together/Discussion";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { idSchema, SOCIAL_DOMAINS, statusPhase, TENDER_STATUSES, tenderOperations, tenderStatusSchema } from "@regiotafel/domain";
import { z } from "zod";
import { SelectField } from "~/components/FormFields";
import { ErrorAlert } from "~/components/Feedback";
import { formMessage, useRecordForm } from "~/components/records/conform";
import { CsvLink } from "~/components/records/ExportLinks";
import { LivePresence } from "~/components/records/LivePresence";
import { useActionOutcome } from "~/components/records/outcome";
import { newTenderValues, TenderFields } from "~/components/tenders/TenderFields";
import { codeOptions, phaseLabel, StatusBadge } from "~/components/tenders/vocabulary";
import { load, requireUser } from "~/lib/api.server";
import { countText } from "~/lib/format";
import { keptValues } from "~/lib/edit-merge";
import { formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { submitForm } from "~/lib/submission.server";
import { formatDate, formatEuro, sortByPhase, statusCounts } from "~/lib/tenders";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";
import { withNotice } from "~/lib/notice";

export const handle: WorkspaceHandle = { crumb: "ws.nav.tenders" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.tenders") }];

/** The board's filters as query parameters (the same names the CSV export reads); unknown values are ignored. */
const filterSchema = z.object({
  status: tenderStatusSchema.optional().catch(undefined),
  domain: z.enum(SOCIAL_DOMAINS).optional().catch(undefined),
  regionId: idSchema.optional().catch(undefined),
});

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const workspace = params.workspace ?? "";
  const query = new URL(request.url).searchParams;
  const filters = filterSchema.parse({ status: query.get("status") || undefined, domain: query.get("domain") || undefined, regionId: query.get("regionId") || undefined });
  // The counts per status follow the domain and region filters but not the status filter, so
  // that every status stays one click away.
  const [board, all, threads] = await Promise.all([
    load(context, request, () => context.api.tender.board({ workspace, ...filters })),
    filters.status ? load(context, request, () => context.api.tender.board({ workspace, domain: filters.domain, regionId: filters.regionId })) : null,
    load(context, request, () => context.api.comment.counts({ workspace, subjectType: "tender" })),
  ]);
  return { tenders: board.tenders, counts: statusCounts((all ?? board).tenders), canCreate: board.canCreate, filters, threads };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  if (intent !== "create") throw new Response("Onbekende actie", { status: 400 });
  const result = await submitForm(context, tenderOperations.createTender, form, { workspace: params.workspace ?? "" }, (input) => context.api.tender.create(input));
  // `reply` shows the refusal on the form, with what was typed (Conform's lastResult).
  if (!result.ok) return data({ error: result.error, reply: result.reply, at: Date.now() }, { status: result.error.httpStatus });
  throw redirect(withNotice(`/w/${params.workspace}/aanbestedingen/${result.data.id}`, "aangemaakt"));
}

export default function TenderBoard() {
  const { tenders, counts, canCreate, filters, threads } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const live = useLiveRecords(overview.slug, "tenders", (change) => ["tender", "lot", "milestone"].includes(change.entityType) && change.actorId !== overview.me.userId);
  const base = `/w/${overview.slug}/aanbestedingen`;
  const filtered = Boolean(filters.status || filters.domain || filters.regionId);
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>;
  const withStatus = (status: string) => `?${new URLSearchParams({ ...query, status })}`;
  const rows = sortByPhase(tenders);
  const total = counts.reduce((sum, c) => sum + c.count, 0);

  return (
    <div className="rt-stack rt-stack--loose">
      <div className="rt-stack">
        <div className="rt-section-header">
          <Heading level={1}>{t("ws.nav.tenders")}</Heading>
          <LivePresence live={live} />
        </div>
        <Paragraph>{t("tenders.intro")}</Paragraph>
      </div>

      <Form method="get" className="rt-filter" aria-label={t("tenders.filter")}>
        <SelectField name="status" label={t("tenders.filter.status")} defaultValue={filters.status ?? ""} options={[{ value: "", label: t("tenders.filter.all") }, ...codeOptions(t, TENDER_STATUSES)]} />
        <SelectField name="domain" label={t("tenders.filter.domain")} defaultValue={filters.domain ?? ""} options={[{ value: "", label: t("tenders.filter.all") }, ...codeOptions(t, SOCIAL_DOMAINS)]} />
        <SelectField
          name="regionId"
          label={t("tenders.filter.region")}
          defaultValue={filters.regionId ?? ""}
          options={[{ value: "", label: t("tenders.filter.all") }, ...overview.regions.map((r) => ({ value: r.id, label: r.name }))]}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t("tenders.filter.apply")}
        </Button>
        {filtered && (
          <Link className="utrecht-link rt-filter__clear" to={base}>
            {t("tenders.filter.clear")}
          </Link>
        )}
      </Form>

      {total > 0 && (
        <nav aria-label={t("tenders.counts")}>
          <ul className="rt-status-counts">
            {counts.map((c) => (
              <li key={c.status}>
                <Link
                  to={c.status === filters.status ? `?${new URLSearchParams(Object.fromEntries(Object.entries(query).filter(([k]) => k !== "status")))}` : withStatus(c.status)}
                  className={`rt-status-count rt-status-count--${c.phase}`}
                  aria-current={c.status === filters.status ? "true" : undefined}
                >
                  <span className="rt-status-count__number">{c.count}</span> {t(`code.${c.status}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {rows.length === 0 ? (
        <div className="rt-empty">
          <Paragraph>{t(filtered ? "tenders.emptyFiltered" : "tenders.empty")}</Paragraph>
          {filtered && (
            <Paragraph>
              <Link className="utrecht-link" to={base}>
                {t("tenders.filter.clear")}
              </Link>
            </Paragraph>
          )}
        </div>
      ) : (
        <section className="rt-stack" aria-labelledby="tenders-caption">
          <div className="rt-section-header">
            <Paragraph className="rt-muted rt-tight">{countText(t, locale, "tenders.shown", rows.length)}</Paragraph>
            <span className="rt-actions">
              <CsvLink workspace={overview.slug} table="aanbestedingen" query={query} />
              <a className="utrecht-link rt-export-link" href={`/w/${overview.slug}/export/ocds.json`} download>
                {t("export.ocds")}
              </a>
            </span>
          </div>
          <div className="rt-table-scroll" tabIndex={0}>
            <Table className="rt-table rt-table--tenders">
              <TableCaption id="tenders-caption" className="rt-visually-hidden">
                {t("tenders.caption")}
              </TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("tenders.col.title")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("tenders.col.status")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("tenders.col.domain")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("tenders.col.region")}</TableHeaderCell>
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("tenders.col.lots")}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("tenders.col.participants")}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col">{t("tenders.col.next")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("tenders.col.contractStart")}</TableHeaderCell>
                  <TableHeaderCell scope="col" className="rt-num">
                    {t("tenders.col.value")}
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((row, i) => {
                  const phase = statusPhase(row.status);
                  const firstOfPhase = i === 0 || statusPhase(rows[i - 1]!.status) !== phase;
                  return (
                    <TableRow key={row.id} className={`rt-phase-row rt-phase-row--${phase}${firstOfPhase && i > 0 ? " rt-phase-row--first" : ""}`}>
                      <TableHeaderCell scope="row">
                        <Link className="utrecht-link" to={`${base}/${row.id}`}>
                          {row.title}
                        </Link>
                        <OpenThreadCount count={threads[row.id]} />
                        <span className="rt-block rt-small rt-muted">
                          {t(`code.${row.procedure}`)} · {row.procuringEntity}
                        </span>
                      </TableHeaderCell>
                      <TableCell>
                        <StatusBadge status={row.status} t={t} />
                        {firstOfPhase && <span className="rt-block rt-small rt-muted rt-phase-label">{phaseLabel(t, phase)}</span>}
                      </TableCell>
                      <TableCell>{t(`code.${row.domain}`)}</TableCell>
                      <TableCell>{row.ownerRegion ?? t("tenders.wholeWorkspace")}</TableCell>
                      <TableCell className="rt-num">{row.lots}</TableCell>
                      <TableCell className="rt-num">{row.participants}</TableCell>
                      <TableCell>
                        {row.nextMilestone ? (
                          <>
                            {row.nextMilestone}
                            <span className="rt-block rt-small rt-muted rt-nowrap">{formatDate(row.nextMilestoneDate, locale)}</span>
                          </>
                        ) : (
                          <span className="rt-muted">{t("empty.nextMilestone")}</span>
                        )}
                      </TableCell>
                      <TableCell className="rt-nowrap">{formatDate(row.contractStart, locale)}</TableCell>
                      <TableCell className="rt-num rt-nowrap">{formatEuro(row.estimatedValue, locale)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        </section>
      )}

      {canCreate ? <NewTenderForm /> : <Paragraph className="rt-muted">{t("record.readOnly")}</Paragraph>}
    </div>
  );
}

function NewTenderForm() {
  const overview = useWorkspace();
  const t = useT();
  // Kept across live reloads of the board, so a refusal does not vanish while the user fixes it.
  const result = useActionOutcome<Awaited<ReturnType<typeof action>>["data"]>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";
  const start = newTenderValues(overview);
  const [form, fields] = useRecordForm("new-tender", result?.reply, start);
  return (
    <section className="rt-card rt-stack" aria-labelledby="new-tender-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="new-tender-heading">
        {t("tenders.new")}
      </Heading>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate aria-labelledby="new-tender-heading">
        <input type="hidden" name="intent" value="create" />
        <TenderFields fields={fields} values={keptValues(form.initialValue, start)} overview={overview} />
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {t("tenders.create")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
