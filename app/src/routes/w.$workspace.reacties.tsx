import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading } from "@utrecht/component-library-react";
import { COMMENT_SUBJECTS, commentOperations as ops, FOLLOW_SUBJECTS, idSchema, type CommentSubject } from "@regiotafel/domain";
import { z } from "zod";
import { Discussion } from "~/components/together/Discussion";
import { load, mutate, requireUser, safeRedirect } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";

// The discussions of one document or record (issue 21, ADR 0036). Pages load this route's data
// into their discussion panel (a fetcher) and post its forms here; without JavaScript it is a
// page of its own and a post comes back to the page it was made on (`terug`).

export const handle: WorkspaceHandle = { crumb: "discussion.title" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Reacties") }];

const subjectParam = z
  .string()
  .transform((value) => value.split(":"))
  .pipe(z.tuple([z.enum(COMMENT_SUBJECTS), idSchema]));

/** ?onderwerp=tender:<id> (the discussion), or ?zoek=<text> (the "@" search). */
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

/** Without JavaScript: the discussion as a page of its own, with a way back. */
export default function DiscussionPage() {
  const data = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
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
