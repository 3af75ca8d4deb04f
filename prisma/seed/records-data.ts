// Demo procurement records: the Limburg facts of DOMAIN.md (seeds 001, 003) and
// Rivierenland's 2019 market analysis (seed 002, table 1). Pure data; packages/db/src/seed-records.ts writes it.

import type {
  ChecklistStatus,
  Employment,
  FundingModel,
  MilestoneStatus,
  MilestoneType,
  OrganisationForm,
  GovernanceBodyKind,
  Procedure,
  ProcurementLevel,
  SocialDomain,
} from "../../packages/domain/src/procurement/vocabulary";
import type { TenderStatus } from "../../packages/domain/src/procurement/lifecycle";

type Range = [number | null, number | null];

export interface DemoLot {
  title: string;
  segment?: string;
  regional?: Range;
  local?: Range;
  procedure?: Procedure;
  notes?: string;
  /** Municipalities (slugs) that opted in; "region" = every municipality of the owner region. */
  participants?: string[] | "region";
}

export interface DemoMilestone {
  type: MilestoneType;
  title: string;
  due: string;
  met?: string;
  status?: MilestoneStatus;
}

export interface DemoTender {
  workspace: string;
  region: string | null;
  title: string;
  description?: string;
  domain: SocialDomain;
  level: ProcurementLevel;
  procedure: Procedure;
  /** Slug of the procuring organisation. */
  procuringEntity: string;
  participants: string[] | "region" | "workspace";
  status: TenderStatus;
  contractStart?: string;
  contractEnd?: string;
  extensionOptions?: string;
  estimatedValue?: number;
  sroiPercentage?: number;
  sroiThreshold?: number;
  fundingModel?: FundingModel;
  lots: DemoLot[];
  milestones?: DemoMilestone[];
}

/** The 2021 procurement round of Noord-Limburg (seed 003): contracts from 1 January 2022. */
const NOORD_2021_MILESTONES: DemoMilestone[] = [
  { type: "ENGAGEMENT", title: "Publicatie", due: "2021-02-01", met: "2021-02-01", status: "MET" },
  { type: "ENGAGEMENT", title: "Nota van inlichtingen", due: "2021-03-01", met: "2021-03-01", status: "MET" },
  { type: "ASSESSMENT", title: "Inschrijving sluit", due: "2021-04-15", met: "2021-04-15", status: "MET" },
  { type: "APPROVAL", title: "Voorlopige gunning", due: "2021-06-10", met: "2021-06-10", status: "MET" },
  { type: "APPROVAL", title: "Definitieve gunning", due: "2021-07-01", met: "2021-07-01", status: "MET" },
  { type: "DELIVERY", title: "Implementatie (1 juli 2021 – 1 januari 2022)", due: "2022-01-01", met: "2022-01-01", status: "MET" },
];

const NOORD_CONTRACT = { contractStart: "2022-01-01", contractEnd: "2025-12-31", extensionOptions: "2 × 3 jaar" };
const SROI = { sroiPercentage: 5, sroiThreshold: 100_000 };

export const DEMO_TENDERS: DemoTender[] = [
  {
    workspace: "limburg",
    region: "noord-limburg",
    title: "Wmo-ondersteuning Noord-Limburg",
    description: "Regionale inkoop van Wmo-begeleiding in zes percelen; contracten 4 jaar met tweemaal 3 jaar verlengingsoptie. SROI 5% boven €100.000 of €250.000.",
    domain: "WMO",
    level: "REGIONAAL",
    procedure: "SAS_TWO_ROUNDS",
    procuringEntity: "noord-limburg-regio",
    participants: "region",
    status: "RUNNING",
    ...NOORD_CONTRACT,
    ...SROI,
    lots: [
      { title: "S1a Complexe meervoudige ondersteuningsvraag", segment: "S1", regional: [10, 20], local: [null, 30], notes: "Twee routes: IB en DB.", participants: "region" },
      { title: "S1b Kortdurende enkelvoudige ondersteuningsvraag", segment: "S1", regional: [10, 15], local: [null, 35], participants: "region" },
      { title: "S2a Langdurige ondersteuning", segment: "S2", regional: [15, 15], local: [null, 35], participants: "region" },
      { title: "S2b Ouderen", segment: "S2", regional: [5, 10], local: [null, 15], participants: "region" },
      { title: "S3a Hulp bij het huishouden", segment: "S3", regional: [4, 4], local: [null, 7], participants: "region" },
      { title: "S3b Logeren", segment: "S3", procedure: "OPEN_HOUSE", notes: "Open house, P×Q.", participants: "region" },
    ],
    milestones: NOORD_2021_MILESTONES,
  },
  {
    workspace: "limburg",
    region: "noord-limburg",
    title: "Jeugdhulp Noord-Limburg",
    domain: "JEUGD",
    level: "REGIONAAL",
    procedure: "SAS_TWO_ROUNDS",
    procuringEntity: "noord-limburg-regio",
    participants: "region",
    status: "RUNNING",
    ...NOORD_CONTRACT,
    ...SROI,
    lots: [
      { title: "1 Verblijf met behandeling en ambulante alternatieven", segment: "1", participants: "region" },
      { title: "2 Wonen", segment: "2", participants: "region" },
      { title: "3 Dagbesteding/dagbehandeling", segment: "3", participants: "region" },
      { title: "4 Ambulant/specialistisch", segment: "4", participants: "region" },
    ],
    milestones: NOORD_2021_MILESTONES,
  },
  {
    workspace: "limburg",
    region: "noord-limburg",
    title: "Participatiewet Noord-Limburg",
    domain: "PARTICIPATIE",
    level: "REGIONAAL",
    procedure: "SAS_ONE_ROUND",
    procuringEntity: "noord-limburg-regio",
    participants: "region",
    status: "RUNNING",
    ...NOORD_CONTRACT,
    lots: [
      { title: "S1 Collectieve voorzieningen", segment: "S1", procedure: "SAS_ONE_ROUND", participants: "region" },
      { title: "S2 Individuele voorzieningen", segment: "S2", procedure: "OPEN_HOUSE", notes: "Open house met minimumeisen.", participants: "region" },
      { title: "S3 Werkgeversdienstverlening", segment: "S3", notes: "Geen aanbesteding." },
    ],
  },
  {
    workspace: "limburg",
    region: "noord-limburg",
    title: "Beschermd wonen, maatschappelijke opvang en OGGz Noord- en Midden-Limburg",
    description: "BW en MO voor Noord en Midden (exclusief Venlo), bemoeizorg en OGGz-preventie.",
    domain: "BW_MO",
    level: "BOVENREGIONAAL",
    procedure: "SAS_TWO_ROUNDS",
    procuringEntity: "noord-limburg-regio",
    participants: "workspace",
    status: "RUNNING",
    ...NOORD_CONTRACT,
    lots: [
      { title: "Beschermd wonen", segment: "BW" },
      { title: "Maatschappelijke opvang", segment: "MO" },
      { title: "Bemoeizorg en OGGz-preventie", segment: "OGGz" },
    ],
  },
  {
    workspace: "limburg",
    region: "midden-limburg-oost",
    title: "Crisis en behandeling met verblijf Jeugd (Noord- en Midden-Limburg)",
    domain: "JEUGD",
    level: "BOVENREGIONAAL",
    procedure: "DAS",
    procuringEntity: "roermond",
    participants: "workspace",
    status: "RUNNING",
    lots: [{ title: "Crisis" }, { title: "Behandeling met verblijf" }],
  },
  {
    workspace: "limburg",
    region: "midden-limburg-oost",
    title: "Wonen Jeugd Midden-Limburg",
    domain: "JEUGD",
    level: "REGIONAAL",
    procedure: "OPEN_HOUSE",
    procuringEntity: "roermond",
    participants: ["echt-susteren", "maasgouw", "roerdalen", "roermond", "leudal", "nederweert", "weert"],
    status: "RUNNING",
    lots: [{ title: "Wonen" }],
  },
  {
    workspace: "limburg",
    region: "midden-limburg-oost",
    title: "Hulp bij het huishouden en hulpmiddelen Midden-Limburg Oost",
    domain: "WMO",
    level: "REGIONAAL",
    procedure: "OPEN_HOUSE",
    procuringEntity: "roermond",
    participants: "region",
    status: "RUNNING",
    lots: [{ title: "Hulp bij het huishouden" }, { title: "Hulpmiddelen" }],
  },
  {
    workspace: "limburg",
    region: "midden-limburg-oost",
    title: "Gebiedsgerichte Wmo-ondersteuning Roermond",
    domain: "WMO",
    level: "LOKAAL",
    procedure: "SAS_TWO_ROUNDS",
    procuringEntity: "roermond",
    participants: ["roermond"],
    status: "PLANNED",
    lots: [{ title: "Gebiedsgerichte ondersteuning" }],
  },
  {
    workspace: "limburg",
    region: "midden-limburg-west",
    title: "Wmo-begeleiding Midden-Limburg West",
    domain: "WMO",
    level: "REGIONAAL",
    procedure: "SAS_TWO_ROUNDS",
    procuringEntity: "weert",
    participants: "region",
    status: "PUBLISHED",
    lots: [
      { title: "Multi-problematiek", participants: "region" },
      { title: "Enkelvoudig/verbetering", participants: "region" },
      { title: "Volwassenen/stabiliteit", participants: ["leudal", "nederweert"] },
      { title: "Ouderen", participants: ["nederweert", "weert"] },
    ],
  },
  {
    workspace: "limburg",
    region: "midden-limburg-west",
    title: "Hulp bij het huishouden Midden-Limburg West",
    domain: "WMO",
    level: "REGIONAAL",
    procedure: "OPEN_HOUSE",
    procuringEntity: "weert",
    participants: "region",
    status: "PLANNED",
    lots: [{ title: "Hulp bij het huishouden" }],
  },
  {
    workspace: "limburg",
    region: "midden-limburg-west",
    title: "Jeugd: behandeling met verblijf, wonen en crisis (West)",
    domain: "JEUGD",
    level: "REGIONAAL",
    procedure: "SAS_TWO_ROUNDS",
    procuringEntity: "weert",
    participants: "region",
    status: "RUNNING",
    lots: [{ title: "Behandeling met verblijf" }, { title: "Wonen" }, { title: "Crisis" }],
  },
  {
    workspace: "limburg",
    region: "midden-limburg-west",
    title: "Jeugd Dagbesteding/behandeling en Ambulant (West)",
    domain: "JEUGD",
    level: "REGIONAAL",
    procedure: "SAS_TWO_ROUNDS",
    procuringEntity: "weert",
    participants: "region",
    status: "PLANNED",
    lots: [{ title: "Dagbesteding/behandeling" }, { title: "Ambulant" }],
  },
  {
    workspace: "rivierenland",
    region: "rivierenland",
    title: "Inkoop Wmo en Jeugd Rivierenland 2023",
    description: "Extramurale ondersteuning Wmo en Jeugdhulp van de zes gemeenten; nieuwe contracten per 1 januari 2023.",
    domain: "WMO",
    level: "REGIONAAL",
    procedure: "SAS_TWO_ROUNDS",
    procuringEntity: "rivierenland-regio",
    participants: "region",
    status: "MARKET_CONSULTATION",
    contractStart: "2023-01-01",
    lots: [
      "Wmo: Persoonlijke verzorging",
      "Wmo: Individuele begeleiding",
      "Wmo: Begeleiding (groep)/Dagbesteding",
      "Wmo: Kortdurend verblijf",
      "Jeugd: Persoonlijke verzorging",
      "Jeugd: Ambulante begeleiding",
      "Jeugd: Ambulante behandeling",
      "Jeugd: Logeren",
      "Jeugd: Wonen zonder behandeling",
      "Jeugd: Behandeling met verblijf",
      "Jeugd: Gecertificeerde instelling",
      "Jeugd: Landelijk ingekochte zorg",
      "Jeugd: Jeugdzorg plus",
    ].map((title) => ({ title })),
  },
];

export interface DemoStaffing {
  region: string;
  function: string;
  current: number;
  minimum: number | null;
  employment?: Employment;
  notes?: string;
}

export const DEMO_STAFFING: DemoStaffing[] = [
  { region: "noord-limburg", function: "Inkoopadviseur en senior inkoopadviseur", current: 2, minimum: 2 },
  { region: "noord-limburg", function: "Contractmanagers", current: 5.89, minimum: 5.89 },
  { region: "noord-limburg", function: "Aanbestedingsjurist", current: 0, minimum: null, notes: "Wordt overwogen." },
  { region: "midden-limburg-oost", function: "Tactisch/operationeel inkoper", current: 1, minimum: null },
  { region: "midden-limburg-oost", function: "Contractmanager", current: 1, minimum: null },
  { region: "midden-limburg-oost", function: "Contractbeheerder", current: 1, minimum: null },
  { region: "midden-limburg-oost", function: "Businesscontroller Jeugd", current: 1, minimum: null },
  { region: "midden-limburg-oost", function: "Projectleiders (Jeugd, Wmo)", current: 2, minimum: null },
  { region: "midden-limburg-oost", function: "Informatieanalisten", current: 2, minimum: null, notes: "Deels regionaal." },
  // Midden-Limburg West, seed 001 §4.1 (PM: nog te bepalen)
  { region: "midden-limburg-west", function: "Inkoopadviseur", current: 0.56, minimum: null },
  { region: "midden-limburg-west", function: "Tactisch inkoop", current: 0.46, minimum: 0.46 },
  { region: "midden-limburg-west", function: "Aanbestedingsjurist", current: 0, minimum: null },
  { region: "midden-limburg-west", function: "Contractmanager/Relatiemanager", current: 2, minimum: 3 },
  { region: "midden-limburg-west", function: "Administratieve ondersteuning", current: 0, minimum: 0.5 },
];

export interface DemoGovernance {
  region: string | null;
  form: OrganisationForm;
  description: string;
  bodies: { kind: GovernanceBodyKind; name: string }[];
  decisions?: { date: string; body?: string; title: string; decision: string }[];
  /** NvO agreement number → status and notes. */
  nvo?: Record<number, { status: ChecklistStatus; notes: string }>;
}

export const DEMO_GOVERNANCE: DemoGovernance[] = [
  {
    region: null,
    form: "NETWORK_ORGANISATION",
    description: "Bovenregionale samenwerking van de 14 gemeenten van Noord- en Midden-Limburg. Voorstel: een module toevoegen aan de MGR Sociaal Domein Limburg-Noord.",
    bodies: [],
    decisions: [
      {
        date: "2022-01-01",
        title: "Samenwerkingsafspraken BW, MO en bemoeizorg & OGGz-preventie",
        decision: "De 14 gemeenten leggen per 1 januari 2022 afspraken vast over beschermd wonen, maatschappelijke opvang en bemoeizorg & OGGz-preventie: verdeling van verantwoordelijkheden, budget en financiële risico's, en de samenwerking.",
      },
    ],
  },
  {
    region: "noord-limburg",
    form: "WGR_LEGAL_ENTITY",
    description: "MGR Sociaal Domein Limburg-Noord: gemeenschappelijke regeling met rechtspersoonlijkheid.",
    bodies: [
      { kind: "DAGELIJKS_BESTUUR", name: "Dagelijks Bestuur MGR" },
      { kind: "ALGEMEEN_BESTUUR", name: "Algemeen Bestuur MGR" },
    ],
    nvo: { 4: { status: "DONE", notes: "MGR met rechtspersoonlijkheid en één aanspreekpunt." } },
  },
  {
    region: "midden-limburg-oost",
    form: "COOPERATION_AGREEMENT",
    description: "Samenwerkingsovereenkomst tussen Echt-Susteren, Maasgouw, Roerdalen en Roermond voor Jeugdhulp, Wmo en MO/Beschermd Wonen; geen juridische entiteit.",
    bodies: [{ kind: "WERKGROEP", name: "Werkgroep governance (NvO)" }],
    nvo: { 4: { status: "IN_PROGRESS", notes: "Werkgroep governance bekijkt hoe de regionale samenwerking anders in te richten." } },
  },
  {
    region: "midden-limburg-west",
    form: "CONVENANT",
    description: "Convenant van Leudal, Nederweert en Weert (geactualiseerd 3 juli 2018, raadsperiode 2018–2022); geen rechtspersoon.",
    bodies: [
      { kind: "AMBTELIJKE_REGIEGROEP", name: "Ambtelijke regiegroep" },
      { kind: "STUURGROEP", name: "Stuurgroep" },
    ],
    decisions: [{ date: "2018-07-03", body: "Stuurgroep", title: "Convenant geactualiseerd", decision: "Het convenant is geactualiseerd voor de raadsperiode 2018–2022." }],
    nvo: { 4: { status: "IN_PROGRESS", notes: "Governance voor de NvO in voorbereiding." } },
  },
];

export const DEMO_SEGMENT: { workspace: string; name: string; domain: SocialDomain; level: ProcurementLevel; leadRegion: string; budgetSplit: string; riskSharing: string; cooperation: string; tender: string } = {
  workspace: "limburg",
  name: "Beschermd wonen, maatschappelijke opvang en bemoeizorg & OGGz-preventie",
  domain: "BW_MO",
  level: "BOVENREGIONAAL",
  leadRegion: "noord-limburg",
  budgetSplit: "Verdeling van het beschikbare budget over de 14 gemeenten van Noord- en Midden-Limburg, vanaf 1 januari 2022.",
  riskSharing: "Afspraken over de verdeling van financiële risico's tussen de gemeenten.",
  cooperation: "Samenwerking binnen en tussen de regio's; voorstel om een module toe te voegen aan de MGR.",
  tender: "Beschermd wonen, maatschappelijke opvang en OGGz Noord- en Midden-Limburg",
};

/** Rivierenland 2019, seed 002 table 1: spend, providers, clients, top-3 and top-10 share. */
export const DEMO_MARKET_2019: { lot: string; domain: "WMO" | "JEUGD"; spend: number; providers: number | null; clients: number | null; top3: number | null; top10: number | null }[] = [
  { lot: "Wmo: Persoonlijke verzorging", domain: "WMO", spend: 52_875, providers: null, clients: null, top3: null, top10: null },
  { lot: "Wmo: Individuele begeleiding", domain: "WMO", spend: 8_802_420, providers: 130, clients: 1656, top3: 32.46, top10: 64.89 },
  { lot: "Wmo: Begeleiding (groep)/Dagbesteding", domain: "WMO", spend: 4_038_870, providers: 83, clients: 775, top3: 39.31, top10: 67.47 },
  { lot: "Wmo: Kortdurend verblijf", domain: "WMO", spend: 37_972, providers: 28, clients: 10, top3: null, top10: null },
  { lot: "Jeugd: Persoonlijke verzorging", domain: "JEUGD", spend: 172_391, providers: 16, clients: 43, top3: null, top10: null },
  { lot: "Jeugd: Ambulante begeleiding", domain: "JEUGD", spend: 7_049_016, providers: 140, clients: 1452, top3: 34.16, top10: 53.96 },
  { lot: "Jeugd: Ambulante behandeling", domain: "JEUGD", spend: 16_511_447, providers: 115, clients: 5686, top3: 40.26, top10: 66.16 },
  { lot: "Jeugd: Logeren", domain: "JEUGD", spend: 560_158, providers: 36, clients: 110, top3: 37.59, top10: 76.43 },
  { lot: "Jeugd: Wonen zonder behandeling", domain: "JEUGD", spend: 3_718_607, providers: 28, clients: 262, top3: 66.1, top10: 91.05 },
  { lot: "Jeugd: Behandeling met verblijf", domain: "JEUGD", spend: 7_568_379, providers: 34, clients: 160, top3: 67.72, top10: 85.99 },
  { lot: "Jeugd: Gecertificeerde instelling", domain: "JEUGD", spend: 3_172_637, providers: 3, clients: 539, top3: null, top10: null },
  { lot: "Jeugd: Landelijk ingekochte zorg", domain: "JEUGD", spend: 2_753_885, providers: 34, clients: 148, top3: null, top10: null },
  { lot: "Jeugd: Jeugdzorg plus", domain: "JEUGD", spend: 455_461, providers: 3, clients: 9, top3: null, top10: null },
];
