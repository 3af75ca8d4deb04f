import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetchers, useLoaderData, useNavigation } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { errorMessage, idSchema, type ErrorDescription, type RecordChange } from "@regiotafel/domain";
import { Manage } from "~/components/assessments/Manage";
import { Matrix } from "~/components/assessments/Matrix";
import { Results } from "~/components/assessments/Results";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost, type FormOutcome } from "~/components/records/outcome";
import { load, mutate, requireUser } from "~/lib/api.server";
import { checkWeights, participantCodes, progressPercent, scoreLookup, submittedScore, weightErrors } from "~/lib/assessments";
import { formatDateTime } from "~/lib/format";
import { formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { readIntent, refused } from "~/lib/record-actions.server";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";

export const handle: WorkspaceHandle = { crumb: "ws.nav.scenarios" };
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: workspaceTitle(matches, data?.assessment.title ?? "Scenario's") }];

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

const INTENTS = ["score", "weights", "lock"] as const;

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const idParam = idSchema.safeParse(params.assessmentId);
  if (!idParam.success) throw new Response("Niet gevonden", { status: 404 });
  const assessmentId = idParam.data;
  const workspace = params.workspace ?? "";
  const { form, intent, at } = await readIntent(request, INTENTS);
  const formKey = formText(form, "formKey");
  const values: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string" && name !== "intent" && name !== "formKey") values[name] = value;
  const fail = (error: ErrorDescription) => refused({ intent, formKey, at, values }, error);
  const done = (name?: string): FormOutcome => ({ ok: true, intent, formKey, at, ...(name === undefined ? {} : { name }) });
  const api = context.api.assessment;

  switch (intent) {
    case "score": {
      const result = await mutate(context, () =>
        api.score({
          workspace,
          assessmentId,
          scenarioId: formText(form, "scenarioId"),
          criterionId: formText(form, "criterionId"),
          score: submittedScore(formText(form, "score"), formText(form, "currentScore")),
          rationale: formText(form, "rationale"),
        }),
      );
      return result.ok ? done() : fail(result.error);
    }
    case "weights": {
      // Only this assessment's criteria; every weight is checked before any is saved.
      const current = await mutate(context, () => api.get({ workspace, assessmentId }));
      if (!current.ok) return fail(current.error);
      const check = checkWeights(current.data.criteria, (field) => formText(form, field));
      if (check.invalid.length) return fail(weightErrors(check.invalid, (key) => errorMessage(context.locale, key)));
      const result = await mutate(context, async () => {
        for (const change of check.changes) await api.setWeight({ workspace, ...change });
      });
      return result.ok ? done(String(check.changes.length)) : fail(result.error);
    }
    case "lock": {
      const result = await mutate(context, () => api.lock({ workspace, assessmentId, version: Number(formText(form, "version")) }));
      return result.ok ? done() : fail(result.error);
    }
  }
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
    (change: RecordChange) => change.entityType === "assessment" && change.entityId === assessment.id && !(change.actorId === overview.me.userId && busy),
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
          <Link className="utrecht-link" to={`/w/${overview.slug}/scenarios`}>
            {t("assessments.back")}
          </Link>
          <div className="rt-section-header">
            <Heading level={2}>
              {assessment.title}
              <span className={locked ? "rt-badge" : "rt-badge rt-badge--quiet"}>{t(`assessments.status.${assessment.status}`)}</span>
            </Heading>
            <LivePresence live={live} />
          </div>
          {assessment.description && <Paragraph className="rt-multiline">{assessment.description}</Paragraph>}
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
        <Matrix assessment={assessment} codes={codes} />
        <Results assessment={assessment} codes={codes} />
        {assessment.canManage && <Manage assessment={assessment} />}
      </div>
    </OutcomeProvider>
  );
}
