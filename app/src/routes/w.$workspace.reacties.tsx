import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading } from "@utrecht/component-library-react";
import { COMMENT_SUBJECTS, commentOperations as ops, FOLLOW_SUBJECTS, idSchema, type CommentSubject } from "@regiotafel/domain";
import { z } from "zod";
import { Discussion } from "~/components/together/Discussion";
import { load, mutate, requireUser, safeRedirect } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { workspacePageTitle } from "~/lib/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/format";

// The discussions of one document or record (issue 21, ADR 0036). Pages load this route's data
// into their discussion panel (a fetcher) and post its forms here; without JavaScript it is a
// page of its own and a post comes back to the page it was made on (`terug`).

export const handle: WorkspaceHandle<{ kind: string }> = { crumb: "discussion.title", title: (data, t) => (data?.kind === "open" ? t("discussion.openTitle") : null) };
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: workspacePageTitle(matches, data?.kind === "open" ? "discussion.openTitle" : "discussion.title") }];

const subjectParam = z
  .string()
  .transform((value) => value.split(":"))
  .pipe(z.tuple([z.enum(COMMENT_SUBJECTS), idSchema]));

/** ?onderwerp=tender:<id> (the discussion), ?zoek=<text> (the "@" search), or nothing: the workspace's open discussions. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const workspace = params.workspace ?? "";
  const url = new URL(request.url);
  const query = url.searchParams.get("zoek");
  if (query !== null) {
    const input = ops.searchMentions.input.safeParse({ query });
    if (!input.success) throw new Response("Ongeldige zoekvraag", { status: 400 });
    return { kind: "mentionables" as const, ...(await load(context, request, () => context.api.comment.mentionables({ workspace, ...input.data }))) };
  }
  if (!url.searchParams.has("onderwerp")) return { kind: "open" as const, threads: await load(context, request, () => context.api.comment.open({ workspace })) };
  const subject = subjectParam.safeParse(url.searchParams.get("onderwerp") ?? "");
  if (!subject.success) throw new Response("Niet gevonden", { status: 404 });
  const [subjectType, subjectId] = subject.data;
  const threads = await load(context, request, () => context.api.comment.threads({ workspace, subjectType, subjectId }));
  const following = isFollowable(subjectType) ? (await load(context, request, () => context.api.follow.status({ workspace, subjectType, subjectId }))).following : null;
  return { kind: "discussion" as const, subjectType, subjectId, threads, following, back: safeRedirect(url.searchParams.get("terug"), `/w/${workspace}`) };
}

const isFollowable = (type: CommentSubject): type is (typeof FOLLOW_SUBJECTS)[number] => (FOLLOW_SUBJECTS as readonly string[]).includes(type);

type Api = ActionFunctionArgs["context"]["api"];
/** A form's subject type as posted; the procedure checks it against the contract like every other field. */
const postedSubject = (form: FormData) => formText(form, "subjectType") as CommentSubject;

/** The discussion forms, by intent. The procedures parse every field with their contracts (and refuse in the user's language). */
const INTENTS: Record<string, (api: Api, workspace: string, form: FormData) => Promise<unknown>> = {
  start: (api, workspace, form) => {
    const anchor = formText(form, "anchorStart") ? { start: formText(form, "anchorStart"), end: formText(form, "anchorEnd"), quote: formText(form, "quote") } : undefined;
    return api.comment.start({ workspace, subjectType: postedSubject(form), subjectId: formText(form, "subjectId"), body: formText(form, "body"), anchor });
  },
  reply: (api, workspace, form) => api.comment.reply({ workspace, threadId: formText(form, "threadId"), body: formText(form, "body") }),
  edit: (api, workspace, form) => api.comment.edit({ workspace, commentId: formText(form, "commentId"), body: formText(form, "body") }),
  delete: (api, workspace, form) => api.comment.delete({ workspace, commentId: formText(form, "commentId") }),
  resolve: (api, workspace, form) => api.comment.resolve({ workspace, threadId: formText(form, "threadId") }),
  reopen: (api, workspace, form) => api.comment.reopen({ workspace, threadId: formText(form, "threadId") }),
  follow: (api, workspace, form) =>
    api.follow.set({ workspace, subjectType: postedSubject(form) as (typeof FOLLOW_SUBJECTS)[number], subjectId: formText(form, "subjectId"), following: formText(form, "following") === "true" }),
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  requireUser(context, request);
  const workspace = params.workspace ?? "";
  const form = await request.formData();
  const intent = formText(form, "intent");
  if (!Object.hasOwn(INTENTS, intent)) throw new Response("Onbekende actie", { status: 400 });
  const result = await mutate(context, () => INTENTS[intent]!(context.api, workspace, form));
  const url = new URL(request.url);
  // A post without JavaScript (no Remix data request) goes back to the page it came from.
  if (!url.searchParams.has("_data")) return redirect(safeRedirect(formText(form, "terug"), `/w/${workspace}`));
  return { ...result, intent, at: Date.now(), threadId: formText(form, "threadId"), commentId: formText(form, "commentId") };
}

/** The workspace's open discussions; or, without JavaScript, one record's discussion as a page of its own, with a way back. */
export default function DiscussionPage() {
  const data = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  if (data.kind === "open")
    return (
      <div className="rt-stack rt-stack--loose">
        <Heading level={1}>{t("discussion.openTitle")}</Heading>
        {data.threads.length === 0 ? (
          <div className="rt-card rt-empty">
            <p>{t("discussion.openEmpty")}</p>
          </div>
        ) : (
          <ul className="rt-plain-list rt-stack">
            {data.threads.map((thread) => (
              <li key={thread.id} className="rt-card rt-stack">
                <Link to={thread.path}>{t("home.needs.threads.link", { title: thread.title })}</Link>
                {thread.quote && <blockquote className="rt-discussion__quote">{thread.quote}</blockquote>}
                {thread.last && (
                  <p className="rt-muted rt-comment__body">
                    {thread.last.authorName ?? t("inbox.someone")} · {formatDateTime(thread.last.at, locale)}: “{thread.last.body}”
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  if (data.kind !== "discussion") return null;
  return (
    <div className="rt-stack rt-stack--loose">
      <Heading level={1}>{t("discussion.title")}</Heading>
      <p>
        <Link to={data.back}>{t("discussion.back")}</Link>
      </p>
      <Discussion workspace={overview.slug} subjectType={data.subjectType} subjectId={data.subjectId} initial={data} />
    </div>
  );
}
