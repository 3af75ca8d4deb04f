import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BreadcrumbNav, BreadcrumbNavLink, BreadcrumbNavSeparator, Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { ORGANISATION_FORMS, slugSchema, workspaceLifecycleOperations as ops } from "@regiotafel/domain";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { MunicipalityPicker } from "~/components/platform/MunicipalityPicker";
import { RemixLink } from "~/components/RemixLink";
import { ConfirmStep } from "~/components/records/RemoveControl";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load, requireUser } from "~/lib/api.server";
import { formText, type FormReply } from "~/lib/forms";
import { readIntentOf } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";
import { withNotice } from "~/lib/notice";

// A workspace's management (ADR 0022), /w/<slug>/beheer: its regions and municipalities, archive
// and reactivate, delete. For its admins and platform administrators (who need not be members:
// this page shows no content). Outside the workspace layout, which only members load.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.manage") }];

/** The query parameter that opens a confirmation (works without JavaScript). */
const CONFIRM = "bevestig";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const slug = slugSchema.safeParse(params.workspace);
  if (!slug.success) throw new Response("Niet gevonden", { status: 404 });
  return { settings: await load(context, request, () => context.api.workspaces.settings({ workspace: slug.data })) };
}

const INTENTS = {
  addRegion: (context: AppLoadContext, form: FormData, workspace: string) => submitForm(context, ops.addRegion, form, { workspace }, (input) => context.api.workspaces.addRegion(input)),
  removeRegion: (context: AppLoadContext, form: FormData, workspace: string) => submitForm(context, ops.removeRegion, form, { workspace }, (input) => context.api.workspaces.removeRegion(input)),
  addMunicipalities: (context: AppLoadContext, form: FormData, workspace: string) =>
    submitForm(context, ops.addMunicipalities, form, { workspace }, (input) => context.api.workspaces.addMunicipalities(input)),
  removeMunicipality: (context: AppLoadContext, form: FormData, workspace: string) =>
    submitForm(context, ops.removeMunicipality, form, { workspace }, (input) => context.api.workspaces.removeMunicipality(input)),
  setArchived: (context: AppLoadContext, form: FormData, workspace: string) => submitForm(context, ops.setArchived, form, { workspace }, (input) => context.api.workspaces.setArchived(input)),
  delete: (context: AppLoadContext, form: FormData, workspace: string) => submitForm(context, ops.deleteWorkspace, form, { workspace }, (input) => context.api.workspaces.delete(input)),
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  const result = await INTENTS[intent](context, form, params.workspace ?? "");
  const regionId = formText(form, "regionId");
  if (!result.ok) return data({ ok: false as const, intent, at, regionId, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  if (intent === "delete") throw redirect(withNotice("/platform/werkruimtes", "verwijderd"));
  // Back to the page without an open confirmation.
  if (intent === "removeRegion" || intent === "removeMunicipality" || intent === "setArchived") throw redirect(`/w/${params.workspace}/beheer?gedaan=${intent}`);
  return { ok: true as const, intent, at, regionId };
}

export default function ManageWorkspace() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const confirming = params.get(CONFIRM);
  const base = `/w/${settings.slug}/beheer`;
  const done = params.get("gedaan") ?? (result?.ok ? result.intent : null);
  const failed = result && !result.ok ? result : null;
  const replyFor = (intent: string, regionId = "") => (failed && failed.intent === intent && failed.regionId === regionId ? failed.reply : undefined);

  return (
    <div className="rt-stack rt-stack--loose">
      {/* The breadcrumb gives the context (ADR 0028): the workspace for its members, the platform's list for others. */}
      <BreadcrumbNav aria-label={t("common.breadcrumb")} className="rt-breadcrumb">
        <BreadcrumbNavLink href={settings.isMember ? "/" : "/platform"} index={0} Link={RemixLink}>
          {t(settings.isMember ? "nav.workspaces" : "platform.title")}
        </BreadcrumbNavLink>
        <BreadcrumbNavSeparator>›</BreadcrumbNavSeparator>
        <BreadcrumbNavLink href={settings.isMember ? `/w/${settings.slug}` : "/platform/werkruimtes"} index={1} Link={RemixLink}>
          {settings.isMember ? settings.name : t("wsadmin.title")}
        </BreadcrumbNavLink>
        <BreadcrumbNavSeparator>›</BreadcrumbNavSeparator>
        <BreadcrumbNavLink href={base} index={2} current Link={RemixLink}>
          {t("wsmanage.title", { name: settings.name })}
        </BreadcrumbNavLink>
      </BreadcrumbNav>
      <header className="rt-page-header">
        <Heading level={1}>{t("wsmanage.title", { name: settings.name })}</Heading>
        <Paragraph className="rt-muted">{t("wsmanage.intro", { slug: settings.slug, count: settings.memberCount })}</Paragraph>
      </header>
      {settings.archived && (
        <div className="rt-banner rt-banner--archived" role="note">
          {t("ws.archivedBanner")} {settings.archivedAt && t("wsmanage.archivedOn", { date: formatDateTime(settings.archivedAt, locale) })}
        </div>
      )}
      <StatusMessage focusKey={done ?? undefined}>{done ? t(`wsmanage.done.${done}`) : null}</StatusMessage>
      {failed && ["removeRegion", "removeMunicipality", "setArchived"].includes(failed.intent) && <ErrorAlert>{failed.error.message}</ErrorAlert>}

      <section className="rt-stack" aria-labelledby="regions-heading">
        <Heading level={2} id="regions-heading">
          {t("wsmanage.regions")}
        </Heading>
        {settings.regions.map((region) => (
          <section key={region.id} className="rt-card rt-stack" aria-labelledby={`region-${region.id}`}>
            <Heading level={3} id={`region-${region.id}`}>
              {region.name}
            </Heading>
            {region.organisationForm && <Paragraph className="rt-muted">{t(`code.${region.organisationForm}`)}</Paragraph>}
            <ul className="rt-stack">
              {region.municipalities.map((m) => (
                <li key={m.id}>
                  {m.name} {m.cbsCode && <span className="rt-muted">({m.cbsCode})</span>}{" "}
                  {!settings.archived &&
                    (confirming === `gemeente-${m.id}` ? (
                      <ConfirmStep
                        questionId={`confirm-${m.id}`}
                        question={t("wsmanage.removeMunicipality.question", { name: m.name, region: region.name })}
                        action={base}
                        fields={{ intent: "removeMunicipality", regionId: region.id, municipalityId: m.id }}
                        yesLabel={t("wsmanage.removeMunicipality.yes")}
                        busy={busy}
                        cancelTo={base}
                      />
                    ) : (
                      <Link to={`?${CONFIRM}=gemeente-${m.id}`} preventScrollReset className="utrecht-link">
                        {t("wsmanage.removeMunicipality", { name: m.name })}
                      </Link>
                    ))}
                </li>
              ))}
            </ul>
            {!settings.archived && <AddMunicipalities regionId={region.id} regionName={region.name} reply={replyFor("addMunicipalities", region.id)} />}
            {!settings.archived &&
              settings.regions.length > 1 &&
              (confirming === `regio-${region.id}` ? (
                <ConfirmStep
                  questionId={`confirm-region-${region.id}`}
                  question={t("wsmanage.removeRegion.question", { name: region.name })}
                  action={base}
                  fields={{ intent: "removeRegion", regionId: region.id }}
                  yesLabel={t("wsmanage.removeRegion.yes")}
                  busy={busy}
                  cancelTo={base}
                />
              ) : (
                <p>
                  <Link to={`?${CONFIRM}=regio-${region.id}`} preventScrollReset className="utrecht-link">
                    {t("wsmanage.removeRegion", { name: region.name })}
                  </Link>
                </p>
              ))}
          </section>
        ))}
        {!settings.archived && <AddRegion reply={replyFor("addRegion")} />}
      </section>

      <section className="rt-stack rt-card" aria-labelledby="archive-heading">
        <Heading level={2} id="archive-heading">
          {t(settings.archived ? "wsmanage.reactivate" : "wsmanage.archive")}
        </Heading>
        <Paragraph>{t(settings.archived ? "wsmanage.reactivate.intro" : "wsmanage.archive.intro")}</Paragraph>
        {settings.archived ? (
          <Form method="post" action={base}>
            <input type="hidden" name="intent" value="setArchived" />
            <input type="hidden" name="archived" value="false" />
            <Button type="submit" appearance="primary-action-button">
              {t("wsmanage.reactivate")}
            </Button>
          </Form>
        ) : confirming === "archiveren" ? (
          <ConfirmStep
            questionId="confirm-archive"
            question={t("wsmanage.archive.question", { name: settings.name })}
            action={base}
            fields={{ intent: "setArchived", archived: "true" }}
            yesLabel={t("wsmanage.archive")}
            busy={busy}
            cancelTo={base}
          />
        ) : (
          <p>
            <Link to={`?${CONFIRM}=archiveren`} preventScrollReset className="utrecht-button-link utrecht-button-link--secondary-action">
              {t("wsmanage.archive")}
            </Link>
          </p>
        )}
      </section>

      <DeleteWorkspace name={settings.name} slug={settings.slug} reply={replyFor("delete")} />
    </div>
  );
}

function AddMunicipalities({ regionId, regionName, reply }: { regionId: string; regionName: string; reply?: FormReply }) {
  const t = useT();
  const [form, fields] = useRecordForm(`add-municipalities-${regionId}`, reply, { municipalities: "" });
  return (
    <Form id={form.id} method="post" className="rt-stack" noValidate>
      <input type="hidden" name="intent" value="addMunicipalities" />
      <input type="hidden" name="regionId" value={regionId} />
      <ErrorAlert>{formMessage(form, { regionId })}</ErrorAlert>
      <MunicipalityPicker id={fields.municipalities.id} name="municipalities" label={t("wsmanage.addMunicipalities", { name: regionName })} errors={fields.municipalities.errors} />
      <div>
        <Button type="submit" appearance="secondary-action-button">
          {t("wsmanage.addMunicipalities.submit")}
        </Button>
      </div>
    </Form>
  );
}

function AddRegion({ reply }: { reply?: FormReply }) {
  const t = useT();
  const [form, fields] = useRecordForm("add-region", reply, { name: "", organisationForm: "CONVENANT", municipalities: "" });
  return (
    <Form id={form.id} method="post" className="rt-stack rt-card" noValidate aria-labelledby="add-region-heading">
      <Heading level={3} id="add-region-heading">
        {t("wsmanage.addRegion")}
      </Heading>
      <input type="hidden" name="intent" value="addRegion" />
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      <TextField {...conformField(fields.name)} label={t("wsnew.region")} required />
      <SelectField {...conformField(fields.organisationForm)} label={t("wsnew.organisationForm")} defaultValue="CONVENANT" options={ORGANISATION_FORMS.map((f) => ({ value: f, label: t(`code.${f}`) }))} />
      <MunicipalityPicker id={fields.municipalities.id} name="municipalities" label={t("wsnew.municipalities")} errors={fields.municipalities.errors} />
      <div>
        <Button type="submit" appearance="primary-action-button">
          {t("wsmanage.addRegion")}
        </Button>
      </div>
    </Form>
  );
}

/** Delete: the export first, then the name typed exactly. */
function DeleteWorkspace({ name, slug, reply }: { name: string; slug: string; reply?: FormReply }) {
  const t = useT();
  const [form, fields] = useRecordForm("delete-workspace", reply, { confirmName: "" });
  return (
    <section className="rt-stack rt-card rt-card--danger" aria-labelledby="delete-heading">
      <Heading level={2} id="delete-heading">
        {t("wsmanage.delete")}
      </Heading>
      <Paragraph>{t("wsmanage.delete.intro")}</Paragraph>
      <Paragraph>
        <Link to={`/w/${slug}/werkruimte-export`} reloadDocument>
          {t("wsmanage.delete.export")}
        </Link>
      </Paragraph>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate>
        <input type="hidden" name="intent" value="delete" />
        <TextField {...conformField(fields.confirmName)} label={t("wsmanage.delete.confirmName", { name })} autoComplete="off" required />
        <div>
          <Button type="submit" appearance="primary-action-button" hint="danger">
            {t("wsmanage.delete.submit")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
