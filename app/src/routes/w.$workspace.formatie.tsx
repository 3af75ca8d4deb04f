import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { recordOperations as rec, type RecordChange } from "@regiotafel/domain";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { Comparison } from "~/components/staffing/Comparison";
import { regionGroups, UnitLines } from "~/components/staffing/UnitLines";
import { COMPARISON_SECTION, LINES_SECTION } from "~/components/staffing/staffing-page";
import { OnThisPage } from "~/components/OnThisPage";
import { load, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { readIntentOf, refused } from "~/lib/record-actions.server";
import { lineValues, type LineFormValues } from "~/lib/staffing";
import { submitForm, type Submitted } from "~/lib/submission.server";
import { useWorkspace, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";

// The staffing page (formatie): the comparison of regions and municipalities, and each one's
// staffing lines with add/edit/remove and undo; live. Its parts are in ~/components/staffing.

export const handle: WorkspaceHandle = { crumb: "staffing.title" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.staffing") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const workspace = params.workspace ?? "";
  const [units, comparison] = await load(context, request, () =>
    Promise.all([context.api.staffing.list({ workspace }), context.api.staffing.comparison({ workspace })]),
  );
  return { units, comparison };
}

/**
 * After every post the data reloads. Sorting, filtering and opening a line for editing only
 * change the query string, and the page sorts and filters in the component: the data need not
 * be loaded again for that.
 */
export const shouldRevalidate = revalidateAfterPost();

/** What a staffing line's change reports to the page: the line, its function (for the message), and a removed line's values (for undo). */
interface Done {
  lineId: string;
  name: string;
  removed?: LineFormValues;
}

/** One intent: its contract reads the form (`fixed`: the workspace and the record of the post win), its call reports what was done. */
type Intent = (context: AppLoadContext, form: FormData, workspace: string) => Promise<Submitted<unknown, Done>>;

/** Adds a line to its unit (a region's own staffing or a municipality's); undo adds a removed line again. */
const addLine: Intent = (context, form, workspace) => {
  const unitId = formText(form, "unitId");
  const owner = formText(form, "unitKind") === "region" ? { regionId: unitId } : { municipalityId: unitId };
  return submitForm(context, rec.addStaffingLine, form, { workspace, regionId: null, municipalityId: null, ...owner }, async (input) => ({
    lineId: (await context.api.staffing.add(input)).id,
    name: input.function,
  }));
};

/** The page's forms, by their `intent`. */
const INTENTS: Record<"add" | "update" | "remove" | "undo", Intent> = {
  add: addLine,
  undo: addLine,
  update: (context, form, workspace) =>
    submitForm(context, rec.updateStaffingLine, form, { workspace, lineId: formText(form, "lineId") }, async (input) => {
      await context.api.staffing.update(input);
      return { lineId: input.lineId, name: input.function };
    }),
  remove: (context, form, workspace) =>
    submitForm(context, rec.removeStaffingLine, form, { workspace, lineId: formText(form, "lineId") }, async (input) => {
      // What the line held, so that the message can offer to add it back.
      const line = (await context.api.staffing.list({ workspace })).flatMap((u) => u.lines).find((l) => l.id === input.lineId);
      await context.api.staffing.remove(input);
      return { lineId: input.lineId, name: line?.function ?? "", removed: line && lineValues(line, context.locale) };
    }),
};

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  const unitId = formText(form, "unitId");
  const result = await INTENTS[intent](context, form, params.workspace ?? "");
  // `reply` puts the refusal on the form that posted, with what was typed (Conform's lastResult).
  if (!result.ok) return refused({ intent, unitId, lineId: formText(form, "lineId"), at, reply: result.reply }, result.error);
  return { ok: true as const, intent, unitId, at, ...result.data };
}

export default function Staffing() {
  const { units, comparison } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const navigation = useNavigation();
  // Our own saves reload the page's data with their response; reloading again for their live
  // echo while that is under way would interrupt it (and briefly show the old figures).
  const live = useLiveRecords(
    overview.slug,
    "staffing",
    (change: RecordChange) => change.entityType === "staffing" && !(change.actorId === overview.me.userId && navigation.state !== "idle"),
  );
  const editable = units.some((u) => u.canEdit);
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <Heading level={1}>{t("staffing.title")}</Heading>
            <LivePresence live={live} />
          </div>
          <Paragraph>{t("staffing.intro")}</Paragraph>
          <Paragraph className="rt-muted rt-small">{t(editable ? "staffing.whoEdits" : "record.readOnly")}</Paragraph>
          <OnThisPage
            sections={[
              { id: COMPARISON_SECTION, label: t("staffing.comparison.title") },
              { id: LINES_SECTION, label: t("staffing.lines.title") },
              ...regionGroups(units, overview.regions).map((group) => ({ id: group.id, label: group.regionName })),
            ]}
          />
        </div>
        <Comparison rows={comparison} units={units} />
        <UnitLines units={units} />
      </div>
    </OutcomeProvider>
  );
}
