import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { recordOperations as rec, type ErrorDescription, type RecordChange } from "@regiotafel/domain";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { Comparison } from "~/components/staffing/Comparison";
import { UnitLines } from "~/components/staffing/UnitLines";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formInput, formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { readIntent, refused } from "~/lib/record-actions.server";
import { LINE_FIELDS, type LineValues } from "~/lib/staffing";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";

// The staffing page (formatie): the comparison of regions and municipalities, and each one's
// staffing lines with add/edit/remove and undo; live. Its parts are in ~/components/staffing.

export const handle: WorkspaceHandle = { crumb: "ws.nav.staffing" };
export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Formatie") }];

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

const INTENTS = ["add", "update", "remove", "undo"] as const;

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntent(request, INTENTS);
  const workspace = params.workspace ?? "";
  const unitId = formText(form, "unitId");
  const lineId = formText(form, "lineId");
  const values = Object.fromEntries(LINE_FIELDS.map((f) => [f, formText(form, f)])) as LineValues;
  const fail = (error: ErrorDescription, failedValues = values) => refused({ intent, unitId, lineId, values: failedValues, at }, error);
  const done = (id: string, doneValues = values) => ({ ok: true as const, intent, unitId, lineId: id, values: doneValues, at });

  switch (intent) {
    case "add":
    case "undo": {
      const owner = formText(form, "unitKind") === "region" ? { regionId: unitId } : { municipalityId: unitId };
      const result = await mutate(context, () => context.api.staffing.add(formInput(rec.addStaffingLine, form, { workspace, regionId: null, municipalityId: null, ...owner })));
      return result.ok ? done(result.data.id) : fail(result.error);
    }
    case "update": {
      const result = await mutate(context, () => context.api.staffing.update(formInput(rec.updateStaffingLine, form, { workspace, lineId })));
      return result.ok ? done(lineId) : fail(result.error);
    }
    case "remove": {
      // What the line held, so that the message can offer to add it back.
      const units = await mutate(context, () => context.api.staffing.list({ workspace }));
      const line = units.ok ? units.data.flatMap((u) => u.lines).find((l) => l.id === lineId) : undefined;
      const removed: LineValues = line
        ? { function: line.function, fteCurrent: String(line.fteCurrent), fteMinimum: line.fteMinimum === null ? "" : String(line.fteMinimum), employment: line.employment, notes: line.notes }
        : values;
      const result = await mutate(context, () => context.api.staffing.remove({ workspace, lineId }));
      return result.ok ? done(lineId, removed) : fail(result.error, removed);
    }
  }
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
            <Heading level={2}>{t("staffing.title")}</Heading>
            <LivePresence live={live} />
          </div>
          <Paragraph>{t("staffing.intro")}</Paragraph>
          <Paragraph className="rt-muted rt-small">{t(editable ? "staffing.whoEdits" : "record.readOnly")}</Paragraph>
        </div>
        <Comparison rows={comparison} />
        <UnitLines units={units} />
      </div>
    </OutcomeProvider>
  );
}
