import type { AppLoadContext } from "@remix-run/node";
import { fieldNames, idSchema, lotSchema, SOCIAL_DOMAINS, tenderStatusSchema } from "@regiotafel/domain";
import { z } from "zod";
import { toCsv, type CsvColumn } from "./csv";
import { LOT_FIELD_LABELS } from "./tenders";
import { makeT, type T } from "~/i18n/use-t";

type Api = AppLoadContext["api"];
type Rows<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
const isoDate = optional(z.iso.date());

/** A CSV file of a table view: its rows fetched through the API (so tenancy applies) and its columns. */
async function build<R>(rows: Promise<readonly R[]>, columns: (t: T) => CsvColumn<R>[], t: T) {
  return toCsv(columns(t), await rows);
}

const code = (t: T) => (value: string | null | undefined) => (value ? t(`code.${value}`) : "");

/**
 * Every table view that can be downloaded, by the file name in /w/<workspace>/export/<name>.csv.
 * Query parameters carry the view's filters; invalid ones are ignored (the unfiltered view).
 */
export const CSV_TABLES: Record<string, (api: Api, workspace: string, query: URLSearchParams, t: T) => Promise<string>> = {
  aanbestedingen: (api, workspace, query, t) => {
    const filter = z
      .object({ status: optional(tenderStatusSchema), domain: optional(z.enum(SOCIAL_DOMAINS)), regionId: optional(idSchema) })
      .catch({ status: undefined, domain: undefined, regionId: undefined })
      .parse(Object.fromEntries(query));
    type Row = Rows<Api["tender"]["board"]>["tenders"][number];
    return build<Row>(api.tender.board({ workspace, ...filter }).then((b) => b.tenders), (t) => [
      { header: t("csv.title"), value: (r) => r.title },
      { header: t("csv.domain"), value: (r) => code(t)(r.domain) },
      { header: t("csv.level"), value: (r) => code(t)(r.level) },
      { header: t("csv.procedure"), value: (r) => code(t)(r.procedure) },
      { header: t("csv.status"), value: (r) => code(t)(r.status) },
      { header: t("csv.region"), value: (r) => r.ownerRegion },
      { header: t("csv.procuringEntity"), value: (r) => r.procuringEntity },
      { header: t("csv.lots"), value: (r) => r.lots },
      { header: t("csv.participants"), value: (r) => r.participants },
      { header: t("csv.nextMilestone"), value: (r) => r.nextMilestone },
      { header: t("csv.nextMilestoneDate"), value: (r) => r.nextMilestoneDate },
      { header: t("csv.contractStart"), value: (r) => r.contractStart },
      { header: t("csv.estimatedValue"), value: (r) => r.estimatedValue },
    ], t);
  },
  planning: (api, workspace, query, t) => {
    const range = z.object({ from: isoDate, to: isoDate }).catch({ from: undefined, to: undefined }).parse(Object.fromEntries(query));
    type Row = Rows<Api["tender"]["timeline"]>[number];
    return build<Row>(api.tender.timeline({ workspace, from: range.from ?? null, to: range.to ?? null }), (t) => [
      { header: t("csv.dueDate"), value: (r) => r.dueDate },
      { header: t("csv.milestone"), value: (r) => r.title },
      { header: t("csv.type"), value: (r) => code(t)(r.type) },
      { header: t("csv.status"), value: (r) => code(t)(r.status) },
      { header: t("csv.dateMet"), value: (r) => r.dateMet },
      { header: t("csv.tender"), value: (r) => r.tender },
      { header: t("csv.lot"), value: (r) => r.lot },
    ], t);
  },
  percelen: async (api, workspace, query, t) => {
    const tenderId = idSchema.safeParse(query.get("tender"));
    if (!tenderId.success) throw new Response("Niet gevonden", { status: 404 });
    const tender = await api.tender.get({ workspace, tenderId: tenderId.data });
    type Row = (typeof tender.lots)[number];
    return build<Row>(Promise.resolve(tender.lots), (t) => [
      { header: t("csv.tender"), value: () => tender.title },
      // Every field of the lot's contract, labelled as in its form (a new field comes along).
      ...fieldNames(lotSchema).map(
        (field): CsvColumn<Row> => ({
          header: t(LOT_FIELD_LABELS[field]),
          value: field === "procedureOverride" ? (r) => code(t)(r.procedureOverride ?? tender.procedure) : (r) => r[field],
        }),
      ),
      { header: t("csv.status"), value: (r) => code(t)(r.status) },
      { header: t("csv.participating"), value: (r) => r.participations.filter((p) => p.participating).map((p) => p.name).join(", ") },
      { header: t("csv.notParticipating"), value: (r) => r.participations.filter((p) => !p.participating).map((p) => p.name).join(", ") },
    ], t);
  },
  formatie: async (api, workspace, _query, t) => {
    const units = await api.staffing.list({ workspace });
    type Row = { unit: (typeof units)[number]; line: (typeof units)[number]["lines"][number] };
    return build<Row>(Promise.resolve(units.flatMap((unit) => unit.lines.map((line) => ({ unit, line })))), (t) => [
      { header: t("csv.region"), value: (r) => r.unit.regionName },
      { header: t("csv.unit"), value: (r) => r.unit.name },
      { header: t("csv.function"), value: (r) => r.line.function },
      { header: t("csv.fteCurrent"), value: (r) => r.line.fteCurrent },
      { header: t("csv.fteMinimum"), value: (r) => r.line.fteMinimum ?? "PM" },
      { header: t("csv.employment"), value: (r) => code(t)(r.line.employment) },
      { header: t("csv.notes"), value: (r) => r.line.notes },
    ], t);
  },
  "formatie-vergelijking": (api, workspace, _query, t) => {
    type Row = Rows<Api["staffing"]["comparison"]>[number];
    return build<Row>(api.staffing.comparison({ workspace }), (t) => [
      { header: t("csv.region"), value: (r) => r.regionName },
      { header: t("csv.unit"), value: (r) => r.name },
      { header: t("csv.unitKind"), value: (r) => t(`csv.unitKind.${r.kind}`) },
      { header: t("csv.functions"), value: (r) => r.functions },
      { header: t("csv.fteCurrent"), value: (r) => r.current },
      { header: t("csv.fteMinimum"), value: (r) => r.minimum },
      { header: t("csv.gap"), value: (r) => r.gap },
      { header: t("csv.undecided"), value: (r) => r.undecided },
      { header: t("csv.employed"), value: (r) => r.employed },
      { header: t("csv.hired"), value: (r) => r.hired },
    ], t);
  },
  besluiten: async (api, workspace, _query, t) => {
    const governance = await api.governance.get({ workspace });
    const regionName = new Map(governance.units.map((u) => [u.regionId, u.regionName]));
    type Row = (typeof governance.decisions)[number];
    return build<Row>(Promise.resolve(governance.decisions), (t) => [
      { header: t("csv.date"), value: (r) => r.date },
      { header: t("csv.region"), value: (r) => (r.regionId ? regionName.get(r.regionId) : t("csv.wholeWorkspace")) },
      { header: t("csv.body"), value: (r) => r.body },
      { header: t("csv.title"), value: (r) => r.title },
      { header: t("csv.decision"), value: (r) => r.decision },
      { header: t("csv.documents"), value: (r) => r.documents.map((d) => (d.url ? `${d.title} (${d.url})` : d.title)).join(", ") },
    ], t);
  },
  nvo: async (api, workspace, _query, t) => {
    const governance = await api.governance.get({ workspace });
    type Unit = (typeof governance.units)[number];
    type Row = { unit: Unit; check: Unit["nvo"][number] };
    return build<Row>(Promise.resolve(governance.units.flatMap((unit) => unit.nvo.map((check) => ({ unit, check })))), (t) => [
      { header: t("csv.region"), value: (r) => r.unit.regionName ?? t("csv.wholeWorkspace") },
      { header: t("csv.agreement"), value: (r) => r.check.agreement },
      { header: t("csv.title"), value: (r) => r.check.text },
      { header: t("csv.status"), value: (r) => code(t)(r.check.status) },
      { header: t("csv.notes"), value: (r) => r.check.notes },
    ], t);
  },
  segmenten: (api, workspace, _query, t) => {
    type Row = Rows<Api["segment"]["list"]>["segments"][number];
    return build<Row>(api.segment.list({ workspace }).then((s) => s.segments), (t) => [
      { header: t("csv.segment"), value: (r) => r.name },
      { header: t("csv.domain"), value: (r) => code(t)(r.domain) },
      { header: t("csv.level"), value: (r) => code(t)(r.level) },
      { header: t("csv.leadRegion"), value: (r) => r.leadRegion?.name },
      { header: t("csv.centralMunicipality"), value: (r) => r.centralMunicipality?.name },
      { header: t("csv.regions"), value: (r) => r.regions.map((x) => x.name).join(", ") },
      { header: t("csv.municipalities"), value: (r) => r.municipalities.map((x) => x.name).join(", ") },
      { header: t("csv.budgetSplit"), value: (r) => r.budgetSplit },
      { header: t("csv.riskSharing"), value: (r) => r.riskSharing },
      { header: t("csv.cooperation"), value: (r) => r.cooperation },
      { header: t("csv.tenders"), value: (r) => r.tenders.map((x) => x.title).join(", ") },
    ], t);
  },
  marktanalyse: (api, workspace, query, t) => {
    const year = z.coerce.number().int().min(2000).max(2100).optional().catch(undefined).parse(query.get("jaar") || undefined);
    type Row = Rows<Api["market"]["get"]>["figures"][number];
    return build<Row>(api.market.get({ workspace, year }).then((m) => m.figures), (t) => [
      { header: t("csv.year"), value: (r) => r.year },
      { header: t("csv.label"), value: (r) => r.label },
      { header: t("csv.domain"), value: (r) => code(t)(r.domain) },
      { header: t("csv.lot"), value: (r) => r.lot?.title },
      { header: t("csv.spend"), value: (r) => r.spend },
      { header: t("csv.providers"), value: (r) => r.providers },
      { header: t("csv.clients"), value: (r) => r.clients },
      { header: t("csv.top3"), value: (r) => r.top3Share },
      { header: t("csv.top10"), value: (r) => r.top10Share },
    ], t);
  },
};

/** The CSV of table `name` in the requester's language; a 404 for an unknown table. */
export async function exportCsv(context: AppLoadContext, workspace: string, name: string, query: URLSearchParams): Promise<string> {
  const table = Object.hasOwn(CSV_TABLES, name) ? CSV_TABLES[name] : undefined;
  if (!table) throw new Response("Niet gevonden", { status: 404 });
  return table(context.api, workspace, query, makeT(context.locale));
}
