// The workspace's tenders as an OCDS 1.1.5 release package with the Lots extension.
// Lots also carry `buyers` (organisation references to the municipalities taking part in
// that lot): the Lots extension has no such field, and OCDS allows additional fields.
import { dutch, type MilestoneStatus, type MilestoneType, type Procedure } from "./vocabulary";
import type { TenderStatus } from "./lifecycle";

export const LOTS_EXTENSION_URL = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json";
export const OCID_PREFIX = "ocds-regiotafel";

export interface OcdsOrganisation {
  id: string;
  name: string;
}

export interface OcdsTenderInput {
  id: string;
  title: string;
  description: string;
  status: TenderStatus;
  procedure: Procedure;
  updatedAt: Date;
  procuringEntity: OcdsOrganisation;
  participants: OcdsOrganisation[];
  estimatedValue: number | null;
  contractStart: string | null;
  contractEnd: string | null;
  lots: {
    id: string;
    title: string;
    segment: string;
    status: TenderStatus;
    expectedValue: number | null;
    buyers: OcdsOrganisation[];
  }[];
  milestones: {
    id: string;
    lotId: string | null;
    type: MilestoneType;
    title: string;
    description: string;
    dueDate: string | null;
    dateMet: string | null;
    status: MilestoneStatus;
  }[];
}

const STATUS: Record<TenderStatus, "planning" | "planned" | "active" | "cancelled" | "complete"> = {
  PLANNED: "planned",
  MARKET_CONSULTATION: "planning",
  PUBLISHED: "active",
  QUESTIONS: "active",
  BIDS_DUE: "active",
  PROVISIONAL_AWARD: "active",
  FINAL_AWARD: "complete",
  IMPLEMENTATION: "complete",
  RUNNING: "complete",
  EXTENDED: "complete",
  ENDED: "complete",
  CANCELLED: "cancelled",
};

const METHOD: Record<Procedure, "open" | "selective" | "limited" | "direct"> = {
  OPEN_HOUSE: "open",
  SAS_ONE_ROUND: "open",
  SAS_TWO_ROUNDS: "selective",
  EUROPEAN_OPEN: "open",
  RESTRICTED: "selective",
  NEGOTIATED: "limited",
  BESTUURLIJK_AANBESTEDEN: "limited",
  DAS: "selective",
  SUBSIDY: "direct",
};

const MILESTONE_TYPE: Record<MilestoneType, string> = {
  PRE_PROCUREMENT: "preProcurement",
  APPROVAL: "approval",
  ENGAGEMENT: "engagement",
  ASSESSMENT: "assessment",
  DELIVERY: "delivery",
  REPORTING: "reporting",
  FINANCING: "financing",
  PAYMENT: "payment",
};

const MILESTONE_STATUS: Record<MilestoneStatus, string> = { SCHEDULED: "scheduled", MET: "met", NOT_MET: "notMet", PARTIALLY_MET: "partiallyMet" };

const dateTime = (date: string | null) => (date ? `${date}T00:00:00Z` : undefined);

function period(start: string | null, end: string | null) {
  if (!start && !end) return undefined;
  return { ...(start ? { startDate: dateTime(start) } : {}), ...(end ? { endDate: dateTime(end) } : {}) };
}

function releaseTag(status: TenderStatus): string[] {
  if (status === "CANCELLED") return ["tenderCancellation"];
  if (status === "PLANNED" || status === "MARKET_CONSULTATION") return ["planning"];
  return ["tender"];
}

/** One release per tender: its parties (buyer, procuringEntity), lots with their buyers, milestones and periods. */
export function tenderRelease(t: OcdsTenderInput) {
  const parties = new Map<string, { id: string; name: string; roles: string[] }>();
  const addRole = (org: OcdsOrganisation, role: string) => {
    const party = parties.get(org.id) ?? { id: org.id, name: org.name, roles: [] };
    if (!party.roles.includes(role)) party.roles.push(role);
    parties.set(org.id, party);
  };
  addRole(t.procuringEntity, "procuringEntity");
  for (const p of t.participants) addRole(p, "buyer");
  for (const lot of t.lots) for (const b of lot.buyers) addRole(b, "buyer");
  // OCDS has one release-level buyer; in a joint tender the procuring entity buys for all.
  addRole(t.procuringEntity, "buyer");

  return {
    ocid: `${OCID_PREFIX}-${t.id}`,
    id: `${t.id}-${t.updatedAt.toISOString()}`,
    date: t.updatedAt.toISOString(),
    tag: releaseTag(t.status),
    initiationType: "tender",
    language: "nl",
    parties: [...parties.values()],
    buyer: { id: t.procuringEntity.id, name: t.procuringEntity.name },
    tender: {
      id: t.id,
      title: t.title,
      ...(t.description ? { description: t.description } : {}),
      status: STATUS[t.status],
      procuringEntity: { id: t.procuringEntity.id, name: t.procuringEntity.name },
      procurementMethod: METHOD[t.procedure],
      procurementMethodDetails: dutch(t.procedure),
      mainProcurementCategory: "services",
      ...(t.estimatedValue !== null ? { value: { amount: t.estimatedValue, currency: "EUR" } } : {}),
      ...(period(t.contractStart, t.contractEnd) ? { contractPeriod: period(t.contractStart, t.contractEnd) } : {}),
      lots: t.lots.map((lot) => ({
        id: lot.id,
        title: lot.title,
        ...(lot.segment ? { description: `Segment: ${lot.segment}` } : {}),
        status: STATUS[lot.status],
        ...(lot.expectedValue !== null ? { value: { amount: lot.expectedValue, currency: "EUR" } } : {}),
        ...(period(t.contractStart, t.contractEnd) ? { contractPeriod: period(t.contractStart, t.contractEnd) } : {}),
        buyers: lot.buyers.map((b) => ({ id: b.id, name: b.name })),
      })),
      milestones: t.milestones.map((m) => ({
        id: m.id,
        title: m.title,
        type: MILESTONE_TYPE[m.type],
        ...(m.description ? { description: m.description } : {}),
        ...(m.dueDate ? { dueDate: dateTime(m.dueDate) } : {}),
        ...(m.dateMet ? { dateMet: dateTime(m.dateMet) } : {}),
        status: MILESTONE_STATUS[m.status],
        ...(m.lotId ? { relatedLots: [m.lotId] } : {}),
      })),
    },
  };
}

export function releasePackage(input: { uri: string; publisher: string; publishedDate: Date; tenders: OcdsTenderInput[] }) {
  return {
    uri: input.uri,
    version: "1.1",
    extensions: [LOTS_EXTENSION_URL],
    publishedDate: input.publishedDate.toISOString(),
    publisher: { name: input.publisher },
    releases: input.tenders.map(tenderRelease),
  };
}
