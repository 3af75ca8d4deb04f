// Invitations (issue 17, point 4; ADR 0023), the service on a fresh database (PGlite, or
// PostgreSQL with TEST_DATABASE_URL): the token is random and stored only as its hash, works
// once, for 7 days, until revoked or resent; the mail is queued with the invitation; an
// invitation of one workspace never adds a membership to another; the hourly cap holds.
import { createHash } from "node:crypto";
import { DomainError, INVITATION_VALID_MS, type Role } from "@regiotafel/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { eventBus } from "../events";
import { resolveScope, type Scope } from "../scope";
import { createTestDatabase } from "../testing";
import { markMailsSent } from "./mail-outbox";
import {
  acceptInvitation,
  createAccountFromInvitation,
  createInvitations,
  findOpenInvitation,
  invitationOrganisations,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "./invitations";

let db: Database;
const ids: Record<string, string> = {};
let adminA: Scope;
let adminB: Scope;
const ORIGIN = "https://regiotafel.example";

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  const west = await p.region.create({ data: { slug: "west", name: "Midden-Limburg West" } });
  const river = await p.region.create({ data: { slug: "rivierenland", name: "Rivierenland" } });
  const weert = await p.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY", regionId: west.id, cbsCode: "GM0988" } });
  const tiel = await p.organisation.create({ data: { slug: "tiel", name: "Tiel", kind: "MUNICIPALITY", regionId: river.id } });
  const network = await p.organisation.create({ data: { slug: "imi", name: "Inkoop met Inhoud", kind: "NATIONAL_NETWORK" } });
  const merged = await p.organisation.create({ data: { slug: "oud", name: "Oude gemeente", kind: "MUNICIPALITY", regionId: west.id, endedOn: new Date("2020-01-01"), successorId: weert.id } });
  const a = await p.workspace.create({ data: { slug: "limburg", name: "Limburg", regions: { create: [{ regionId: west.id }] } } });
  const b = await p.workspace.create({ data: { slug: "rivierenland", name: "Rivierenland", regions: { create: [{ regionId: river.id }] } } });
  const anna = await p.user.create({ data: { email: "anna@weert.nl", name: "Anna de Vries", organisationId: weert.id, passwordHash: "x" } });
  const bert = await p.user.create({ data: { email: "bert@tiel.nl", name: "Bert Tiel", organisationId: tiel.id, passwordHash: "x" } });
  await p.membership.create({ data: { userId: anna.id, workspaceId: a.id, role: "ADMIN" } });
  await p.membership.create({ data: { userId: bert.id, workspaceId: b.id, role: "ADMIN" } });
  Object.assign(ids, { weert: weert.id, tiel: tiel.id, network: network.id, merged: merged.id, a: a.id, b: b.id, anna: anna.id, bert: bert.id });
  adminA = await resolveScope(p, anna.id, "limburg");
  adminB = await resolveScope(p, bert.id, "rivierenland");
});
afterAll(() => db.close());

beforeEach(async () => {
  await db.prisma.invitation.deleteMany({});
  await db.prisma.$executeRaw`DELETE FROM mail_outbox`;
  await db.prisma.auditEvent.deleteMany({});
  await db.prisma.membership.deleteMany({ where: { NOT: { OR: [{ userId: ids.anna, workspaceId: ids.a }, { userId: ids.bert, workspaceId: ids.b }] } } });
  await db.prisma.user.deleteMany({ where: { id: { notIn: [ids.anna!, ids.bert!] } } });
});

const invite = (addresses: string[], options: { role?: Role; organisationId?: string; locale?: "nl" | "en"; scope?: Scope; hourlyLimit?: number } = {}) =>
  createInvitations(
    db.prisma,
    options.scope ?? adminA,
    { emails: addresses, organisationId: options.organisationId ?? ids.weert!, role: options.role ?? "EDITOR", locale: options.locale ?? "nl" },
    { origin: ORIGIN, hourlyLimit: options.hourlyLimit },
  );

/** The outbox's mails to `to`, oldest first, with the token of their link. */
async function mailsTo(to: string) {
  const rows = await db.prisma.mailOutbox.findMany({ where: { recipient: to }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => {
    const params = r.params as { link: string; role: string; workspace: string; forOrganisation?: string; expiresAt: string };
    return { ...r, params, token: params.link.slice(`${ORIGIN}/uitnodiging/`.length) };
  });
}
async function tokenFor(to: string) {
  const mails = await mailsTo(to);
  return mails[mails.length - 1]!.token;
}
const keyOf = (error: unknown) => (error instanceof DomainError ? `${error.code} ${error.messageKey}` : String(error));
const refusal = (promise: Promise<unknown>) => promise.then(() => "OK", keyOf);

describe("inviting", () => {
  it("queues one mail per address in the invitation's language, with a link of 256 random bits of which only the hash is stored", async () => {
    const result = await invite(["new1@weert.nl", "new2@weert.nl"], { locale: "en" });
    expect(result).toEqual({ invited: ["new1@weert.nl", "new2@weert.nl"], renewed: [], alreadyMembers: [], duplicates: [] });
    const [mail] = await mailsTo("new1@weert.nl");
    expect(mail!.locale).toBe("en");
    expect(mail!.template).toBe("invitation");
    expect(mail!.params).toMatchObject({ role: "EDITOR", workspace: "Limburg", forOrganisation: "Weert", inviterName: "Anna de Vries" });
    expect(mail!.params.link).toMatch(new RegExp(`^${ORIGIN}/uitnodiging/[A-Za-z0-9_-]{43}$`));
    const row = await db.prisma.invitation.findFirstOrThrow({ where: { email: "new1@weert.nl" } });
    expect(row.tokenHash).toBe(createHash("sha256").update(mail!.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(mail!.token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(INVITATION_VALID_MS - 5_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(INVITATION_VALID_MS + 5_000);
    const [other] = await mailsTo("new2@weert.nl");
    expect(other!.token).not.toBe(mail!.token);
    const audit = await db.prisma.auditEvent.findMany({ where: { action: "invitation.created" } });
    expect(audit.map((e) => e.workspaceId)).toEqual([ids.a, ids.a]);
  });

  it("keeps no working token in the outbox once the mail is sent", async () => {
    await invite(["sent@weert.nl"]);
    const [mail] = await mailsTo("sent@weert.nl");
    await markMailsSent(db.prisma, [mail!.id]);
    const stored = await db.prisma.mailOutbox.findUniqueOrThrow({ where: { id: mail!.id } });
    expect(JSON.stringify(stored)).not.toContain(mail!.token);
    expect((stored.params as { link: string }).link).toBe(`${ORIGIN}/uitnodiging/verstuurd`);
    expect(await findOpenInvitation(db.prisma, mail!.token)).not.toBeNull();
  });

  it("announces the queued mails after the commit (the worker wakes)", async () => {
    const seen: string[] = [];
    const stop = eventBus.subscribe((e) => seen.push(e.type));
    try {
      await invite(["wake@weert.nl"]);
    } finally {
      stop();
    }
    expect(seen).toContain("mail.queued");
  });

  it("skips members of this workspace and renews an open invitation (its old link stops working)", async () => {
    await invite(["again@weert.nl"]);
    const first = await tokenFor("again@weert.nl");
    const result = await invite(["anna@weert.nl", "again@weert.nl", "bert@tiel.nl"], { role: "VIEWER" });
    // Bert has an account, but in another workspace: he is invited like anyone, and the answer says nothing about it.
    expect(result).toEqual({ invited: ["bert@tiel.nl"], renewed: ["again@weert.nl"], alreadyMembers: ["anna@weert.nl"], duplicates: [] });
    expect(await findOpenInvitation(db.prisma, first)).toBeNull();
    const second = await tokenFor("again@weert.nl");
    expect((await findOpenInvitation(db.prisma, second))?.role).toBe("VIEWER");
    expect(await db.prisma.invitation.count({ where: { email: "again@weert.nl" } })).toBe(1);
  });

  it("invites an address typed twice once, and reports the repeat", async () => {
    expect(await invite(["twice@weert.nl", "other@weert.nl", "twice@weert.nl"])).toEqual({ invited: ["twice@weert.nl", "other@weert.nl"], renewed: [], alreadyMembers: [], duplicates: ["twice@weert.nl"] });
    expect(await mailsTo("twice@weert.nl")).toHaveLength(1);
  });

  it("answers alike for an address with an account elsewhere and one without any", async () => {
    const known = await invite(["bert@tiel.nl"]);
    const unknown = await invite(["nobody@tiel.nl"]);
    expect(known.invited).toHaveLength(1);
    expect(unknown.invited).toHaveLength(1);
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
  });

  it("takes a current organisation of the directory, also outside the workspace's regions; not one that merged away", async () => {
    expect(await refusal(invite(["net@imi.nl"], { organisationId: ids.network }))).toBe("OK");
    expect(await refusal(invite(["old@weert.nl"], { organisationId: ids.merged }))).toBe("BAD_REQUEST invitation.organisationUnknown");
    expect(await refusal(invite(["x@weert.nl"], { organisationId: "00000000-0000-4000-8000-000000000000" }))).toBe("BAD_REQUEST invitation.organisationUnknown");
    const choices = await invitationOrganisations(db.prisma, adminA);
    expect(choices.workspace.map((o) => o.name)).toEqual(["Weert"]);
    expect(choices.other.map((o) => o.name)).toEqual(["Inkoop met Inhoud", "Tiel"]);
  });

  it("refuses a request that would take the workspace over its hourly cap, and sends nothing of it", async () => {
    await invite(["c1@weert.nl", "c2@weert.nl"], { hourlyLimit: 3 });
    expect(await refusal(invite(["c3@weert.nl", "c4@weert.nl"], { hourlyLimit: 3 }))).toBe("CONFLICT invitation.hourlyLimit");
    expect(await db.prisma.invitation.count()).toBe(2);
    expect(await db.prisma.mailOutbox.count()).toBe(2);
    // Another workspace has its own cap.
    expect(await refusal(invite(["c5@tiel.nl", "c6@tiel.nl", "c7@tiel.nl"], { hourlyLimit: 3, scope: adminB, organisationId: ids.tiel }))).toBe("OK");
    // Resends count too.
    const [own] = await listInvitations(db.prisma, adminA);
    await invite(["c3@weert.nl"], { hourlyLimit: 3 });
    expect(await refusal(resendInvitation(db.prisma, adminA, own!.id, { origin: ORIGIN, hourlyLimit: 3 }))).toBe("CONFLICT invitation.hourlyLimit");
  });

  it("two requests at once stay within the cap", async () => {
    const results = await Promise.allSettled([invite(["r1@weert.nl", "r2@weert.nl"], { hourlyLimit: 3 }), invite(["r3@weert.nl", "r4@weert.nl"], { hourlyLimit: 3 })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.prisma.invitation.count()).toBe(2);
  });
});

describe("resend and revoke", () => {
  it("resend gives a new link and a new expiry; the old link stops working", async () => {
    await invite(["re@weert.nl"]);
    const old = await tokenFor("re@weert.nl");
    const [row] = await listInvitations(db.prisma, adminA);
    await db.prisma.invitation.update({ where: { id: row!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await listInvitations(db.prisma, adminA))[0]!.state).toBe("EXPIRED");
    await resendInvitation(db.prisma, adminA, row!.id, { origin: ORIGIN });
    const mails = await mailsTo("re@weert.nl");
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.idempotencyKey)).toEqual([`invitation:${row!.id}:1`, `invitation:${row!.id}:2`]);
    expect(await findOpenInvitation(db.prisma, old)).toBeNull();
    expect(await findOpenInvitation(db.prisma, mails[1]!.token)).not.toBeNull();
    expect((await listInvitations(db.prisma, adminA))[0]!.state).toBe("PENDING");
    expect(await db.prisma.auditEvent.count({ where: { action: "invitation.resent", entityId: row!.id } })).toBe(1);
  });

  it("revoke makes the link useless; a closed invitation is neither resent nor revoked again", async () => {
    await invite(["rev@weert.nl"]);
    const token = await tokenFor("rev@weert.nl");
    const [row] = await listInvitations(db.prisma, adminA);
    await revokeInvitation(db.prisma, adminA, row!.id);
    expect(await findOpenInvitation(db.prisma, token)).toBeNull();
    expect(await refusal(createAccountFromInvitation(db.prisma, token, { name: "Rev", passwordHash: "x" }))).toBe("NOT_FOUND invitation.invalid");
    expect((await listInvitations(db.prisma, adminA))[0]).toMatchObject({ state: "REVOKED", open: false });
    expect(await refusal(revokeInvitation(db.prisma, adminA, row!.id))).toBe("CONFLICT invitation.closed");
    expect(await refusal(resendInvitation(db.prisma, adminA, row!.id, { origin: ORIGIN }))).toBe("CONFLICT invitation.closed");
    expect(await db.prisma.auditEvent.count({ where: { action: "invitation.revoked" } })).toBe(1);
  });

  it("another workspace's invitation id is NOT_FOUND to resend and revoke, and unchanged", async () => {
    await invite(["b@tiel.nl"], { scope: adminB, organisationId: ids.tiel });
    const [row] = await listInvitations(db.prisma, adminB);
    expect(await listInvitations(db.prisma, adminA)).toEqual([]);
    expect(await refusal(revokeInvitation(db.prisma, adminA, row!.id))).toBe("NOT_FOUND notFound");
    expect(await refusal(resendInvitation(db.prisma, adminA, row!.id, { origin: ORIGIN }))).toBe("NOT_FOUND notFound");
    expect((await listInvitations(db.prisma, adminB))[0]).toMatchObject({ state: "PENDING", open: true });
    expect(await mailsTo("b@tiel.nl")).toHaveLength(1);
  });
});

describe("accepting", () => {
  it("creates the account in the invitation's organisation, with the membership of the invitation's workspace only, once", async () => {
    await invite(["nieuw@weert.nl"], { role: "COORDINATOR" });
    const token = await tokenFor("nieuw@weert.nl");
    const created = await createAccountFromInvitation(db.prisma, token, { name: "Nieuw Lid", passwordHash: "scrypt$x" });
    expect(created).toMatchObject({ email: "nieuw@weert.nl", workspaceSlug: "limburg" });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "nieuw@weert.nl" }, include: { memberships: true } });
    expect(user.organisationId).toBe(ids.weert);
    expect(user.memberships.map((m) => [m.workspaceId, m.role])).toEqual([[ids.a, "COORDINATOR"]]);
    expect((await listInvitations(db.prisma, adminA))[0]!.state).toBe("ACCEPTED");
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "invitation.accepted" } });
    expect(audit).toMatchObject({ workspaceId: ids.a, actorId: user.id });
    // Used: the same link again is refused like any other.
    expect(await refusal(createAccountFromInvitation(db.prisma, token, { name: "Nog eens", passwordHash: "x" }))).toBe("NOT_FOUND invitation.invalid");
    expect(await refusal(acceptInvitation(db.prisma, token, { id: user.id }))).toBe("NOT_FOUND invitation.invalid");
  });

  it("refuses an expired link, and an unknown or malformed one, alike", async () => {
    await invite(["late@weert.nl"]);
    const token = await tokenFor("late@weert.nl");
    await db.prisma.invitation.updateMany({ data: { expiresAt: new Date(Date.now() - 1) } });
    const outcomes = await Promise.all(
      [token, "A".repeat(43), "", "x", token.slice(0, 42)].map((t) => refusal(createAccountFromInvitation(db.prisma, t, { name: "Laat", passwordHash: "x" }))),
    );
    expect(new Set(outcomes)).toEqual(new Set(["NOT_FOUND invitation.invalid"]));
    expect(await db.prisma.user.count({ where: { email: "late@weert.nl" } })).toBe(0);
  });

  it("an archived workspace's link does not work (no account, no membership) until the workspace is reactivated", async () => {
    await invite(["archief@weert.nl"]);
    const token = await tokenFor("archief@weert.nl");
    await db.prisma.workspace.update({ where: { id: ids.a }, data: { archivedAt: new Date() } });
    expect(await findOpenInvitation(db.prisma, token)).toBeNull();
    expect(await refusal(createAccountFromInvitation(db.prisma, token, { name: "Archief", passwordHash: "x" }))).toBe("NOT_FOUND invitation.invalid");
    expect(await db.prisma.user.count({ where: { email: "archief@weert.nl" } })).toBe(0);
    await db.prisma.workspace.update({ where: { id: ids.a }, data: { archivedAt: null } });
    expect(await findOpenInvitation(db.prisma, token)).not.toBeNull();
  });

  it("an existing account accepts when signed in with that address; anyone else is refused and nothing changes", async () => {
    await invite(["bert@tiel.nl"], { role: "VIEWER" });
    const token = await tokenFor("bert@tiel.nl");
    expect(await refusal(acceptInvitation(db.prisma, token, { id: ids.anna! }))).toBe("FORBIDDEN invitation.otherAccount");
    expect((await listInvitations(db.prisma, adminA))[0]!.state).toBe("PENDING");
    expect(await refusal(createAccountFromInvitation(db.prisma, token, { name: "Bert", passwordHash: "x" }))).toBe("CONFLICT invitation.hasAccount");
    expect(await acceptInvitation(db.prisma, token, { id: ids.bert! })).toEqual({ workspaceSlug: "limburg" });
    const memberships = await db.prisma.membership.findMany({ where: { userId: ids.bert }, orderBy: { workspaceId: "asc" } });
    expect(memberships.map((m) => [m.workspaceId, m.role]).sort()).toEqual([[ids.a, "VIEWER"], [ids.b, "ADMIN"]].sort());
    // Bert's own organisation stays Tiel: an invitation never moves an account.
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: ids.bert } })).organisationId).toBe(ids.tiel);
  });

  it("an invitation of workspace B adds a membership of B only, and A's admin cannot use it", async () => {
    const result = await invite(["bert@tiel.nl", "nieuw@tiel.nl"], { scope: adminB, organisationId: ids.tiel, role: "EDITOR" });
    // Bert is B's admin already: skipped, his role stays.
    expect(result.alreadyMembers).toEqual(["bert@tiel.nl"]);
    const token = await tokenFor("nieuw@tiel.nl");
    expect(await refusal(acceptInvitation(db.prisma, token, { id: ids.anna! }))).toBe("FORBIDDEN invitation.needsAccount");
    expect(await db.prisma.membership.count({ where: { userId: ids.anna } })).toBe(1);
    const created = await createAccountFromInvitation(db.prisma, token, { name: "Nieuw Tiel", passwordHash: "x" });
    expect(created.workspaceSlug).toBe("rivierenland");
    expect(await db.prisma.membership.findMany({ where: { userId: created.userId }, select: { workspaceId: true, role: true } })).toEqual([{ workspaceId: ids.b, role: "EDITOR" }]);
    expect(await db.prisma.membership.findMany({ where: { userId: ids.bert }, select: { workspaceId: true, role: true } })).toEqual([{ workspaceId: ids.b, role: "ADMIN" }]);
  });

  it("two accepts of one link at once create one account", async () => {
    await invite(["race@weert.nl"]);
    const token = await tokenFor("race@weert.nl");
    const outcomes = await Promise.all([1, 2, 3].map((n) => refusal(createAccountFromInvitation(db.prisma, token, { name: `Race ${n}`, passwordHash: "x" }))));
    expect(outcomes.filter((o) => o === "OK")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "OK")).toEqual(["NOT_FOUND invitation.invalid", "NOT_FOUND invitation.invalid"]);
    expect(await db.prisma.user.count({ where: { email: "race@weert.nl" } })).toBe(1);
  });
});
