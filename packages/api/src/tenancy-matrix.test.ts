// The tenancy matrix: every procedure of the router × every persona × own/other/foreign
// municipality, with the outcome we decided for each. A procedure added to the router
// without a row here fails the first test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Role } from "@regiotafel/domain";
import { DEMO_PASSWORD } from "@regiotafel/db";
import { initialState } from "@regiotafel/collab";
import { appRouter, createCaller } from "./router";
import { createApiTestEnv, fingerprint, type ApiTestEnv } from "./test-support";

type Persona = "anonymous" | "outsider" | "viewer" | "editor" | "coordinator" | "admin";
type Target = "own" | "other" | "foreign";
type Outcome = "OK" | TRPCError["code"];

const PERSONAS: Persona[] = ["anonymous", "outsider", "viewer", "editor", "coordinator", "admin"];
const MUNICIPALITY: Record<Target, string> = { own: "weert", other: "nederweert", foreign: "tiel" };

interface Row {
  /** Targets that mean something for this procedure (default own and other). */
  targets?: Target[];
  input(target: Target, persona: Persona): Promise<unknown>;
  expected(persona: Persona, target: Target): Outcome;
}

let env: ApiTestEnv;
const personaEmail: Record<Persona, string | null> = {
  anonymous: null,
  outsider: "tiel@demo.regiotafel.nl",
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
 * A fresh document per case: own = a free document of the workspace (editors edit it),
 * other = another region's governance text (only Noord's coordinators and admins edit it),
 * foreign = a document of another workspace.
 */
async function freshDocument(target: Target) {
  const workspace = target === "foreign" ? "rivierenland" : "limburg";
  const owner = target === "other" ? await env.db.prisma.region.findUniqueOrThrow({ where: { slug: "noord-limburg" } }) : null;
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

const ALL_TARGETS: Target[] = ["own", "other", "foreign"];
/** Reading a document: every member, for documents of their own workspace only. */
function readDocument(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider" || t === "foreign") return "NOT_FOUND";
  return "OK";
}
/** Changing a document: editors for workspace documents, Noord's governance text only for admins here. */
function editDocument(p: Persona, t: Target): Outcome {
  if (p === "anonymous") return "UNAUTHORIZED";
  if (p === "outsider") return "NOT_FOUND";
  if (p === "viewer") return "FORBIDDEN";
  if (t === "foreign") return "NOT_FOUND";
  if (t === "other") return p === "admin" ? "OK" : "FORBIDDEN";
  return "OK";
}

const always = (outcome: Outcome) => () => outcome;
const signedIn = (p: Persona): Outcome => (p === "anonymous" ? "UNAUTHORIZED" : "OK");
const limburgMember = (p: Persona): Outcome => (p === "anonymous" ? "UNAUTHORIZED" : p === "outsider" ? "NOT_FOUND" : "OK");
function limburgAdmin(adminOutcome: (t: Target) => Outcome) {
  return (p: Persona, t: Target): Outcome => {
    if (p === "anonymous") return "UNAUTHORIZED";
    if (p === "outsider") return "NOT_FOUND";
    if (p !== "admin") return "FORBIDDEN";
    return adminOutcome(t);
  };
}

const MATRIX: Record<string, Row> = {
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
  "workspace.overview": { input: async () => ({ workspace: "limburg" }), expected: limburgMember },
  "workspace.history": { input: async () => ({ workspace: "limburg", limit: 5 }), expected: limburgMember },
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
    // own: a free document for the own region; other: Noord's governance text; foreign: a region of another workspace.
    async input(t) {
      const region = await env.db.prisma.region.findUniqueOrThrow({ where: { slug: { own: "midden-limburg-west", other: "noord-limburg", foreign: "rivierenland" }[t] } });
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
  "municipality.updateContact": {
    targets: ["own", "other", "foreign"],
    async input(t) {
      const org = await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: MUNICIPALITY[t] } });
      return { workspace: "limburg", municipalityId: org.id, contactName: "Inkoopadviseur", contactEmail: "inkoop@gemeente.nl", contactPhone: "0495 575 000", version: org.version };
    },
    expected(p, t) {
      if (p === "anonymous") return "UNAUTHORIZED";
      if (p === "outsider") return "NOT_FOUND";
      if (p === "viewer") return "FORBIDDEN";
      return t === "own" ? "OK" : t === "other" ? "FORBIDDEN" : "NOT_FOUND";
    },
  },
};

// At run time tRPC keeps a flat record keyed by dotted path ("member.add").
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;

beforeAll(async () => {
  env = await createApiTestEnv();
  const weert = await orgId("weert");
  const limburg = await workspaceId("limburg");
  const roles: [Persona, Role][] = [["viewer", "VIEWER"], ["editor", "EDITOR"], ["coordinator", "COORDINATOR"], ["admin", "ADMIN"]];
  for (const [persona, role] of roles) {
    const user = await env.db.prisma.user.create({
      data: { email: personaEmail[persona]!, name: `${role} Weert`, organisationId: weert, passwordHash: env.demoPasswordHash },
    });
    await env.db.prisma.membership.create({ data: { userId: user.id, workspaceId: limburg, role } });
  }
});
afterAll(() => env.close());

describe("tenancy matrix", () => {
  it("has a decision for every procedure of the router, and only for those", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(procedures).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([path, row]) =>
    (row.targets ?? (["own", "other"] as Target[])).flatMap((target) =>
      PERSONAS.map((persona) => ({ path, row, target, persona, outcome: row.expected(persona, target) })),
    ),
  );

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
