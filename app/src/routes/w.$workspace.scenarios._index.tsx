import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { ErrorAlert, useFocusFirstInvalid } from "~/components/Feedback";
import { TextField } from "~/components/FormFields";
import { CheckboxGroupField, TextAreaField } from "~/components/records/Fields";
import { LivePresence } from "~/components/records/LivePresence";
import { load, mutate, requireUser } from "~/lib/api.server";
import { parseCriterionLines, parseScenarioLines } from "~/lib/assessments";
import { formatDateTime } from "~/lib/format";
import { formErrors, formText } from "~/lib/forms";
import { formList, listFieldErrors } from "~/lib/governance";
import { useLiveRecords } from "~/lib/live";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";

export const handle: WorkspaceHandle = { crumb: "ws.nav.scenarios" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Scenario's") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return load(context, request, () => context.api.assessment.list({ workspace: params.workspace ?? "" }));
}

const FIELDS = ["title", "description", "scenarios", "criteria", "participantIds"] as const;

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const workspace = params.workspace ?? "";
  const values = {
    title: formText(form, "title"),
    description: formText(form, "description"),
    scenarios: formText(form, "scenarios"),
    criteria: formText(form, "criteria"),
    participantIds: formList(form, "participantIds"),
  };
  const result = await mutate(context, () =>
    context.api.assessment.create({
      workspace,
      title: values.title,
      description: values.description,
      scenarios: parseScenarioLines(values.scenarios),
      criteria: parseCriterionLines(values.criteria),
      participantIds: values.participantIds,
    }),
  );
  if (!result.ok) return data({ error: result.error, values, at: Date.now() }, { status: result.error.httpStatus });
  throw redirect(`/w/${workspace}/scenarios/${result.data.id}`);
}

export default function Assessments() {
  const { assessments, canCreate } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const live = useLiveRecords(overview.slug, "assessments", (change) => change.entityType === "assessment");
  const base = `/w/${overview.slug}/scenarios`;
  return (
    <div className="rt-stack rt-stack--loose">
      <div className="rt-stack">
        <div className="rt-section-header">
          <Heading level={2}>{t("assessments.title")}</Heading>
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
        <div className="rt-table-scroll">
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

/** Coordinators start a round: scenarios and criteria typed one per line, participants ticked. */
function NewAssessment() {
  const t = useT();
  const overview = useWorkspace();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const busy = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const values = result?.values;
  const linePrefix = (line: number) => t("assessments.new.line", { line });
  const error = listFieldErrors(listFieldErrors(result?.error, "scenarios", values?.scenarios ?? "", linePrefix), "criteria", values?.criteria ?? "", linePrefix);
  const { fieldErrors, formError } = formErrors(error, FIELDS);
  useFocusFirstInvalid(formRef, result?.at);
  const groups = overview.regions.map((r) => ({
    label: r.name,
    options: [...r.bodies.map((b) => ({ value: b.id, label: t("assessments.new.body", { name: b.name }) })), ...r.municipalities.map((m) => ({ value: m.id, label: m.name }))],
  }));
  return (
    <section className="rt-card rt-stack" aria-labelledby="new-assessment-heading">
      <Heading level={3} id="new-assessment-heading">
        {t("assessments.new")}
      </Heading>
      <Paragraph className="rt-muted rt-small">{t("assessments.new.intro")}</Paragraph>
      <ErrorAlert>{formError}</ErrorAlert>
      <Form method="post" className="rt-stack" noValidate ref={formRef}>
        <TextField name="title" label={t("assessments.new.title")} defaultValue={values?.title} errors={fieldErrors.title} required maxLength={200} />
        <TextAreaField name="description" label={t("assessments.new.description")} defaultValue={values?.description} errors={fieldErrors.description} rows={2} maxLength={4000} />
        <div className="rt-columns">
          <TextAreaField
            name="scenarios"
            label={t("assessments.new.scenarios")}
            description={t("assessments.new.scenariosHint")}
            defaultValue={values?.scenarios}
            errors={fieldErrors.scenarios}
            rows={6}
            required
          />
          <TextAreaField
            name="criteria"
            label={t("assessments.new.criteria")}
            description={t("assessments.new.criteriaHint")}
            defaultValue={values?.criteria}
            errors={fieldErrors.criteria}
            rows={6}
            required
          />
        </div>
        <CheckboxGroupField
          name="participantIds"
          label={t("assessments.new.participants")}
          description={t("assessments.new.participantsHint")}
          options={[]}
          groups={groups}
          defaultValues={values?.participantIds}
          errors={fieldErrors.participantIds}
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
