import { OpenThreadCount } from "~/components/together/Discussion";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert } from "~/components/Feedback";
import { load } from "~/lib/api.server";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { keptValues } from "~/lib/edit-merge";
import { submitForm } from "~/lib/submission.server";
import { documentOperations as ops } from "@regiotafel/domain";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";
import { withNotice } from "~/lib/notice";

export const handle: WorkspaceHandle<{ archived: boolean }> = { crumb: "ws.nav.documents", title: (data, t) => (data?.archived ? t("documents.archivedTitle") : null) };
export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.documents") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const archived = new URL(request.url).searchParams.get("gearchiveerd") === "1";
  const workspace = params.workspace ?? "";
  const [documents, threads] = await Promise.all([
    load(context, request, () => context.api.document.list({ workspace, archived })),
    load(context, request, () => context.api.comment.counts({ workspace, subjectType: "document" })),
  ]);
  return { documents, archived, threads };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await submitForm(context, ops.createDocument, form, { workspace: params.workspace ?? "" }, (input) => context.api.document.create(input));
  // `reply` shows the refusal on the form, with what was typed (Conform's lastResult).
  if (!result.ok) return data({ error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  throw redirect(withNotice(`/w/${params.workspace}/documenten/${result.data.id}`, "aangemaakt"));
}

/** The new-document form as it starts: a free document for the whole workspace. */
const NEW_DOCUMENT = { title: "", kind: "FREE", ownerRegionId: "" };

export default function Documents() {
  const { documents, archived, threads } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const [form, fields] = useRecordForm("new-document", result?.reply, NEW_DOCUMENT);
  const typed = keptValues(form.initialValue, NEW_DOCUMENT);
  const base = `/w/${overview.slug}/documenten`;
  const kinds = ops.creatableDocumentKinds(overview.me);
  const canCreate = kinds.length > 0;
  return (
    <div className="rt-stack">
      <div className="rt-section-header">
        <Heading level={1}>{t(archived ? "documents.archivedTitle" : "documents.title")}</Heading>
        <Link className="utrecht-link" to={archived ? base : `${base}?gearchiveerd=1`}>
          {t(archived ? "documents.showCurrent" : "documents.showArchived")}
        </Link>
      </div>
      <Paragraph>{t("documents.intro")}</Paragraph>
      {documents.length === 0 ? (
        <Paragraph className="rt-empty">{t(archived ? "documents.emptyArchived" : "documents.empty")}</Paragraph>
      ) : (
        <div className="rt-table-scroll" tabIndex={0}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("documents.name")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("documents.kind")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("documents.owner")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("documents.rights")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {documents.map((d) => (
                <TableRow key={d.id}>
                  <TableHeaderCell scope="row">
                    <Link className="utrecht-link" to={`${base}/${d.id}`}>
                      {d.title}
                    </Link>
                    <OpenThreadCount count={threads[d.id]} />
                  </TableHeaderCell>
                  <TableCell>{t(`documents.kind.${d.kind}`)}</TableCell>
                  <TableCell>{d.ownerRegionName ?? t("documents.wholeWorkspace")}</TableCell>
                  <TableCell>{t(d.canEdit ? "documents.canEdit" : "documents.readOnly")}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {canCreate && !archived && (
        <section className="rt-card rt-stack" aria-labelledby="new-document-heading">
          <Heading level={2} appearance="utrecht-heading-3" id="new-document-heading">
            {t("documents.new")}
          </Heading>
          <ErrorAlert>{formMessage(form)}</ErrorAlert>
          <Form id={form.id} method="post" className="rt-stack" noValidate>
            <div className="rt-form-row">
              <TextField {...conformField(fields.title)} label={t("documents.name")} defaultValue={typed.title} required maxLength={160} />
              <SelectField
                {...conformField(fields.kind)}
                label={t("documents.kind")}
                defaultValue={typed.kind}
                options={kinds.map((k) => ({ value: k, label: t(`documents.kind.${k}`) }))}
              />
              <SelectField
                {...conformField(fields.ownerRegionId)}
                label={t("documents.owner")}
                defaultValue={typed.ownerRegionId}
                options={[{ value: "", label: t("documents.wholeWorkspace") }, ...overview.regions.map((r) => ({ value: r.id, label: r.name }))]}
              />
            </div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {t("documents.create")}
            </Button>
          </Form>
        </section>
      )}
    </div>
  );
}
