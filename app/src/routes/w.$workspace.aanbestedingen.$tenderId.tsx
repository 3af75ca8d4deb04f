import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { idSchema, tenderOperations as ops } from "@regiotafel/domain";
import { LivePresence } from "~/components/records/LivePresence";
import { OutcomeProvider, revalidateAfterPost } from "~/components/records/outcome";
import { EditTender } from "~/components/tenders/EditTender";
import { LotsSection } from "~/components/tenders/LotsSection";
import { MilestonesSection } from "~/components/tenders/MilestonesSection";
import { TenderDoneMessage } from "~/components/tenders/TenderDoneMessage";
import { TenderFacts } from "~/components/tenders/TenderFacts";
import { TenderStatusSection } from "~/components/tenders/TenderStatusSection";
import { StatusBadge } from "~/components/tenders/vocabulary";
import { load, mutate, requireUser } from "~/lib/api.server";
import { formInput, formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import { readIntent, refused } from "~/lib/record-actions.server";
import {
  LOT_FIELDS,
  MILESTONE_FIELDS,
  milestoneValues,
  todayIso,
  typedFields,
  typedTender,
  type LotFormValues,
  type MilestoneFormValues,
  type TenderFormValues,
} from "~/lib/tenders";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";

// The tender page: facts, lifecycle, edit, lots with per-lot opt-in, milestones; live. Its parts
// are in ~/components/tenders (what they share: tender-page.ts).

export const handle: WorkspaceHandle = { crumb: "ws.nav.tenders" };
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: workspaceTitle(matches, data?.tender.title ?? "Aanbesteding") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  // A malformed id, a missing tender and another workspace's tender all look the same: 404.
  const tenderId = idSchema.safeParse(params.tenderId);
  if (!tenderId.success) throw new Response("Niet gevonden", { status: 404 });
  const tender = await load(context, request, () => context.api.tender.get({ workspace: params.workspace ?? "", tenderId: tenderId.data }));
  return { tender, today: todayIso() };
}

/**
 * After every post, also a refused one, the page reloads its data: after a stale save the form
 * keeps what the user typed and the page shows what the other person saved. Opening a step by a
 * link (query string) reloads it too.
 */
export const shouldRevalidate = revalidateAfterPost(false);

const INTENTS = [
  "tender.update",
  "tender.setStatus",
  "lot.add",
  "lot.update",
  "lot.setStatus",
  "lot.remove",
  "lot.restore",
  "lot.participate",
  "milestone.add",
  "milestone.update",
  "milestone.remove",
  "milestone.restore",
] as const;

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

interface Typed {
  tenderValues?: TenderFormValues;
  lotValues?: LotFormValues;
  milestoneValues?: MilestoneFormValues;
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const tenderParam = idSchema.safeParse(params.tenderId);
  if (!tenderParam.success) throw new Response("Niet gevonden", { status: 404 });
  const tenderId = tenderParam.data;
  const workspace = params.workspace ?? "";
  const { form, intent, at } = await readIntent(request, INTENTS);
  const lotId = formText(form, "lotId");
  const milestoneId = formText(form, "milestoneId");
  const api = context.api;
  // What the user typed, returned with a refusal so the form shows it again.
  const typed: Typed =
    intent === "tender.update"
      ? { tenderValues: typedTender(form) }
      : intent.startsWith("lot.")
        ? { lotValues: typedFields(form, LOT_FIELDS) }
        : { milestoneValues: typedFields(form, MILESTONE_FIELDS) };
  // Each form is parsed by its operation; a lot or milestone of another tender is not found.
  const fixed = { workspace, tenderId };

  const run = async (): Promise<Outcome> => {
    switch (intent) {
      case "tender.update":
        await api.tender.update(formInput(ops.updateTender, form, fixed));
        return {};
      case "tender.setStatus": {
        const input = formInput(ops.setTenderStatus, form, fixed);
        const changed = await api.tender.setStatus(input);
        return { status: input.status, lotsFollowed: changed.lotsFollowed };
      }
      case "lot.add": {
        const input = formInput(ops.addLot, form, fixed);
        await api.lot.add(input);
        return { title: input.title };
      }
      case "lot.restore":
        return { title: (await api.lot.restore(formInput(ops.restoreLot, form, fixed))).title };
      case "lot.update": {
        const input = formInput(ops.updateLot, form, fixed);
        await api.lot.update(input);
        return { title: input.title };
      }
      case "lot.setStatus": {
        const changed = await api.lot.setStatus(formInput(ops.setLotStatus, form, fixed));
        return { title: changed.title, status: changed.status };
      }
      case "lot.remove": {
        const removed = await api.lot.remove(formInput(ops.removeLot, form, fixed));
        return { title: removed.title, removedLotId: removed.id };
      }
      case "lot.participate": {
        const changed = await api.lot.setParticipation(formInput(ops.setLotParticipation, form, fixed));
        return { title: changed.title, participating: changed.participating };
      }
      case "milestone.add":
      case "milestone.restore": {
        const input = formInput(ops.addMilestone, form, fixed);
        await api.milestone.add(input);
        return { title: input.title };
      }
      case "milestone.update": {
        const input = formInput(ops.updateMilestone, form, fixed);
        await api.milestone.update(input);
        return { title: input.title };
      }
      case "milestone.remove": {
        const { removed } = await api.milestone.remove(formInput(ops.removeMilestone, form, fixed));
        return { title: removed.title, removedMilestone: milestoneValues(removed) };
      }
    }
  };

  const result = await mutate(context, run);
  // A stale version (not every CONFLICT: a status change that is not allowed is one too).
  if (!result.ok) return refused({ intent, lotId, milestoneId, at, stale: result.error.messageKey === "conflict.stale", ...typed }, result.error);
  return { ok: true as const, intent, lotId, milestoneId, at, ...result.data };
}

export default function TenderPage() {
  const { tender, today } = useLoaderData<typeof loader>();
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const live = useLiveRecords(
    overview.slug,
    `tender:${tender.id}`,
    (change) => (change.entityId === tender.id || change.parentId === tender.id) && change.actorId !== overview.me.userId,
  );
  const base = `/w/${overview.slug}/aanbestedingen`;
  const ownerRegion = overview.regions.find((r) => r.id === tender.ownerRegionId)?.name ?? null;

  return (
    <OutcomeProvider>
      <div className="rt-stack rt-stack--loose">
        <div className="rt-stack">
          <p>
            <Link className="utrecht-link" to={base}>
              ← {t("tender.back")}
            </Link>
          </p>
          <div className="rt-section-header">
            <Heading level={2}>
              {tender.title} <StatusBadge status={tender.status} t={t} />
            </Heading>
            <LivePresence live={live} />
          </div>
          {tender.description && <Paragraph className="rt-lead">{tender.description}</Paragraph>}
          {tender.closed ? (
            <Paragraph className="rt-notice">{t("tender.closedNotice", { status: t(`code.${tender.status}`) })}</Paragraph>
          ) : (
            !tender.canEdit && <Paragraph className="rt-muted">{t(tender.ownMunicipalityId ? "tender.readOnlyOwn" : "tender.readOnly")}</Paragraph>
          )}
        </div>

        <TenderDoneMessage tender={tender} />

        <section className="rt-card rt-stack" aria-labelledby="facts-heading">
          <Heading level={3} id="facts-heading">
            {t("tender.facts")}
          </Heading>
          <TenderFacts tender={{ ...tender, ownerRegion }} t={t} locale={locale} />
        </section>

        <TenderStatusSection tender={tender} />
        {tender.canEdit && <EditTender tender={tender} />}
        <LotsSection tender={tender} />
        <MilestonesSection tender={tender} today={today} />
      </div>
    </OutcomeProvider>
  );
}
