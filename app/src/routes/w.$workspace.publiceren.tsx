import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useRef, useState } from "react";
import { Button, FormField, FormLabel, Heading, Paragraph, Select, SelectOption } from "@utrecht/component-library-react";
import { hasRole, libraryOperations, TEMPLATE_KINDS, type TemplateKind } from "@regiotafel/domain";
import { FieldError } from "~/components/FieldError";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { TextAreaField } from "~/components/records/Fields";
import { TemplateContent } from "~/components/library/TemplateContent";
import { load, mutate, requireUser } from "~/lib/api.server";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { keptValues } from "~/lib/edit-merge";
import { formText } from "~/lib/forms";
import { formatTags, isTemplateKind, sourceTypeOf, type SourceType } from "~/lib/library";
import { submitForm } from "~/lib/submission.server";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { makeT, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";

export const handle: WorkspaceHandle = { crumb: "publish.title" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.publish") }];

/**
 * After every publish attempt the preview is extracted again, also after a refusal (by default
 * Remix skips that after a 4xx): when the source changed, the page must show the new preview
 * and carry its hash.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" ? true : defaultShouldRevalidate;

/** The query parameters of step 1. */
const PARAMS = { kind: "soort", source: "bron", network: "netwerk" } as const;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const workspace = params.workspace ?? "";
  const query = new URL(request.url).searchParams;
  const [networks, documents, assessments, board] = await Promise.all([
    load(context, request, () => context.api.library.networks()),
    load(context, request, () => context.api.document.list({ workspace })),
    load(context, request, () => context.api.assessment.list({ workspace })),
    load(context, request, () => context.api.tender.board({ workspace })),
  ]);
  // Only what the member may change themselves can be published (the API's flags; ADR 0016).
  const sources: Record<SourceType, { id: string; title: string }[]> = {
    document: documents.filter((d) => d.canEdit).map((d) => ({ id: d.id, title: d.title })),
    assessment: assessments.canCreate ? assessments.assessments.map((a) => ({ id: a.id, title: a.title })) : [],
    tender: board.tenders.filter((t) => t.owned).map((t) => ({ id: t.id, title: t.title })),
  };

  // Step 1 as submitted: a kind, a source of the right sort (none for the NvO checklist) and a network.
  const kindParam = query.get(PARAMS.kind);
  const kind = isTemplateKind(kindParam) ? kindParam : null;
  const sourceId = query.get(PARAMS.source) ?? "";
  const networkId = query.get(PARAMS.network) || (networks.length === 1 ? networks[0]!.id : "");
  const choice = { kind, sourceId, networkId };
  if (!kind) return { networks, sources, choice, choiceErrors: null, preview: null, previewError: null, candidates: [] };

  const t = makeT(context.locale);
  const sourceType = sourceTypeOf(kind);
  const choiceErrors: Record<string, string[]> = {};
  const source = sourceType ? sources[sourceType].find((s) => s.id === sourceId) : null;
  if (sourceType && !source) choiceErrors[PARAMS.source] = [t(sourceId ? "publish.sourceMismatch" : "publish.chooseSource")];
  if (!networks.some((n) => n.id === networkId)) choiceErrors[PARAMS.network] = [t("publish.chooseNetwork")];
  if (Object.keys(choiceErrors).length) return { networks, sources, choice, choiceErrors, preview: null, previewError: null, candidates: [] };

  // Step 2: exactly the structure that would be published, and its fingerprint.
  const [preview, library] = await Promise.all([
    mutate(context, () => context.api.library.preview({ workspace, kind, sourceId: source?.id ?? null })),
    load(context, request, () => context.api.library.fromWorkspace({ workspace, kind })),
  ]);
  const candidates = library.filter((tpl) => tpl.network.id === networkId).map((tpl) => ({ id: tpl.id, title: tpl.title, version: tpl.latestNumber }));
  return {
    networks,
    sources,
    choice: { ...choice, sourceTitle: source?.title ?? null },
    choiceErrors: null,
    preview: preview.ok ? preview.data : null,
    previewError: preview.ok ? null : preview.error,
    candidates,
  };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  if (formText(form, "intent") !== "publish") throw new Response("Onbekende actie", { status: 400 });
  // The contract reads the tags box (one text, commas between) as the list of tags.
  const result = await submitForm(context, libraryOperations.publishTemplate, form, { workspace: params.workspace ?? "" }, (input) => context.api.library.publish(input));
  if (!result.ok) {
    const changed = result.error.code === "CONFLICT" && result.error.messageKey === "template.previewChanged";
    return data({ ok: false as const, error: result.error, reply: result.reply, changed, at: Date.now() }, { status: result.error.httpStatus });
  }
  return { ok: true as const, templateId: result.data.id, number: result.data.number, title: result.input.title, at: Date.now() };
}

export default function Publish() {
  const { networks, sources, choice, choiceErrors, preview, previewError, candidates } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const result = useActionData<typeof action>();
  const t = useT();
  const canPublish = hasRole(libraryOperations.publishTemplate, overview.me);
  const network = networks.find((n) => n.id === choice.networkId);
  const submitted = result?.ok ? result : null;

  return (
    <div className="rt-stack rt-stack--loose">
      <div className="rt-stack">
        <Heading level={1}>{t("publish.title")}</Heading>
        <Paragraph>{t("publish.intro")}</Paragraph>
      </div>
      <StatusMessage focusKey={submitted?.at}>
        {submitted ? (
          <>
            <Paragraph>
              <strong>{t("publish.submitted")}</strong>
            </Paragraph>
            <Paragraph>{t("publish.submittedBody", { title: submitted.title, number: submitted.number, network: network?.name ?? "" })}</Paragraph>
            <Paragraph>
              <Link className="utrecht-link" to={`/bibliotheek/${submitted.templateId}`}>
                {t("publish.viewSubmission")}
              </Link>
            </Paragraph>
          </>
        ) : null}
      </StatusMessage>

      {!canPublish ? (
        <Paragraph className="rt-notice">{t("publish.editorsOnly")}</Paragraph>
      ) : networks.length === 0 ? (
        <div className="rt-card rt-empty">
          <Paragraph>{t("publish.noNetwork")}</Paragraph>
        </div>
      ) : (
        <>
          <ChoiceForm networks={networks} sources={sources} choice={choice} errors={choiceErrors ?? {}} />
          {submitted ? (
            <Paragraph>
              <Link className="utrecht-link" to={`/w/${overview.slug}/publiceren`}>
                {t("publish.another")}
              </Link>
            </Paragraph>
          ) : previewError ? (
            <ErrorAlert>{previewError.message}</ErrorAlert>
          ) : (
            preview &&
            choice.kind && (
              <PreviewAndDetails
                key={`${choice.kind}-${choice.sourceId}-${choice.networkId}`}
                kind={choice.kind}
                preview={preview}
                sourceId={choice.sourceId}
                networkId={choice.networkId}
                networkName={network?.name ?? ""}
                defaultTitle={("sourceTitle" in choice && choice.sourceTitle) || t(`template.kind.${choice.kind}`)}
                candidates={candidates}
              />
            )
          )}
        </>
      )}
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const SOURCE_GROUPS: SourceType[] = ["document", "assessment", "tender"];

/** Step 1 (a GET form, so the preview is a page of its own): kind, source and network. */
function ChoiceForm({ networks, sources, choice, errors }: { networks: LoaderData["networks"]; sources: LoaderData["sources"]; choice: LoaderData["choice"]; errors: Record<string, string[]> }) {
  const t = useT();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  // The sources follow the chosen kind (with JavaScript at once; without it every source is listed by sort).
  const [kind, setKind] = useState<TemplateKind | null>(choice.kind);
  const sourceType = kind ? sourceTypeOf(kind) : undefined;
  const groups = sourceType === undefined ? SOURCE_GROUPS : sourceType ? [sourceType] : [];
  const busy = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "GET";
  useFocusFirstInvalid(formRef, Object.keys(errors).length ? errors : null);
  const sourceInvalid = Boolean(errors[PARAMS.source]?.length);
  const empty = groups.length === 1 && sources[groups[0]!].length === 0;
  return (
    <section className="rt-card rt-stack" aria-labelledby="publish-step1">
      <Heading level={2} appearance="utrecht-heading-3" id="publish-step1">
        {t("publish.step1")}
      </Heading>
      <Form
        method="get"
        className="rt-stack"
        noValidate
        ref={formRef}
        aria-labelledby="publish-step1"
        onChange={(event) => {
          const target = event.target as HTMLSelectElement;
          if (target.name === PARAMS.kind) setKind(isTemplateKind(target.value) ? target.value : null);
        }}
      >
        <div className="rt-form-row">
          <SelectField
            name={PARAMS.kind}
            label={t("publish.kind")}
            defaultValue={choice.kind ?? ""}
            options={[{ value: "", label: t("publish.chooseKind") }, ...TEMPLATE_KINDS.map((k) => ({ value: k, label: t(`template.kind.${k}`) }))]}
          />
          {groups.length > 0 && (
            <FormField type="select" invalid={sourceInvalid}>
              <div className="utrecht-form-field__label">
                <FormLabel htmlFor={PARAMS.source}>{t("publish.source")}</FormLabel>
              </div>
              <FieldError id={`${PARAMS.source}-error`} messages={errors[PARAMS.source]} />
              <div className="utrecht-form-field__input">
                <Select
                  id={PARAMS.source}
                  name={PARAMS.source}
                  defaultValue={choice.sourceId}
                  key={sourceType ?? "all"}
                  invalid={sourceInvalid}
                  aria-describedby={sourceInvalid ? `${PARAMS.source}-error` : undefined}
                >
                  <SelectOption value="">{t("publish.chooseSource")}</SelectOption>
                  {groups.map((group) => (
                    <optgroup key={group} label={t(`publish.sources.${group}`)}>
                      {sources[group].map((s) => (
                        <SelectOption key={s.id} value={s.id}>
                          {s.title}
                        </SelectOption>
                      ))}
                    </optgroup>
                  ))}
                </Select>
              </div>
            </FormField>
          )}
          {networks.length > 1 ? (
            <SelectField
              name={PARAMS.network}
              label={t("publish.network")}
              defaultValue={choice.networkId}
              errors={errors[PARAMS.network]}
              options={[{ value: "", label: t("publish.chooseNetworkOption") }, ...networks.map((n) => ({ value: n.id, label: n.name }))]}
            />
          ) : (
            <input type="hidden" name={PARAMS.network} value={networks[0]!.id} />
          )}
        </div>
        {networks.length === 1 && <Paragraph className="rt-muted rt-small">{t("publish.oneNetwork", { name: networks[0]!.name })}</Paragraph>}
        {sourceType === null && <Paragraph className="rt-muted rt-small">{t("publish.noSourceNeeded")}</Paragraph>}
        {empty && <Paragraph className="rt-muted rt-small">{t(`publish.noSources.${groups[0]}`)}</Paragraph>}
        <div>
          <Button type="submit" appearance="secondary-action-button" busy={busy}>
            {t("publish.showPreview")}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** Step 2: the structure exactly as it would be published (its hash goes along), then title, description and tags. */
function PreviewAndDetails(props: {
  kind: TemplateKind;
  preview: NonNullable<LoaderData["preview"]>;
  sourceId: string;
  networkId: string;
  networkName: string;
  defaultTitle: string;
  candidates: LoaderData["candidates"];
}) {
  const { kind, preview, sourceId, networkId, networkName, defaultTitle, candidates } = props;
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const failed = result && !result.ok ? result : null;
  const start = { title: defaultTitle, description: "", tags: formatTags([]), templateId: "" };
  // A changed preview is said above the preview, not on the form.
  const [form, fields] = useRecordForm("publish", failed && !failed.changed ? failed.reply : undefined, start);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "publish";
  const values = keptValues(failed?.reply.initialValue, start);
  return (
    <section className="rt-card rt-card--accent rt-stack" aria-labelledby="publish-step2">
      <div>
        <Heading level={2} appearance="utrecht-heading-3" id="publish-step2">
          {t("publish.step2")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">{t("publish.previewIntro", { network: networkName })}</Paragraph>
      </div>
      {failed?.changed && (
        <ErrorAlert>
          <Paragraph>{failed.error.message}</Paragraph>
          <Paragraph>{t("publish.changedAgain")}</Paragraph>
        </ErrorAlert>
      )}
      <div className="rt-template-preview" data-testid="publish-preview">
        <p className="rt-eyebrow">{t(`template.kind.${kind}`)}</p>
        <TemplateContent kind={kind} content={preview.content} label={values.title || defaultTitle} />
      </div>
      <ErrorAlert>{formMessage(form, { kind, sourceId, networkId, previewHash: preview.hash })}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate aria-labelledby="publish-step2">
        <input type="hidden" name="intent" value="publish" />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="sourceId" value={sourceId} />
        <input type="hidden" name="networkId" value={networkId} />
        <input type="hidden" name="previewHash" value={preview.hash} />
        <TextField {...conformField(fields.title)} label={t("publish.field.title")} defaultValue={values.title} required maxLength={200} />
        <TextAreaField {...conformField(fields.description)} label={t("publish.field.description")} defaultValue={values.description} maxLength={2000} rows={3} />
        <TextField {...conformField(fields.tags)} label={t("publish.field.tags")} description={t("publish.field.tagsHint")} defaultValue={values.tags} maxLength={500} />
        {candidates.length > 0 && (
          <SelectField
            {...conformField(fields.templateId)}
            label={t("publish.field.newVersionOf")}
            description={t("publish.field.newVersionOfHint")}
            defaultValue={values.templateId}
            options={[{ value: "", label: t("publish.field.newTemplate") }, ...candidates.map((c) => ({ value: c.id, label: t("library.versionTitle", { title: c.title, number: c.version }) }))]}
          />
        )}
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {t(failed?.changed ? "publish.submitAgain" : "publish.submit")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
