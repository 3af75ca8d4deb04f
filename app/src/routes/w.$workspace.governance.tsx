import { DiscussionDisclosure } from "~/components/together/Discussion";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { recordOperations as rec } from "@regiotafel/domain";
import type { z } from "zod";
import { DecisionLog, UndoDecision } from "~/components/governance/DecisionLog";
import { GovernanceUnit, unitAnchor, unitKey, type Unit } from "~/components/governance/GovernanceUnit";
import { CsvLink } from "~/components/records/ExportLinks";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { load, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { parseDocumentLines, parseMemberLines, postedValues, readingLines } from "~/lib/governance";
import { useLiveRecords } from "~/lib/live";
import { readIntentOf, refused } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { OnThisPage } from "~/components/OnThisPage";
import { useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";

export const handle: WorkspaceHandle = { crumb: "ws.nav.governance" };

export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.governance") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const workspace = params.workspace ?? "";
  const [governance, decisionThreads] = await Promise.all([
    load(context, request, () => context.api.governance.get({ workspace })),
    load(context, request, () => context.api.comment.counts({ workspace, subjectType: "decision" })),
  ]);
  return { ...governance, decisionThreads };
}

/**
 * After every post the data reloads; the decision log filter and the remove confirmations live
 * in the query string and work on the loaded data, so changing only the query string does not.
 */
export const shouldRevalidate = revalidateAfterPost();

/** What an outcome reports to the page: the record's name or title for the message, and what "Ongedaan maken" sends to bring a removed decision back. */
interface Outcome {
  name?: string;
  undo?: Record<string, string | string[]>;
}

/** What every form of the page is read with: the workspace of the URL, whatever was posted. */
type Fixed = { workspace: string };

/**
 * One intent: the operation's contract (the form is read with its schema), the procedure it
 * calls with the typed input, and what its outcome reports (from the input, or from what the
 * form posted besides: a removed record's name and values).
 */
function intent<S extends z.ZodType<object>>(operation: { input: S }, call: (api: Api, input: z.output<S> & Fixed) => Promise<unknown>, report: (input: z.output<S>, form: FormData) => Outcome = () => ({})) {
  return (context: AppLoadContext, form: FormData, fixed: Fixed) =>
    submitForm(context, operation, form, fixed, async (input) => {
      await call(context.api.governance, input);
      return report(input, form);
    });
}
type Api = AppLoadContext["api"]["governance"];

// Members and documents are typed one per line; the rest is read by each operation's schema.
const bodyForm = <S extends z.ZodType>(operation: { input: S }) => readingLines(operation, "members", parseMemberLines);
const addDecision = intent(readingLines(rec.addDecision, "documents", parseDocumentLines), (api, input) => api.addDecision(input), (input) => ({ name: input.title }));

/** The page's forms, by their `intent`: adding one is one entry. */
const INTENTS = {
  saveModel: intent(rec.saveGovernanceModel, (api, input) => api.saveModel(input)),
  addBody: intent(bodyForm(rec.addGovernanceBody), (api, input) => api.addBody(input), (input) => ({ name: input.name })),
  updateBody: intent(bodyForm(rec.updateGovernanceBody), (api, input) => api.updateBody(input)),
  removeBody: intent(rec.removeGovernanceBody, (api, input) => api.removeBody(input), (_, form) => ({ name: formText(form, "name") })),
  setNvo: intent(rec.setNvoCheck, (api, input) => api.setNvo(input)),
  addDecision,
  // Undo of a removal: the removed decision's values, recorded again.
  undoDecision: addDecision,
  removeDecision: intent(rec.removeDecision, (api, input) => api.removeDecision(input), (_, form) => ({ name: formText(form, "title"), undo: postedValues(form, rec.addDecision) })),
};

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  // Which form posted (several forms share an intent), so that each shows only its own outcome.
  const formKey = formText(form, "formKey");
  const result = await INTENTS[intent](context, form, { workspace: params.workspace ?? "" });
  // `reply` puts the refusal on the form that posted, with what was typed (Conform's lastResult).
  if (!result.ok) return refused({ intent, formKey, at, reply: result.reply }, result.error);
  return { ok: true as const, intent, formKey, at, ...result.data };
}

export default function Governance() {
  const governance = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const live = useLiveRecords(overview.slug, "governance", (change) => change.entityType === "governance" || change.entityType === "decision" || (change.entityType === "comment" && change.actorId !== overview.me.userId));
  const units: Unit[] = governance.units;
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <Heading level={1}>{t("governance.title")}</Heading>
            <ul className="rt-gov-exports" aria-label={t("export.title")}>
              <li>
                {t("governance.decisions")}: <CsvLink workspace={overview.slug} table="besluiten" />
              </li>
              <li>
                {t("governance.nvoShort")}: <CsvLink workspace={overview.slug} table="nvo" />
              </li>
            </ul>
          </div>
          <Paragraph className="rt-muted rt-tight">{t("governance.intro")}</Paragraph>
          <LivePresence live={live} />
          <OnThisPage
            sections={[
              ...units.map((unit) => ({ id: unitAnchor(unit, overview.regions), label: unit.regionName ?? t("governance.wholeWorkspace") })),
              { id: "besluiten", label: t("governance.decisions") },
            ]}
          />
        </div>
        {units.map((unit) => (
          <GovernanceUnit key={unitKey(unit)} unit={unit} anchor={unitAnchor(unit, overview.regions)} />
        ))}
        <section className="rt-stack" id="besluiten" aria-labelledby="decisions-heading">
          <Heading level={2} appearance="utrecht-heading-3" id="decisions-heading">
            {t("governance.decisions")}
          </Heading>
          <UndoDecision />
          <DecisionLog decisions={governance.decisions} units={units} />
        </section>
        {governance.decisions.length > 0 && (
          <section className="rt-card rt-stack" aria-labelledby="decision-discussions">
            <Heading level={2} appearance="utrecht-heading-3" id="decision-discussions">
              {t("discussion.decisions")}
            </Heading>
            {governance.decisions.map((decision) => (
              <DiscussionDisclosure key={decision.id} workspace={overview.slug} subjectType="decision" subjectId={decision.id} title={decision.title} openThreads={governance.decisionThreads[decision.id] ?? 0} />
            ))}
          </section>
        )}
      </div>
    </OutcomeProvider>
  );
}
