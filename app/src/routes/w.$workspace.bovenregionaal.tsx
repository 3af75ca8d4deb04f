import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { recordOperations as rec, type ErrorDescription } from "@regiotafel/domain";
import { NewSegment, SEGMENT_LISTS, SEGMENT_TEXTS, SegmentCard, SegmentFeedback } from "~/components/governance/Segments";
import { CsvLink } from "~/components/records/ExportLinks";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost, type FormOutcome } from "~/components/records/outcome";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formInput, formText } from "~/lib/forms";
import { formList } from "~/lib/governance";
import { useLiveRecords } from "~/lib/live";
import { readIntent, refused } from "~/lib/record-actions.server";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";

export const handle: WorkspaceHandle = { crumb: "ws.nav.segments" };

export const meta: MetaFunction = ({ matches }) => [{ title: workspaceTitle(matches, "Bovenregionaal") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const workspace = params.workspace ?? "";
  const list = await load(context, request, () => context.api.segment.list({ workspace }));
  // The tenders a segment can link to, for the forms (only those who may keep a segment see them).
  const editable = list.canCreate || list.segments.some((s) => s.canEdit);
  const board = editable ? await load(context, request, () => context.api.tender.board({ workspace })) : { tenders: [] };
  return { ...list, tenders: board.tenders.map((t) => ({ id: t.id, title: t.title })) };
}

/** After every post the data reloads; opening the remove confirmation (query string) does not. */
export const shouldRevalidate = revalidateAfterPost();

const INTENTS = ["create", "update", "remove", "undo"] as const;

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntent(request, INTENTS);
  const workspace = params.workspace ?? "";
  const formKey = formText(form, "formKey");
  const texts = Object.fromEntries(SEGMENT_TEXTS.map((f) => [f, formText(form, f)])) as Record<(typeof SEGMENT_TEXTS)[number], string>;
  const lists = Object.fromEntries(SEGMENT_LISTS.map((f) => [f, formList(form, f)])) as Record<(typeof SEGMENT_LISTS)[number], string[]>;
  const values = { ...texts, ...lists };
  const segmentId = formText(form, "segmentId");
  const fail = (error: ErrorDescription) => refused({ intent, formKey, at, values }, error);

  const result = await mutate(context, async (): Promise<FormOutcome> => {
    switch (intent) {
      case "create":
      case "undo": {
        const segment = formInput(rec.createSegment, form, { workspace });
        await context.api.segment.create(segment);
        return { ok: true, intent, formKey, at, name: segment.name };
      }
      case "update": {
        const segment = formInput(rec.updateSegment, form, { workspace, segmentId });
        await context.api.segment.update(segment);
        return { ok: true, intent, formKey, at, name: segment.name };
      }
      case "remove":
        await context.api.segment.remove({ workspace, segmentId });
        // What the undo button sends to create the segment again.
        return { ok: true, intent, formKey, at, name: texts.name, undo: values };
    }
  });
  return result.ok ? result.data : fail(result.error);
}

export default function SupraRegional() {
  const { segments, canCreate, tenders } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const live = useLiveRecords(overview.slug, "segments", (change) => change.entityType === "segment" || change.entityType === "tender");
  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <div className="rt-section-header">
            <Heading level={2}>{t("segments.title")}</Heading>
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
                <SegmentCard segment={segment} canEdit={segment.canEdit} tenders={tenders} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </OutcomeProvider>
  );
}
