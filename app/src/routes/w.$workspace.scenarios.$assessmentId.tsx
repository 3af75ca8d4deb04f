import { Discussion } from "~/components/together/Discussion";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetchers, useLoaderData, useNavigation } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { assessmentOperations as ops, idSchema, type RecordChange } from "@regiotafel/domain";
import { LockedMessage, Manage } from "~/components/assessments/Manage";
import { Matrix } from "~/components/assessments/Matrix";
import { Results } from "~/components/assessments/Results";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { load, mutate, requireUser } from "~/lib/api.server";
import { participantCodes, progressPercent, scoreLookup, submittedScore, weightsForm } from "~/lib/assessments";
import { formatDateTime } from "~/lib/format";
import { formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { readIntentOf, refused } from "~/lib/record-actions.server";
import { parseSubmission, refusalReply, submitForm, type Submitted } from "~/lib/submission.server";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";
import { NoticeMessage } from "~/components/NoticeMessage";

export const handle: WorkspaceHandle<{ assessment: { title: string } }> = { crumb: "assessments.title", title: (data) => data?.assessment.title };
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: workspacePageTitle(matches, "title.assessments", data?.assessment.title) }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  // A malformed id, a missing assessment and another workspace's assessment all look the same: 404.
  const assessmentId = idSchema.safeParse(params.assessmentId);
  if (!assessmentId.success) throw new Response("Niet gevonden", { status: 404 });
  const assessment = await load(context, request, () => context.api.assessment.get({ workspace: params.workspace ?? "", assessmentId: assessmentId.data }));
  return { assessment };
}

/**
 * After every post (also a refused one: a lock by someone else must show) the data reloads;
 * opening the lock confirmation only changes the query string and does not.
 */
export const shouldRevalidate = revalidateAfterPost();

/** What every form of the page is read with: the workspace and the assessment of the URL, whatever was posted. */
type Fixed = { workspace: string; assessmentId: string };

/** One intent: reads its form (an operation's schema, `fixed` winning) and runs it; `saved` is what the message needs (the weights form: how many changed). */
type Intent = (context: AppLoadContext, form: FormData, fixed: Fixed) => Promise<Submitted<unknown, { saved?: string }>>;

/** The page's forms, by their `intent`. */
const INTENTS: Record<"score" | "weights" | "lock", Intent> = {
  // The score is the button pressed, or the cell's current one when only the rationale is saved: it is not a field the form fills in.
  score: (context, form, fixed) =>
    submitForm(context, ops.scoreAssessment, form, { ...fixed, score: submittedScore(formText(form, "score"), formText(form, "currentScore")) }, async (input) => {
      await context.api.assessment.score(input);
      return {};
    }),
  // Every criterion's weight in one form, checked against this assessment's criteria before any is saved; saved one by one (assessment.setWeight).
  weights: async (context, form, fixed) => {
    const current = await mutate(context, () => context.api.assessment.get(fixed));
    const weights = weightsForm(current.ok ? current.data.criteria : []);
    if (!current.ok) return { ok: false, error: current.error, reply: refusalReply(parseSubmission(weights, form, fixed, context.locale).submission, current.error, []) };
    return submitForm(context, weights, form, { workspace: fixed.workspace }, async ({ workspace, changes }) => {
      for (const change of changes) await context.api.assessment.setWeight({ workspace, ...change });
      return { saved: String(changes.length) };
    });
  },
  lock: (context, form, fixed) =>
    submitForm(context, ops.lockAssessment, form, fixed, async (input) => {
      await context.api.assessment.lock(input);
      return {};
    }),
};

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const assessmentId = idSchema.safeParse(params.assessmentId);
  if (!assessmentId.success) throw new Response("Niet gevonden", { status: 404 });
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  const formKey = formText(form, "formKey");
  const result = await INTENTS[intent](context, form, { workspace: params.workspace ?? "", assessmentId: assessmentId.data });
  // `reply` puts the refusal on the form that posted, with what was typed (Conform's lastResult).
  if (!result.ok) return refused({ intent, formKey, at, reply: result.reply }, result.error);
  return { ok: true as const, intent, formKey, at, ...result.data };
}

export default function AssessmentPage() {
  const { assessment } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const fetchers = useFetchers();
  // Our own saves reload the data with their response; their live echo is skipped while that
  // is under way (reloading twice would briefly show the old state).
  const busy = navigation.state !== "idle" || fetchers.some((f) => f.state !== "idle");
  const live = useLiveRecords(
    overview.slug,
    `assessment:${assessment.id}`,
    (change: RecordChange) =>
      ((change.entityType === "assessment" && change.entityId === assessment.id) || (change.entityType === "comment" && change.parentId === assessment.id)) &&
      !(change.actorId === overview.me.userId && busy),
  );
  const regionOf = new Map(overview.regions.flatMap((r) => r.bodies.map((b) => [b.id, r.name] as const)));
  const codes = participantCodes(assessment.participants, regionOf);
  const mine = assessment.participants.find((p) => p.id === assessment.myParticipantId);
  const { progress } = assessment.results;
  const cells = assessment.scenarios.length * assessment.criteria.length;
  const locked = assessment.status === "LOCKED";
  const isParticipant = assessment.participants.some((p) => p.id === overview.me.organisationId);
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <div className="rt-heading-badge">
              <Heading level={1}>{assessment.title}</Heading>
              <span className={locked ? "rt-badge" : "rt-badge rt-badge--quiet"}>{t(`assessments.status.${assessment.status}`)}</span>
            </div>
            <LivePresence live={live} />
          </div>
          <NoticeMessage messages={{ aangemaakt: t("notice.assessment.created", { title: assessment.title }), "uit-sjabloon": t("notice.fromTemplate", { title: assessment.title }) }} />
          {assessment.description && <Paragraph className="rt-multiline">{assessment.description}</Paragraph>}
          <LockedMessage />
          {locked && (
            <Paragraph className="rt-notice" data-testid="assessment-locked">
              {t("assessments.lockedOn", { date: assessment.lockedAt ? formatDateTime(assessment.lockedAt, locale) : t("common.none") })}
            </Paragraph>
          )}
          {!locked && (
            <Paragraph className="rt-small rt-muted">
              {mine
                ? t("assessments.youScoreFor", { name: mine.name })
                : isParticipant
                  ? t("record.readOnly")
                  : `${t("record.readOnly")} ${t("assessments.notParticipant")}`}
            </Paragraph>
          )}
          <div className="rt-assess-progress">
            <p className="rt-small" data-testid="assessment-progress">
              {t("assessments.progress", { scored: progress.scored, total: progress.total })}
              {mine && ` · ${t("assessments.progressOwn", { scored: scoreLookup(assessment.scores).countFor(mine.id), total: cells })}`}
            </p>
            <div className="rt-assess-progress__bar" aria-hidden="true">
              <span style={{ inlineSize: `${progressPercent(progress)}%` }} />
            </div>
          </div>
        </div>
        <Matrix assessment={assessment} />
        <Results assessment={assessment} codes={codes} />
        {assessment.canManage && <Manage assessment={assessment} />}
        <div className="rt-card">
          <Discussion workspace={overview.slug} subjectType="assessment" subjectId={assessment.id} />
        </div>
      </div>
    </OutcomeProvider>
  );
}
