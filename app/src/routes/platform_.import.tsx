// File name platform_.import: the page is /platform/import but not rendered inside platform.tsx (which has no outlet).
import { openAsBlob } from "node:fs";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  NodeOnDiskFile,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, FormField, FormFieldDescription, FormLabel, Heading, Paragraph } from "@utrecht/component-library-react";
import { archiveOperations, describeError, errorMessage, type ErrorDescription } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { FieldError } from "~/components/FieldError";
import { ErrorAlert } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load, requireUser } from "~/lib/api.server";
import { submitForm } from "~/lib/submission.server";
import type { FormReply } from "~/lib/forms";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// A platform administrator imports a workspace export as a new workspace (ADR 0025). The upload
// may be IMPORT_MAX_MB (the server hands this page's posts over as a stream, server/src/pages.ts);
// the file goes to a temporary file on disk, never whole into memory, and is removed afterwards.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.import") }];

/** Platform administrators only; anyone else signed in gets the 404 page. */
async function requirePlatformAdmin(context: LoaderFunctionArgs["context"], request: Request) {
  requireUser(context, request);
  try {
    await load(context, request, () => context.api.platform.overview({ failedMails: 0 }));
  } catch (error) {
    if (!(error instanceof Response) && describeError(error, context.locale).code === "FORBIDDEN") throw new Response("Niet gevonden", { status: 404 });
    throw error;
  }
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(context, request);
  return { maxMb: Math.floor((context.importMaxBytes ?? 200 * 1024 * 1024) / 1024 / 1024) };
}

const FIELDS = { archive: "", slug: "" };

export async function action({ context, request }: ActionFunctionArgs) {
  // Before anything of the upload is stored.
  await requirePlatformAdmin(context, request);
  const maxBytes = context.importMaxBytes ?? 200 * 1024 * 1024;
  const refused = (key: string, params: Record<string, number>) => {
    const error: ErrorDescription = { code: "BAD_REQUEST", httpStatus: 413, messageKey: key, message: errorMessage(context.locale, key, params) };
    return data({ error, done: null }, { status: 413 });
  };

  let upload: FormData;
  try {
    upload = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(
        unstable_createFileUploadHandler({ maxPartSize: maxBytes, filter: ({ name }) => name === "archive", avoidFileConflicts: true }),
        unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
      ),
    );
  } catch {
    // Past IMPORT_MAX_MB (the part, or the whole body the server counts), or not a form.
    return refused("archive.uploadTooLarge", { max: Math.floor(maxBytes / 1024 / 1024) });
  }
  const file = upload.get("archive");
  try {
    const form = new FormData();
    form.set("slug", String(upload.get("slug") ?? ""));
    if (file instanceof NodeOnDiskFile && file.size > 0) form.set("archive", await openAsBlob(file.getFilePath()), file.name);
    const result = await submitForm(context, archiveOperations.importArchive, form, {}, (input) => context.api.archive.import(input));
    if (!result.ok) return data({ error: result.error, reply: result.reply, done: null }, { status: result.error.httpStatus });
    return { done: result.data, error: null };
  } finally {
    if (file instanceof NodeOnDiskFile) await file.remove().catch(() => undefined);
  }
}

export default function PlatformImport() {
  const { maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useRecordForm("import", result && "reply" in result ? (result.reply as FormReply) : undefined, FIELDS);
  const done = result?.done;
  const archiveErrors = [...(fields.archive.errors ?? []), ...(result?.error && !("reply" in result) ? [result.error.message] : [])];
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <Heading level={1}>{t("archive.import.title")}</Heading>
        <Paragraph className="rt-muted">{t("archive.import.intro")}</Paragraph>
      </header>
      {done ? (
        <section className="rt-card rt-stack" role="status">
          <Paragraph>{t("archive.import.done", { name: done.name, slug: done.slug })}</Paragraph>
          {done.newAccounts > 0 && <Paragraph>{t("archive.import.newAccounts", { count: done.newAccounts })}</Paragraph>}
          {done.skippedTemplateUses > 0 && <Paragraph>{t("archive.import.skipped", { count: done.skippedTemplateUses })}</Paragraph>}
          <Paragraph>
            <Link to={`/w/${done.slug}`}>{t("archive.import.open")}</Link>
          </Paragraph>
        </section>
      ) : (
        <section className="rt-card rt-stack">
          <Paragraph>{t("archive.import.people")}</Paragraph>
          <ErrorAlert>{formMessage(form)}</ErrorAlert>
          <Form id={form.id} method="post" encType="multipart/form-data" className="rt-stack" noValidate>
            <FormField type="text" invalid={archiveErrors.length > 0}>
              <div className="utrecht-form-field__label">
                <FormLabel htmlFor="import-archive">{t("archive.import.file")}</FormLabel>
              </div>
              <FormFieldDescription id="import-archive-description">{t("archive.import.fileHint", { max: maxMb })}</FormFieldDescription>
              <FieldError id="import-archive-error" messages={archiveErrors} />
              <div className="utrecht-form-field__input">
                <input
                  id="import-archive"
                  name="archive"
                  type="file"
                  accept=".zip,application/zip"
                  required
                  aria-invalid={archiveErrors.length > 0 || undefined}
                  aria-describedby={archiveErrors.length > 0 ? "import-archive-description import-archive-error" : "import-archive-description"}
                />
              </div>
            </FormField>
            <TextField {...conformField(fields.slug)} label={t("archive.import.slug")} description={t("archive.import.slugHint")} maxLength={64} />
            <div>
              <Button type="submit" appearance="primary-action-button" busy={busy}>
                {busy ? t("archive.import.busy") : t("archive.import.submit")}
              </Button>
            </div>
          </Form>
        </section>
      )}
    </div>
  );
}
