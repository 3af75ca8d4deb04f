// An organisation's sign-in connection (issue 20, ADR 0035): who may manage it, domains that
// belong to one organisation, the secret never read back, and requiring SSO ending password
// sessions (and only those) with their live connections.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DomainError, type PlatformStanding } from "@regiotafel/domain";
import type { Database } from "../database";
import { createTestDatabase } from "../testing";
import { eventBus, type BusEvent } from "../events";
import {
  connectionForEmail,
  organisationSignIn,
  removeOidcConnection,
  saveOidcConnection,
  setOrganisationAdmin,
  setSsoRequired,
  ssoRequiredForEmail,
  type ConnectionInput,
  type OrganisationActor,
} from "./single-sign-on";

let db: Database;
let weert: string;
let tiel: string;
let weertAdmin: OrganisationActor;
let platform: OrganisationActor;
const standing = (s: Partial<PlatformStanding>): PlatformStanding => ({ platformAdmin: false, workspaceCreator: false, organisationAdmin: false, ...s });

beforeAll(async () => {
  db = await createTestDatabase();
  const org = (slug: string) => db.prisma.organisation.create({ data: { slug, name: slug, kind: "MUNICIPALITY" } });
  weert = (await org("weert")).id;
  tiel = (await org("tiel")).id;
  const user = (email: string, organisationId: string) => db.prisma.user.create({ data: { email, name: email, organisationId, passwordHash: "x" } });
  const admin = await user("beheer@weert.nl", weert);
  const root = await user("root@regiotafel.nl", weert);
  await user("piet@tiel.nl", tiel);
  weertAdmin = { userId: admin.id, organisationId: weert, standing: standing({ organisationAdmin: true }) };
  platform = { userId: root.id, organisationId: weert, standing: standing({ platformAdmin: true }) };
});
afterAll(() => db.close());
beforeEach(async () => {
  await db.prisma.oidcConnection.deleteMany({});
});

const input = (overrides: Partial<ConnectionInput> = {}): ConnectionInput => ({
  issuer: "https://login.weert.nl",
  clientId: "regiotafel",
  domains: ["weert.nl"],
  nameClaim: "name",
  emailClaim: "email",
  subjectClaim: "sub",
  enabled: true,
  ...overrides,
});
const refusal = async (work: Promise<unknown>) => {
  try {
    await work;
    return "OK";
  } catch (error) {
    if (error instanceof DomainError) return `${error.code} ${error.messageKey}`;
    throw error;
  }
};

describe("managing the connection", () => {
  it("an organisation administrator manages their own organisation; another organisation is NOT_FOUND, like an unknown id", async () => {
    expect(await refusal(saveOidcConnection(db.prisma, weertAdmin, weert, input(), "sealed-1"))).toBe("OK");
    expect(await refusal(saveOidcConnection(db.prisma, weertAdmin, tiel, input({ domains: ["tiel.nl"] }), "sealed-2"))).toBe("NOT_FOUND notFound");
    expect(await refusal(organisationSignIn(db.prisma, weertAdmin, tiel))).toBe("NOT_FOUND notFound");
    expect(await refusal(organisationSignIn(db.prisma, weertAdmin, "00000000-0000-4000-8000-000000000000"))).toBe("NOT_FOUND notFound");
    const member = { ...weertAdmin, standing: standing({}) };
    expect(await refusal(organisationSignIn(db.prisma, member, weert))).toBe("NOT_FOUND notFound");
    expect(await db.prisma.oidcConnection.count({ where: { organisationId: tiel } })).toBe(0);
  });

  it("never returns the secret, keeps it when left empty, and needs one the first time", async () => {
    expect(await refusal(saveOidcConnection(db.prisma, weertAdmin, weert, input(), null))).toBe("BAD_REQUEST sso.secretRequired");
    const view = await saveOidcConnection(db.prisma, weertAdmin, weert, input(), "sealed-1");
    expect(JSON.stringify(view)).not.toContain("sealed-1");
    expect(JSON.stringify(await organisationSignIn(db.prisma, weertAdmin, weert))).not.toContain("sealed-1");
    await saveOidcConnection(db.prisma, weertAdmin, weert, input({ clientId: "nieuw" }), null);
    const stored = await db.prisma.oidcConnection.findUniqueOrThrow({ where: { organisationId: weert } });
    expect(stored).toMatchObject({ clientId: "nieuw", clientSecret: "sealed-1", version: 2 });
  });

  it("a domain belongs to one organisation's connection", async () => {
    await saveOidcConnection(db.prisma, platform, weert, input({ domains: ["weert.nl", "gemeente.nl"] }), "s");
    expect(await refusal(saveOidcConnection(db.prisma, platform, tiel, input({ domains: ["tiel.nl", "gemeente.nl"] }), "s"))).toBe("CONFLICT sso.domainTaken");
    expect(await db.prisma.oidcConnection.count({ where: { organisationId: tiel } })).toBe(0);
    // Changing one's own domains is no conflict with oneself.
    expect(await refusal(saveOidcConnection(db.prisma, platform, weert, input({ domains: ["gemeente.nl"] }), null))).toBe("OK");
  });

  it("an organisation administrator cannot claim a domain where another organisation's people have accounts; a platform administrator can", async () => {
    expect(await refusal(saveOidcConnection(db.prisma, weertAdmin, weert, input({ domains: ["tiel.nl"] }), "s"))).toBe("CONFLICT sso.domainOfAnotherOrganisation");
    expect(await refusal(saveOidcConnection(db.prisma, platform, weert, input({ domains: ["tiel.nl"] }), "s"))).toBe("OK");
  });

  it("sends an address to the enabled connection of its domain only", async () => {
    await saveOidcConnection(db.prisma, weertAdmin, weert, input(), "s");
    expect(await connectionForEmail(db.prisma, "Iemand.Anders@WEERT.nl")).not.toBeNull();
    expect(await connectionForEmail(db.prisma, "piet@tiel.nl")).toBeNull();
    expect(await connectionForEmail(db.prisma, "geen adres")).toBeNull();
    await saveOidcConnection(db.prisma, weertAdmin, weert, input({ enabled: false }), null);
    expect(await connectionForEmail(db.prisma, "iemand@weert.nl")).toBeNull();
  });

  it("audits creation, change and removal without the secret", async () => {
    await saveOidcConnection(db.prisma, weertAdmin, weert, input(), "sealed-geheim");
    await removeOidcConnection(db.prisma, weertAdmin, weert);
    const events = await db.prisma.auditEvent.findMany({ where: { entityId: weert }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action).slice(-2)).toEqual(["sso.connectionCreated", "sso.connectionRemoved"]);
    expect(JSON.stringify(events)).not.toContain("sealed-geheim");
  });
});

describe("requiring SSO", () => {
  it("needs a connection", async () => {
    expect(await refusal(setSsoRequired(db.prisma, weertAdmin, weert, true))).toBe("BAD_REQUEST sso.noConnection");
  });

  it("ends the organisation's password sessions at once (announced by id), not its SSO sessions nor other organisations'", async () => {
    await saveOidcConnection(db.prisma, weertAdmin, weert, input(), "s");
    const users = await db.prisma.user.findMany({ select: { id: true, organisationId: true } });
    const session = (id: string, userId: string, method: "PASSWORD" | "SSO") =>
      db.prisma.session.create({ data: { id, userId, method, expiresAt: new Date(Date.now() + 3_600_000), absoluteExpiresAt: new Date(Date.now() + 3_600_000) } });
    const weertUser = users.find((u) => u.organisationId === weert)!.id;
    const tielUser = users.find((u) => u.organisationId === tiel)!.id;
    await session("pw-weert", weertUser, "PASSWORD");
    await session("sso-weert", weertUser, "SSO");
    await session("pw-tiel", tielUser, "PASSWORD");
    const heard: BusEvent[] = [];
    const stop = eventBus.subscribe((event) => heard.push(event));
    try {
      expect(await setSsoRequired(db.prisma, weertAdmin, weert, true)).toEqual({ required: true, sessionsEnded: 1 });
    } finally {
      stop();
    }
    expect((await db.prisma.session.findMany({ orderBy: { id: "asc" } })).map((s) => s.id)).toEqual(["pw-tiel", "sso-weert"]);
    expect(heard).toContainEqual({ type: "sessions.ended", sessionIds: ["pw-weert"] });
    expect(await ssoRequiredForEmail(db.prisma, "BEHEER@weert.nl")).toBe(true);
    expect(await ssoRequiredForEmail(db.prisma, "piet@tiel.nl")).toBe(false);
    expect(await setSsoRequired(db.prisma, weertAdmin, weert, false)).toEqual({ required: false, sessionsEnded: 0 });
    expect(await ssoRequiredForEmail(db.prisma, "beheer@weert.nl")).toBe(false);
  });
});

describe("organisation administrators", () => {
  it("are granted and revoked once each, audited", async () => {
    const target = await db.prisma.user.create({ data: { email: `nieuw${Date.now()}@weert.nl`, name: "Nieuw", organisationId: weert, passwordHash: "x" } });
    expect(await setOrganisationAdmin(db.prisma, platform, target.id, true)).toMatchObject({ changed: true });
    expect(await setOrganisationAdmin(db.prisma, platform, target.id, true)).toMatchObject({ changed: false });
    const view = await organisationSignIn(db.prisma, platform, weert);
    expect(view.admins.map((a) => a.id)).toContain(target.id);
    expect(await setOrganisationAdmin(db.prisma, platform, target.id, false)).toMatchObject({ changed: true });
    const actions = (await db.prisma.auditEvent.findMany({ where: { entityId: target.id } })).map((e) => e.action).sort();
    expect(actions).toEqual(["organisationAdmin.granted", "organisationAdmin.revoked"]);
  });
});
