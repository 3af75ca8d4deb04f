import { DEMO_GOVERNANCE, DEMO_MARKET_2019, DEMO_SEGMENT, DEMO_STAFFING, DEMO_TENDERS } from "../../../prisma/seed/records-data";
import type { Db, Tx } from "./client";
const day = (iso?: string) => (iso ? new Date(`${iso}T00:00:00.000Z`) : null);

/**
 * Creates the demo procurement records (after seedDemoData): governance, NvO checklists,
 * staffing, tenders with lots, participation and milestones, the supra-regional segment and
 * Rivierenland's market analysis. Does nothing once Limburg has tenders.
 */
export async function seedDemoRecords(prisma: Db): Promise<boolean> {
  const limburg = await prisma.workspace.findUnique({ where: { slug: "limburg" }, select: { id: true } });
  if (!limburg || (await prisma.tender.count({ where: { workspaceId: limburg.id } })) > 0) return false;

  await prisma.$transaction(
    async (tx) => {
      const workspaces = new Map((await tx.workspace.findMany({ select: { id: true, slug: true } })).map((w) => [w.slug, w.id]));
      const regions = new Map((await tx.region.findMany({ select: { id: true, slug: true } })).map((r) => [r.slug, r.id]));
      const orgs = await tx.organisation.findMany({ select: { id: true, slug: true, kind: true, regionId: true, region: { select: { slug: true } } } });
      const org = (slug: string) => orgs.find((o) => o.slug === slug)!.id;
      const municipalitiesOf = (regionSlug: string) => orgs.filter((o) => o.kind === "MUNICIPALITY" && o.region?.slug === regionSlug).map((o) => o.id);
      const municipalitiesOfWorkspace = async (workspaceId: string) => {
        const links = await tx.workspaceRegion.findMany({ where: { workspaceId }, include: { region: { select: { slug: true } } } });
        return links.flatMap((l) => municipalitiesOf(l.region.slug));
      };

      await seedGovernance(tx, limburg.id, regions);

      for (const line of DEMO_STAFFING) {
        await tx.staffingLine.create({
          data: {
            workspaceId: limburg.id,
            regionId: regions.get(line.region)!,
            function: line.function,
            fteCurrent: line.current,
            fteMinimum: line.minimum,
            employment: line.employment ?? "EMPLOYED",
            notes: line.notes ?? "",
            sortOrder: DEMO_STAFFING.indexOf(line),
          },
        });
      }

      const tenderIds = new Map<string, string>();
      const lotIds = new Map<string, string>();
      for (const t of DEMO_TENDERS) {
        const workspaceId = workspaces.get(t.workspace)!;
        const participants =
          t.participants === "region" ? municipalitiesOf(t.region!) : t.participants === "workspace" ? await municipalitiesOfWorkspace(workspaceId) : t.participants.map(org);
        const tender = await tx.tender.create({
          data: {
            workspaceId,
            ownerRegionId: t.region ? regions.get(t.region)! : null,
            title: t.title,
            description: t.description ?? "",
            domain: t.domain,
            level: t.level,
            procedure: t.procedure,
            procuringEntityId: org(t.procuringEntity),
            status: t.status,
            contractStart: day(t.contractStart),
            contractEnd: day(t.contractEnd),
            extensionOptions: t.extensionOptions ?? "",
            estimatedValue: t.estimatedValue ?? null,
            sroiPercentage: t.sroiPercentage ?? null,
            sroiThreshold: t.sroiThreshold ?? null,
            fundingModel: t.fundingModel ?? null,
            participants: { create: participants.map((organisationId) => ({ organisationId })) },
          },
        });
        tenderIds.set(t.title, tender.id);
        for (const [i, l] of t.lots.entries()) {
          const optedIn = l.participants === "region" ? municipalitiesOf(t.region!) : (l.participants ?? []).map(org);
          const lot = await tx.lot.create({
            data: {
              tenderId: tender.id,
              title: l.title,
              segment: l.segment ?? "",
              regionalProvidersMin: l.regional?.[0] ?? null,
              regionalProvidersMax: l.regional?.[1] ?? null,
              localProvidersMin: l.local?.[0] ?? null,
              localProvidersMax: l.local?.[1] ?? null,
              procedureOverride: l.procedure ?? null,
              status: t.status,
              notes: l.notes ?? "",
              sortOrder: i,
              participations: { create: optedIn.map((municipalityId) => ({ municipalityId, participating: true })) },
            },
          });
          lotIds.set(l.title, lot.id);
        }
        for (const m of t.milestones ?? []) {
          await tx.milestone.create({
            data: { tenderId: tender.id, type: m.type, title: m.title, dueDate: day(m.due), dateMet: day(m.met), status: m.status ?? "SCHEDULED" },
          });
        }
      }

      const all = await municipalitiesOfWorkspace(limburg.id);
      await tx.segment.create({
        data: {
          workspaceId: workspaces.get(DEMO_SEGMENT.workspace)!,
          name: DEMO_SEGMENT.name,
          domain: DEMO_SEGMENT.domain,
          level: DEMO_SEGMENT.level,
          leadRegionId: regions.get(DEMO_SEGMENT.leadRegion)!,
          budgetSplit: DEMO_SEGMENT.budgetSplit,
          riskSharing: DEMO_SEGMENT.riskSharing,
          cooperation: DEMO_SEGMENT.cooperation,
          regions: { create: ["noord-limburg", "midden-limburg-oost", "midden-limburg-west"].map((slug) => ({ regionId: regions.get(slug)! })) },
          municipalities: { create: all.map((municipalityId) => ({ municipalityId })) },
          tenders: { create: [{ tenderId: tenderIds.get(DEMO_SEGMENT.tender)! }] },
        },
      });

      const rivierenland = workspaces.get("rivierenland")!;
      for (const f of DEMO_MARKET_2019) {
        await tx.marketFigure.create({
          data: {
            workspaceId: rivierenland,
            lotId: lotIds.get(f.lot) ?? null,
            label: f.lot.replace(/^(Wmo|Jeugd): /, ""),
            domain: f.domain,
            year: 2019,
            spend: f.spend,
            providers: f.providers,
            clients: f.clients,
            top3Share: f.top3,
            top10Share: f.top10,
          },
        });
      }
    },
    { timeout: 120_000 },
  );
  return true;
}

async function seedGovernance(tx: Tx, workspaceId: string, regions: Map<string, string>) {
  for (const g of DEMO_GOVERNANCE) {
    const regionId = g.region ? regions.get(g.region)! : null;
    const model = await tx.governanceModel.create({
      data: { workspaceId, regionId, organisationForm: g.form, description: g.description },
    });
    const bodies = new Map<string, string>();
    for (const [i, b] of g.bodies.entries()) {
      const body = await tx.governanceBody.create({ data: { modelId: model.id, kind: b.kind, name: b.name, sortOrder: i } });
      bodies.set(b.name, body.id);
    }
    for (const d of g.decisions ?? []) {
      await tx.decision.create({
        data: { workspaceId, regionId, bodyId: d.body ? (bodies.get(d.body) ?? null) : null, date: day(d.date)!, title: d.title, decision: d.decision },
      });
    }
    for (let agreement = 1; agreement <= 8; agreement++) {
      const check = g.nvo?.[agreement];
      await tx.nvoCheck.create({ data: { workspaceId, regionId, agreement, status: check?.status ?? "NOT_STARTED", notes: check?.notes ?? "" } });
    }
  }
}
