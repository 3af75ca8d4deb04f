import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams, type useActionData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { idSchema, nextStatuses, notFound, type ErrorDescription, type TenderStatus } from "@regiotafel/domain";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { SelectField } from "~/components/FormFields";
import { CsvLink } from "~/components/records/ExportLinks";
import { useEditSession, type EditAnswer } from "~/components/records/edit-session";
import { LivePresence } from "~/components/records/LivePresence";
import { failureFor, OutcomeProvider, outcomeFor, revalidateAfterPost, useOutcome as usePageOutcome } from "~/components/records/outcome";
import { EMPTY_LOT, LotFields } from "~/components/tenders/LotFields";
import { EMPTY_MILESTONE, MilestoneFields } from "~/components/tenders/MilestoneFields";
import { TenderFacts } from "~/components/tenders/TenderFacts";
import { TENDER_FORM_FIELDS, TenderFields } from "~/components/tenders/TenderFields";
import { StatusBadge } from "~/components/tenders/vocabulary";
import { load, mutate, requireUser } from "~/lib/api.server";
import { numberText } from "~/lib/format";
import { formErrors, formText } from "~/lib/forms";
import { useLiveRecords } from "~/lib/live";
import {
  formatDate,
  isOverdue,
  LOT_FIELDS,
  MILESTONE_FIELDS,
  providerRange,
  readLotForm,
  readMilestoneForm,
  readTenderForm,
  todayIso,
  type LotFormValues,
  type MilestoneFormValues,
  type TenderFormValues,
} from "~/lib/tenders";
import { useWorkspace, workspaceTitle, type WorkspaceHandle } from "~/lib/workspace";
import { useLocale, useT, type T } from "~/i18n/use-t";

export const handle: WorkspaceHandle = { crumb: "ws.nav.tenders" };
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [{ title: workspaceTitle(matches, data?.tender.title ?? "Aanbesteding") }];

/** Query parameters that open a step of the page (links, so they work without JavaScript). */
const EDIT_LOT = "perceel";
const REMOVE_LOT = "verwijderPerceel";
const EDIT_MILESTONE = "mijlpaal";
const REMOVE_MILESTONE = "verwijderMijlpaal";

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

type Intent =
  | "tender.update"
  | "tender.setStatus"
  | "lot.add"
  | "lot.update"
  | "lot.setStatus"
  | "lot.remove"
  | "lot.restore"
  | "lot.participate"
  | "milestone.add"
  | "milestone.update"
  | "milestone.remove"
  | "milestone.restore";

interface Outcome {
  /** The lot's or milestone's title (for the message), or the new status. */
  title?: string;
  status?: string;
  participating?: boolean;
  /** What was removed, so that "Ongedaan maken" can add it again. */
  removedLot?: LotFormValues;
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
  const form = await request.formData();
  const intent = formText(form, "intent") as Intent;
  const lotId = formText(form, "lotId");
  const milestoneId = formText(form, "milestoneId");
  const version = Number(formText(form, "version"));
  const api = context.api;
  const tender = readTenderForm(form);
  const lot = readLotForm(form);
  const milestone = readMilestoneForm(form);
  // What the user typed, returned with a refusal so the form shows it again.
  const typed: Typed = intent === "tender.update" ? { tenderValues: tender.values } : intent.startsWith("lot.") ? { lotValues: lot.values } : { milestoneValues: milestone.values };

  /** A lot or milestone of this tender (an id of another tender's record is not found). */
  const current = () => api.tender.get({ workspace, tenderId });

  const run = async (): Promise<Outcome> => {
    switch (intent) {
      case "tender.update":
        await api.tender.update({ workspace, tenderId, version, ...tender.input });
        return {};
      case "tender.setStatus": {
        const status = formText(form, "status") as TenderStatus;
        await api.tender.setStatus({ workspace, tenderId, status, version });
        return { status };
      }
      case "lot.add":
      case "lot.restore":
        await api.lot.add({ workspace, tenderId, ...lot.input });
        return { title: lot.input.title };
      case "lot.update": {
        if (!(await current()).lots.some((l) => l.id === lotId)) throw notFound();
        await api.lot.update({ workspace, lotId, version, ...lot.input });
        return { title: lot.input.title };
      }
      case "lot.setStatus": {
        const found = (await current()).lots.find((l) => l.id === lotId);
        if (!found) throw notFound();
        const status = formText(form, "status") as TenderStatus;
        await api.lot.setStatus({ workspace, lotId, status, version });
        return { title: found.title, status };
      }
      case "lot.remove": {
        const found = (await current()).lots.find((l) => l.id === lotId);
        if (!found) throw notFound();
        await api.lot.remove({ workspace, lotId });
        const removedLot: LotFormValues = {
          segment: found.segment,
          title: found.title,
          regionalProvidersMin: numberText(found.regionalProvidersMin, "nl"),
          regionalProvidersMax: numberText(found.regionalProvidersMax, "nl"),
          localProvidersMin: numberText(found.localProvidersMin, "nl"),
          localProvidersMax: numberText(found.localProvidersMax, "nl"),
          procedureOverride: found.procedureOverride ?? "",
          notes: found.notes,
        };
        return { title: found.title, removedLot };
      }
      case "lot.participate": {
        const found = (await current()).lots.find((l) => l.id === lotId);
        if (!found) throw notFound();
        const participating = formText(form, "participating") === "true";
        await api.lot.setParticipation({ workspace, municipalityId: formText(form, "municipalityId"), lotId, participating });
        return { title: found.title, participating };
      }
      case "milestone.add":
      case "milestone.restore":
        await api.milestone.add({ workspace, tenderId, ...milestone.input });
        return { title: milestone.input.title };
      case "milestone.update": {
        if (!(await current()).milestones.some((m) => m.id === milestoneId)) throw notFound();
        await api.milestone.update({ workspace, milestoneId, version, ...milestone.input });
        return { title: milestone.input.title };
      }
      case "milestone.remove": {
        const found = (await current()).milestones.find((m) => m.id === milestoneId);
        if (!found) throw notFound();
        await api.milestone.remove({ workspace, milestoneId });
        const removedMilestone: MilestoneFormValues = {
          lotId: found.lotId ?? "",
          type: found.type,
          title: found.title,
          description: found.description,
          dueDate: found.dueDate ?? "",
          dateMet: found.dateMet ?? "",
          status: found.status,
        };
        return { title: found.title, removedMilestone };
      }
      default:
        throw new Response("Onbekende actie", { status: 400 });
    }
  };

  const result = await mutate(context, run);
  if (!result.ok) {
    const stale = result.error.messageKey === "conflict.stale";
    return data({ ok: false as const, intent, lotId, milestoneId, at: Date.now(), error: result.error, stale, ...typed }, { status: result.error.httpStatus });
  }
  return { ok: true as const, intent, lotId, milestoneId, at: Date.now(), ...result.data };
}

type Tender = ReturnType<typeof useLoaderData<typeof loader>>["tender"];
type Lot = Tender["lots"][number];
type Milestone = Tender["milestones"][number];
type Result = ReturnType<typeof useActionData<typeof action>>;

/** The last action's result (see OutcomeProvider). */
function useOutcome(): Result {
  return usePageOutcome<NonNullable<Result>>();
}
type Failed = Extract<NonNullable<Result>, { ok: false }>;

/** The failed result of one of these intents (and, when given, for this lot or milestone). */
function failedFor(result: Result, intents: readonly Intent[], id?: { lotId?: string; milestoneId?: string }): Failed | undefined {
  return failureFor(result, intents, id);
}

/** The message of a refusal: a stale version gets the record pages' own explanation. */
function refusal(t: T, failed: { stale: boolean; error: ErrorDescription } | undefined): string | null {
  if (!failed) return null;
  return failed.stale ? t("record.stale") : failed.error.message;
}

/** The answer of the last action for an edit form: its own save, or another change of the same record by this user. */
function answerFor<V>(result: Result, intents: readonly Intent[], typed: (failed: Failed) => V | undefined, id?: { lotId?: string; milestoneId?: string }): EditAnswer<V> | undefined {
  const found = outcomeFor(result, intents, id);
  if (!found) return undefined;
  return found.ok ? { at: found.at, ok: true } : { at: found.at, ok: false, stale: found.stale, typed: typed(found) };
}

/** After a stale save: the alert, and which fields the other person changed too (the user's value is kept). */
function StaleAlert({ conflicts, label }: { conflicts: readonly string[]; label: (field: string) => string }) {
  const t = useT();
  return (
    <ErrorAlert>
      <Paragraph>{t("record.stale")}</Paragraph>
      {conflicts.length > 0 && <Paragraph>{t("tender.conflict.fields", { fields: conflicts.map(label).join(", ") })}</Paragraph>}
    </ErrorAlert>
  );
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
          {!tender.canEdit && <Paragraph className="rt-muted">{t(tender.ownMunicipalityId ? "tender.readOnlyOwn" : "record.readOnly")}</Paragraph>}
        </div>

        <DoneMessage tender={tender} />

        <section className="rt-card rt-stack" aria-labelledby="facts-heading">
          <Heading level={3} id="facts-heading">
            {t("tender.facts")}
          </Heading>
          <TenderFacts tender={{ ...tender, ownerRegion }} t={t} locale={locale} />
        </section>

        <StatusSection tender={tender} />
        {tender.canEdit && <EditTender tender={tender} />}
        <LotsSection tender={tender} />
        <MilestonesSection tender={tender} today={today} />
      </div>
    </OutcomeProvider>
  );
}

/** What the last action did, in the page's live region; removals offer to undo. */
function DoneMessage({ tender }: { tender: Tender }) {
  const t = useT();
  const result = useOutcome();
  const done = result?.ok ? result : undefined;
  const base = `/w/${useWorkspace().slug}/aanbestedingen/${tender.id}`;
  let message: string | null = null;
  if (done) {
    const title = done.title ?? "";
    switch (done.intent) {
      case "tender.update":
        message = t("record.saved");
        break;
      case "tender.setStatus":
        message = t("tender.status.changed", { status: t(`code.${done.status}`) });
        break;
      case "lot.add":
        message = t("lot.added", { title });
        break;
      case "lot.restore":
        message = t("lot.restored", { title });
        break;
      case "lot.update":
        message = t("lot.updated", { title });
        break;
      case "lot.setStatus":
        message = t("lot.status.changed", { title, status: t(`code.${done.status}`) });
        break;
      case "lot.remove":
        message = t("lot.removed", { title });
        break;
      case "lot.participate":
        message = t(done.participating ? "lot.joined" : "lot.left", { title });
        break;
      case "milestone.add":
        message = t("milestone.added", { title });
        break;
      case "milestone.restore":
        message = t("milestone.restored", { title });
        break;
      case "milestone.update":
        message = t("milestone.updated", { title });
        break;
      case "milestone.remove":
        message = t("milestone.removed", { title });
        break;
    }
  }
  const removed = done?.removedLot ?? done?.removedMilestone;
  return (
    <StatusMessage focusKey={removed ? done?.at : undefined}>
      {message &&
        (removed ? (
          <div className="rt-undo">
            <Paragraph>{message}</Paragraph>
            {done?.removedLot && <Paragraph className="rt-small">{t("lot.undo.note")}</Paragraph>}
            <Form method="post" action={base} preventScrollReset>
              <input type="hidden" name="intent" value={done?.removedLot ? "lot.restore" : "milestone.restore"} />
              {Object.entries(removed).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <Button type="submit" appearance="secondary-action-button">
                {t("record.undo")}
              </Button>
            </Form>
          </div>
        ) : (
          message
        ))}
    </StatusMessage>
  );
}

/** The current status and, for editors, a button per allowed next status. */
function StatusSection({ tender }: { tender: Tender }) {
  const t = useT();
  const result = useOutcome();
  const navigation = useNavigation();
  const next = nextStatuses(tender.status);
  const failed = failedFor(result, ["tender.setStatus"]);
  const pending = navigation.state === "submitting" && navigation.formData?.get("intent") === "tender.setStatus" ? navigation.formData.get("status") : null;
  return (
    <section className="rt-card rt-stack" aria-labelledby="status-heading">
      <Heading level={3} id="status-heading">
        {t("tender.status.heading")}
      </Heading>
      <Paragraph>
        {t("tender.status.current")} <StatusBadge status={tender.status} t={t} />
      </Paragraph>
      <ErrorAlert>{refusal(t, failed)}</ErrorAlert>
      {next.length === 0 ? (
        <Paragraph className="rt-muted">{t("tender.status.final")}</Paragraph>
      ) : (
        tender.canEdit && (
          <Form method="post" preventScrollReset className="rt-stack" aria-labelledby="status-next-label">
            <input type="hidden" name="intent" value="tender.setStatus" />
            <input type="hidden" name="version" value={tender.version} />
            <Paragraph id="status-next-label" className="rt-tight">
              {t("tender.status.next")}
            </Paragraph>
            <div className="rt-actions">
              {next.map((status) => (
                <Button
                  key={status}
                  type="submit"
                  name="status"
                  value={status}
                  appearance={status === "CANCELLED" ? "subtle-button" : "secondary-action-button"}
                  hint={status === "CANCELLED" ? "danger" : undefined}
                  busy={pending === status}
                >
                  {t("tender.status.to", { status: t(`code.${status}`) })}
                </Button>
              ))}
            </div>
          </Form>
        )
      )}
    </section>
  );
}

function tenderValues(tender: Tender, locale: "nl" | "en"): TenderFormValues {
  return {
    title: tender.title,
    description: tender.description,
    domain: tender.domain,
    level: tender.level,
    procedure: tender.procedure,
    procuringEntityId: tender.procuringEntity.id,
    participantIds: tender.participants.filter((p) => p.kind === "MUNICIPALITY").map((p) => p.id),
    ownerRegionId: tender.ownerRegionId ?? "",
    contractStart: tender.contractStart ?? "",
    contractEnd: tender.contractEnd ?? "",
    extensionOptions: tender.extensionOptions,
    estimatedValue: numberText(tender.estimatedValue, locale),
    sroiPercentage: numberText(tender.sroiPercentage, locale),
    sroiThreshold: numberText(tender.sroiThreshold, locale),
    fundingModel: tender.fundingModel ?? "",
  };
}

/** Labels of the tender form's fields, for the list of fields both people changed. */
function tenderFieldLabel(t: T, field: string): string {
  const key = ({ procuringEntityId: "procuringEntity", ownerRegionId: "ownerRegion", participantIds: "participants" } as Record<string, string>)[field] ?? field;
  return t(`tender.field.${key}`);
}

/** The tender's own fields, in a disclosure (open after a refused save). */
function EditTender({ tender }: { tender: Tender }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const result = useOutcome();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["tender.update"]);
  const answer = answerFor(result, ["tender.update", "tender.setStatus"], (f) => f.tenderValues);
  const edit = useEditSession({ version: tender.version, values: tenderValues(tender, locale) }, answer);
  const { fieldErrors, formError } = formErrors(failed && !failed.stale ? failed.error : null, TENDER_FORM_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "tender.update";
  return (
    <details className="rt-card rt-disclosure" open={failed ? true : undefined}>
      <summary>
        <span className="rt-disclosure__title">{t("tender.edit")}</span>
      </summary>
      <div className="rt-stack">
        {failed?.stale ? <StaleAlert conflicts={edit.conflicts} label={(f) => tenderFieldLabel(t, f)} /> : <ErrorAlert>{formError}</ErrorAlert>}
        {/* Keyed by the answer, so that the fields show the values of the new state. */}
        <Form
          key={edit.key}
          method="post"
          preventScrollReset
          className="rt-stack"
          noValidate
          ref={formRef}
          aria-label={t("tender.edit")}
          onInput={edit.onEdit}
          onChange={edit.onEdit}
        >
          <input type="hidden" name="intent" value="tender.update" />
          <input type="hidden" name="version" value={edit.version} />
          <TenderFields values={edit.values} fieldErrors={fieldErrors} idPrefix="tender-" overview={overview} />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {busy ? t("common.saving") : t("tender.save")}
            </Button>
          </div>
        </Form>
      </div>
    </details>
  );
}

function lotValues(lot: Lot, locale: "nl" | "en"): LotFormValues {
  return {
    segment: lot.segment,
    title: lot.title,
    regionalProvidersMin: numberText(lot.regionalProvidersMin, locale),
    regionalProvidersMax: numberText(lot.regionalProvidersMax, locale),
    localProvidersMin: numberText(lot.localProvidersMin, locale),
    localProvidersMax: numberText(lot.localProvidersMax, locale),
    procedureOverride: lot.procedureOverride ?? "",
    notes: lot.notes,
  };
}

function LotsSection({ tender }: { tender: Tender }) {
  const t = useT();
  const overview = useWorkspace();
  const result = useOutcome();
  const [params] = useSearchParams();
  const failedRow = failedFor(result, ["lot.remove", "lot.participate"]);
  const editId = failedFor(result, ["lot.update", "lot.setStatus"])?.lotId || params.get(EDIT_LOT);
  const editing = tender.lots.find((l) => l.id === editId);
  const own = tender.ownMunicipalityId;
  return (
    <section className="rt-stack" aria-labelledby="lots-heading">
      <div className="rt-section-header">
        <Heading level={3} id="lots-heading">
          {t("lots.heading")} <span className="rt-muted">({tender.lots.length})</span>
        </Heading>
        {tender.lots.length > 0 && <CsvLink workspace={overview.slug} table="percelen" query={{ tender: tender.id }} />}
      </div>
      {own && <Paragraph className="rt-muted rt-tight">{t("lots.ownIntro", { name: overview.regions.flatMap((r) => r.municipalities).find((m) => m.id === own)?.name ?? "" })}</Paragraph>}
      <ErrorAlert>{refusal(t, failedRow)}</ErrorAlert>
      {tender.lots.length === 0 ? (
        <Paragraph className="rt-empty">{t("lots.empty")}</Paragraph>
      ) : (
        <div className="rt-table-scroll">
          <Table className="rt-table rt-table--lots">
            <TableCaption className="rt-visually-hidden">{t("lots.caption", { title: tender.title })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("lots.col.title")}</TableHeaderCell>
                {own && <TableHeaderCell scope="col">{t("lots.col.mine")}</TableHeaderCell>}
                <TableHeaderCell scope="col">{t("lots.col.regional")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.local")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.procedure")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.status")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.participants")}</TableHeaderCell>
                {tender.canEdit && (
                  <TableHeaderCell scope="col">
                    <span className="rt-visually-hidden">{t("lots.col.actions")}</span>
                  </TableHeaderCell>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
              {tender.lots.map((lot) => (
                <LotRow key={lot.id} lot={lot} tender={tender} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {tender.canEdit && editing && <EditLot key={editing.id} lot={editing} tender={tender} />}
      {tender.canEdit && <AddLot tender={tender} />}
    </section>
  );
}

function LotRow({ lot, tender }: { lot: Lot; tender: Tender }) {
  const t = useT();
  const joined = lot.participations.filter((p) => p.participating);
  const declined = lot.participations.filter((p) => !p.participating);
  return (
    <TableRow id={`lot-${lot.id}`}>
      <TableHeaderCell scope="row">
        {lot.segment && (
          <span className="rt-block rt-small rt-muted">
            {t("lots.col.segment")} {lot.segment}
          </span>
        )}
        {lot.title}
        {lot.notes && <span className="rt-block rt-small rt-muted">{lot.notes}</span>}
      </TableHeaderCell>
      {tender.ownMunicipalityId && (
        <TableCell>
          <ParticipationToggle lot={lot} municipalityId={tender.ownMunicipalityId} />
        </TableCell>
      )}
      <TableCell className="rt-nowrap">{providerRange(lot.regionalProvidersMin, lot.regionalProvidersMax)}</TableCell>
      <TableCell className="rt-nowrap">{providerRange(lot.localProvidersMin, lot.localProvidersMax)}</TableCell>
      <TableCell>{t(`code.${lot.procedureOverride ?? tender.procedure}`)}</TableCell>
      <TableCell>
        <StatusBadge status={lot.status} t={t} />
      </TableCell>
      <TableCell data-testid="lot-participants">
        {joined.length ? joined.map((p) => p.name).join(", ") : <span className="rt-muted">{t("lot.nobody")}</span>}
        {declined.length > 0 && <span className="rt-block rt-small rt-muted">{t("lot.declined", { names: declined.map((p) => p.name).join(", ") })}</span>}
      </TableCell>
      {tender.canEdit && (
        <TableCell className="rt-actions-cell">
          <LotActions lot={lot} tender={tender} />
        </TableCell>
      )}
    </TableRow>
  );
}

/** The member's own municipality opts in or out of a lot. */
function ParticipationToggle({ lot, municipalityId }: { lot: Lot; municipalityId: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "lot.participate" && navigation.formData.get("lotId") === lot.id;
  const state = lot.myParticipation;
  return (
    <Form method="post" preventScrollReset className="rt-participation">
      <input type="hidden" name="intent" value="lot.participate" />
      <input type="hidden" name="lotId" value={lot.id} />
      <input type="hidden" name="municipalityId" value={municipalityId} />
      <input type="hidden" name="participating" value={state ? "false" : "true"} />
      <span className={`rt-block rt-small rt-participation__state rt-participation__state--${state === null ? "open" : state ? "in" : "out"}`}>
        {t(state === null ? "lot.undecided" : state ? "lot.participating" : "lot.notParticipating")}
      </span>
      <Button
        type="submit"
        appearance={state ? "secondary-action-button" : "primary-action-button"}
        busy={busy}
        aria-label={t(state ? "lot.leave.label" : "lot.join.label", { title: lot.title })}
      >
        {t(state ? "lot.leave" : "lot.join")}
      </Button>
    </Form>
  );
}

/** Editors: edit the lot (its fields and status, below the table) or remove it (in two steps). */
function LotActions({ lot, tender }: { lot: Lot; tender: Tender }) {
  const t = useT();
  const overview = useWorkspace();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const target = `/w/${overview.slug}/aanbestedingen/${tender.id}`;
  const removing = navigation.state === "submitting" && navigation.formData?.get("intent") === "lot.remove" && navigation.formData.get("lotId") === lot.id;
  if (params.get(REMOVE_LOT) === lot.id) {
    return (
      <ConfirmRemove
        question={t("lot.remove.confirm", { title: lot.title })}
        target={target}
        hidden={{ intent: "lot.remove", lotId: lot.id }}
        busy={removing}
        cancelTo={`?#lot-${lot.id}`}
        id={`confirm-lot-${lot.id}`}
      />
    );
  }
  return (
    <span className="rt-row-actions">
      <Link
        to={`?${EDIT_LOT}=${lot.id}#lot-edit`}
        preventScrollReset
        className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle"
        aria-label={t("lot.edit.label", { title: lot.title })}
      >
        {t("record.edit")}
      </Link>
      <Link
        to={`?${REMOVE_LOT}=${lot.id}#lot-${lot.id}`}
        replace
        preventScrollReset
        className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle rt-remove-link"
        aria-label={t("lot.remove.label", { title: lot.title })}
      >
        {t("record.remove")}
      </Link>
    </span>
  );
}

/** Moves a lot along the lifecycle: only the allowed next statuses. */
function LotStatusForm({ lot, target }: { lot: Lot; target: string }) {
  const t = useT();
  const result = useOutcome();
  const navigation = useNavigation();
  const next = nextStatuses(lot.status);
  const failed = failedFor(result, ["lot.setStatus"], { lotId: lot.id });
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "lot.setStatus";
  return (
    <div className="rt-stack">
      <Paragraph className="rt-tight">
        {t("tender.status.current")} <StatusBadge status={lot.status} t={t} />
      </Paragraph>
      <ErrorAlert>{refusal(t, failed)}</ErrorAlert>
      {next.length === 0 ? (
        <Paragraph className="rt-muted">{t("tender.status.final")}</Paragraph>
      ) : (
        <Form method="post" action={`${target}?${EDIT_LOT}=${lot.id}`} preventScrollReset className="rt-filter">
          <input type="hidden" name="intent" value="lot.setStatus" />
          <input type="hidden" name="lotId" value={lot.id} />
          <input type="hidden" name="version" value={lot.version} />
          <SelectField name="status" idPrefix="lot-status-" label={t("lot.status.label", { title: lot.title })} defaultValue={next[0]} options={next.map((s) => ({ value: s, label: t(`code.${s}`) }))} />
          <Button type="submit" appearance="secondary-action-button" busy={busy}>
            {t("lot.status.change")}
          </Button>
        </Form>
      )}
    </div>
  );
}

/** The second step of a removal: the question, "Ja, verwijderen" (focused when it appears) and "Annuleren". */
function ConfirmRemove(props: { question: string; target: string; hidden: Record<string, string>; busy: boolean; cancelTo: string; id: string }) {
  const t = useT();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Form method="post" action={props.target} preventScrollReset className="rt-confirm" aria-labelledby={props.id}>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p id={props.id} className="rt-confirm__question">
        {props.question}
      </p>
      <div className="rt-inline-form">
        <Button type="submit" appearance="primary-action-button" hint="danger" busy={props.busy} ref={ref}>
          {t("tender.removeYes")}
        </Button>
        <Link to={props.cancelTo} replace preventScrollReset className="utrecht-link">
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}

function lotFieldLabel(t: T, field: string): string {
  const key = ({ regionalProvidersMin: "regionalMin", regionalProvidersMax: "regionalMax", localProvidersMin: "localMin", localProvidersMax: "localMax", procedureOverride: "procedure" } as Record<string, string>)[field] ?? field;
  return t(`lot.field.${key}`);
}

function EditLot({ lot, tender }: { lot: Lot; tender: Tender }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const result = useOutcome();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["lot.update"], { lotId: lot.id });
  const answer = answerFor(result, ["lot.update", "lot.setStatus"], (f) => f.lotValues, { lotId: lot.id });
  const edit = useEditSession({ version: lot.version, values: lotValues(lot, locale) }, answer);
  const { fieldErrors, formError } = formErrors(failed && !failed.stale ? failed.error : null, LOT_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "lot.update";
  const target = `/w/${overview.slug}/aanbestedingen/${tender.id}`;
  return (
    <section id="lot-edit" className="rt-card rt-card--accent rt-stack" aria-labelledby="lot-edit-heading">
      <Heading level={4} id="lot-edit-heading" ref={ref} tabIndex={-1}>
        {t("lot.edit.heading", { title: lot.title })}
      </Heading>
      <LotStatusForm lot={lot} target={target} />
      {failed?.stale ? <StaleAlert conflicts={edit.conflicts} label={(f) => lotFieldLabel(t, f)} /> : <ErrorAlert>{formError}</ErrorAlert>}
      {/* Posts to the page without ?perceel, so a successful save closes the form; a refusal keeps it open. */}
      <Form
        key={edit.key}
        method="post"
        action={target}
        preventScrollReset
        className="rt-stack"
        noValidate
        ref={formRef}
        aria-labelledby="lot-edit-heading"
        onInput={edit.onEdit}
        onChange={edit.onEdit}
      >
        <input type="hidden" name="intent" value="lot.update" />
        <input type="hidden" name="lotId" value={lot.id} />
        <input type="hidden" name="version" value={edit.version} />
        <LotFields values={edit.values} fieldErrors={fieldErrors} idPrefix="lot-edit-" tenderProcedure={tender.procedure} />
        <div className="rt-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {busy ? t("common.saving") : t("common.save")}
          </Button>
          <Link to={`${target}#lot-${lot.id}`} preventScrollReset className="utrecht-link">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}

function AddLot({ tender }: { tender: Tender }) {
  const t = useT();
  const overview = useWorkspace();
  const result = useOutcome();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["lot.add"]);
  const added = result?.ok && result.intent === "lot.add" ? result.at : undefined;
  const { fieldErrors, formError } = formErrors(failed?.error, LOT_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "lot.add";
  return (
    <section className="rt-card rt-stack" aria-labelledby="lot-add-heading">
      <Heading level={4} id="lot-add-heading">
        {t("lot.add")}
      </Heading>
      <ErrorAlert>{formError}</ErrorAlert>
      {/* A new, empty form after each added lot. */}
      <Form key={added ?? "new"} method="post" action={`/w/${overview.slug}/aanbestedingen/${tender.id}`} preventScrollReset className="rt-stack" noValidate ref={formRef} aria-labelledby="lot-add-heading">
        <input type="hidden" name="intent" value="lot.add" />
        <LotFields values={failed?.lotValues ?? EMPTY_LOT} fieldErrors={fieldErrors} idPrefix="lot-new-" tenderProcedure={tender.procedure} />
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {t("lot.add.submit")}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function MilestonesSection({ tender, today }: { tender: Tender; today: string }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const result = useOutcome();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const failedRow = failedFor(result, ["milestone.remove"]);
  const editId = failedFor(result, ["milestone.update"])?.milestoneId || params.get(EDIT_MILESTONE);
  const editing = tender.milestones.find((m) => m.id === editId);
  const target = `/w/${overview.slug}/aanbestedingen/${tender.id}`;
  const lotTitle = new Map(tender.lots.map((l) => [l.id, l.title]));
  return (
    <section className="rt-stack" aria-labelledby="milestones-heading">
      <Heading level={3} id="milestones-heading">
        {t("milestones.heading")} <span className="rt-muted">({tender.milestones.length})</span>
      </Heading>
      <ErrorAlert>{refusal(t, failedRow)}</ErrorAlert>
      {tender.milestones.length === 0 ? (
        <Paragraph className="rt-empty">{t("milestones.empty")}</Paragraph>
      ) : (
        <div className="rt-table-scroll">
          <Table className="rt-table rt-table--milestones">
            <TableCaption className="rt-visually-hidden">{t("milestones.caption", { title: tender.title })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("milestones.col.due")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.title")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.type")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.lot")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.status")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("milestones.col.met")}</TableHeaderCell>
                {tender.canEdit && (
                  <TableHeaderCell scope="col">
                    <span className="rt-visually-hidden">{t("lots.col.actions")}</span>
                  </TableHeaderCell>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
              {tender.milestones.map((m) => {
                const overdue = isOverdue(m, today);
                const confirming = params.get(REMOVE_MILESTONE) === m.id;
                const removing = navigation.state === "submitting" && navigation.formData?.get("intent") === "milestone.remove" && navigation.formData.get("milestoneId") === m.id;
                return (
                  <TableRow key={m.id} id={`milestone-${m.id}`} className={overdue ? "rt-row--overdue" : undefined}>
                    <TableCell className="rt-nowrap">{formatDate(m.dueDate, locale)}</TableCell>
                    <TableHeaderCell scope="row">
                      {m.title}
                      {m.description && <span className="rt-block rt-small rt-muted">{m.description}</span>}
                    </TableHeaderCell>
                    <TableCell>{t(`code.${m.type}`)}</TableCell>
                    <TableCell>{m.lotId ? (lotTitle.get(m.lotId) ?? "—") : t("milestone.wholeTender")}</TableCell>
                    <TableCell>
                      {t(`code.${m.status}`)}
                      {overdue && <span className="rt-badge rt-badge--overdue">{t("milestone.overdue")}</span>}
                    </TableCell>
                    <TableCell className="rt-nowrap">{formatDate(m.dateMet, locale)}</TableCell>
                    {tender.canEdit && (
                      <TableCell className="rt-actions-cell">
                        <MilestoneActions milestone={m} target={target} confirming={confirming} removing={removing} />
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {tender.canEdit && editing && <EditMilestone key={editing.id} milestone={editing} tender={tender} />}
      {tender.canEdit && <AddMilestone tender={tender} />}
    </section>
  );
}

function MilestoneActions({ milestone, target, confirming, removing }: { milestone: Milestone; target: string; confirming: boolean; removing: boolean }) {
  const t = useT();
  if (confirming) {
    return (
      <ConfirmRemove
        question={t("milestone.remove.confirm", { title: milestone.title })}
        target={target}
        hidden={{ intent: "milestone.remove", milestoneId: milestone.id }}
        busy={removing}
        cancelTo={`?#milestone-${milestone.id}`}
        id={`confirm-milestone-${milestone.id}`}
      />
    );
  }
  return (
    <span className="rt-inline-form">
      <Link
        to={`?${EDIT_MILESTONE}=${milestone.id}#milestone-edit`}
        preventScrollReset
        className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle"
        aria-label={t("milestone.edit.label", { title: milestone.title })}
      >
        {t("record.edit")}
      </Link>
      <Link
        to={`?${REMOVE_MILESTONE}=${milestone.id}#milestone-${milestone.id}`}
        replace
        preventScrollReset
        className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle rt-remove-link"
        aria-label={t("milestone.remove.label", { title: milestone.title })}
      >
        {t("record.remove")}
      </Link>
    </span>
  );
}

function milestoneValues(m: Milestone): MilestoneFormValues {
  return { lotId: m.lotId ?? "", type: m.type, title: m.title, description: m.description, dueDate: m.dueDate ?? "", dateMet: m.dateMet ?? "", status: m.status };
}

function EditMilestone({ milestone, tender }: { milestone: Milestone; tender: Tender }) {
  const t = useT();
  const overview = useWorkspace();
  const result = useOutcome();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["milestone.update"], { milestoneId: milestone.id });
  const answer = answerFor(result, ["milestone.update"], (f) => f.milestoneValues, { milestoneId: milestone.id });
  const edit = useEditSession({ version: milestone.version, values: milestoneValues(milestone) }, answer);
  const { fieldErrors, formError } = formErrors(failed && !failed.stale ? failed.error : null, MILESTONE_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "milestone.update";
  const target = `/w/${overview.slug}/aanbestedingen/${tender.id}`;
  return (
    <section id="milestone-edit" className="rt-card rt-card--accent rt-stack" aria-labelledby="milestone-edit-heading">
      <Heading level={4} id="milestone-edit-heading" ref={ref} tabIndex={-1}>
        {t("milestone.edit.heading", { title: milestone.title })}
      </Heading>
      {failed?.stale ? <StaleAlert conflicts={edit.conflicts} label={(f) => t(`milestone.field.${f === "lotId" ? "lot" : f}`)} /> : <ErrorAlert>{formError}</ErrorAlert>}
      <Form
        key={edit.key}
        method="post"
        action={target}
        preventScrollReset
        className="rt-stack"
        noValidate
        ref={formRef}
        aria-labelledby="milestone-edit-heading"
        onInput={edit.onEdit}
        onChange={edit.onEdit}
      >
        <input type="hidden" name="intent" value="milestone.update" />
        <input type="hidden" name="milestoneId" value={milestone.id} />
        <input type="hidden" name="version" value={edit.version} />
        <MilestoneFields values={edit.values} fieldErrors={fieldErrors} idPrefix="milestone-edit-" lots={tender.lots} />
        <div className="rt-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {busy ? t("common.saving") : t("common.save")}
          </Button>
          <Link to={`${target}#milestone-${milestone.id}`} preventScrollReset className="utrecht-link">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}

function AddMilestone({ tender }: { tender: Tender }) {
  const t = useT();
  const overview = useWorkspace();
  const result = useOutcome();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = failedFor(result, ["milestone.add"]);
  const added = result?.ok && result.intent === "milestone.add" ? result.at : undefined;
  const { fieldErrors, formError } = formErrors(failed?.error, MILESTONE_FIELDS);
  useFocusFirstInvalid(formRef, failed?.at);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "milestone.add";
  return (
    <details className="rt-card rt-disclosure" open={failed ? true : undefined}>
      <summary>
        <span className="rt-disclosure__title">{t("milestone.add")}</span>
      </summary>
      <div className="rt-stack">
        <ErrorAlert>{formError}</ErrorAlert>
        <Form
          key={added ?? "new"}
          method="post"
          action={`/w/${overview.slug}/aanbestedingen/${tender.id}`}
          preventScrollReset
          className="rt-stack"
          noValidate
          ref={formRef}
          aria-label={t("milestone.add")}
        >
          <input type="hidden" name="intent" value="milestone.add" />
          <MilestoneFields values={failed?.milestoneValues ?? EMPTY_MILESTONE} fieldErrors={fieldErrors} idPrefix="milestone-new-" lots={tender.lots} />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {t("milestone.add.submit")}
            </Button>
          </div>
        </Form>
      </div>
    </details>
  );
}
