import { createInitialSnapshot, type Db } from "@regiotafel/db";
import { strategyOutlineBlocks, type OutlineBlock } from "@regiotafel/domain";
import { initialState } from "./content";

interface DemoDocument {
  workspace: string;
  kind: "STRATEGY" | "GOVERNANCE";
  title: string;
  region?: string;
  blocks: OutlineBlock[];
}

const h = (level: 1 | 2, text: string): OutlineBlock => ({ type: "heading", level, text });
const p = (text: string): OutlineBlock => ({ type: "paragraph", text });

// Facts from DOMAIN.md (seeds 001 and 003).
const DEMO_DOCUMENTS: DemoDocument[] = [
  {
    workspace: "limburg",
    kind: "STRATEGY",
    title: "Gezamenlijke inkoopstrategie sociaal domein Limburg",
    blocks: strategyOutlineBlocks("Gezamenlijke inkoopstrategie sociaal domein Limburg"),
  },
  {
    workspace: "limburg",
    kind: "GOVERNANCE",
    title: "Governance bovenregionale samenwerking Noord- en Midden-Limburg",
    blocks: [
      h(1, "Governance bovenregionale samenwerking Noord- en Midden-Limburg"),
      p("Vanaf 1 januari 2022 maken de 14 gemeenten van Noord- en Midden-Limburg afspraken over beschermd wonen, maatschappelijke opvang, bemoeizorg en OGGz-preventie: budgetverdeling, financieel risico en samenwerking."),
      p("Voorstel: een module toevoegen aan de MGR Sociaal Domein Limburg-Noord."),
    ],
  },
  {
    workspace: "limburg",
    kind: "GOVERNANCE",
    region: "noord-limburg",
    title: "Governance Noord-Limburg",
    blocks: [
      h(1, "Governance Noord-Limburg"),
      h(2, "Organisatievorm"),
      p("MGR Sociaal Domein Limburg-Noord: een gemeenschappelijke regeling (Wgr) met rechtspersoonlijkheid."),
      h(2, "Organen"),
      p("Dagelijks Bestuur, Algemeen Bestuur en een voorzitter."),
    ],
  },
  {
    workspace: "limburg",
    kind: "GOVERNANCE",
    region: "midden-limburg-oost",
    title: "Governance Midden-Limburg Oost",
    blocks: [
      h(1, "Governance Midden-Limburg Oost"),
      h(2, "Organisatievorm"),
      p("Samenwerkingsovereenkomst, zonder rechtspersoon."),
      h(2, "Organen"),
      p("Een werkgroep governance voor de Norm voor Opdrachtgeverschap."),
    ],
  },
  {
    workspace: "limburg",
    kind: "GOVERNANCE",
    region: "midden-limburg-west",
    title: "Governance Midden-Limburg West",
    blocks: [
      h(1, "Governance Midden-Limburg West"),
      h(2, "Organisatievorm"),
      p("Convenant (geactualiseerd op 3 juli 2018, raadsperiode 2018–2022), zonder rechtspersoon."),
      h(2, "Organen"),
      p("Ambtelijke regiegroep en stuurgroep."),
    ],
  },
  {
    workspace: "rivierenland",
    kind: "STRATEGY",
    title: "Inkoopstrategie Wmo en Jeugd Rivierenland",
    blocks: strategyOutlineBlocks("Inkoopstrategie Wmo en Jeugd Rivierenland"),
  },
];

/** Creates the demo workspaces' documents once (after seedDemoData). */
export async function seedDemoDocuments(prisma: Db): Promise<boolean> {
  const limburg = await prisma.workspace.findUnique({ where: { slug: "limburg" }, select: { id: true } });
  if (!limburg || (await prisma.document.count({ where: { workspaceId: limburg.id } })) > 0) return false;
  await prisma.$transaction(async (tx) => {
    for (const d of DEMO_DOCUMENTS) {
      const workspace = await tx.workspace.findUniqueOrThrow({ where: { slug: d.workspace }, select: { id: true } });
      const region = d.region ? await tx.region.findUniqueOrThrow({ where: { slug: d.region }, select: { id: true } }) : null;
      const doc = await tx.document.create({
        data: {
          workspaceId: workspace.id,
          kind: d.kind,
          title: d.title,
          ownerRegionId: region?.id ?? null,
          editRole: d.kind === "GOVERNANCE" ? "COORDINATOR" : "EDITOR",
          searchText: d.blocks.map((b) => b.text).join("\n"),
        },
        select: { id: true },
      });
      await createInitialSnapshot(tx, doc.id, initialState(d.blocks));
    }
  });
  return true;
}
