import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import {
  Button,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { DomainError, idSchema, libraryOperations as libraryOps, permits } from "@regiotafel/domain";
import { FieldError } from "~/components/FieldError";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { DateField } from "~/components/records/Fields";
import { BackToLibrary } from "~/components/library/BackToLibrary";
import { TemplateContent } from "~/components/library/TemplateContent";
import { TemplateTags, VersionStatusBadge } from "~/components/library/TemplateMeta";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formatDateTime } from "~/lib/format";
import { keptValues } from "~/lib/edit-merge";
import { formText } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { createdRecordHref } from "~/lib/library";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";
import { withNotice } from "~/lib/notice";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: pageTitle(matches, "title.template", { own: data?.template.title, section: "title.library" }) }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const templateId = idSchema.safeParse(params.templateId);
  if (!templateId.success) throw new Response("Niet gevonden", { status: 404 });
  const [template, workspaces] = await Promise.all([
    load(context, request, () => context.api.library.get({ templateId: templateId.data })),
    load(context, request, () => context.api.workspace.list()),
  ]);
  // Where the user may use it, and what it asks: both from the operation's contract.
  const needs = { ...libraryOps.templateUseNeeds(template.kind), coordinator: !permits(libraryOps.useTemplate, { role: "EDITOR" }, template.kind) };
  const eligible = workspaces.filter((w) => permits(libraryOps.useTemplate, w, template.kind)).map((w) => ({ slug: w.slug, name: w.name }));
  // The organisations that may procure a new tender, per workspace (own organisation first choice).
  const organisations = needs.procuringEntity
    ? await Promise.all(
        eligible.map(async (w) => {
          const overview = await load(context, request, () => context.api.workspace.overview({ workspace: w.slug }));
          const options = overview.regions.flatMap((r) => [
            ...r.bodies.map((b) => ({ id: b.id, name: b.name, region: r.name, body: true })),
            ...r.municipalities.map((m) => ({ id: m.id, name: m.name, region: r.name, body: false })),
          ]);
          return { slug: w.slug, own: options.some((o) => o.id === overview.me.organisationId) ? overview.me.organisationId : "", options };
        }),
      )
    : [];
  return { template, eligible, organisations, needs };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  const fixed = { templateId: params.templateId ?? "" };
  const at = Date.now();

  if (intent === "unpublish") {
    const result = await submitForm(context, libraryOps.unpublishTemplate, form, fixed, (input) => context.api.library.unpublish(input));
    if (!result.ok) return data({ intent: "unpublish" as const, ok: false as const, error: result.error, reply: result.reply, at }, { status: result.error.httpStatus });
    return { intent: "unpublish" as const, ok: true as const, at };
  }
  if (intent !== "use") throw new Response("Onbekende actie", { status: 400 });

  // The workspace to use it in is chosen on this page (not in the URL).
  const workspace = formText(form, "workspace");
  const result = await submitForm(context, libraryOps.useTemplate, form, fixed, async (input) => {
    if (!workspace) throw new DomainError("BAD_REQUEST", "template.chooseWorkspace", undefined, "workspace");
    if (input.procuringEntityId && !(await organisationsOf(context, workspace)).includes(input.procuringEntityId)) {
      // The list shows every eligible workspace's organisations: the chosen one must be the chosen workspace's.
      throw new DomainError("BAD_REQUEST", "template.otherWorkspace", undefined, "procuringEntityId");
    }
    return context.api.library.use({ ...input, workspace });
  });
  if (!result.ok) return data({ intent: "use" as const, ok: false as const, error: result.error, reply: result.reply, at }, { status: result.error.httpStatus });
  throw redirect(withNotice(createdRecordHref(workspace, result.data), "uit-sjabloon"));
}

/** The ids of a workspace's organisations (none when the user is no member of it). */
async function organisationsOf(context: AppLoadContext, workspace: string): Promise<string[]> {
  const overview = await mutate(context, () => context.api.workspace.overview({ workspace }));
  return overview.ok ? overview.data.regions.flatMap((r) => [...r.bodies, ...r.municipalities].map((o) => o.id)) : [];
}

export default function TemplatePage() {
  const { template, eligible, organisations, needs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const current = template.versions.find((v) => v.number === template.number);
  const unpublished = result?.intent === "unpublish" && result.ok;
  const confirmUnpublish = params.get("uithalen") === "1" && !unpublished;
  const kindLabel = t(`template.kind.${template.kind}`);

  return (
    <div className="rt-stack rt-stack--loose">
      <BackToLibrary />
      <header className="rt-page-header">
        <p className="rt-eyebrow">{kindLabel}</p>
        <Heading level={1}>{template.title}</Heading>
        {template.description && <Paragraph className="rt-lead">{template.description}</Paragraph>}
        <TemplateTags tags={template.tags} />
        <dl className="rt-facts">
          <div>
            <dt>{t("library.provenance")}</dt>
            <dd>{template.provenance}</dd>
          </div>
          <div>
            <dt>{t("library.network")}</dt>
            <dd>{template.network.name}</dd>
          </div>
          <div>
            <dt>{t("library.version")}</dt>
            <dd>{t("library.versionNumber", { number: template.number })}</dd>
          </div>
          {template.published && !unpublished && current?.reviewedAt && current.status === "APPROVED" && (
            <div>
              <dt>{t("library.publishedAt")}</dt>
              <dd>{formatDateTime(current.reviewedAt, locale)}</dd>
            </div>
          )}
        </dl>
      </header>

      <StatusMessage focusKey={unpublished ? result.at : undefined}>{unpublished ? t("library.unpublished") : null}</StatusMessage>
      {!template.published && !unpublished && <Paragraph className="rt-notice">{t(current?.status === "IN_REVIEW" ? "library.inReviewNotice" : "library.notPublished")}</Paragraph>}

      <section className="rt-card rt-stack" aria-labelledby="structure-heading">
        <div>
          <Heading level={2} id="structure-heading">
            {t("library.structure")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("library.structureNote")}</Paragraph>
        </div>
        <TemplateContent kind={template.kind} content={template.content} label={template.title} />
      </section>

      {template.published && !unpublished && <UseForm eligible={eligible} organisations={organisations} needs={needs} defaultTitle={template.title} busy={busy("use")} />}

      <section className="rt-stack" aria-labelledby="versions-heading">
        <Heading level={2} id="versions-heading">
          {t("library.versions")}
        </Heading>
        <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
          <Table className="rt-table">
            <TableCaption className="rt-visually-hidden">{t("library.versions.caption", { title: template.title })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("library.version")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("library.versions.title")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("library.versions.status")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("library.versions.submitted")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("library.versions.reviewed")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("library.versions.note")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {template.versions.map((v) => (
                <TableRow key={v.id}>
                  <TableHeaderCell scope="row" className="rt-nowrap">
                    {t("library.versionNumber", { number: v.number })}
                    {v.number === template.publishedNumber && <span className="rt-badge rt-badge--quiet">{t("library.versions.current")}</span>}
                  </TableHeaderCell>
                  <TableCell>{v.title}</TableCell>
                  <TableCell>
                    <VersionStatusBadge status={v.status} />
                  </TableCell>
                  <TableCell className="rt-nowrap">{formatDateTime(v.submittedAt, locale)}</TableCell>
                  <TableCell className="rt-nowrap">{v.reviewedAt ? formatDateTime(v.reviewedAt, locale) : <span className="rt-muted">{t("empty.notReviewed")}</span>}</TableCell>
                  <TableCell>{v.reviewNote || <span className="rt-muted">{t("empty.noNote")}</span>}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </section>

      {template.canUnpublish && !unpublished && (
        <section className="rt-card rt-stack" aria-labelledby="unpublish-heading">
          <Heading level={2} appearance="utrecht-heading-3" id="unpublish-heading">
            {t("library.unpublish")}
          </Heading>
          <Paragraph>{t("library.unpublishIntro")}</Paragraph>
          <ErrorAlert>{result?.intent === "unpublish" && !result.ok ? result.error.message : null}</ErrorAlert>
          {confirmUnpublish ? (
            <Form method="post" className="rt-actions" action="?">
              <input type="hidden" name="intent" value="unpublish" />
              <Paragraph className="rt-confirm">{t("library.unpublishConfirm", { title: template.title })}</Paragraph>
              <Button type="submit" appearance="primary-action-button" hint="danger" autoFocus busy={busy("unpublish")}>
                {t("library.unpublishYes")}
              </Button>
              <Link className="utrecht-link" to="?">
                {t("common.cancel")}
              </Link>
            </Form>
          ) : (
            <p>
              <Link className="utrecht-button-link utrecht-button-link--secondary-action" to="?uithalen=1">
                {t("library.unpublish")}
              </Link>
            </p>
          )}
        </section>
      )}
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function UseForm(props: { eligible: LoaderData["eligible"]; organisations: LoaderData["organisations"]; needs: LoaderData["needs"]; defaultTitle: string; busy: boolean }) {
  const { eligible, organisations, needs, defaultTitle, busy } = props;
  const t = useT();
  const result = useActionData<typeof action>();
  const failed = result?.intent === "use" && !result.ok ? result : null;
  const start = { workspace: eligible[0]?.slug ?? "", title: defaultTitle, startDate: "", procuringEntityId: "" };
  const [form, fields] = useRecordForm("use-template", failed?.reply, start);
  const values = keptValues(form.initialValue, start);
  // The procuring entities follow the chosen workspace (with JavaScript at once; without it after a submit).
  const [chosen, setChosen] = useState(values.workspace);
  const entities = organisations.find((o) => o.slug === chosen);

  return (
    <section className="rt-card rt-card--accent rt-stack" aria-labelledby="use-heading">
      <div>
        <Heading level={2} id="use-heading">
          {t("library.use")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">{t("library.use.intro")}</Paragraph>
      </div>
      {eligible.length === 0 ? (
        <Paragraph>{t(needs.coordinator ? "library.use.noWorkspaceCoordinator" : "library.use.noWorkspace")}</Paragraph>
      ) : (
        <>
          <ErrorAlert>{formMessage(form, { templateId: "" })}</ErrorAlert>
          <Form
            id={form.id}
            method="post"
            className="rt-stack"
            noValidate
            aria-labelledby="use-heading"
            onChange={(event) => {
              const target = event.target as HTMLSelectElement;
              if (target.name === "workspace") setChosen(target.value);
            }}
          >
            <input type="hidden" name="intent" value="use" />
            <div className="rt-form-row">
              <SelectField
                {...conformField(fields.workspace)}
                label={t("library.use.workspace")}
                defaultValue={values.workspace}
                options={eligible.map((w) => ({ value: w.slug, label: w.name }))}
              />
              <TextField {...conformField(fields.title)} label={t("library.use.title")} defaultValue={values.title} required maxLength={160} />
            </div>
            {(needs.startDate || needs.procuringEntity) && (
              <div className="rt-form-row">
                {needs.startDate && (
                  <DateField
                    {...conformField(fields.startDate)}
                    label={t("library.use.startDate")}
                    description={t("library.use.startDateHint")}
                    defaultValue={values.startDate}
                    required
                  />
                )}
                {needs.procuringEntity && entities && (
                  <EntitySelect
                    key={chosen}
                    field={conformField(fields.procuringEntityId)}
                    options={entities.options}
                    defaultValue={values.workspace === chosen && values.procuringEntityId ? values.procuringEntityId : entities.own || entities.options[0]?.id || ""}
                  />
                )}
              </div>
            )}
            <div>
              <Button type="submit" appearance="primary-action-button" busy={busy}>
                {t("library.use.submit")}
              </Button>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}

/** The procuring entity of the new tender: the chosen workspace's regional bodies and municipalities, per region. */
function EntitySelect({ field, options, defaultValue }: { field: ReturnType<typeof conformField>; options: LoaderData["organisations"][number]["options"]; defaultValue: string }) {
  const t = useT();
  const regions = [...new Set(options.map((o) => o.region))];
  const { id, name, errors } = field;
  const invalid = Boolean(errors?.length);
  return (
    <FormField type="select" invalid={invalid}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{t("library.use.procuringEntity")}</FormLabel>
      </div>
      <FieldError id={`${id}-error`} messages={errors} />
      <div className="utrecht-form-field__input">
        <Select id={id} name={name} defaultValue={defaultValue} invalid={invalid} aria-describedby={invalid ? `${id}-error` : undefined}>
          {regions.map((region) => (
            <optgroup key={region} label={region}>
              {options
                .filter((o) => o.region === region)
                .map((o) => (
                  <SelectOption key={o.id} value={o.id}>
                    {o.name}
                  </SelectOption>
                ))}
            </optgroup>
          ))}
        </Select>
      </div>
    </FormField>
  );
}
