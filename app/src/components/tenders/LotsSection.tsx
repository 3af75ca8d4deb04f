import { Form, useSearchParams } from "@remix-run/react";
import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { ActionsHeaderCell } from "~/components/records/ActionsHeaderCell";
import { CsvLink } from "~/components/records/ExportLinks";
import { useSubmitting } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { formatEuro, providerRange } from "~/lib/tenders";
import { useWorkspace } from "~/lib/workspace";
import { useLocale, useT, type T } from "~/i18n/use-t";
import { AddLot, EditLot } from "./LotEdit";
import { RowActions } from "./RowActions";
import { EDIT_LOT, failedFor, useTenderOutcome, type Lot, type Tender } from "./tender-page";
import { StatusBadge } from "./vocabulary";

/**
 * The tender's lots: a table with each lot's provider ranges, status and participants. Each lot
 * says what the member may do with it (the API's flags): its owners edit, remove and add lots; a
 * municipality opts its own participation in or out while the lot is open.
 */
export function LotsSection({ tender }: { tender: Tender }) {
  const t = useT();
  const overview = useWorkspace();
  const result = useTenderOutcome();
  const [params] = useSearchParams();
  const failedRow = failedFor(result, ["lot.remove", "lot.participate"]);
  const editId = failedFor(result, ["lot.update", "lot.setStatus"])?.lotId || params.get(EDIT_LOT);
  const editing = tender.lots.find((l) => l.id === editId && l.canEdit);
  const own = tender.ownMunicipalityId;
  const actions = tender.lots.some((l) => l.canEdit || l.canRemove || l.removalNeedsCoordinator);
  return (
    <section className="rt-stack" aria-labelledby="lots-heading">
      <div className="rt-section-header">
        <Heading level={2} appearance="utrecht-heading-3" id="lots-heading">
          {t("lots.heading")} <span className="rt-muted">({tender.lots.length})</span>
        </Heading>
        {tender.lots.length > 0 && <CsvLink workspace={overview.slug} table="percelen" query={{ tender: tender.id }} />}
      </div>
      {own && <Paragraph className="rt-muted rt-tight">{t("lots.ownIntro", { name: overview.regions.flatMap((r) => r.municipalities).find((m) => m.id === own)?.name ?? "" })}</Paragraph>}
      <RefusalAlert stale={failedRow?.stale} formError={failedRow?.error.message} />
      {tender.lots.length === 0 ? (
        <Paragraph className="rt-empty">{t("lots.empty")}</Paragraph>
      ) : (
        <div className="rt-table-scroll" tabIndex={0}>
          <Table className="rt-table rt-table--lots">
            <TableCaption className="rt-visually-hidden">{t("lots.caption", { title: tender.title })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("lots.col.title")}</TableHeaderCell>
                {own && <TableHeaderCell scope="col">{t("lots.col.mine")}</TableHeaderCell>}
                <TableHeaderCell scope="col">{t("lots.col.regional")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.local")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.value")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.procedure")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.status")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("lots.col.participants")}</TableHeaderCell>
                {actions && <ActionsHeaderCell label={t("lots.col.actions")} />}
              </TableRow>
            </TableHeader>
            <TableBody>
              {tender.lots.map((lot) => (
                <LotRow key={lot.id} lot={lot} tender={tender} actions={actions} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {editing && <EditLot key={editing.id} lot={editing} tender={tender} />}
      {tender.canEdit && <AddLot tender={tender} />}
    </section>
  );
}

function LotRow({ lot, tender, actions }: { lot: Lot; tender: Tender; actions: boolean }) {
  const t = useT();
  const locale = useLocale();
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
          {lot.canParticipate ? <ParticipationToggle lot={lot} municipalityId={tender.ownMunicipalityId} /> : <ParticipationState state={lot.myParticipation} />}
        </TableCell>
      )}
      <TableCell className="rt-nowrap">{providerRange(lot.regionalProvidersMin, lot.regionalProvidersMax)}</TableCell>
      <TableCell className="rt-nowrap">{providerRange(lot.localProvidersMin, lot.localProvidersMax)}</TableCell>
      <TableCell className="rt-nowrap">{formatEuro(lot.expectedValue, locale)}</TableCell>
      <TableCell>{t(`code.${lot.procedureOverride ?? tender.procedure}`)}</TableCell>
      <TableCell>
        <StatusBadge status={lot.status} t={t} />
      </TableCell>
      <TableCell data-testid="lot-participants">
        {joined.length ? joined.map((p) => p.name).join(", ") : <span className="rt-muted">{t("lot.nobody")}</span>}
        {declined.length > 0 && <span className="rt-block rt-small rt-muted">{t("lot.declined", { names: declined.map((p) => p.name).join(", ") })}</span>}
      </TableCell>
      {actions && (
        <TableCell className="rt-actions-cell">
          <RowActions
            kind="lot"
            record={lot}
            tender={tender}
            className="rt-row-actions"
            canEdit={lot.canEdit}
            canRemove={lot.canRemove}
            removeDetails={removalDetails(t, lot, tender)}
          />
          {lot.removalNeedsCoordinator && <span className="rt-block rt-small rt-muted">{t("lot.remove.needsCoordinator")}</span>}
        </TableCell>
      )}
    </TableRow>
  );
}

/** What removing a lot takes with it, which undo brings back (null when nothing). */
function removalDetails(t: T, lot: Lot, tender: Tender): string | null {
  const milestones = tender.milestones.filter((m) => m.lotId === lot.id).length;
  if (lot.participations.length === 0 && milestones === 0) return null;
  return t("lot.remove.keeps", { choices: lot.participations.length, milestones });
}

/** The own municipality's choice for a lot that no longer changes. */
function ParticipationState({ state }: { state: boolean | null }) {
  const t = useT();
  return (
    <span className={`rt-block rt-small rt-participation__state rt-participation__state--${state === null ? "open" : state ? "in" : "out"}`}>
      {t(state === null ? "lot.undecided" : state ? "lot.participating" : "lot.notParticipating")}
    </span>
  );
}

/** The member's own municipality opts in or out of a lot. */
function ParticipationToggle({ lot, municipalityId }: { lot: Lot; municipalityId: string }) {
  const t = useT();
  const busy = useSubmitting({ intent: "lot.participate", lotId: lot.id });
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
