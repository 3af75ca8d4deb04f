import { OpenThreadCount } from "~/components/together/Discussion";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { ErrorAlert } from "~/components/Feedback";
import { TextField } from "~/components/FormFields";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { CheckboxGroupField, TextAreaField } from "~/components/records/Fields";
import { LivePresence } from "~/components/records/LivePresence";
import { load, requireUser } from "~/lib/api.server";
import { assessmentForm, EMPTY_ASSESSMENT } from "~/lib/assessments";
import { keptValues } from "~/lib/edit-merge";
import { formatDateTime } from "~/lib/format";
import { listFieldErrors } from "~/lib/governance";
import { useLiveRecords } from "~/lib/live";
import { submitForm } from "~/lib/submission.server";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";
import { withNotice } from "~/lib/notice";

export const handle: WorkspaceHandle = { crumb: "assessments.title" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.assessments") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const workspace = params.workspace ?? "";
  const [list, threads] = await Promise.all([
    load(context, request, () => context.api.assessment.list({ workspace })),
    load(context, request, () => context.api.comment.counts({ workspace, subjectType: "assessment" })),
  ]);
  return { ...list, threads };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const workspace = params.workspace ?? "";
  const result = await submitForm(context, assessmentForm, await request.formData(), { workspace }, (input) => context.api.assessment.create(input));
  // `reply` puts the refusal on the form, with what was typed (Conform's lastResult).
  if (!result.ok) return data({ error: result.error, reply: result.reply, at: Date.now() }, { status: result.error.httpStatus });
  throw redirect(withNotice(`/w/${workspace}/scenarios/${result.data.id}`, "aangemaakt"));
}

export default function Assessments() {
  const { assessments, canCreate, threads } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const live = useLiveRecords(overview.slug, "assessments", (change) => change.entityType === "assessment");
  const base = `/w/${overview.slug}/scenarios`;
  return (
    <div className="rt-stack rt-stack--loose">
      <div className="rt-stack">
        <div className="rt-section-header">
          <Heading level={1}>{t("assessments.title")}</Heading>
          <LivePresence live={live} />
        </div>
        <Paragraph>{t("assessments.intro")}</Paragraph>
      </div>
      {assessments.length === 0 ? (
        <div className="rt-card rt-empty">
          <Paragraph>{t("assessments.empty")}</Paragraph>
          {canCreate && <Paragraph>{t("assessments.emptyCreate")}</Paragraph>}
        </div>
      ) : (
        <div className="rt-table-scroll" tabIndex={0}>
          <Table className="rt-table">
            <TableCaption className="rt-visually-hidden">{t("assessments.caption", { name: overview.name })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("assessments.col.title")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("assessments.col.status")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("assessments.col.size")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("assessments.col.progress")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {assessments.map((a) => (
                <TableRow key={a.id}>
                  <TableHeaderCell scope="row">
                    <Link className="utrecht-link" to={`${base}/${a.id}`}>
                      {a.title}
                    </Link>
                    <OpenThreadCount count={threads[a.id]} />
                  </TableHeaderCell>
                  <TableCell>
                    <span className={a.status === "LOCKED" ? "rt-badge rt-assess-status" : "rt-badge rt-badge--quiet rt-assess-status"}>{t(`assessments.status.${a.status}`)}</span>
                    {a.status === "LOCKED" && a.lockedAt && <span className="rt-block rt-small rt-muted">{formatDateTime(a.lockedAt, locale)}</span>}
                  </TableCell>
                  <TableCell>{t("assessments.size", { scenarios: a.scenarios, criteria: a.criteria, participants: a.participants })}</TableCell>
                  <TableCell>{t("assessments.progress", { scored: a.scored, total: a.cells })}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {canCreate && <NewAssessment />}
    </div>
  );
}

/**
 * Coordinators start a round: scenarios and criteria typed one per line, participants ticked.
 * Conform owns the form's values (empty, or what a refused post kept), names, ids and messages;
 * a message about one line of a text box says which line (from the refusal's paths, which
 * Conform's reply gathers on the box).
 */
function NewAssessment() {
  const t = useT();
  const overview = useWorkspace();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const [form, fields] = useRecordForm("assessment-new", result?.reply, EMPTY_ASSESSMENT);
  const values = keptValues(form.initialValue, EMPTY_ASSESSMENT);
  // The line numbers are counted in what was sent (with JavaScript the form keeps its fields, and Conform its first values).
  const sent = keptValues(result?.reply.initialValue, EMPTY_ASSESSMENT);
  const linePrefix = (line: number) => t("assessments.new.line", { line });
  const lines = listFieldErrors(listFieldErrors(result?.error, "scenarios", sent.scenarios, linePrefix), "criteria", sent.criteria, linePrefix)?.fieldErrors;
  const groups = overview.regions.map((r) => ({
    label: r.name,
    options: [...r.bodies.map((b) => ({ value: b.id, label: t("assessments.new.body", { name: b.name }) })), ...r.municipalities.map((m) => ({ value: m.id, label: m.name }))],
  }));
  return (
    <section className="rt-card rt-stack" aria-labelledby="new-assessment-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="new-assessment-heading">
        {t("assessments.new")}
      </Heading>
      <Paragraph className="rt-muted rt-small">{t("assessments.new.intro")}</Paragraph>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate>
        <TextField {...conformField(fields.title)} label={t("assessments.new.title")} defaultValue={values.title} required maxLength={200} />
        <TextAreaField {...conformField(fields.description)} label={t("assessments.new.description")} defaultValue={values.description} rows={2} maxLength={4000} />
        <div className="rt-columns">
          <TextAreaField
            {...conformField(fields.scenarios)}
            errors={lines?.scenarios ?? fields.scenarios.errors}
            label={t("assessments.new.scenarios")}
            description={t("assessments.new.scenariosHint")}
            defaultValue={values.scenarios}
            rows={6}
            required
          />
          <TextAreaField
            {...conformField(fields.criteria)}
            errors={lines?.criteria ?? fields.criteria.errors}
            label={t("assessments.new.criteria")}
            description={t("assessments.new.criteriaHint")}
            defaultValue={values.criteria}
            rows={6}
            required
          />
        </div>
        <CheckboxGroupField
          {...conformField(fields.participantIds)}
          label={t("assessments.new.participants")}
          description={t("assessments.new.participantsHint")}
          options={[]}
          groups={groups}
          defaultValues={values.participantIds}
          required
        />
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {t("assessments.new.submit")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
