import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { idSchema, tenderOperations as ops } from "@regiotafel/domain";
import { LivePresence } from "~/components/records/LivePresence";
import { Discussion, DiscussionDisclosure } from "~/components/together/Discussion";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { EditTender } from "~/components/tenders/EditTender";
import { LotsSection } from "~/components/tenders/LotsSection";
import { MilestonesSection } from "~/components/tenders/MilestonesSection";
import { TenderDoneMessage } from "~/components/tenders/TenderDoneMessage";
import { TenderFacts } from "~/components/tenders/TenderFacts";
import { TenderStatusSection } from "~/components/tenders/TenderStatusSection";
import { StatusBadge } from "~/components/tenders/vocabulary";
import type { z } from "zod";
import { load, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { readIntentOf, refused } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { milestoneValues, todayIso, type MilestoneFormValues } from "~/lib/tenders";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";
import { NoticeMessage } from "~/components/NoticeMessage";

// The tender page: facts, lifecycle, edit, lots with per-lot opt-in, milestones; live. Its parts
// are in ~/components/tenders (what they share: tender-page.ts).

export const handle: WorkspaceHandle<{ tender: { title: string } }> = { crumb: "ws.nav.tenders", title: (data) => data?.tender.title };
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: workspacePageTitle(matches, "title.tender", data?.tender.title) }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  // A malformed id, a missing tender and another workspace's tender all look the same: 404.
  const tenderId = idSchema.safeParse(params.tenderId);
  if (!tenderId.success) throw new Response("Niet gevonden", { status: 404 });
  const workspace = params.workspace ?? "";
  const [tender, lotThreads] = await Promise.all([
    load(context, request, () => context.api.tender.get({ workspace, tenderId: tenderId.data })),
    load(context, request, () => context.api.comment.counts({ workspace, subjectType: "lot" })),
  ]);
  return { tender, lotThreads, today: todayIso() };
}

/**
 * After every post, also a refused one, the page reloads its data: after a stale save the form
 * keeps what the user typed and the page shows what the other person saved. Opening a step by a
 * link (query string) reloads it too.
 */
export const shouldRevalidate = revalidateAfterPost(false);

interface Outcome {
  /** The lot's or milestone's title (for the message), or the new status. */
  title?: string;
  status?: string;
  /** How many open lots followed the tender into its end state. */
  lotsFollowed?: number;
  participating?: boolean;
  /** What was removed, so that "Ongedaan maken" can bring it back: a lot by its id (the server keeps it whole), a milestone by its values. */
  removedLotId?: string;
  removedMilestone?: MilestoneFormValues;
}

/** What every form of the page is read with: the workspace and the tender of the URL, whatever was posted. */
type Fixed = { workspace: string; tenderId: string };

/**
 * One intent: the operation's contract (the form is read with its schema), the procedure it
 * calls with the typed input, and what its outcome reports to the page.
 */
function intent<S extends z.ZodType<object>, T extends object>(operation: { input: S }, call: (api: AppLoadContext["api"], input: z.output<S> & Fixed) => Promise<T>, report: (input: z.output<S>, result: T) => Outcome) {
  return (context: AppLoadContext, form: FormData, fixed: Fixed) => submitForm(context, operation, form, fixed, async (input) => report(input, await call(context.api, input)));
}

/** The page's forms, by their `intent`: adding one is one entry. A lot or milestone of another tender is not found. */
const INTENTS = {
  "tender.update": intent(ops.updateTender, (api, input) => api.tender.update(input), () => ({})),
  "tender.setStatus": intent(ops.setTenderStatus, (api, input) => api.tender.setStatus(input), (input, changed) => ({ status: input.status, lotsFollowed: changed.lotsFollowed })),
  "lot.add": intent(ops.addLot, (api, input) => api.lot.add(input), (input) => ({ title: input.title })),
  "lot.update": intent(ops.updateLot, (api, input) => api.lot.update(input), (input) => ({ title: input.title })),
  "lot.setStatus": intent(ops.setLotStatus, (api, input) => api.lot.setStatus(input), (_, changed) => ({ title: changed.title, status: changed.status })),
  "lot.remove": intent(ops.removeLot, (api, input) => api.lot.remove(input), (_, removed) => ({ title: removed.title, removedLotId: removed.id })),
  "lot.restore": intent(ops.restoreLot, (api, input) => api.lot.restore(input), (_, restored) => ({ title: restored.title })),
  "lot.participate": intent(ops.setLotParticipation, (api, input) => api.lot.setParticipation(input), (_, changed) => ({ title: changed.title, participating: changed.participating })),
  "milestone.add": intent(ops.addMilestone, (api, input) => api.milestone.add(input), (input) => ({ title: input.title })),
  "milestone.update": intent(ops.updateMilestone, (api, input) => api.milestone.update(input), (input) => ({ title: input.title })),
  "milestone.remove": intent(ops.removeMilestone, (api, input) => api.milestone.remove(input), (_, { removed }) => ({ title: removed.title, removedMilestone: milestoneValues(removed) })),
  // Undo of a removal: the removed milestone's values, added again.
  "milestone.restore": intent(ops.addMilestone, (api, input) => api.milestone.add(input), (input) => ({ title: input.title })),
};

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const tenderId = idSchema.safeParse(params.tenderId);
  if (!tenderId.success) throw new Response("Niet gevonden", { status: 404 });
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  const lotId = formText(form, "lotId");
  const milestoneId = formText(form, "milestoneId");
  const result = await INTENTS[intent](context, form, { workspace: params.workspace ?? "", tenderId: tenderId.data });
  // `reply` puts the refusal on the form that posted, with what was typed (Conform's lastResult).
  // A stale version: not every CONFLICT (a status change that is not allowed is one too).
  if (!result.ok) return refused({ intent, lotId, milestoneId, at, stale: result.error.messageKey === "conflict.stale", reply: result.reply }, result.error);
  return { ok: true as const, intent, lotId, milestoneId, at, ...result.data };
}

export default function TenderPage() {
  const { tender, lotThreads, today } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const live = useLiveRecords(
    overview.slug,
    `tender:${tender.id}`,
    (change) =>
      (change.entityId === tender.id || change.parentId === tender.id || (change.entityType === "comment" && tender.lots.some((lot) => lot.id === change.parentId))) &&
      change.actorId !== overview.me.userId,
  );
  const ownerRegion = overview.regions.find((r) => r.id === tender.ownerRegionId)?.name ?? null;

  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <div className="rt-heading-badge">
              <Heading level={1}>{tender.title}</Heading>
              <StatusBadge status={tender.status} t={t} />
            </div>
            <LivePresence live={live} />
          </div>
          {tender.description && <Paragraph className="rt-lead">{tender.description}</Paragraph>}
          {tender.closed ? (
            <Paragraph className="rt-notice">{t("tender.closedNotice", { status: t(`code.${tender.status}`) })}</Paragraph>
          ) : (
            !tender.canEdit && <Paragraph className="rt-muted">{t(tender.ownMunicipalityId ? "tender.readOnlyOwn" : "tender.readOnly")}</Paragraph>
          )}
        </div>

        <NoticeMessage messages={{ aangemaakt: t("notice.tender.created", { title: tender.title }), "uit-sjabloon": t("notice.fromTemplate", { title: tender.title }) }} />
        <TenderDoneMessage tender={tender} />

        <section className="rt-card rt-stack" aria-labelledby="facts-heading">
          <Heading level={2} appearance="utrecht-heading-3" id="facts-heading">
            {t("tender.facts")}
          </Heading>
          <TenderFacts tender={{ ...tender, ownerRegion }} t={t} locale={locale} />
        </section>

        <TenderStatusSection tender={tender} />
        {tender.canEdit && <EditTender tender={tender} />}
        <LotsSection tender={tender} />
        <MilestonesSection tender={tender} today={today} />
        <div className="rt-card">
          <Discussion workspace={overview.slug} subjectType="tender" subjectId={tender.id} />
        </div>
        {tender.lots.length > 0 && (
          <section className="rt-card rt-stack" aria-labelledby="lot-discussions">
            <Heading level={2} appearance="utrecht-heading-3" id="lot-discussions">
              {t("discussion.lots")}
            </Heading>
            {tender.lots.map((lot) => (
              <DiscussionDisclosure key={lot.id} workspace={overview.slug} subjectType="lot" subjectId={lot.id} title={lot.title} openThreads={lotThreads[lot.id] ?? 0} />
            ))}
          </section>
        )}
      </div>
    </OutcomeProvider>
  );
}
