// The tenancy matrix: every procedure of the router × every persona × target, with the
// outcome we decided for each. A procedure added to the router without a row here fails the
// first test. Every persona belongs to Weert (Midden-Limburg West); the targets are Weert's
// own records, another municipality's of the same region (Nederweert), another region's
// (Roermond, Midden-Limburg Oost) and another workspace's (Tiel, Rivierenland). The platform
// administrator (ADR 0021) is of Weert but no member of any workspace: every workspace
// procedure answers them exactly as it answers the outsider (NOT_FOUND), and only the
// platform's own procedures let them through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { lotStructureFromTender, nvoChecklist, parseTemplateContent, type Role } from "@regiotafel/domain";
import { randomBytes } from "node:crypto";
import { contentHash, DEMO_NETWORK, DEMO_PASSWORD, hashInvitationToken } from "@regiotafel/db";
import { initialState } from "@regiotafel/collab";
import { damagedState } from "@regiotafel/collab/testing";
import { workspaceArchive } from "@regiotafel/archive";
import { totpCodeAt, TOTP_PERIOD_S } from "@regiotafel/auth";
import { appRouter, createCaller } from "./router";
import { startOidcProvider, type TestOidcProvider } from "@regiotafel/auth/testing";
import { createApiTestEnv, fingerprint, TEST_SSO_CALLBACK, type ApiTestEnv } from "./test-support";

type Persona = "anonymous" | "outsider" | "platform" | "viewer" | "editor" | "coordinator" | "admin";
type Target = "own" | "other" | "otherRegion" | "foreign";
type Outcome = "OK" | TRPCError["code"];

const PERSONAS: Persona[] = ["anonymous", "outsider", "platform", "viewer", "editor", "coordinator", "admin"];
const MUNICIPALITY: Record<Target, string> = { own: "weert", other: "nederweert", otherRegion: "roermond", foreign: "tiel" };

interface Row {
  /** Targets that mean something for this procedure (default own and other). */
  targets?: Target[];
  input(target: Target, persona: Persona): Promise<unknown>;
  expected(persona: Persona, target: Target): Outcome;
  /** A platform procedure: `expected` decides for the platform administrator too. */
  platform?: true;
}

let env: ApiTestEnv;
const personaEmail: Record<Persona, string | null> = {
  anonymous: null,
  outsider: "tiel@demo.regiotafel.nl",
  platform: "platform.weert@demo.regiotafel.nl",
  viewer: "viewer.weert@demo.regiotafel.nl",
  editor: "editor.weert@demo.regiotafel.nl",
  coordinator: "coordinator.weert@demo.regiotafel.nl",
  admin: "admin.weert@demo.regiotafel.nl",
};
let counter = 0;

async function orgId(slug: string) {
  return (await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug } })).id;
}
async function workspaceId(slug: string) {
  return (await env.db.prisma.workspace.findUniqueOrThrow({ where: { slug } })).id;
}
/** A new account of the target's municipality, optionally a member of a workspace. */
async function throwawayUser(target: Target, memberOf?: string) {
  const user = await env.db.prisma.user.create({
    data: {
      email: `tmp${++counter}.${MUNICIPALITY[target]}@demo.regiotafel.nl`,
      name: `Tijdelijk ${counter}`,
      organisationId: await orgId(MUNICIPALITY[target]),
      passwordHash: env.demoPasswordHash,
    },
  });
  if (memberOf) await env.db.prisma.membership.create({ data: { userId: user.id, workspaceId: await workspaceId(memberOf), role: "VIEWER" } });
  return user;
}

/**
 * Puts the persona's second factor in a state: none, an enrolment started, or on. Returns a
 * code from the app that the next step accepts (none for anonymous).
 */
async function secondFactorOf(persona: Persona, state: "none" | "started" | "enabled"): Promise<string> {
  const email = personaEmail[persona];
  if (!email) return "123456";
  const user = await env.db.prisma.user.findUniqueOrThrow({ where: { email } });
  await env.db.prisma.totpFactor.deleteMany({ where: { userId: user.id } });
  if (state === "none") return "123456";
  const { secret } = await env.auth.secondFactor.startEnrolment(user.id, email);
  if (state === "started") return totpCodeAt(secret, new Date());
  await env.auth.secondFactor.confirmEnrolment(user.id, await totpCodeAt(secret, new Date(Date.now() - TOTP_PERIOD_S * 1000)));
  return totpCodeAt(secret, new Date());
}

/**
 * A fresh document per case: own = a free document of the workspace (editors edit it),
 * other = the own region's governance text (West's coordinators and admins edit it),
 * otherRegion = a free document of Midden-Limburg Oost (its members, workspace coordinators and
 * admins edit it), foreign = a document of another workspace.
 */
async function freshDocument(target: Target) {
  const workspace = target === "foreign" ? "rivierenland" : "limburg";
  const ownerSlug = target === "other" ? "midden-limburg-west" : target === "otherRegion" ? "midden-limburg-oost" : null;
  const owner = ownerSlug ? await env.db.prisma.region.findUniqueOrThrow({ where: { slug: ownerSlug } }) : null;
  const doc = await env.db.prisma.document.create({
    data: {
      workspaceId: await workspaceId(workspace),
      kind: target === "other" ? "GOVERNANCE" : "FREE",
      title: `Matrix ${++counter}`,
      ownerRegionId: owner?.id ?? null,
      editRole: target === "other" ? "COORDINATOR" : "EDITOR",
      snapshot: { create: { state: Buffer.from(initialState([{ type: "paragraph", text: "inhoud" }])), lastUpdateId: 0n } },
      versions: { create: { name: "Eerste versie", state: Buffer.from(initialState([{ type: "paragraph", text: "oud" }])) } },
    },
    include: { versions: true },
  });
  return { documentId: doc.id, versionId: doc.versions[0]!.id, version: doc.version };
}

/** A fresh document whose stored state no longer loads (its first version still does). */
async function damagedDocument(target: Target) {
  const doc = await freshDocument(target);
  const state = damagedState(initialState([{ type: "paragraph", text: "inhoud" }]));
  await env.db.prisma.documentSnapshot.update({ where: { documentId: doc.documentId }, data: { state: Buffer.from(state) } });
  return doc;
}

const ALL_TARGETS: Target[] = ["own", "other", "otherRegion", "foreign"];
/** Region records have no municipality of their own: own region, another region, another workspace's. */
const REGION_TARGETS: Target[] = ["own", "otherRegion", "foreign"];
/** Reading a document: every member, for documents of their own workspace only. */
function readDocument(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider" || t === "foreign") return "NOT_FOUND";
  return "OK";
}
/**
 * Changing a document: editors for workspace documents; the own region's governance text its
 * coordinators (and admins); another region's document only admins here (no persona is of
 * Midden-Limburg Oost or a workspace coordinator).
 */
function editDocument(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider") return "NOT_FOUND";
  if (p === "viewer") return "FORBIDDEN";
  if (t === "foreign") return "NOT_FOUND";
  if (t === "other") return p === "editor" ? "FORBIDDEN" : "OK";
  if (t === "otherRegion") return p === "admin" ? "OK" : "FORBIDDEN";
  return "OK";
}

const always = (outcome: Outcome) => () => outcome;
let identityProvider: TestOidcProvider;
const signedIn = (p: Persona): Outcome => (p === "anonymous" ? "UNAUTHORIZED" : "OK");
/** Platform administrators anywhere; Weert's organisation administrator (admin) in Weert only; anyone else signed in FORBIDDEN. */
const organisationAdmin = (p: Persona, t: Target): Outcome =>
  p === "anonymous" ? "UNAUTHORIZED" : p === "platform" ? "OK" : p === "admin" ? (t === "own" ? "OK" : "NOT_FOUND") : "FORBIDDEN";
const limburgMember = (p: Persona): Outcome => (p === "anonymous" ? "UNAUTHORIZED" : p === "outsider" ? "NOT_FOUND" : "OK");
function archiveExport(p: Persona, t: Target): Outcome {
  if (t === "foreign") return p === "anonymous" ? "UNAUTHORIZED" : "NOT_FOUND";
  return limburgAdmin(() => "OK")(p, t);
}

/** Limburg, or a workspace with an admin of its own that none of the personas belongs to (Tiel, the outsider, is a Rivierenland member). */
async function archiveTarget(t: Target): Promise<string> {
  if (t !== "foreign") return "limburg";
  if (!(await env.db.prisma.workspace.findUnique({ where: { slug: "elders" } }))) {
    const workspace = await env.db.prisma.workspace.create({ data: { slug: "elders", name: "Elders" } });
    const admin = await throwawayUser("foreign");
    await env.db.prisma.membership.create({ data: { userId: admin.id, workspaceId: workspace.id, role: "ADMIN" } });
  }
  return "elders";
}

let archiveBytes: Buffer | undefined;
/** Rivierenland's export, made once: what the import row imports. */
async function smallArchive(): Promise<Blob> {
  if (!archiveBytes) {
    const stream = workspaceArchive(env.db.prisma, await workspaceId("rivierenland"), { currentState: (id) => env.hub.currentState(id), origin: "http://localhost" });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    archiveBytes = Buffer.concat(chunks);
  }
  return new Blob([archiveBytes]);
}

function limburgAdmin(adminOutcome: (t: Target) => Outcome) {
  return (p: Persona, t: Target): Outcome => {
    if (p === "anonymous") return "UNAUTHORIZED";
    if (p === "outsider") return "NOT_FOUND";
    if (p !== "admin") return "FORBIDDEN";
    return adminOutcome(t);
  };
}

// ---------------------------------------------------------------- procurement records

/** The region of the target municipality (own and other share Midden-Limburg West). */
const REGION_OF: Record<Target, string> = { own: "midden-limburg-west", other: "midden-limburg-west", otherRegion: "midden-limburg-oost", foreign: "rivierenland" };
const WORKSPACE_OF: Record<Target, string> = { own: "limburg", other: "limburg", otherRegion: "limburg", foreign: "rivierenland" };
const regionId = async (t: Target) => (await env.db.prisma.region.findUniqueOrThrow({ where: { slug: REGION_OF[t] } })).id;

/** A fresh tender with one lot and one milestone, procured by the target municipality for its region. */
async function freshTender(target: Target) {
  const tender = await env.db.prisma.tender.create({
    data: {
      workspaceId: await workspaceId(WORKSPACE_OF[target]),
      title: `Matrix-aanbesteding ${++counter}`,
      domain: "WMO",
      level: "REGIONAAL",
      procedure: "SAS_TWO_ROUNDS",
      procuringEntityId: await orgId(MUNICIPALITY[target]),
      ownerRegionId: await regionId(target),
      lots: { create: [{ title: "Perceel 1" }] },
      milestones: { create: [{ type: "ENGAGEMENT", title: "Publicatie" }] },
    },
    include: { lots: true, milestones: true },
  });
  return { tenderId: tender.id, lotId: tender.lots[0]!.id, milestoneId: tender.milestones[0]!.id, version: tender.version };
}

/** A lot of a fresh tender of the target, removed through the API by someone who may (so that its removal can be undone). */
async function removedLot(target: Target) {
  const { lotId } = await freshTender(target);
  const remover = target === "foreign" ? { email: "coordinator.rivierenland@demo.regiotafel.nl", workspace: "rivierenland" } : { email: personaEmail.admin!, workspace: "limburg" };
  await (await env.callerFor(remover.email)).lot.remove({ workspace: remover.workspace, lotId });
  return lotId;
}

/** A fresh staffing line of the target municipality (Weert, Nederweert, or Tiel in another workspace). */
async function freshStaffingLine(target: Target) {
  const line = await env.db.prisma.staffingLine.create({
    data: { workspaceId: await workspaceId(WORKSPACE_OF[target]), municipalityId: await orgId(MUNICIPALITY[target]), function: `Functie ${++counter}`, fteCurrent: 1, fteMinimum: 1 },
  });
  return { lineId: line.id, version: line.version };
}

/** The governance model of the target region (own: West, other: Noord, foreign: Rivierenland). */
async function governanceOf(target: Target) {
  let model = await env.db.prisma.governanceModel.findFirst({ where: { regionId: await regionId(target) } });
  model ??= await env.db.prisma.governanceModel.create({
    data: { workspaceId: await workspaceId(WORKSPACE_OF[target]), regionId: await regionId(target), organisationForm: "CONVENANT" },
  });
  const body = await env.db.prisma.governanceBody.create({ data: { modelId: model.id, kind: "STUURGROEP", name: `Orgaan ${++counter}` } });
  const decision = await env.db.prisma.decision.create({
    data: { workspaceId: model.workspaceId, regionId: model.regionId, date: new Date("2026-01-01"), title: `Besluit ${counter}`, decision: "Besloten." },
  });
  return { modelId: model.id, modelVersion: model.version, bodyId: body.id, bodyVersion: body.version, decisionId: decision.id };
}

/** A fresh segment led by the target's region. */
async function freshSegment(target: Target) {
  const segment = await env.db.prisma.segment.create({
    data: { workspaceId: await workspaceId(WORKSPACE_OF[target]), name: `Segment ${++counter}`, domain: "BW_MO", level: "BOVENREGIONAAL", leadRegionId: await regionId(target) },
  });
  return { segmentId: segment.id, version: segment.version };
}

/** A fresh market figure of a lot of the target's fresh tender. */
async function freshFigure(target: Target) {
  const figure = await env.db.prisma.marketFigure.create({
    data: { workspaceId: await workspaceId(WORKSPACE_OF[target]), lotId: (await freshTender(target)).lotId, label: `Perceel ${++counter}`, year: 2019, spend: 1000 },
  });
  return { figureId: figure.id, version: figure.version, lotId: figure.lotId };
}

/** Workspace records any editor may act on (library use, notifications): every editor of the workspace. */
function editShared(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider") return "NOT_FOUND";
  if (p === "viewer") return "FORBIDDEN";
  return t === "foreign" ? "NOT_FOUND" : "OK";
}
/**
 * A tender and its lots, milestones and market figures (ADR 0016): its procuring municipality's
 * editors (own), the managing region's coordinators (West's coordinator also for Nederweert's
 * tender), and admins; another region's tender only admins here.
 */
function editTender(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider") return "NOT_FOUND";
  if (p === "viewer") return "FORBIDDEN";
  if (t === "foreign") return "NOT_FOUND";
  if (t === "own") return "OK";
  if (t === "other") return p === "editor" ? "FORBIDDEN" : "OK";
  return p === "admin" ? "OK" : "FORBIDDEN";
}
/** Region records: the region's own coordinators (West, for these personas) and admins. */
function editRegion(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider") return "NOT_FOUND";
  if (p === "viewer" || p === "editor") return "FORBIDDEN";
  if (t === "foreign") return "NOT_FOUND";
  return t === "own" || p === "admin" ? "OK" : "FORBIDDEN";
}
/** A municipality's own records: its own editors and up (all personas belong to Weert). */
function editOwnMunicipality(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider") return "NOT_FOUND";
  if (p === "viewer") return "FORBIDDEN";
  return t === "own" ? "OK" : t === "foreign" ? "NOT_FOUND" : "FORBIDDEN";
}
/** Workspace records kept by coordinators (assessments): every coordinator and admins. */
function coordinators(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider") return "NOT_FOUND";
  if (p === "viewer" || p === "editor") return "FORBIDDEN";
  return t === "foreign" ? "NOT_FOUND" : "OK";
}

/** A tender procured by the target municipality for its own region. */
const tenderFields = async (t: Target) => ({
  title: `Nieuwe aanbesteding ${++counter}`,
  domain: "WMO",
  level: "REGIONAAL",
  procedure: "OPEN_HOUSE",
  procuringEntityId: await orgId(MUNICIPALITY[t]),
  ownerRegionId: await regionId(t),
  participantIds: [await orgId(MUNICIPALITY[t])],
});
const lotFields = { title: "Perceel", regionalProvidersMin: 2, regionalProvidersMax: 5 };
const milestoneFields = { type: "APPROVAL", title: "Gunning", dueDate: "2027-06-10" };
const segmentFields = (t: Target) => ({ name: `Segment ${++counter}`, domain: "BW_MO", level: "BOVENREGIONAAL", t });
const staffingFields = { function: "Contractmanager", fteCurrent: 1.5, fteMinimum: 2, employment: "EMPLOYED", notes: "" };
const figureFields = { label: "Ambulante begeleiding", domain: "JEUGD", year: 2019, spend: 7049016, providers: 140, clients: 1452, top3Share: 34.16, top10Share: 53.96 };
const limburg = (input: Record<string, unknown>) => ({ workspace: "limburg", ...input });

const RECORD_ROWS: Record<string, Row> = {
  "governance.get": { input: async () => limburg({}), expected: limburgMember },
  "governance.saveModel": {
    targets: REGION_TARGETS,
    async input(t) {
      const g = await governanceOf(t);
      return limburg({ regionId: await regionId(t), organisationForm: "CONVENANT", description: "Bijgewerkt", version: g.modelVersion });
    },
    expected: editRegion,
  },
  "governance.addBody": { targets: REGION_TARGETS, input: async (t) => limburg({ modelId: (await governanceOf(t)).modelId, kind: "STUURGROEP", name: "Nieuw orgaan" }), expected: editRegion },
  "governance.updateBody": {
    targets: REGION_TARGETS,
    async input(t) {
      const g = await governanceOf(t);
      return limburg({ bodyId: g.bodyId, kind: "STUURGROEP", name: "Hernoemd", version: g.bodyVersion });
    },
    expected: editRegion,
  },
  "governance.removeBody": { targets: REGION_TARGETS, input: async (t) => limburg({ bodyId: (await governanceOf(t)).bodyId }), expected: editRegion },
  "governance.addDecision": {
    targets: REGION_TARGETS,
    input: async (t) => limburg({ regionId: await regionId(t), date: "2026-11-24", title: "Besluit", decision: "Vastgesteld." }),
    expected: editRegion,
  },
  "governance.removeDecision": { targets: REGION_TARGETS, input: async (t) => limburg({ decisionId: (await governanceOf(t)).decisionId }), expected: editRegion },
  "governance.setNvo": {
    targets: REGION_TARGETS,
    async input(t) {
      const region = await regionId(t);
      const check = await env.db.prisma.nvoCheck.findFirst({ where: { regionId: region, agreement: 1 } });
      return limburg({ regionId: region, agreement: 1, status: "IN_PROGRESS", notes: "", version: check?.version ?? 0 });
    },
    expected: editRegion,
  },
  "staffing.list": { input: async () => limburg({}), expected: limburgMember },
  "staffing.comparison": { input: async () => limburg({}), expected: limburgMember },
  "staffing.add": { targets: ALL_TARGETS, input: async (t) => limburg({ municipalityId: await orgId(MUNICIPALITY[t]), ...staffingFields }), expected: editOwnMunicipality },
  "staffing.update": {
    targets: ALL_TARGETS,
    async input(t) {
      const line = await freshStaffingLine(t);
      return limburg({ lineId: line.lineId, version: line.version, ...staffingFields });
    },
    expected: editOwnMunicipality,
  },
  "staffing.remove": { targets: ALL_TARGETS, input: async (t) => limburg({ lineId: (await freshStaffingLine(t)).lineId }), expected: editOwnMunicipality },
  "tender.board": { input: async () => limburg({}), expected: limburgMember },
  "tender.timeline": { input: async () => limburg({}), expected: limburgMember },
  "tender.get": { targets: ALL_TARGETS, input: async (t) => limburg({ tenderId: (await freshTender(t)).tenderId }), expected: readDocument },
  "tender.create": { targets: ALL_TARGETS, input: async (t) => limburg(await tenderFields(t)), expected: editTender },
  "tender.update": {
    targets: ALL_TARGETS,
    async input(t) {
      const tender = await freshTender(t);
      return limburg({ tenderId: tender.tenderId, version: tender.version, ...(await tenderFields(t)) });
    },
    expected: editTender,
  },
  "tender.setStatus": {
    targets: ALL_TARGETS,
    async input(t) {
      const tender = await freshTender(t);
      return limburg({ tenderId: tender.tenderId, status: "PUBLISHED", version: tender.version });
    },
    expected: editTender,
  },
  "lot.add": { targets: ALL_TARGETS, input: async (t) => limburg({ tenderId: (await freshTender(t)).tenderId, ...lotFields }), expected: editTender },
  "lot.update": { targets: ALL_TARGETS, input: async (t) => limburg({ lotId: (await freshTender(t)).lotId, version: 1, ...lotFields }), expected: editTender },
  "lot.setStatus": { targets: ALL_TARGETS, input: async (t) => limburg({ lotId: (await freshTender(t)).lotId, status: "PUBLISHED", version: 1 }), expected: editTender },
  "lot.remove": { targets: ALL_TARGETS, input: async (t) => limburg({ lotId: (await freshTender(t)).lotId }), expected: editTender },
  "lot.restore": { targets: ALL_TARGETS, input: async (t) => limburg({ lotId: await removedLot(t) }), expected: editTender },
  "lot.setParticipation": {
    targets: ALL_TARGETS,
    // The lot is always Limburg's; the target is whose participation is set.
    input: async (t) => limburg({ lotId: (await freshTender("own")).lotId, municipalityId: await orgId(MUNICIPALITY[t]), participating: true }),
    expected: editOwnMunicipality,
  },
  "milestone.add": { targets: ALL_TARGETS, input: async (t) => limburg({ tenderId: (await freshTender(t)).tenderId, ...milestoneFields }), expected: editTender },
  "milestone.update": { targets: ALL_TARGETS, input: async (t) => limburg({ milestoneId: (await freshTender(t)).milestoneId, version: 1, ...milestoneFields }), expected: editTender },
  "milestone.remove": { targets: ALL_TARGETS, input: async (t) => limburg({ milestoneId: (await freshTender(t)).milestoneId }), expected: editTender },
  "segment.list": { input: async () => limburg({}), expected: limburgMember },
  "segment.create": {
    targets: REGION_TARGETS,
    async input(t) {
      const { t: _t, ...fields } = segmentFields(t);
      return limburg({ ...fields, leadRegionId: await regionId(t), regionIds: [await regionId(t)] });
    },
    expected: editRegion,
  },
  "segment.update": {
    targets: REGION_TARGETS,
    async input(t) {
      const segment = await freshSegment(t);
      const { t: _t, ...fields } = segmentFields(t);
      return limburg({ segmentId: segment.segmentId, version: segment.version, ...fields, leadRegionId: await regionId(t) });
    },
    expected: editRegion,
  },
  "segment.remove": { targets: REGION_TARGETS, input: async (t) => limburg({ segmentId: (await freshSegment(t)).segmentId }), expected: editRegion },
  "market.get": { input: async () => limburg({}), expected: limburgMember },
  "market.add": {
    targets: ALL_TARGETS,
    // A figure of a lot of the target's tender (free-standing figures: coordinators, see records.test.ts).
    input: async (t) => limburg({ ...figureFields, lotId: (await freshTender(t)).lotId }),
    expected: editTender,
  },
  "market.update": {
    targets: ALL_TARGETS,
    async input(t) {
      const figure = await freshFigure(t);
      return limburg({ figureId: figure.figureId, version: figure.version, ...figureFields, lotId: figure.lotId });
    },
    expected: editTender,
  },
  "market.remove": { targets: ALL_TARGETS, input: async (t) => limburg({ figureId: (await freshFigure(t)).figureId }), expected: editTender },
  "export.ocds": { input: async () => limburg({}), expected: limburgMember },
};

// ---------------------------------------------------------------- assessments, library, search

/** A fresh assessment in the target's workspace; `participants` are organisation slugs. */
async function freshAssessment(target: Target, participants: string[]) {
  const a = await env.db.prisma.assessment.create({
    data: {
      workspaceId: await workspaceId(WORKSPACE_OF[target]),
      title: `Beoordeling ${++counter}`,
      scenarios: { create: [{ title: "Zelfstandig" }] },
      criteria: { create: [{ title: "Haalbaar" }] },
      participants: { create: await Promise.all(participants.map(async (slug) => ({ organisationId: await orgId(slug) }))) },
    },
    include: { scenarios: true, criteria: true },
  });
  return { assessmentId: a.id, scenarioId: a.scenarios[0]!.id, criterionId: a.criteria[0]!.id, version: a.version };
}

/** A second network that no persona's organisation belongs to. */
async function foreignNetwork() {
  return env.db.prisma.organisation.upsert({
    where: { slug: "ander-netwerk" },
    create: { slug: "ander-netwerk", name: "Ander netwerk", kind: "NATIONAL_NETWORK" },
    update: {},
  });
}

/** A fresh published template: own = in the demo network (Weert and Tiel are members), foreign = in another network. */
async function freshTemplate(target: Target, kind: "NVO_CHECKLIST" | "SCENARIO_MATRIX" = "NVO_CHECKLIST", status: "APPROVED" | "IN_REVIEW" = "APPROVED") {
  const network = target === "foreign" ? await foreignNetwork() : await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: DEMO_NETWORK.slug } });
  const content = kind === "NVO_CHECKLIST" ? nvoChecklist() : { scenarios: [{ title: "A", description: "" }], criteria: [{ title: "B", description: "", weight: 1 }] };
  const t = await env.db.prisma.template.create({
    data: {
      networkId: network.id,
      kind,
      publishedNumber: status === "APPROVED" ? 1 : null,
      versions: { create: { number: 1, title: `Sjabloon ${++counter}`, content, contentHash: contentHash(content), status } },
    },
    include: { versions: true },
  });
  return { templateId: t.id, versionId: t.versions[0]!.id };
}

async function freshNotification(target: Target) {
  const n = await env.db.prisma.workspaceNotification.create({ data: { workspaceId: await workspaceId(WORKSPACE_OF[target]), kind: "template.newVersion", params: { title: "x", version: 2 } } });
  return n.id;
}

/** Library procedures outside a workspace: signed-in users of the network's member organisations; foreign networks are NOT_FOUND. */
function readNetwork(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  return t === "foreign" ? "NOT_FOUND" : "OK";
}
/** Moderating: only the admin persona moderates the demo network (set up below); members may not. */
function moderate(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (t === "foreign") return "NOT_FOUND";
  return p === "admin" ? "OK" : "FORBIDDEN";
}
const OWN_OR_FOREIGN: Target[] = ["own", "foreign"];

const LIBRARY_ROWS: Record<string, Row> = {
  "assessment.list": { input: async () => limburg({}), expected: limburgMember },
  "assessment.get": { targets: OWN_OR_FOREIGN, input: async (t) => limburg({ assessmentId: (await freshAssessment(t, [])).assessmentId }), expected: readDocument },
  "assessment.create": {
    targets: ALL_TARGETS,
    input: async (t) => limburg({ title: "Nieuwe beoordeling", scenarios: [{ title: "A" }], criteria: [{ title: "B", weight: 2 }], participantIds: [await orgId(MUNICIPALITY[t])] }),
    expected: coordinators,
  },
  "assessment.score": {
    targets: ALL_TARGETS,
    // own: Weert takes part; other: only Nederweert takes part; foreign: another workspace's assessment.
    async input(t) {
      const a = await freshAssessment(t, [t === "foreign" ? "tiel" : MUNICIPALITY[t]]);
      return limburg({ assessmentId: a.assessmentId, scenarioId: a.scenarioId, criterionId: a.criterionId, score: 3 });
    },
    expected: editOwnMunicipality,
  },
  "assessment.setWeight": { targets: OWN_OR_FOREIGN, input: async (t) => limburg({ criterionId: (await freshAssessment(t, [])).criterionId, weight: 3 }), expected: coordinators },
  "assessment.lock": {
    targets: OWN_OR_FOREIGN,
    async input(t) {
      const a = await freshAssessment(t, []);
      return limburg({ assessmentId: a.assessmentId, version: a.version });
    },
    expected: coordinators,
  },
  "library.networks": { input: async () => undefined, expected: signedIn },
  "library.list": { input: async () => ({}), expected: signedIn },
  "library.get": { targets: OWN_OR_FOREIGN, input: async (t) => ({ templateId: (await freshTemplate(t)).templateId }), expected: readNetwork },
  // Publishing only what the member may change (ADR 0016): the lot structure of the target's tender.
  "library.preview": { targets: ALL_TARGETS, input: async (t) => limburg({ kind: "LOT_STRUCTURE", sourceId: (await freshTender(t)).tenderId }), expected: editTender },
  "library.publish": {
    targets: ALL_TARGETS,
    async input(t) {
      const network = await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: DEMO_NETWORK.slug } });
      const { tenderId } = await freshTender(t);
      const lots = await env.db.prisma.lot.findMany({ where: { tenderId } });
      const hash = contentHash(parseTemplateContent("LOT_STRUCTURE", lotStructureFromTender({ domain: "WMO", procedure: "SAS_TWO_ROUNDS", lots })));
      return limburg({ networkId: network.id, kind: "LOT_STRUCTURE", sourceId: tenderId, title: "Percelen", previewHash: hash });
    },
    expected: editTender,
  },
  "library.fromWorkspace": { targets: ["own"], input: async () => limburg({ kind: "LOT_STRUCTURE" }), expected: editShared },
  "library.reviewQueue": { input: async () => undefined, expected: signedIn },
  "library.review": { targets: OWN_OR_FOREIGN, input: async (t) => ({ versionId: (await freshTemplate(t, "NVO_CHECKLIST", "IN_REVIEW")).versionId, approve: true }), expected: moderate },
  "library.unpublish": { targets: OWN_OR_FOREIGN, input: async (t) => ({ templateId: (await freshTemplate(t)).templateId }), expected: moderate },
  "library.use": { targets: OWN_OR_FOREIGN, input: async (t) => limburg({ templateId: (await freshTemplate(t)).templateId, title: "Onze NvO-checklist" }), expected: editShared },
  "notification.list": { input: async () => limburg({}), expected: limburgMember },
  "notification.dismiss": { targets: OWN_OR_FOREIGN, input: async (t) => limburg({ notificationId: await freshNotification(t) }), expected: editShared },
  "search.query": { input: async () => ({ query: "inkoop" }), expected: signedIn },
};


// ---------------------------------------------------------------- invitations (ADR 0023)

/** A fresh open invitation of the target's workspace (own: Limburg, foreign: Rivierenland) and its token. */
async function freshInvitation(target: Target, email = `uitgenodigd${++counter}@example.org`) {
  const token = randomBytes(32).toString("base64url");
  const invitation = await env.db.prisma.invitation.create({
    data: {
      workspaceId: await workspaceId(WORKSPACE_OF[target]),
      email,
      organisationId: await orgId(MUNICIPALITY[target]),
      role: "EDITOR",
      locale: "nl",
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  return { invitationId: invitation.id, token };
}
/** Limburg members accept an invitation of Limburg for their own address; anyone else's token is refused. */
const acceptOwn = (p: Persona, t: Target): Outcome => (p === "anonymous" ? "UNAUTHORIZED" : t === "own" && p !== "outsider" ? "OK" : "FORBIDDEN");

const INVITATION_ROWS: Record<string, Row> = {
  "invitation.create": {
    // own: a municipality of the workspace; other: another of its region; foreign: an organisation outside the workspace (any directory organisation may be named).
    targets: ["own", "other", "foreign"],
    input: async (t) => ({ workspace: "limburg", emails: `nieuw${++counter}@example.org`, organisationId: await orgId(MUNICIPALITY[t]), role: "VIEWER" }),
    expected: limburgAdmin(() => "OK"),
  },
  "invitation.list": { input: async () => ({ workspace: "limburg" }), expected: limburgAdmin(() => "OK") },
  "invitation.resend": {
    targets: OWN_OR_FOREIGN,
    input: async (t) => ({ workspace: "limburg", invitationId: (await freshInvitation(t)).invitationId }),
    expected: limburgAdmin((t) => (t === "foreign" ? "NOT_FOUND" : "OK")),
  },
  "invitation.revoke": {
    targets: OWN_OR_FOREIGN,
    input: async (t) => ({ workspace: "limburg", invitationId: (await freshInvitation(t)).invitationId }),
    expected: limburgAdmin((t) => (t === "foreign" ? "NOT_FOUND" : "OK")),
  },
  // The link's holder, whoever is signed in, sees what it opens; the workspace is the invitation's.
  "invitation.check": { targets: OWN_OR_FOREIGN, input: async (t) => ({ token: (await freshInvitation(t)).token }), expected: always("OK") },
  "invitation.accept": {
    targets: OWN_OR_FOREIGN,
    // own: Limburg's invitation for the persona's own address (a member already: the role stays); otherwise someone else's.
    async input(t, persona) {
      const email = t === "own" && persona !== "outsider" && persona !== "platform" ? (personaEmail[persona] ?? undefined) : undefined;
      return { token: (await freshInvitation(t, email)).token };
    },
    expected: acceptOwn,
  },
  "invitation.createAccount": {
    targets: OWN_OR_FOREIGN,
    input: async (t) => ({ token: (await freshInvitation(t)).token, name: "Nieuw Lid", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" }),
    // A new account is made by someone not signed in; a signed-in user is refused, and nothing changes.
    expected: (p) => (p === "anonymous" ? "OK" : "FORBIDDEN"),
  },
};

// ---------------------------------------------------------------- workspace lifecycle and directory (ADR 0022)

/** Platform administrators only; anyone else signed in is FORBIDDEN. */
const platformOnly = (p: Persona): Outcome => (p === "anonymous" ? "UNAUTHORIZED" : p === "platform" ? "OK" : "FORBIDDEN");
/**
 * A workspace's stewards: platform administrators (member or not) and its admins. own = a fresh
 * workspace where the Weert personas have their roles; foreign = a fresh one without them.
 */
function steward(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "platform") return "OK";
  if (p === "outsider" || t === "foreign") return "NOT_FOUND";
  return p === "admin" ? "OK" : "FORBIDDEN";
}
const STEWARD_TARGETS: Target[] = ["own", "foreign"];

/** A municipality of the directory in no region yet (a different one each call). */
async function freeMunicipality() {
  const m = await env.db.prisma.organisation.findFirstOrThrow({ where: { kind: "MUNICIPALITY", regionId: null, endedOn: null, cbsCode: { not: null } }, orderBy: { cbsCode: "desc" } });
  // Taken out of the pool for the next call (and for the row that uses it): a region of its own.
  return m;
}

/** A fresh workspace with two regions of one free municipality each; own: the personas are its members. */
async function freshWorkspace(target: Target) {
  const n = ++counter;
  const ws = await env.db.prisma.workspace.create({ data: { slug: `matrix-ws-${n}`, name: `Matrix ${n}` } });
  const regions = [];
  for (const part of ["a", "b"]) {
    const region = await env.db.prisma.region.create({ data: { slug: `matrix-ws-${n}-${part}`, name: `Regio ${part}` } });
    await env.db.prisma.workspaceRegion.create({ data: { workspaceId: ws.id, regionId: region.id } });
    const m = await freeMunicipality();
    await env.db.prisma.organisation.update({ where: { id: m.id }, data: { regionId: region.id } });
    regions.push({ regionId: region.id, municipalityId: m.id });
  }
  if (target !== "foreign") {
    const roles: [Persona, Role][] = [["viewer", "VIEWER"], ["editor", "EDITOR"], ["coordinator", "COORDINATOR"], ["admin", "ADMIN"]];
    for (const [persona, role] of roles) {
      const user = await env.db.prisma.user.findUniqueOrThrow({ where: { email: personaEmail[persona]! } });
      await env.db.prisma.membership.create({ data: { userId: user.id, workspaceId: ws.id, role } });
    }
  }
  return { workspace: ws.slug, name: ws.name, regions };
}

/** Two fresh municipalities (codes GM9000–GM9999, which no CBS file has) that may merge. */
let mergeCodes = 0;
async function mergeable() {
  const codes = [];
  for (let i = 0; i < 2; i++) {
    const code = `GM9${String(mergeCodes++).padStart(3, "0")}`;
    await env.db.prisma.organisation.create({ data: { slug: `matrix-gm-${code.toLowerCase()}`, name: `Matrixgemeente ${code}`, kind: "MUNICIPALITY", cbsCode: code, province: "Limburg" } });
    codes.push(code);
  }
  return codes;
}

const LIFECYCLE_ROWS: Record<string, Row> = {
  "workspaces.list": { input: async () => ({}), expected: platformOnly, platform: true },
  "workspaces.create": {
    async input() {
      const m = await freeMunicipality();
      return { name: `Nieuwe werkruimte ${++counter}`, slug: `nieuw-${counter}`, regions: [{ name: "Noord", organisationForm: "CONVENANT", municipalities: m.cbsCode! }] };
    },
    expected: platformOnly,
    platform: true,
  },
  "workspaces.standing": { input: async () => undefined, expected: signedIn, platform: true },
  "workspaces.creators": { input: async () => undefined, expected: platformOnly, platform: true },
  "workspaces.grantCreator": { input: async () => ({ email: (await throwawayUser("own")).email }), expected: platformOnly, platform: true },
  "workspaces.revokeCreator": {
    async input() {
      const user = await throwawayUser("own");
      await env.db.prisma.workspaceCreator.create({ data: { userId: user.id } });
      return { userId: user.id };
    },
    expected: platformOnly,
    platform: true,
  },
  "workspaces.settings": { targets: STEWARD_TARGETS, input: async (t) => ({ workspace: (await freshWorkspace(t)).workspace }), expected: steward, platform: true },
  "workspaces.addRegion": {
    targets: STEWARD_TARGETS,
    input: async (t) => ({ workspace: (await freshWorkspace(t)).workspace, name: "Zuid", organisationForm: "WGR_LEGAL_ENTITY", municipalities: (await freeMunicipality()).name }),
    expected: steward,
    platform: true,
  },
  "workspaces.removeRegion": {
    targets: STEWARD_TARGETS,
    async input(t) {
      const ws = await freshWorkspace(t);
      return { workspace: ws.workspace, regionId: ws.regions[0]!.regionId };
    },
    expected: steward,
    platform: true,
  },
  "workspaces.addMunicipalities": {
    targets: STEWARD_TARGETS,
    async input(t) {
      const ws = await freshWorkspace(t);
      return { workspace: ws.workspace, regionId: ws.regions[0]!.regionId, municipalities: (await freeMunicipality()).cbsCode! };
    },
    expected: steward,
    platform: true,
  },
  "workspaces.removeMunicipality": {
    targets: STEWARD_TARGETS,
    async input(t) {
      const ws = await freshWorkspace(t);
      return { workspace: ws.workspace, ...ws.regions[0]! };
    },
    expected: steward,
    platform: true,
  },
  "workspaces.setArchived": { targets: STEWARD_TARGETS, input: async (t) => ({ workspace: (await freshWorkspace(t)).workspace, archived: true }), expected: steward, platform: true },
  "workspaces.delete": {
    targets: STEWARD_TARGETS,
    async input(t) {
      const ws = await freshWorkspace(t);
      return { workspace: ws.workspace, confirmName: ws.name };
    },
    expected: steward,
    platform: true,
  },
  "directory.search": { input: async () => ({ query: "weert" }), expected: platformOnly, platform: true },
  "directory.organisations": { input: async () => undefined, expected: platformOnly, platform: true },
  "directory.createOrganisation": { input: async () => ({ name: `Regionaal orgaan ${++counter}`, kind: "REGIONAL_BODY" }), expected: platformOnly, platform: true },
  "directory.mergeMunicipalities": {
    async input() {
      const [a, b] = await mergeable();
      return { successor: { cbsCode: a }, merged: [a, b], date: new Date().toISOString().slice(0, 10) };
    },
    expected: platformOnly,
    platform: true,
  },
};


// ---------------------------------------------------------------- comments, following, notifications (issue 21, ADR 0036)

/** Every member may comment, viewers too; another workspace's subject is NOT_FOUND. */
const anyMember = readDocument;
/** A thread with one comment on a fresh tender of the target, written by `author` (a Limburg member unless foreign). */
async function freshThread(target: Target, authorEmail?: string | null) {
  const { tenderId } = await freshTender(target);
  const author = authorEmail
    ? await env.db.prisma.user.findUniqueOrThrow({ where: { email: authorEmail } })
    : await throwawayUser(target, WORKSPACE_OF[target]);
  const thread = await env.db.prisma.commentThread.create({
    data: { workspaceId: await workspaceId(WORKSPACE_OF[target]), subjectType: "tender", subjectId: tenderId, createdById: author.id },
  });
  const comment = await env.db.prisma.comment.create({ data: { threadId: thread.id, authorId: author.id, organisationId: author.organisationId, body: "Klopt dit?" } });
  return { tenderId, threadId: thread.id, commentId: comment.id };
}
/** own: the persona's own comment; other: a comment by someone else of the workspace; foreign: one of another workspace. */
const commentOf = (t: Target, p: Persona) => freshThread(t, t === "own" && p !== "anonymous" && p !== "outsider" ? personaEmail[p] : null);
const COMMENT_TARGETS: Target[] = ["own", "other", "foreign"];
/** Editing: one's own comment only. */
function ownComment(p: Persona, t: Target): Outcome {
  const reach = anyMember(p, t);
  if (reach !== "OK") return reach;
  return t === "own" ? "OK" : "FORBIDDEN";
}
/** Deleting: one's own, or any as a workspace admin. */
function ownCommentOrAdmin(p: Persona, t: Target): Outcome {
  const reach = anyMember(p, t);
  if (reach !== "OK") return reach;
  return t === "own" || p === "admin" ? "OK" : "FORBIDDEN";
}
/** The signed-in user's own notification of the target's workspace. */
async function notificationOf(t: Target, p: Persona) {
  const email = personaEmail[p] ?? personaEmail.viewer!;
  const user = await env.db.prisma.user.findUniqueOrThrow({ where: { email } });
  const other = await throwawayUser(t, WORKSPACE_OF[t]);
  const owner = t === "own" ? user : other;
  const note = await env.db.prisma.notification.create({
    data: { userId: owner.id, workspaceId: await workspaceId(WORKSPACE_OF[t]), kind: "mention", path: "/w/limburg", params: {} },
  });
  return note.id;
}

const COMMENT_ROWS: Record<string, Row> = {
  "comment.threads": { targets: ALL_TARGETS, input: async (t) => limburg({ subjectType: "tender", subjectId: (await freshTender(t)).tenderId }), expected: anyMember },
  "comment.counts": { input: async () => limburg({ subjectType: "tender" }), expected: limburgMember },
  "comment.open": { input: async () => limburg({}), expected: limburgMember },
  "comment.start": {
    targets: ALL_TARGETS,
    input: async (t) => limburg({ subjectType: "tender", subjectId: (await freshTender(t)).tenderId, body: "@Venlo klopt dit?" }),
    expected: anyMember,
  },
  "comment.reply": { targets: ALL_TARGETS, input: async (t) => limburg({ threadId: (await freshThread(t)).threadId, body: "Ja." }), expected: anyMember },
  "comment.edit": { targets: COMMENT_TARGETS, input: async (t, p) => limburg({ commentId: (await commentOf(t, p)).commentId, body: "Anders" }), expected: ownComment },
  "comment.delete": { targets: COMMENT_TARGETS, input: async (t, p) => limburg({ commentId: (await commentOf(t, p)).commentId }), expected: ownCommentOrAdmin },
  "comment.resolve": { targets: ALL_TARGETS, input: async (t) => limburg({ threadId: (await freshThread(t)).threadId }), expected: anyMember },
  "comment.reopen": { targets: ALL_TARGETS, input: async (t) => limburg({ threadId: (await freshThread(t)).threadId }), expected: anyMember },
  "comment.mentionables": { input: async () => limburg({ query: "we" }), expected: limburgMember },
  "follow.set": {
    targets: ALL_TARGETS,
    input: async (t) => limburg({ subjectType: "tender", subjectId: (await freshTender(t)).tenderId, following: true }),
    expected: anyMember,
  },
  "follow.status": { targets: ALL_TARGETS, input: async (t) => limburg({ subjectType: "lot", subjectId: (await freshTender(t)).lotId }), expected: anyMember },
  "inbox.list": { input: async () => ({}), expected: signedIn },
  "inbox.unread": { input: async () => undefined, expected: signedIn },
  // Someone else's notification id changes nothing and is no error: the call marks only one's own.
  "inbox.markRead": { targets: ["own", "other", "foreign"], input: async (t, p) => ({ ids: [await notificationOf(t, p)] }), expected: signedIn },
  "inbox.markAllRead": { input: async () => ({}), expected: signedIn },
  "inbox.open": { targets: ["own", "other", "foreign"], input: async (t, p) => ({ id: await notificationOf(t, p) }), expected: signedIn },
};

const MATRIX: Record<string, Row> = {
  ...RECORD_ROWS,
  ...COMMENT_ROWS,
  ...LIBRARY_ROWS,
  ...INVITATION_ROWS,
  ...LIFECYCLE_ROWS,
  "auth.me": { input: async () => undefined, expected: always("OK") },
  "auth.login": { input: async () => ({ email: "venlo@demo.regiotafel.nl", password: DEMO_PASSWORD }), expected: always("OK") },
  "auth.logout": { input: async () => undefined, expected: signedIn },
  "auth.logoutEverywhere": { input: async () => undefined, expected: signedIn },
  "auth.changePassword": {
    async input(_t, persona) {
      const email = personaEmail[persona];
      if (email) await env.db.prisma.user.update({ where: { email }, data: { passwordHash: env.demoPasswordHash } });
      return { current: DEMO_PASSWORD, next: "een-ander-wachtwoord", confirm: "een-ander-wachtwoord" };
    },
    expected: signedIn,
  },
  "account.get": { input: async () => undefined, expected: signedIn },
  "workspace.list": { input: async () => undefined, expected: signedIn },
  "workspace.attention": { input: async () => undefined, expected: signedIn },
  "workspace.overview": { input: async () => ({ workspace: "limburg" }), expected: limburgMember },
  "workspace.history": { input: async () => ({ workspace: "limburg", limit: 5 }), expected: limburgMember },
  "workspace.needsMe": { input: async () => ({ workspace: "limburg" }), expected: limburgMember },
  "member.add": {
    targets: ["own", "other", "foreign"],
    input: async (t) => ({ workspace: "limburg", email: (await throwawayUser(t)).email, role: "VIEWER" }),
    // Any existing account may be added, also one of another workspace's municipality.
    expected: limburgAdmin(() => "OK"),
  },
  "member.changeRole": {
    targets: ["own", "other", "foreign"],
    input: async (t) => ({
      workspace: "limburg",
      userId: (await throwawayUser(t, t === "foreign" ? "rivierenland" : "limburg")).id,
      role: "EDITOR",
    }),
    expected: limburgAdmin((t) => (t === "foreign" ? "NOT_FOUND" : "OK")),
  },
  "member.remove": {
    targets: ["own", "other", "foreign"],
    input: async (t) => ({ workspace: "limburg", userId: (await throwawayUser(t, t === "foreign" ? "rivierenland" : "limburg")).id }),
    expected: limburgAdmin((t) => (t === "foreign" ? "NOT_FOUND" : "OK")),
  },
  "document.list": { input: async () => ({ workspace: "limburg" }), expected: limburgMember },
  "document.get": { targets: ALL_TARGETS, input: async (t) => ({ workspace: "limburg", documentId: (await freshDocument(t)).documentId }), expected: readDocument },
  "document.versions": { targets: ALL_TARGETS, input: async (t) => ({ workspace: "limburg", documentId: (await freshDocument(t)).documentId }), expected: readDocument },
  "document.version": {
    targets: ALL_TARGETS,
    input: async (t) => {
      const { documentId, versionId } = await freshDocument(t);
      return { workspace: "limburg", documentId, versionId };
    },
    expected: readDocument,
  },
  "document.create": {
    targets: ALL_TARGETS,
    // own: a free document for the own region; other: the own region's governance text; otherRegion: a free document for Oost; foreign: a region of another workspace.
    async input(t) {
      const region = await env.db.prisma.region.findUniqueOrThrow({ where: { slug: REGION_OF[t] } });
      return { workspace: "limburg", kind: t === "other" ? "GOVERNANCE" : "FREE", title: `Nieuw ${++counter}`, ownerRegionId: region.id };
    },
    expected: editDocument,
  },
  "document.rename": {
    targets: ALL_TARGETS,
    input: async (t) => {
      const { documentId, version } = await freshDocument(t);
      return { workspace: "limburg", documentId, title: "Nieuwe titel", version };
    },
    expected: editDocument,
  },
  "document.setArchived": {
    targets: ALL_TARGETS,
    input: async (t) => ({ workspace: "limburg", documentId: (await freshDocument(t)).documentId, archived: true }),
    expected: editDocument,
  },
  "document.saveVersion": {
    targets: ALL_TARGETS,
    input: async (t) => ({ workspace: "limburg", documentId: (await freshDocument(t)).documentId, name: "Concept" }),
    expected: editDocument,
  },
  "document.restoreVersion": {
    targets: ALL_TARGETS,
    input: async (t) => {
      const { documentId, versionId } = await freshDocument(t);
      return { workspace: "limburg", documentId, versionId };
    },
    expected: editDocument,
  },
  "document.loadStatus": { targets: ALL_TARGETS, input: async (t) => ({ workspace: "limburg", documentId: (await damagedDocument(t)).documentId }), expected: readDocument },
  "document.recover": {
    targets: ALL_TARGETS,
    input: async (t) => ({ workspace: "limburg", documentId: (await damagedDocument(t)).documentId }),
    expected: limburgAdmin((t) => (t === "foreign" ? "NOT_FOUND" : "OK")),
  },
  // Whole-workspace export (ADR 0025): Limburg's administrators only; another workspace (the
  // target "foreign": one none of the personas belongs to) answers NOT_FOUND to everyone, Limburg's admin included.
  "archive.plan": { targets: ["own", "foreign"], input: async (t) => ({ workspace: await archiveTarget(t) }), expected: archiveExport },
  "archive.export": { targets: ["own", "foreign"], input: async (t) => ({ workspace: await archiveTarget(t) }), expected: archiveExport },
  // Import: platform administrators only (a workspace admin is no platform administrator).
  "archive.import": {
    targets: ["own"],
    input: async () => ({ archive: await smallArchive(), slug: "" }),
    expected: (p) => (p === "anonymous" ? "UNAUTHORIZED" : p === "platform" ? "OK" : "FORBIDDEN"),
    platform: true,
  },
  "platform.overview": { input: async () => ({}), expected: (p) => (p === "anonymous" ? "UNAUTHORIZED" : p === "platform" ? "OK" : "FORBIDDEN"), platform: true },
  // Account lifecycle (ADR 0024). A reset request answers alike for every address (an unknown one here, so no mail); its
  // throttle counts per client, so one target only.
  "auth.requestPasswordReset": { targets: ["own"], input: async () => ({ email: `matrix${++counter}@example.org` }), expected: always("OK") },
  "auth.checkPasswordReset": { input: async () => ({ token: "a".repeat(43) }), expected: always("OK") },
  "auth.resetPassword": { input: async () => ({ token: "a".repeat(43), password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" }), expected: always("NOT_FOUND") },
  "account.requestEmailChange": {
    async input(_t, persona) {
      // auth.changePassword's row changed the personas' passwords.
      const email = personaEmail[persona];
      if (email) await env.db.prisma.user.update({ where: { email }, data: { passwordHash: env.demoPasswordHash } });
      return { email: `nieuw${++counter}@example.org`, password: DEMO_PASSWORD };
    },
    expected: signedIn,
  },
  "account.confirmEmailChange": { input: async () => ({ token: "a".repeat(43) }), expected: always("NOT_FOUND") },
  "account.myData": { input: async () => undefined, expected: signedIn },
  // A user's own notification preferences (ADR 0038): no workspace, only the signed-in user's own.
  "notificationPreferences.get": { input: async () => ({}), expected: signedIn },
  "notificationPreferences.set": { input: async () => ({ milestoneLeadDays: 7 }), expected: signedIn },
  // The one-click unsubscribe works without signing in; an unknown token is NOT_FOUND for everyone.
  "notificationPreferences.checkUnsubscribe": { input: async () => ({ token: "a".repeat(43) }), expected: always("NOT_FOUND") },
  "notificationPreferences.unsubscribe": { input: async () => ({ token: "a".repeat(43) }), expected: always("NOT_FOUND") },
  "platform.users": { input: async () => ({ q: "weert" }), expected: (p) => (p === "anonymous" ? "UNAUTHORIZED" : p === "platform" ? "OK" : "FORBIDDEN"), platform: true },
  "platform.setUserActive": {
    targets: ALL_TARGETS,
    input: async (t) => ({ userId: (await throwawayUser(t)).id, active: false }),
    expected: (p) => (p === "anonymous" ? "UNAUTHORIZED" : p === "platform" ? "OK" : "FORBIDDEN"),
    platform: true,
  },
  // An organisation's sign-in (ADR 0035): platform administrators for every organisation, Weert's
  // organisation administrator (the admin persona) for Weert only; another organisation is NOT_FOUND.
  "organisation.signIn": { targets: ALL_TARGETS, input: async (t) => ({ organisation: await orgId(MUNICIPALITY[t]) }), expected: organisationAdmin, platform: true },
  "organisation.saveConnection": {
    targets: ALL_TARGETS,
    input: async (t) => ({ organisation: await orgId(MUNICIPALITY[t]), issuer: identityProvider.issuer, clientId: "matrix", clientSecret: "matrix-geheim", domains: `m${++counter}.matrix.example` }),
    expected: organisationAdmin,
    platform: true,
  },
  "organisation.removeConnection": { targets: ALL_TARGETS, input: async (t) => ({ organisation: await orgId(MUNICIPALITY[t]) }), expected: organisationAdmin, platform: true },
  "organisation.requireSso": {
    targets: ALL_TARGETS,
    async input(t) {
      const organisation = await orgId(MUNICIPALITY[t]);
      await env.db.prisma.oidcConnection.upsert({ where: { organisationId: organisation }, create: { organisationId: organisation, issuer: "https://idp.example", clientId: "x", clientSecret: "x" }, update: {} });
      // Not required → not required: nobody's sessions end in this table.
      return { organisation, required: false };
    },
    expected: organisationAdmin,
    platform: true,
  },
  "organisation.createScimToken": { targets: ALL_TARGETS, input: async (t) => ({ organisation: await orgId(MUNICIPALITY[t]), label: `Entra ${++counter}` }), expected: organisationAdmin, platform: true },
  "organisation.revokeScimToken": {
    targets: ALL_TARGETS,
    async input(t) {
      const organisation = await orgId(MUNICIPALITY[t]);
      const token = await env.db.prisma.scimToken.create({ data: { organisationId: organisation, label: "matrix", tokenHash: randomBytes(32).toString("hex") } });
      return { organisation, tokenId: token.id };
    },
    expected: organisationAdmin,
    platform: true,
  },
  "organisation.people": { targets: ALL_TARGETS, input: async (t) => ({ organisation: await orgId(MUNICIPALITY[t]), q: "" }), expected: organisationAdmin, platform: true },
  "organisation.setPersonActive": {
    targets: ALL_TARGETS,
    input: async (t) => ({ organisation: await orgId(MUNICIPALITY[t]), userId: (await throwawayUser(t)).id, active: false }),
    expected: organisationAdmin,
    platform: true,
  },
  "organisation.resetSecondFactor": {
    targets: ALL_TARGETS,
    async input(t) {
      const user = await throwawayUser(t);
      await env.db.prisma.totpFactor.create({ data: { userId: user.id, secret: "verzegeld", confirmedAt: new Date() } });
      return { organisation: await orgId(MUNICIPALITY[t]), userId: user.id };
    },
    expected: organisationAdmin,
    platform: true,
  },
  "organisation.setAdmin": {
    targets: ALL_TARGETS,
    input: async (t) => ({ userId: (await throwawayUser(t)).id, admin: true }),
    expected: (p) => (p === "anonymous" ? "UNAUTHORIZED" : p === "platform" ? "OK" : "FORBIDDEN"),
    platform: true,
  },
  // Signing in through a provider: public, and nothing to find without a sign-in in progress.
  "auth.discover": { input: async () => ({ email: "iemand@demo.regiotafel.nl" }), expected: always("OK") },
  "auth.completeSso": { input: async () => ({ callbackUrl: "http://localhost/inloggen/sso?state=onbekend&code=x" }), expected: always("BAD_REQUEST") },
  "auth.linkStatus": { input: async () => ({ token: "a".repeat(43) }), expected: always("NOT_FOUND") },
  "auth.linkWithPassword": { input: async () => ({ token: "a".repeat(43), password: DEMO_PASSWORD }), expected: always("NOT_FOUND") },
  "auth.linkByMail": { input: async () => ({ token: "a".repeat(43) }), expected: always("NOT_FOUND") },
  "auth.confirmLink": { input: async () => ({ token: "a".repeat(43) }), expected: always("NOT_FOUND") },
  "setup.check": { input: async () => ({ token: "a".repeat(43) }), expected: always("NOT_FOUND"), platform: true },
  "setup.complete": {
    input: async () => ({ token: "a".repeat(43), name: "Eerste beheerder", email: `setup${++counter}@example.org`, organisation: "Beheer", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" }),
    // Users exist: the first run is over for everyone.
    expected: always("NOT_FOUND"),
    platform: true,
  },
  // Two-step verification (issue 20): the own account only; unknown pending sign-ins are NOT_FOUND for everyone.
  "auth.verifySecondFactor": { input: async () => ({ pendingToken: "a".repeat(43), code: "123456" }), expected: always("NOT_FOUND") },
  "auth.useRecoveryCode": { input: async () => ({ pendingToken: "a".repeat(43), recoveryCode: "abcde-12345" }), expected: always("NOT_FOUND") },
  "secondFactor.status": { input: async () => undefined, expected: signedIn },
  "secondFactor.enrolment": { input: async () => undefined, expected: signedIn },
  "secondFactor.startEnrolment": {
    async input(_t, persona) {
      await secondFactorOf(persona, "none");
      return {};
    },
    expected: signedIn,
  },
  "secondFactor.confirmEnrolment": { input: async (_t, persona) => ({ code: await secondFactorOf(persona, "started") }), expected: signedIn },
  "secondFactor.regenerateRecoveryCodes": { input: async (_t, persona) => ({ code: await secondFactorOf(persona, "enabled") }), expected: signedIn },
  "secondFactor.disable": {
    async input(_t, persona) {
      await secondFactorOf(persona, "enabled");
      // auth.changePassword's row changed the personas' passwords.
      const email = personaEmail[persona];
      if (email) await env.db.prisma.user.update({ where: { email }, data: { passwordHash: env.demoPasswordHash } });
      return { password: DEMO_PASSWORD };
    },
    expected: signedIn,
  },
  // The own calendar feed (issue 21, ADR 0037): every signed-in user, their own only.
  "calendar.status": { input: async () => undefined, expected: signedIn },
  "calendar.create": { input: async () => ({}), expected: signedIn },
  "calendar.revoke": { input: async () => ({}), expected: signedIn },
  "platform.resetSecondFactor": {
    targets: ALL_TARGETS,
    async input(t) {
      const user = await throwawayUser(t);
      await env.db.prisma.totpFactor.create({ data: { userId: user.id, secret: "verzegeld", confirmedAt: new Date() } });
      return { userId: user.id };
    },
    expected: (p) => (p === "anonymous" ? "UNAUTHORIZED" : p === "platform" ? "OK" : "FORBIDDEN"),
    platform: true,
  },
  "municipality.updateContact": {
    targets: ALL_TARGETS,
    async input(t) {
      const org = await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: MUNICIPALITY[t] } });
      return { workspace: "limburg", municipalityId: org.id, contactName: "Inkoopadviseur", contactEmail: "inkoop@gemeente.nl", contactPhone: "0495 575 000", version: org.version };
    },
    expected(p, t) {
      if (p === "anonymous") return "UNAUTHORIZED";
      if (p === "outsider") return "NOT_FOUND";
      if (p === "viewer") return "FORBIDDEN";
      return t === "own" ? "OK" : t === "foreign" ? "NOT_FOUND" : "FORBIDDEN";
    },
  },
  // Leaving is the member's own act, in a workspace of theirs (Limburg; the demo admin stays its admin). Keep this row
  // LAST: each case first gives the persona its Limburg membership back, but the last one leaves it gone.
  "member.leave": {
    targets: ["own"],
    async input(_t, persona) {
      const role = ({ viewer: "VIEWER", editor: "EDITOR", coordinator: "COORDINATOR", admin: "ADMIN" } as Partial<Record<Persona, Role>>)[persona];
      if (role) {
        const user = await env.db.prisma.user.findUniqueOrThrow({ where: { email: personaEmail[persona]! } });
        const workspace = await workspaceId("limburg");
        await env.db.prisma.membership.upsert({ where: { userId_workspaceId: { userId: user.id, workspaceId: workspace } }, create: { userId: user.id, workspaceId: workspace, role }, update: { role } });
      }
      return { workspace: "limburg" };
    },
    expected: limburgMember,
  },
};

// At run time tRPC keeps a flat record keyed by dotted path ("member.add").
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;

/** Whether a procedure is routed to a workspace: one of its input parsers is the member tier's `{ workspace }`. */
function routedToWorkspace(path: string): boolean {
  const inputs = (procedures[path] as unknown as { _def: { inputs: { shape?: Record<string, unknown> }[] } })._def.inputs;
  return inputs.some((input) => input.shape !== undefined && Object.keys(input.shape).length === 1 && "workspace" in input.shape);
}

beforeAll(async () => {
  env = await createApiTestEnv();
  // Made before any row adds (damaged) documents to Rivierenland.
  await smallArchive();
  const weert = await orgId("weert");
  // A platform administrator of Weert who is a member of no workspace.
  const platform = await env.db.prisma.user.create({
    data: { email: personaEmail.platform!, name: "Platformbeheer Weert", organisationId: weert, passwordHash: env.demoPasswordHash },
  });
  await env.db.prisma.platformAdmin.create({ data: { userId: platform.id } });
  const limburg = await workspaceId("limburg");
  const roles: [Persona, Role][] = [["viewer", "VIEWER"], ["editor", "EDITOR"], ["coordinator", "COORDINATOR"], ["admin", "ADMIN"]];
  for (const [persona, role] of roles) {
    const user = await env.db.prisma.user.create({
      data: { email: personaEmail[persona]!, name: `${role} Weert`, organisationId: weert, passwordHash: env.demoPasswordHash },
    });
    await env.db.prisma.membership.create({ data: { userId: user.id, workspaceId: limburg, role } });
    if (persona === "admin") {
      const network = await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: DEMO_NETWORK.slug } });
      await env.db.prisma.networkModerator.create({ data: { networkId: network.id, userId: user.id } });
      // Also Weert's organisation administrator (ADR 0035): its sign-in, not any other organisation's.
      await env.db.prisma.organisationAdmin.create({ data: { userId: user.id } });
    }
  }
  identityProvider = await startOidcProvider({ clients: [{ clientId: "matrix", clientSecret: "matrix-geheim", redirectUris: [TEST_SSO_CALLBACK] }], accounts: {} });
});
afterAll(async () => {
  await identityProvider?.close();
  await env.close();
});

/**
 * What a row expects: the platform administrator is, for every workspace procedure, the
 * outsider (a Weert account, like Tiel's a member of the demo network, in no Limburg role).
 */
function expectedOutcome(row: Row, persona: Persona, target: Target): Outcome {
  return row.expected(persona === "platform" && !row.platform ? "outsider" : persona, target);
}

describe("tenancy matrix", () => {
  it("has a decision for every procedure of the router, and only for those", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(procedures).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([path, row]) =>
    (row.targets ?? (["own", "other"] as Target[])).flatMap((target) =>
      PERSONAS.map((persona) => ({ path, row, target, persona, outcome: expectedOutcome(row, persona, target) })),
    ),
  );

  it("the platform administrator is refused every workspace procedure as a non-member (NOT_FOUND)", () => {
    const workspaceRows = cases.filter((c) => c.persona === "platform" && !c.row.platform && routedToWorkspace(c.path));
    expect(workspaceRows.length).toBeGreaterThan(50);
    for (const c of workspaceRows) expect(c.outcome, c.path).toBe("NOT_FOUND");
  });

  it("an invitation's token adds a membership of its own workspace only, whatever workspace the call names", async () => {
    const { token } = await freshInvitation("foreign", `fremd${++counter}@example.org`);
    const api = createCaller(await env.contextFor(null)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const created = (await api.invitation!.createAccount!({ token, workspace: "limburg", name: "Fremd", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" })) as { workspaceSlug: string };
    expect(created.workspaceSlug).toBe("rivierenland");
    const user = await env.db.prisma.user.findFirstOrThrow({ where: { email: `fremd${counter}@example.org` }, include: { memberships: { include: { workspace: true } } } });
    expect(user.memberships.map((m) => m.workspace.slug)).toEqual(["rivierenland"]);
  });

  it.each(cases)("$path × $persona × $target → $outcome", async ({ path, row, target, persona, outcome }) => {
    const procedure = procedures[path];
    expect(procedure, `${path} is not a procedure`).toBeDefined();
    const input = await row.input(target, persona);
    const ctx = await env.contextFor(personaEmail[persona]);
    const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const [group, name] = path.split(".") as [string, string];
    const before = await fingerprint(env.db);

    let actual: Outcome = "OK";
    try {
      await caller[group]![name]!(input);
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      actual = error.code;
    }
    expect(actual).toBe(outcome);
    if (actual !== "OK" && procedure!._def.type === "mutation") {
      expect(await fingerprint(env.db), "a refused call must change nothing").toBe(before);
    }
  });
});
