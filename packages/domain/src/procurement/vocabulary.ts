// The procurement vocabulary: codes (English identifiers) with their Dutch labels, which
// are the terms users know (DOMAIN.md). English labels live in the app's catalogue.

export const SOCIAL_DOMAINS = ["JEUGD", "WMO", "PARTICIPATIE", "BW_MO"] as const;
export const PROCUREMENT_LEVELS = ["LOKAAL", "REGIONAAL", "BOVENREGIONAAL", "PROVINCIAAL", "LANDELIJK"] as const;
export const PROCEDURES = [
  "OPEN_HOUSE",
  "SAS_ONE_ROUND",
  "SAS_TWO_ROUNDS",
  "EUROPEAN_OPEN",
  "RESTRICTED",
  "NEGOTIATED",
  "BESTUURLIJK_AANBESTEDEN",
  "DAS",
  "SUBSIDY",
] as const;
export const FUNDING_MODELS = ["INSPANNINGSGERICHT", "OUTPUTGERICHT", "TAAKGERICHT"] as const;
export const MILESTONE_TYPES = ["PRE_PROCUREMENT", "APPROVAL", "ENGAGEMENT", "ASSESSMENT", "DELIVERY", "REPORTING", "FINANCING", "PAYMENT"] as const;
export const MILESTONE_STATUSES = ["SCHEDULED", "MET", "NOT_MET", "PARTIALLY_MET"] as const;
export const ORGANISATION_FORMS = ["WGR_LEGAL_ENTITY", "CONVENANT", "COOPERATION_AGREEMENT", "NETWORK_ORGANISATION"] as const;
export const GOVERNANCE_BODY_KINDS = [
  "STUURGROEP",
  "AMBTELIJKE_REGIEGROEP",
  "DAGELIJKS_BESTUUR",
  "ALGEMEEN_BESTUUR",
  "PORTEFEUILLEHOUDERSOVERLEG",
  "WERKGROEP",
  "OTHER",
] as const;
export const CHECKLIST_STATUSES = ["NOT_STARTED", "IN_PROGRESS", "DONE", "NOT_APPLICABLE"] as const;
export const EMPLOYMENTS = ["EMPLOYED", "HIRED"] as const;

export type SocialDomain = (typeof SOCIAL_DOMAINS)[number];
export type ProcurementLevel = (typeof PROCUREMENT_LEVELS)[number];
export type Procedure = (typeof PROCEDURES)[number];
export type FundingModel = (typeof FUNDING_MODELS)[number];
export type MilestoneType = (typeof MILESTONE_TYPES)[number];
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];
export type OrganisationForm = (typeof ORGANISATION_FORMS)[number];
export type GovernanceBodyKind = (typeof GOVERNANCE_BODY_KINDS)[number];
export type Employment = (typeof EMPLOYMENTS)[number];

/** The 8 agreements of the Norm voor Opdrachtgeverschap Jeugd (seed 001, §2.2). */
export const NVO_AGREEMENTS = [
  "Vastgestelde regiovisie",
  "Helderheid over beschikbaarheid en transformatie van specialistische functies",
  "Verbinding van de lokale toegang met de gecontracteerde jeugdhulp",
  "Een niet-vrijblijvende governance met één aanspreekpunt",
  "Hoe en voor welke functies bovenregionaal wordt samengewerkt",
  "Beperken van administratieve lasten",
  "Zorgvuldigheidseisen bij inkoop",
  "Sturing en bekostiging (reëel tarief)",
] as const;

export const DUTCH_LABELS: Record<string, string> = {
  JEUGD: "Jeugd",
  WMO: "Wmo",
  PARTICIPATIE: "Participatie",
  BW_MO: "BW/MO",
  LOKAAL: "Lokaal",
  REGIONAAL: "Regionaal",
  BOVENREGIONAAL: "Bovenregionaal",
  PROVINCIAAL: "Provinciaal",
  LANDELIJK: "Landelijk",
  OPEN_HOUSE: "Open house",
  SAS_ONE_ROUND: "SAS in één ronde",
  SAS_TWO_ROUNDS: "SAS in twee rondes",
  EUROPEAN_OPEN: "Europese openbare aanbesteding",
  RESTRICTED: "Niet-openbare procedure",
  NEGOTIATED: "Onderhandse procedure",
  BESTUURLIJK_AANBESTEDEN: "Bestuurlijk aanbesteden",
  DAS: "Dynamisch aankoopsysteem (DAS)",
  SUBSIDY: "Subsidie",
  INSPANNINGSGERICHT: "Inspanningsgericht",
  OUTPUTGERICHT: "Outputgericht",
  TAAKGERICHT: "Taakgericht",
  PLANNED: "Gepland",
  MARKET_CONSULTATION: "Marktconsultatie",
  PUBLISHED: "Gepubliceerd",
  QUESTIONS: "Nota van inlichtingen",
  BIDS_DUE: "Inschrijving sluit",
  PROVISIONAL_AWARD: "Voorlopige gunning",
  FINAL_AWARD: "Definitieve gunning",
  IMPLEMENTATION: "Implementatie",
  RUNNING: "Lopend contract",
  EXTENDED: "Verlengd",
  ENDED: "Beëindigd",
  CANCELLED: "Ingetrokken",
  PRE_PROCUREMENT: "Voorbereiding",
  APPROVAL: "Besluit",
  ENGAGEMENT: "Marktcontact",
  ASSESSMENT: "Beoordeling",
  DELIVERY: "Levering",
  REPORTING: "Rapportage",
  FINANCING: "Financiering",
  PAYMENT: "Betaling",
  SCHEDULED: "Gepland",
  MET: "Gehaald",
  NOT_MET: "Niet gehaald",
  PARTIALLY_MET: "Deels gehaald",
  WGR_LEGAL_ENTITY: "Gemeenschappelijke regeling (Wgr) met rechtspersoonlijkheid",
  CONVENANT: "Convenant",
  COOPERATION_AGREEMENT: "Samenwerkingsovereenkomst",
  NETWORK_ORGANISATION: "Netwerkorganisatie",
  STUURGROEP: "Stuurgroep",
  AMBTELIJKE_REGIEGROEP: "Ambtelijke regiegroep",
  DAGELIJKS_BESTUUR: "Dagelijks Bestuur",
  ALGEMEEN_BESTUUR: "Algemeen Bestuur",
  PORTEFEUILLEHOUDERSOVERLEG: "Portefeuillehoudersoverleg",
  WERKGROEP: "Werkgroep",
  OTHER: "Overig",
  NOT_STARTED: "Niet gestart",
  IN_PROGRESS: "In uitvoering",
  DONE: "Gereed",
  NOT_APPLICABLE: "Niet van toepassing",
  EMPLOYED: "In dienst",
  HIRED: "Ingehuurd",
};

export const dutch = (code: string | null | undefined): string => (code ? (DUTCH_LABELS[code] ?? code) : "");
