import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { documentOperations as ops, hasRole, idSchema } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { LiveEditor } from "~/components/editor/LiveEditor";
import { VersionPreview } from "~/components/editor/VersionPreview";
import { load, requireUser } from "~/lib/api.server";
import { formatDateTime } from "~/lib/format";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { keptValues } from "~/lib/edit-merge";
import { readIntentOf } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { useHydrated } from "~/lib/use-hydrated";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";
import { NoticeMessage } from "~/components/NoticeMessage";
import { DocumentDiscussion } from "~/components/together/DocumentDiscussion";

export const handle: WorkspaceHandle<{ document: { title: string } }> = { crumb: "ws.nav.documents", title: (data) => data?.document.title };
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: workspacePageTitle(matches, "title.document", data?.document.title) }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const documentId = idSchema.safeParse(params.documentId);
  if (!documentId.success) throw new Response("Niet gevonden", { status: 404 });
  const ref = { workspace: params.workspace ?? "", documentId: documentId.data };
  const versionId = new URL(request.url).searchParams.get("versie");
  const [document, versions, account, version, status] = await Promise.all([
    load(context, request, () => context.api.document.get(ref)),
    load(context, request, () => context.api.document.versions(ref)),
    load(context, request, () => context.api.account.get()),
    versionId && idSchema.safeParse(versionId).success ? load(context, request, () => context.api.document.version({ ...ref, versionId })) : Promise.resolve(null),
    // Also loads the document into the co-editing server, so the editor finds it open.
    load(context, request, () => context.api.document.loadStatus(ref)),
  ]);
  return { document, versions, version, status, user: { id: user.id, name: account.name, organisation: account.organisation.name } };
}

/** What every form of the page is read with: the workspace and the document of the URL, whatever was posted. */
type Fixed = { workspace: string; documentId: string };

/** The page's forms by their `intent`: the operation's contract reads the form, the procedure runs it. */
const INTENTS = {
  rename: (context: AppLoadContext, form: FormData, fixed: Fixed) => submitForm(context, ops.renameDocument, form, fixed, (input) => context.api.document.rename(input)),
  archive: (context: AppLoadContext, form: FormData, fixed: Fixed) =>
    submitForm(context, ops.setDocumentArchived, form, { ...fixed, archived: true }, (input) => context.api.document.setArchived(input)),
  unarchive: (context: AppLoadContext, form: FormData, fixed: Fixed) =>
    submitForm(context, ops.setDocumentArchived, form, { ...fixed, archived: false }, (input) => context.api.document.setArchived(input)),
  saveVersion: (context: AppLoadContext, form: FormData, fixed: Fixed) => submitForm(context, ops.saveVersion, form, fixed, (input) => context.api.document.saveVersion(input)),
  restoreVersion: (context: AppLoadContext, form: FormData, fixed: Fixed) =>
    submitForm(context, ops.restoreVersion, form, fixed, (input) => context.api.document.restoreVersion(input)),
  recover: (context: AppLoadContext, form: FormData, fixed: Fixed) => submitForm(context, ops.recoverDocument, form, fixed, (input) => context.api.document.recover(input)),
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { form, intent } = await readIntentOf(request, INTENTS);
  const result = await INTENTS[intent](context, form, { workspace: params.workspace ?? "", documentId: params.documentId ?? "" });
  // `reply` shows a refusal on the form that posted, with what was typed (Conform's lastResult).
  if (!result.ok) return data({ intent, ok: false as const, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  return { intent, ok: true as const };
}

const NEW_VERSION = { name: "" };

export default function DocumentPage() {
  const { document: doc, versions, version, status, user } = useLoaderData<typeof loader>();
  const canRecover = hasRole(ops.recoverDocument, useWorkspace().me);
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const hydrated = useHydrated();
  const t = useT();
  const locale = useLocale();
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const failed = result && !result.ok ? result : null;
  const renaming = { title: doc.title };
  const [renameForm, renameFields] = useRecordForm("rename", failed?.intent === "rename" ? failed.reply : undefined, renaming);
  const [versionForm, versionFields] = useRecordForm("save-version", failed?.intent === "saveVersion" ? failed.reply : undefined, NEW_VERSION);
  const confirmRestore = params.get("herstellen");
  const confirmArchive = params.get("archiveren") === "1";
  const confirmRecover = params.get("document-herstellen") === "1";
  const damaged = !status.loads;
  const done = result?.ok ? t(`document.done.${result.intent}`) : null;

  return (
    <div className="rt-stack">
      <div className="rt-section-header">
        <Heading level={1}>{doc.title}</Heading>
        <span className="rt-badge rt-badge--quiet">{t(`documents.kind.${doc.kind}`)}</span>
      </div>
      <NoticeMessage messages={{ aangemaakt: t("notice.document.created", { title: doc.title }), "uit-sjabloon": t("notice.fromTemplate", { title: doc.title }) }} />
      <StatusMessage>{done}</StatusMessage>
      <ErrorAlert>{failed && failed.intent !== "rename" && failed.intent !== "saveVersion" ? failed.error.message : null}</ErrorAlert>
      {doc.archived && <Paragraph className="rt-notice">{t("document.archivedNotice")}</Paragraph>}
      {!doc.archived && !doc.canEdit && <Paragraph className="rt-notice">{t("document.readOnlyNotice")}</Paragraph>}

      {damaged ? (
        <DamagedDocument recoverFrom={status.recoverFrom} canRecover={canRecover} confirm={confirmRecover} busy={busy("recover")} />
      ) : hydrated ? (
        <DocumentDiscussion documentId={doc.id}>
          {(comments) => <LiveEditor key={`${doc.id}-${doc.canEdit}`} documentId={doc.id} canEdit={doc.canEdit} user={user} {...comments} />}
        </DocumentDiscussion>
      ) : (
        <div className="rt-editor rt-editor--loading" aria-busy="true">
          <Paragraph className="rt-muted">{t("editor.loading")}</Paragraph>
          <noscript>
            <Paragraph>{t("editor.noscript")}</Paragraph>
          </noscript>
        </div>
      )}

      <div className="rt-columns">
        {doc.canEdit && (
          <section className="rt-card rt-stack" aria-labelledby="rename-heading">
            <Heading level={2} appearance="utrecht-heading-3" id="rename-heading">
              {t("document.rename")}
            </Heading>
            <ErrorAlert>{formMessage(renameForm, { version: doc.version })}</ErrorAlert>
            <Form id={renameForm.id} method="post" className="rt-stack" noValidate key={doc.version}>
              <input type="hidden" name="intent" value="rename" />
              <input type="hidden" name="version" value={doc.version} />
              <TextField {...conformField(renameFields.title)} label={t("documents.name")} defaultValue={keptValues(renameForm.initialValue, renaming).title} required maxLength={160} />
              <Button type="submit" appearance="secondary-action-button" busy={busy("rename")}>
                {t("document.rename")}
              </Button>
            </Form>
          </section>
        )}
        {(doc.canEdit || doc.archived) && (
          <section className="rt-card rt-stack" aria-labelledby="archive-heading">
            <Heading level={2} appearance="utrecht-heading-3" id="archive-heading">
              {t(doc.archived ? "document.unarchive" : "document.archive")}
            </Heading>
            <Paragraph>{t(doc.archived ? "document.unarchiveIntro" : "document.archiveIntro")}</Paragraph>
            {doc.archived ? (
              <Form method="post">
                <input type="hidden" name="intent" value="unarchive" />
                <Button type="submit" appearance="secondary-action-button" busy={busy("unarchive")}>
                  {t("document.unarchive")}
                </Button>
              </Form>
            ) : confirmArchive ? (
              <Form method="post" className="rt-actions" action="?">
                <input type="hidden" name="intent" value="archive" />
                <Button type="submit" appearance="primary-action-button" hint="danger" autoFocus busy={busy("archive")}>
                  {t("document.archiveYes")}
                </Button>
                <Link className="utrecht-link" to="?">
                  {t("common.cancel")}
                </Link>
              </Form>
            ) : (
              <Link className="utrecht-button-link utrecht-button-link--secondary-action" to="?archiveren=1">
                {t("document.archive")}
              </Link>
            )}
          </section>
        )}
      </div>

      <section className="rt-card rt-stack" aria-labelledby="versions-heading">
        <Heading level={2} appearance="utrecht-heading-3" id="versions-heading">
          {t("versions.title")}
        </Heading>
        <ErrorAlert>{formMessage(versionForm)}</ErrorAlert>
        {doc.canEdit && !damaged && (
          <Form id={versionForm.id} method="post" className="rt-inline-form rt-inline-form--end" noValidate>
            <input type="hidden" name="intent" value="saveVersion" />
            <TextField {...conformField(versionFields.name)} label={t("versions.name")} defaultValue={keptValues(versionForm.initialValue, NEW_VERSION).name} maxLength={120} />
            <Button type="submit" appearance="secondary-action-button" busy={busy("saveVersion")}>
              {t("versions.save")}
            </Button>
          </Form>
        )}
        {versions.length === 0 ? (
          <Paragraph className="rt-muted">{t("versions.empty")}</Paragraph>
        ) : (
          <ul className="rt-plain-list rt-version-list">
            {versions.map((v) => (
              <li key={v.id} className={v.id === version?.id ? "rt-version rt-version--open" : "rt-version"}>
                <div>
                  <strong>{v.name}</strong>
                  <span className="rt-muted">
                    {" · "}
                    {formatDateTime(v.createdAt, locale)}
                    {v.createdBy ? ` · ${v.createdBy}` : ` · ${t("versions.automatic")}`}
                  </span>
                </div>
                <div className="rt-actions">
                  <Link className="utrecht-link" to={`?versie=${v.id}`}>
                    {t("versions.view")}
                  </Link>
                  {doc.canEdit &&
                    !damaged &&
                    (confirmRestore === v.id ? (
                      <Form method="post" className="rt-actions" action="?">
                        <input type="hidden" name="intent" value="restoreVersion" />
                        <input type="hidden" name="versionId" value={v.id} />
                        <span>{t("versions.restoreConfirm", { name: v.name })}</span>
                        <Button type="submit" appearance="primary-action-button" autoFocus busy={busy("restoreVersion")}>
                          {t("versions.restoreYes")}
                        </Button>
                        <Link className="utrecht-link" to="?">
                          {t("common.cancel")}
                        </Link>
                      </Form>
                    ) : (
                      <Link className="utrecht-link" to={`?herstellen=${v.id}`}>
                        {t("versions.restore")}
                      </Link>
                    ))}
                </div>
              </li>
            ))}
          </ul>
        )}
        {version && (
          <section className="rt-version-preview rt-stack" aria-labelledby="version-preview-heading">
            <div className="rt-section-header">
              <Heading level={3} appearance="utrecht-heading-4" id="version-preview-heading">
                {t("versions.previewTitle", { name: version.name })}
              </Heading>
              <Link className="utrecht-link" to="?">
                {t("versions.close")}
              </Link>
            </div>
            {hydrated ? <VersionPreview state={version.state} /> : <pre className="rt-version-text">{version.text}</pre>}
          </section>
        )}
      </section>
    </div>
  );
}

/**
 * In place of the editor when the stored document no longer loads: what happened, and for a
 * workspace admin the way back — recovery from the newest version that loads, after a confirmation.
 */
function DamagedDocument({
  recoverFrom,
  canRecover,
  confirm,
  busy,
}: {
  recoverFrom: { name: string; createdAt: Date | string } | null;
  canRecover: boolean;
  confirm: boolean;
  busy: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const version = recoverFrom && { name: recoverFrom.name, date: formatDateTime(recoverFrom.createdAt, locale) };
  return (
    <section className="utrecht-alert utrecht-alert--error rt-stack" role="alert" aria-labelledby="damaged-heading">
      <Heading level={2} appearance="utrecht-heading-3" id="damaged-heading">
        {t("document.damaged.title")}
      </Heading>
      <Paragraph>{t("document.damaged.body")}</Paragraph>
      {!canRecover ? (
        <Paragraph>{t("document.damaged.askAdmin")}</Paragraph>
      ) : !version ? (
        <Paragraph>{t("document.damaged.noVersion")}</Paragraph>
      ) : confirm ? (
        <Form method="post" className="rt-stack" action="?">
          <input type="hidden" name="intent" value="recover" />
          <Paragraph>{t("document.damaged.confirm", version)}</Paragraph>
          <div className="rt-actions">
            <Button type="submit" appearance="primary-action-button" hint="danger" autoFocus busy={busy}>
              {t("document.damaged.recoverYes")}
            </Button>
            <Link className="utrecht-link" to="?">
              {t("common.cancel")}
            </Link>
          </div>
        </Form>
      ) : (
        <p>
          <Link className="utrecht-button-link utrecht-button-link--primary-action" to="?document-herstellen=1">
            {t("document.damaged.recover", version)}
          </Link>
        </p>
      )}
    </section>
  );
}
