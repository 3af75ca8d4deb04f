// Workspaces as the platform creates, changes and ends them (ADR 0022), on a database with the
// directory imported and nothing else: creating from the directory, regions that change,
// archiving, deleting with everything in it, and the creators' grant.
import { DomainError } from "@regiotafel/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { eventBus, type BusEvent } from "../events";
import { resolveScope } from "../scope";
import { createTestDatabase } from "../testing";
import { importDirectory } from "./directory";
import { createPlatformAdmin, platformStanding } from "./platform";
import { resolveDocumentAccess } from "./documents";
import {
  addMunicipalities,
  addRegion,
  createDirectoryOrganisation,
  createWorkspace,
  deleteWorkspace,
  grantWorkspaceCreator,
  listAllWorkspaces,
  listWorkspaceCreators,
  removeMunicipality,
  removeRegion,
  resolveSteward,
  revokeWorkspaceCreator,
  setWorkspaceArchived,
  workspaceSettings,
} from "./workspace-lifecycle";

let db: Database;
let platformAdmin: { userId: string; organisationId: string };
let other: { userId: string; organisationId: string };
const events: BusEvent[] = [];
let stop: () => void;

beforeAll(async () => {
  db = await createTestDatabase();
  await importDirectory(db.prisma);
  platformAdmin = await createPlatformAdmin(db.prisma, { cli: true, add: false }, { name: "Beheer", email: "beheer@regio.example", organisation: "Weert", passwordHash: "x" });
  const weert = await db.prisma.organisation.findUniqueOrThrow({ where: { cbsCode: "GM0988" } });
  const user = await db.prisma.user.create({ data: { email: "gebruiker@regio.example", name: "Gebruiker", organisationId: weert.id, passwordHash: "x" } });
  other = { userId: user.id, organisationId: weert.id };
  stop = eventBus.subscribe((e) => events.push(e));
});
afterAll(async () => {
  stop();
  await db.close();
});

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof DomainError) return `${error.code} ${error.messageKey}${error.params ? " " + JSON.stringify(error.params) : ""}`;
    throw error;
  }
};

let n = 0;
async function limburg(given?: string) {
  const slug = given ?? `limburg-${n + 1}`;
  n++;
  return createWorkspace(db.prisma, platformAdmin, {
    name: `Limburg ${n}`,
    slug,
    regions: [
      { name: "Noord", organisationForm: "WGR_LEGAL_ENTITY" as const, municipalities: n === 1 ? ["Venlo", "GM0957"] : [] },
      { name: "Midden", organisationForm: "CONVENANT" as const, municipalities: n === 1 ? ["weert", "Nederweert"] : [] },
    ].map((r, i) => ({ ...r, municipalities: r.municipalities.length ? r.municipalities : [freeCodes[(n * 2 + i) % freeCodes.length]!] })),
  });
}
/** CBS codes of municipalities far from Limburg, one per workspace region the tests create. */
const freeCodes = ["GM0014", "GM0034", "GM0037", "GM0047", "GM0050", "GM0059", "GM0060", "GM0072", "GM0074", "GM0080", "GM0085", "GM0086", "GM0088", "GM0090", "GM0093", "GM0096", "GM0098", "GM0106"];

describe("creating a workspace", () => {
  it("takes its municipalities from the directory by name or CBS code, gives each region its form, and makes the creator admin", async () => {
    const created = await limburg("limburg");
    expect(created.regions.map((r) => [r.name, r.organisationForm, r.municipalities.map((m) => m.name).sort()])).toEqual([
      ["Noord", "WGR_LEGAL_ENTITY", ["Roermond", "Venlo"]],
      ["Midden", "CONVENANT", ["Nederweert", "Weert"]],
    ]);
    const scope = await resolveScope(db.prisma, platformAdmin.userId, "limburg");
    expect(scope.role).toBe("ADMIN");
    expect(scope.archived).toBe(false);
    const models = await db.prisma.governanceModel.findMany({ where: { workspaceId: created.id } });
    expect(models.map((m) => m.organisationForm).sort()).toEqual(["CONVENANT", "WGR_LEGAL_ENTITY"]);
    const audit = await db.prisma.auditEvent.findMany({ where: { workspaceId: created.id } });
    expect(audit.map((a) => a.action)).toEqual(["workspace.created"]);
    const [listed] = (await listAllWorkspaces(db.prisma)).filter((w) => w.slug === "limburg");
    expect(listed).toMatchObject({ name: "Limburg 1", memberCount: 1, archived: false, regions: [{ name: "Midden", municipalityCount: 2 }, { name: "Noord", municipalityCount: 2 }] });
  });

  it("refuses a taken address, unknown municipalities (all named), a municipality already in a region, and changes nothing", async () => {
    const before = await db.prisma.workspace.count();
    const base = { name: "Tweede", slug: "tweede", regions: [{ name: "A", organisationForm: "CONVENANT" as const, municipalities: ["GM0153"] }] };
    expect(await refusal(createWorkspace(db.prisma, platformAdmin, { ...base, slug: "limburg" }))).toBe("CONFLICT workspace.slugTaken");
    expect(await refusal(createWorkspace(db.prisma, platformAdmin, { ...base, regions: [{ ...base.regions[0]!, municipalities: ["Enschede", "Atlantis", "GM9999"] }] }))).toBe(
      'BAD_REQUEST workspace.unknownMunicipalities {"names":"Atlantis, GM9999"}',
    );
    expect(await refusal(createWorkspace(db.prisma, platformAdmin, { ...base, regions: [{ ...base.regions[0]!, municipalities: ["Enschede", "Weert"] }] }))).toBe(
      'CONFLICT workspace.municipalityInOtherRegion {"name":"Weert","region":"Midden"}',
    );
    // The same municipality twice in one new workspace: the second region finds it taken.
    expect(
      await refusal(createWorkspace(db.prisma, platformAdmin, { ...base, regions: [base.regions[0]!, { name: "B", organisationForm: "CONVENANT", municipalities: ["Enschede"] }] })),
    ).toBe('CONFLICT workspace.municipalityInOtherRegion {"name":"Enschede","region":"A"}');
    expect(await refusal(createWorkspace(db.prisma, platformAdmin, { ...base, regions: [base.regions[0]!, { ...base.regions[0]!, name: "a", municipalities: ["GM0363"] }] }))).toBe(
      "CONFLICT workspace.regionNameTaken",
    );
    expect(await db.prisma.workspace.count()).toBe(before);
    expect((await db.prisma.organisation.findUniqueOrThrow({ where: { cbsCode: "GM0153" } })).regionId).toBeNull();
  });

  it("two creations with one address at once: one workspace, the other told the address is taken", async () => {
    const make = (code: string) => createWorkspace(db.prisma, platformAdmin, { name: "Gelijktijdig", slug: "gelijktijdig", regions: [{ name: "A", organisationForm: "CONVENANT", municipalities: [code] }] });
    const outcomes = await Promise.all([refusal(make("GM0150")), refusal(make("GM0147"))]);
    expect(outcomes.sort()).toEqual(["CONFLICT workspace.slugTaken", "OK"]);
    expect(await db.prisma.workspace.count({ where: { slug: "gelijktijdig" } })).toBe(1);
  });
});

describe("stewards", () => {
  it("are the workspace's admins and platform administrators; other members are forbidden, others find nothing", async () => {
    const ws = await limburg();
    expect((await resolveSteward(db.prisma, platformAdmin.userId, ws.slug)).role).toBe("ADMIN");
    expect(await refusal(resolveSteward(db.prisma, other.userId, ws.slug))).toBe("NOT_FOUND notFound");
    expect(await refusal(resolveSteward(db.prisma, other.userId, "bestaat-niet"))).toBe("NOT_FOUND notFound");
    await db.prisma.membership.create({ data: { userId: other.userId, workspaceId: ws.id, role: "COORDINATOR" } });
    expect(await refusal(resolveSteward(db.prisma, other.userId, ws.slug))).toBe("FORBIDDEN forbidden");
    // A platform administrator who is no member stewards it, and reads no content: no scope.
    await db.prisma.membership.deleteMany({ where: { userId: platformAdmin.userId, workspaceId: ws.id } });
    const steward = await resolveSteward(db.prisma, platformAdmin.userId, ws.slug);
    expect(steward).toMatchObject({ role: null, platformAdmin: true });
    expect(await refusal(resolveScope(db.prisma, platformAdmin.userId, ws.slug))).toBe("NOT_FOUND notFound");
    expect((await workspaceSettings(db.prisma, steward)).isMember).toBe(false);
  });
});

describe("regions change", () => {
  it("a municipality joins and leaves; what it recorded stays its own; a region is added and removed; the last region stays", async () => {
    const ws = await limburg();
    const steward = await resolveSteward(db.prisma, platformAdmin.userId, ws.slug);
    const [first, second] = ws.regions;
    expect((await addMunicipalities(db.prisma, steward, { regionId: first!.id, municipalities: ["GM0193", "Zwolle"] })).added.map((m) => m.name)).toEqual(["Zwolle"]);
    const zwolle = await db.prisma.organisation.findUniqueOrThrow({ where: { cbsCode: "GM0193" } });
    const line = await db.prisma.staffingLine.create({ data: { workspaceId: ws.id, regionId: first!.id, municipalityId: zwolle.id, function: "Inkoper", fteCurrent: 1 } });
    await removeMunicipality(db.prisma, steward, { regionId: first!.id, municipalityId: zwolle.id });
    expect((await db.prisma.organisation.findUniqueOrThrow({ where: { id: zwolle.id } })).regionId).toBeNull();
    expect(await db.prisma.staffingLine.findUniqueOrThrow({ where: { id: line.id } })).toMatchObject({ municipalityId: zwolle.id });
    // Another workspace's region is not this one's (NOT_FOUND).
    const limburg1 = await db.prisma.workspaceRegion.findFirstOrThrow({ where: { workspace: { slug: "limburg" } } });
    expect(await refusal(addMunicipalities(db.prisma, steward, { regionId: limburg1.regionId, municipalities: ["Zwolle"] }))).toBe("NOT_FOUND notFound");

    const added = await addRegion(db.prisma, steward, { name: "Zuid", organisationForm: "NETWORK_ORGANISATION", municipalities: ["Zwolle"] });
    expect(added.municipalities.map((m) => m.name)).toEqual(["Zwolle"]);
    await removeRegion(db.prisma, steward, added.id);
    await removeRegion(db.prisma, steward, second!.id);
    expect((await db.prisma.organisation.findUniqueOrThrow({ where: { id: zwolle.id } })).regionId).toBeNull();
    expect(await refusal(removeRegion(db.prisma, steward, first!.id))).toBe("CONFLICT workspace.lastRegion");
    const actions = (await db.prisma.auditEvent.findMany({ where: { workspaceId: ws.id }, orderBy: { at: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["workspace.created", "region.municipalitiesAdded", "region.municipalityRemoved", "region.added", "region.removed", "region.removed"]);
  });
});

describe("archiving", () => {
  it("makes the workspace read-only in its scope and for live editing, and is undone by reactivating", async () => {
    const ws = await limburg();
    const doc = await db.prisma.document.create({ data: { workspaceId: ws.id, kind: "FREE", title: "Tekst" } });
    const steward = await resolveSteward(db.prisma, platformAdmin.userId, ws.slug);
    expect((await resolveDocumentAccess(db.prisma, platformAdmin.userId, doc.id))!.canEdit).toBe(true);
    events.length = 0;
    expect(await setWorkspaceArchived(db.prisma, steward, true)).toEqual({ archived: true, changed: true });
    expect(events).toEqual([{ type: "workspace.changed", workspaceId: ws.id, kind: "archived" }]);
    expect((await resolveScope(db.prisma, platformAdmin.userId, ws.slug)).archived).toBe(true);
    expect((await resolveDocumentAccess(db.prisma, platformAdmin.userId, doc.id))!.canEdit).toBe(false);
    const archived = await resolveSteward(db.prisma, platformAdmin.userId, ws.slug);
    expect(await refusal(addRegion(db.prisma, archived, { name: "X", organisationForm: "CONVENANT", municipalities: ["Almelo"] }))).toBe("FORBIDDEN workspace.archived");
    // Archiving twice changes nothing more.
    expect(await setWorkspaceArchived(db.prisma, archived, true)).toEqual({ archived: true, changed: false });
    await setWorkspaceArchived(db.prisma, archived, false);
    expect((await resolveDocumentAccess(db.prisma, platformAdmin.userId, doc.id))!.canEdit).toBe(true);
    const actions = (await db.prisma.auditEvent.findMany({ where: { workspaceId: ws.id }, orderBy: { at: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["workspace.created", "workspace.archived", "workspace.reactivated"]);
  });
});

describe("deleting", () => {
  it("needs the exact name, then removes the workspace with everything in it, frees its municipalities, and leaves a platform-level audit event", async () => {
    const ws = await limburg();
    const steward = await resolveSteward(db.prisma, platformAdmin.userId, ws.slug);
    const doc = await db.prisma.document.create({ data: { workspaceId: ws.id, kind: "FREE", title: "Tekst", updates: { create: { data: Buffer.from([0]) } }, versions: { create: { name: "v", state: Buffer.from([0]) } } } });
    const municipality = ws.regions[0]!.municipalities[0]!.id;
    await db.prisma.tender.create({ data: { workspaceId: ws.id, title: "Aanbesteding", domain: "WMO", level: "REGIONAAL", procedure: "OPEN_HOUSE", procuringEntityId: municipality, lots: { create: [{ title: "Perceel" }] } } });
    expect(await refusal(deleteWorkspace(db.prisma, steward, ws.name.toLowerCase()))).toBe("BAD_REQUEST workspace.confirmName");
    expect(await db.prisma.workspace.count({ where: { id: ws.id } })).toBe(1);
    events.length = 0;
    await deleteWorkspace(db.prisma, steward, ` ${ws.name} `);
    expect(events).toEqual([{ type: "workspace.changed", workspaceId: ws.id, kind: "deleted" }]);
    expect(await db.prisma.workspace.count({ where: { id: ws.id } })).toBe(0);
    expect(await db.prisma.document.count({ where: { id: doc.id } })).toBe(0);
    expect(await db.prisma.documentUpdate.count({ where: { documentId: doc.id } })).toBe(0);
    expect(await db.prisma.documentVersion.count({ where: { documentId: doc.id } })).toBe(0);
    expect(await db.prisma.tender.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db.prisma.membership.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db.prisma.region.count({ where: { id: { in: ws.regions.map((r) => r.id) } } })).toBe(0);
    expect((await db.prisma.organisation.findUniqueOrThrow({ where: { id: municipality } })).regionId).toBeNull();
    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: ws.id } });
    expect(audit.map((a) => [a.action, a.workspaceId, a.actorId])).toEqual([["workspace.deleted", null, platformAdmin.userId]]);
    expect(audit[0]!.before).toMatchObject({ name: ws.name, slug: ws.slug, documents: 1, members: 1 });
  });
});

describe("who may create workspaces", () => {
  it("a platform administrator allows a user and takes it back, audited at platform level", async () => {
    expect(await platformStanding(db.prisma, other.userId)).toEqual({ platformAdmin: false, workspaceCreator: false, organisationAdmin: false });
    expect(await grantWorkspaceCreator(db.prisma, platformAdmin, "gebruiker@regio.example")).toMatchObject({ already: false });
    expect(await grantWorkspaceCreator(db.prisma, platformAdmin, "gebruiker@regio.example")).toMatchObject({ already: true });
    expect(await platformStanding(db.prisma, other.userId)).toEqual({ platformAdmin: false, workspaceCreator: true, organisationAdmin: false });
    expect((await listWorkspaceCreators(db.prisma)).map((c) => c.email)).toEqual(["gebruiker@regio.example"]);
    expect(await refusal(grantWorkspaceCreator(db.prisma, platformAdmin, "niemand@regio.example"))).toBe("NOT_FOUND workspace.noSuchAccount");
    await revokeWorkspaceCreator(db.prisma, platformAdmin, other.userId);
    expect(await platformStanding(db.prisma, other.userId)).toEqual({ platformAdmin: false, workspaceCreator: false, organisationAdmin: false });
    expect(await refusal(revokeWorkspaceCreator(db.prisma, platformAdmin, other.userId))).toBe("NOT_FOUND notFound");
    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: other.userId }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.workspaceId])).toEqual([
      ["workspaceCreator.granted", null],
      ["workspaceCreator.revoked", null],
    ]);
  });
});

describe("the directory", () => {
  it("platform administrators add regional bodies, networks and other organisations; a name is taken once", async () => {
    const body = await createDirectoryOrganisation(db.prisma, platformAdmin, { name: "MGR Sociaal Domein Limburg-Noord", kind: "REGIONAL_BODY" });
    expect(body).toMatchObject({ slug: "mgr-sociaal-domein-limburg-noord", kind: "REGIONAL_BODY" });
    const otherOrg = await createDirectoryOrganisation(db.prisma, platformAdmin, { name: "Zorgkantoor Noord", kind: "OTHER" });
    expect(otherOrg.kind).toBe("OTHER");
    expect(await refusal(createDirectoryOrganisation(db.prisma, platformAdmin, { name: "mgr sociaal domein limburg-noord", kind: "NATIONAL_NETWORK" }))).toBe("CONFLICT directory.nameTaken");
    expect(await refusal(createDirectoryOrganisation(db.prisma, platformAdmin, { name: "weert", kind: "OTHER" }))).toBe("CONFLICT directory.nameTaken");
  });
});
