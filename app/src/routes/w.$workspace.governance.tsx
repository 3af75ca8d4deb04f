import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { recordOperations as rec, type ErrorDescription } from "@regiotafel/domain";
import { DecisionLog, UndoDecision } from "~/components/governance/DecisionLog";
import { GovernanceUnit, unitAnchor, unitKey, type Unit } from "~/components/governance/GovernanceUnit";
import { CsvLink } from "~/components/records/ExportLinks";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost, type FormOutcome } from "~/components/records/outcome";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formInput, formText } from "~/lib/forms";
import { parseDocumentLines, parseMemberLines } from "~/lib/governance";
import { useLiveRecords } from "~/lib/live";
import { readIntent, refused } from "~/lib/record-actions.server";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";

export const handle: WorkspaceHandle = { crumb: "ws.nav.governance" };

export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Governance") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return load(context, request, () => context.api.governance.get({ workspace: params.workspace ?? "" }));
}

/**
 * After every post the data reloads; the decision log filter and the remove confirmations live
 * in the query string and work on the loaded data, so changing only the query string does not.
 */
export const shouldRevalidate = revalidateAfterPost();

const INTENTS = ["saveModel", "addBody", "updateBody", "removeBody", "setNvo", "addDecision", "removeDecision", "undoDecision"] as const;

/** The text fields each form sends (kept as typed when the server refuses them). */
const FIELDS = ["regionId", "organisationForm", "description", "modelId", "bodyId", "kind", "name", "members", "agreement", "status", "notes", "decisionId", "date", "title", "decision", "documents"];

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntent(request, INTENTS);
  const workspace = params.workspace ?? "";
  const formKey = formText(form, "formKey");
  const values = Object.fromEntries(FIELDS.map((f) => [f, formText(form, f)]));
  const fail = (error: ErrorDescription) => refused({ intent, formKey, at, values }, error);
  const done = (extra: Partial<Extract<FormOutcome, { ok: true }>> = {}): FormOutcome => ({ ok: true, intent, formKey, at, ...extra });
  const api = context.api.governance;
  // The members and documents are typed one per line; the rest is parsed by each operation's schema.
  const members = parseMemberLines(values.members!);
  const documents = parseDocumentLines(values.documents!);

  const result = await mutate(context, async (): Promise<FormOutcome> => {
    switch (intent) {
      case "saveModel":
        await api.saveModel(formInput(rec.saveGovernanceModel, form, { workspace }));
        return done();
      case "addBody": {
        const body = formInput(rec.addGovernanceBody, form, { workspace, members });
        await api.addBody(body);
        return done({ name: body.name });
      }
      case "updateBody":
        await api.updateBody(formInput(rec.updateGovernanceBody, form, { workspace, members }));
        return done();
      case "removeBody":
        await api.removeBody({ workspace, bodyId: values.bodyId! });
        return done({ name: values.name });
      case "setNvo":
        await api.setNvo(formInput(rec.setNvoCheck, form, { workspace }));
        return done();
      case "addDecision":
      case "undoDecision": {
        const decision = formInput(rec.addDecision, form, { workspace, documents });
        await api.addDecision(decision);
        return done({ name: decision.title });
      }
      case "removeDecision": {
        await api.removeDecision({ workspace, decisionId: values.decisionId! });
        // What the undo button sends to record the decision again.
        const undo = { regionId: values.regionId!, date: values.date!, bodyId: values.bodyId!, title: values.title!, decision: values.decision!, documents: values.documents! };
        return done({ name: values.title, undo });
      }
    }
  });
  return result.ok ? result.data : fail(result.error);
}

export default function Governance() {
  const governance = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const live = useLiveRecords(overview.slug, "governance", (change) => change.entityType === "governance" || change.entityType === "decision");
  const units: Unit[] = governance.units;
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <Heading level={2}>{t("governance.title")}</Heading>
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
          <nav aria-label={t("governance.jump")} className="rt-gov-jump">
            <ul>
              {units.map((unit) => (
                <li key={unitKey(unit)}>
                  <a className="utrecht-link" href={`#${unitAnchor(unit, overview.regions)}`}>
                    {unit.regionName ?? t("governance.wholeWorkspace")}
                  </a>
                </li>
              ))}
              <li>
                <a className="utrecht-link" href="#besluiten">
                  {t("governance.decisions")}
                </a>
              </li>
            </ul>
          </nav>
        </div>
        {units.map((unit) => (
          <GovernanceUnit key={unitKey(unit)} unit={unit} anchor={unitAnchor(unit, overview.regions)} />
        ))}
        <section className="rt-stack" id="besluiten" aria-labelledby="decisions-heading">
          <Heading level={3} id="decisions-heading">
            {t("governance.decisions")}
          </Heading>
          <UndoDecision />
          <DecisionLog decisions={governance.decisions} units={units} />
        </section>
      </div>
    </OutcomeProvider>
  );
}
