import { useState } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Heading, Paragraph, UnorderedList, UnorderedListItem } from "@utrecht/component-library-react";
import { describeError } from "@regiotafel/domain";
import { load, requireUser } from "~/lib/api.server";
import { useT } from "~/i18n/use-t";
import { ErrorAlert } from "~/components/Feedback";
import { countZipEntries, formatSize } from "~/lib/archive";
import { pageTitle } from "~/lib/meta";
import type { WorkspaceHandle } from "~/lib/workspace";

// The whole-workspace export (exit rights; ADR 0025). Without JavaScript the download is a plain
// link; with it the page fetches the same link and shows how many of the ZIP's files and bytes
// have arrived, then saves the file.

export const handle: WorkspaceHandle = { crumb: "archive.export.title" };
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.workspaceExport") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const workspace = params.workspace ?? "";
  try {
    return { plan: await load(context, request, () => context.api.archive.plan({ workspace })) };
  } catch (error) {
    // A member below admin: refused, and told so by the error page.
    if (!(error instanceof Response) && describeError(error, context.locale).code === "FORBIDDEN") throw new Response("Verboden", { status: 403 });
    throw error;
  }
}

type Progress = { state: "idle" } | { state: "running"; files: number; bytes: number } | { state: "done"; bytes: number; file: string } | { state: "failed" };

export default function WorkspaceExport() {
  const { plan } = useLoaderData<typeof loader>();
  const t = useT();
  const [progress, setProgress] = useState<Progress>({ state: "idle" });
  const href = `/w/${plan.workspace.slug}/werkruimte-export.zip`;
  const records = Object.entries(plan.counts)
    .filter(([key]) => !["members", "history", "documents", "versions"].includes(key))
    .reduce((sum, [, n]) => sum + n, 0);

  async function download() {
    setProgress({ state: "running", files: 0, bytes: 0 });
    try {
      const response = await fetch(href, { credentials: "same-origin" });
      if (!response.ok || !response.body) throw new Error(String(response.status));
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      const counter = countZipEntries();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        setProgress({ state: "running", files: Math.min(counter(value), plan.files), bytes });
      }
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "application/zip" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = plan.fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setProgress({ state: "done", bytes, file: plan.fileName });
    } catch {
      setProgress({ state: "failed" });
    }
  }

  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <Heading level={1}>{t("archive.export.title")}</Heading>
        <Paragraph className="rt-muted">{t("archive.export.intro", { name: plan.workspace.name })}</Paragraph>
      </header>
      <section className="rt-card rt-stack" aria-labelledby="contents-heading">
        <Heading level={2} id="contents-heading">
          {t("archive.export.contents")}
        </Heading>
        <UnorderedList>
          <UnorderedListItem>{t("archive.export.workspace")}</UnorderedListItem>
          <UnorderedListItem>{t("archive.export.records", { count: records })}</UnorderedListItem>
          <UnorderedListItem>{t("archive.export.documents", { count: plan.documents })}</UnorderedListItem>
          <UnorderedListItem>{t("archive.export.versions", { count: plan.versions })}</UnorderedListItem>
          <UnorderedListItem>{t("archive.export.history", { count: plan.counts.history ?? 0 })}</UnorderedListItem>
          <UnorderedListItem>{t("archive.export.members", { count: plan.counts.members ?? 0 })}</UnorderedListItem>
        </UnorderedList>
        <Paragraph className="rt-muted">
          {t("archive.export.files", { count: plan.files })}. {t("archive.export.audit")}
        </Paragraph>
        <div>
          {/* Without JavaScript the link downloads; with it the click shows progress. */}
          <a
            className="utrecht-button utrecht-button--primary-action"
            href={href}
            download={plan.fileName}
            aria-disabled={progress.state === "running" || undefined}
            onClick={(event) => {
              event.preventDefault();
              if (progress.state !== "running") void download();
            }}
          >
            {t("archive.export.download")}
          </a>
        </div>
        <div aria-live="polite" className="rt-stack">
          {progress.state === "running" && (
            <>
              <label htmlFor="export-progress">{t("archive.export.progress")}</label>
              <progress id="export-progress" max={plan.files} value={progress.files} />
              <Paragraph>{t("archive.export.received", { files: progress.files, total: plan.files, size: formatSize(progress.bytes) })}</Paragraph>
            </>
          )}
          {progress.state === "done" && <Paragraph>{t("archive.export.done", { size: formatSize(progress.bytes), file: progress.file })}</Paragraph>}
          {progress.state === "failed" && (
            <>
              <ErrorAlert>{t("archive.export.failed")}</ErrorAlert>
              <Paragraph>
                <a href={href} download>
                  {t("archive.export.plainLink")}
                </a>
              </Paragraph>
            </>
          )}
        </div>
      </section>
    </div>
  );
}
