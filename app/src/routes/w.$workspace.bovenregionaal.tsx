import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { recordOperations as rec } from "@regiotafel/domain";
import type { z } from "zod";
import { NewSegment, SegmentCard, SegmentFeedback } from "~/components/governance/Segments";
import { CsvLink } from "~/components/records/ExportLinks";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { load, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { postedValues } from "~/lib/governance";
import { useLiveRecords } from "~/lib/live";
import { readIntentOf, refused } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";

export const handle: WorkspaceHandle = { crumb: "segments.title" };

export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.segments") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const workspace = params.workspace ?? "";
  const [list, segmentThreads] = await Promise.all([
    load(context, request, () => context.api.segment.list({ workspace })),
    load(context, request, () => context.api.comment.counts({ workspace, subjectType: "segment" })),
  ]);
  // The tenders a segment can link to, for the forms (only those who may keep a segment see them).
  const editable = list.canCreate || list.segments.some((s) => s.canEdit);
  const board = editable ? await load(context, request, () => context.api.tender.board({ workspace })) : { tenders: [] };
  return { ...list, segmentThreads, tenders: board.tenders.map((t) => ({ id: t.id, title: t.title })) };
}

/** After every post the data reloads; opening the remove confirmation (query string) does not. */
export const shouldRevalidate = revalidateAfterPost();

/** What every form of the page is read with: the workspace of the URL, whatever was posted. */
type Fixed = { workspace: string };

/**
 * One intent: the operation's contract (the form is read with its schema), the procedure it
 * calls with the typed input, and what its outcome reports: the segment's name, and for a
 * removal what "Ongedaan maken" sends to create it again (what the remove form posted).
 */
function intent<S extends z.ZodType<object>>(operation: { input: S }, call: (api: Api, input: z.output<S> & Fixed) => Promise<unknown>, report: (input: z.output<S>, form: FormData) => { name: string; undo?: Record<string, string | string[]> }) {
  return (context: AppLoadContext, form: FormData, fixed: Fixed) =>
    submitForm(context, operation, form, fixed, async (input) => {
      await call(context.api.segment, input);
      return report(input, form);
    });
}
type Api = AppLoadContext["api"]["segment"];

const create = intent(rec.createSegment, (api, input) => api.create(input), (input) => ({ name: input.name }));

/** The page's forms, by their `intent`: adding one is one entry. */
const INTENTS = {
  create,
  update: intent(rec.updateSegment, (api, input) => api.update(input), (input) => ({ name: input.name })),
  remove: intent(rec.removeSegment, (api, input) => api.remove(input), (_, form) => ({ name: formText(form, "name"), undo: postedValues(form, rec.createSegment) })),
  // Undo of a removal: the removed segment's values, created again.
  undo: create,
};

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  // Which form posted (every segment has its own), so that each shows only its own outcome.
  const formKey = formText(form, "formKey");
  const result = await INTENTS[intent](context, form, { workspace: params.workspace ?? "" });
  // `reply` puts the refusal on the form that posted, with what was typed (Conform's lastResult).
  if (!result.ok) return refused({ intent, formKey, at, reply: result.reply }, result.error);
  return { ok: true as const, intent, formKey, at, ...result.data };
}

export default function SupraRegional() {
  const { segments, canCreate, tenders, segmentThreads } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const live = useLiveRecords(overview.slug, "segments", (change) => change.entityType === "segment" || change.entityType === "tender" || (change.entityType === "comment" && change.actorId !== overview.me.userId));
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <Heading level={1}>{t("segments.title")}</Heading>
            <CsvLink workspace={overview.slug} table="segmenten" />
          </div>
          <Paragraph className="rt-muted rt-tight">{t("segments.intro")}</Paragraph>
          {!canCreate && <Paragraph className="rt-muted rt-tight">{t("segments.readOnly")}</Paragraph>}
          <LivePresence live={live} />
        </div>
        <SegmentFeedback />
        {canCreate && <NewSegment tenders={tenders} open={segments.length === 0} />}
        {segments.length === 0 ? (
          <div className="rt-card rt-empty">
            <Paragraph>{t("segments.empty")}</Paragraph>
          </div>
        ) : (
          <ul className="rt-plain-list rt-stack" aria-label={t("segments.list")}>
            {segments.map((segment) => (
              <li key={segment.id}>
                <SegmentCard segment={segment} canEdit={segment.canEdit} tenders={tenders} openThreads={segmentThreads[segment.id] ?? 0} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </OutcomeProvider>
  );
}
