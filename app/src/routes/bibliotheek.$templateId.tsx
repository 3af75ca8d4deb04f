import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useRef, useState } from "react";
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
import { idSchema, libraryOperations as libraryOps, permits, type ErrorDescription } from "@regiotafel/domain";
import { FieldError } from "~/components/FieldError";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { DateField } from "~/components/records/Fields";
import { BackToLibrary } from "~/components/library/BackToLibrary";
import { TemplateContent } from "~/components/library/TemplateContent";
import { TemplateTags, VersionStatusBadge } from "~/components/library/TemplateMeta";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formatDateTime } from "~/lib/format";
import { formErrors, formText } from "~/lib/forms";
import { createdRecordHref } from "~/lib/library";
import { makeT, useLocale, useT } from "~/i18n/use-t";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.title ?? "Sjabloon"} · Bibliotheek — Regiotafel` }];

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

const USE_FIELDS = ["workspace", "title", "startDate", "procuringEntityId"] as const;

/** A refusal of our own (before asking the API), shaped like the API's. */
function refusal(fieldErrors: Record<string, string[]>, message: string): ErrorDescription {
  return { code: "BAD_REQUEST", httpStatus: 400, messageKey: "input.invalid", message, fieldErrors };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  requireUser(context, request);
  const t = makeT(context.locale);
  const form = await request.formData();
  const intent = formText(form, "intent");
  const templateId = params.templateId ?? "";

  if (intent === "unpublish") {
    const result = await mutate(context, () => context.api.library.unpublish({ templateId }));
    if (!result.ok) return data({ intent: "unpublish" as const, ok: false as const, error: result.error, values: null, at: Date.now() }, { status: result.error.httpStatus });
    return { intent: "unpublish" as const, ok: true as const, error: null, values: null, at: Date.now() };
  }
  if (intent !== "use") throw new Response("Onbekende actie", { status: 400 });

  const values = {
    workspace: formText(form, "workspace"),
    title: formText(form, "title"),
    startDate: formText(form, "startDate"),
    procuringEntityId: formText(form, "procuringEntityId"),
  };
  const fail = (error: ErrorDescription) => data({ intent: "use" as const, ok: false as const, error, values, at: Date.now() }, { status: error.httpStatus });
  const errors: Record<string, string[]> = {};
  if (!values.workspace) errors.workspace = [t("library.use.chooseWorkspace")];
  if (formText(form, "needsStartDate") === "1" && !values.startDate) errors.startDate = [t("library.use.chooseStartDate")];
  if (values.workspace && values.procuringEntityId) {
    // The procuring entity must belong to the chosen workspace (the list shows every workspace's).
    const overview = await mutate(context, () => context.api.workspace.overview({ workspace: values.workspace }));
    const ids = overview.ok ? overview.data.regions.flatMap((r) => [...r.bodies, ...r.municipalities].map((o) => o.id)) : [];
    if (!ids.includes(values.procuringEntityId)) errors.procuringEntityId = [t("library.use.otherWorkspace")];
  }
  if (Object.keys(errors).length) return fail(refusal(errors, t("library.use.refused")));

  const result = await mutate(context, () =>
    context.api.library.use({
      workspace: values.workspace,
      templateId,
      title: values.title,
      startDate: values.startDate || null,
      procuringEntityId: values.procuringEntityId || null,
    }),
  );
  if (!result.ok) return fail(result.error);
  throw redirect(createdRecordHref(values.workspace, result.data));
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
        <div className="rt-card rt-card--flush rt-table-scroll">
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
                  <TableCell className="rt-nowrap">{v.reviewedAt ? formatDateTime(v.reviewedAt, locale) : t("common.none")}</TableCell>
                  <TableCell>{v.reviewNote || t("common.none")}</TableCell>
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
  const formRef = useRef<HTMLFormElement>(null);
  const failed = result?.intent === "use" && !result.ok ? result : null;
  const values = failed?.values;
  const { fieldErrors, formError } = formErrors(failed?.error, USE_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  // The procuring entities follow the chosen workspace (with JavaScript at once; without it after a submit).
  const [chosen, setChosen] = useState(values?.workspace || eligible[0]?.slug || "");
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
          <ErrorAlert>{formError}</ErrorAlert>
          <Form
            method="post"
            className="rt-stack"
            noValidate
            ref={formRef}
            aria-labelledby="use-heading"
            onChange={(event) => {
              const target = event.target as HTMLSelectElement;
              if (target.name === "workspace") setChosen(target.value);
            }}
          >
            <input type="hidden" name="intent" value="use" />
            {needs.startDate && <input type="hidden" name="needsStartDate" value="1" />}
            <div className="rt-form-row">
              <SelectField
                name="workspace"
                label={t("library.use.workspace")}
                defaultValue={values?.workspace || eligible[0]?.slug}
                errors={fieldErrors.workspace}
                options={eligible.map((w) => ({ value: w.slug, label: w.name }))}
              />
              <TextField name="title" label={t("library.use.title")} defaultValue={values?.title ?? defaultTitle} errors={fieldErrors.title} required maxLength={160} />
            </div>
            {(needs.startDate || needs.procuringEntity) && (
              <div className="rt-form-row">
                {needs.startDate && (
                  <DateField name="startDate" label={t("library.use.startDate")} description={t("library.use.startDateHint")} defaultValue={values?.startDate} errors={fieldErrors.startDate} required />
                )}
                {needs.procuringEntity && entities && (
                  <EntitySelect key={chosen} options={entities.options} defaultValue={values?.workspace === chosen && values.procuringEntityId ? values.procuringEntityId : entities.own || entities.options[0]?.id || ""} errors={fieldErrors.procuringEntityId} />
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
function EntitySelect({ options, defaultValue, errors }: { options: LoaderData["organisations"][number]["options"]; defaultValue: string; errors?: string[] }) {
  const t = useT();
  const regions = [...new Set(options.map((o) => o.region))];
  const invalid = Boolean(errors?.length);
  return (
    <FormField type="select" invalid={invalid}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor="procuringEntityId">{t("library.use.procuringEntity")}</FormLabel>
      </div>
      <FieldError id="procuringEntityId-error" messages={errors} />
      <div className="utrecht-form-field__input">
        <Select id="procuringEntityId" name="procuringEntityId" defaultValue={defaultValue} invalid={invalid} aria-describedby={invalid ? "procuringEntityId-error" : undefined}>
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
