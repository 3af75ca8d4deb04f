// The account lifecycle's services (ADR 0024) on a fresh database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): links stored only as their SHA-256, used once, expiring; deactivation and
// its refusals; leaving a workspace; the own-data document. The mails themselves are tested
// against a real SMTP server in server/src/account-lifecycle.test.ts.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { DomainError, platformOperations } from "@regiotafel/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { eventBus, type BusEvent } from "../events";
import { resolveScope } from "../scope";
import { seedDemoData } from "../seed";
import { createTestDatabase } from "../testing";
import {
  confirmEmailChange,
  endAllSessions,
  exportOwnData,
  hashAccountToken,
  leaveWorkspace,
  passwordResetValid,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  setUserActive,
} from "./account-lifecycle";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma, "scrypt$placeholder");
});
afterAll(() => db.close());

const CONTEXT = { origin: "https://regiotafel.example", locale: "nl" as const };
const refusal = async (call: Promise<unknown>) => {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof DomainError) return error.messageKey;
    throw error;
  }
};
const user = (email: string) => db.prisma.user.findUniqueOrThrow({ where: { email } });
/** Who acts on the platform: a user as the platform tier passes them. */
const actor = (u: { id: string; organisationId: string }) => ({ userId: u.id, organisationId: u.organisationId });
let n = 0;
async function freshUser(membership?: { workspace: string; role: "VIEWER" | "ADMIN" }) {
  const org = await db.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } });
  const created = await db.prisma.user.create({ data: { email: `lid${++n}@weert.example`, name: `Lid ${n}`, organisationId: org.id, passwordHash: "scrypt$old" } });
  if (membership) {
    const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: membership.workspace } });
    await db.prisma.membership.create({ data: { userId: created.id, workspaceId: ws.id, role: membership.role } });
  }
  return created;
}
async function addSession(userId: string) {
  await db.prisma.session.create({
    data: { id: createHash("sha256").update(`t${++n}`).digest("hex"), userId, expiresAt: new Date(Date.now() + 3600_000), absoluteExpiresAt: new Date(Date.now() + 7200_000) },
  });
}
/** The token from the link of the newest outbox mail to `to` with that template. */
async function linkToken(to: string, template: string): Promise<string> {
  const mail = await db.prisma.mailOutbox.findFirstOrThrow({ where: { recipient: to, template }, orderBy: { createdAt: "desc" } });
  const link = (mail.params as { link: string }).link;
  return link.slice(link.lastIndexOf("/") + 1);
}
function listen() {
  const events: BusEvent[] = [];
  const stop = eventBus.subscribe((e) => events.push(e));
  return { events, stop };
}

describe("endAllSessions", () => {
  it("deletes every session of the user, no one else's, and announces it with its reason", async () => {
    const [a, b] = [await freshUser(), await freshUser()];
    await addSession(a.id);
    await addSession(a.id);
    await addSession(b.id);
    const heard = listen();
    expect(await endAllSessions(db.prisma, a.id, "deactivated")).toBe(2);
    heard.stop();
    expect(await db.prisma.session.count({ where: { userId: a.id } })).toBe(0);
    expect(await db.prisma.session.count({ where: { userId: b.id } })).toBe(1);
    expect(heard.events).toEqual([{ type: "sessions.ended", userId: a.id, reason: "deactivated" }]);
  });
});

describe("password reset", () => {
  it("stores only the SHA-256 of a 256-bit token, links it from the site's origin, and works once", async () => {
    const u = await freshUser();
    await addSession(u.id);
    await requestPasswordReset(db.prisma, u.email, CONTEXT);
    const token = await linkToken(u.email, "passwordReset");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const mail = await db.prisma.mailOutbox.findFirstOrThrow({ where: { recipient: u.email, template: "passwordReset" } });
    expect((mail.params as { link: string }).link).toBe(`https://regiotafel.example/wachtwoord-herstellen/${token}`);
    const rows = await db.prisma.accountToken.findMany({ where: { userId: u.id } });
    expect(rows.map((r) => r.tokenHash)).toEqual([hashAccountToken(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    expect(rows[0]!.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);

    expect(await passwordResetValid(db.prisma, token)).toBe(true);
    const heard = listen();
    await resetPassword(db.prisma, token, "scrypt$new", CONTEXT);
    heard.stop();
    const after = await user(u.email);
    expect(after.passwordHash).toBe("scrypt$new");
    expect(await db.prisma.session.count({ where: { userId: u.id } })).toBe(0);
    expect(heard.events).toContainEqual({ type: "sessions.ended", userId: u.id, reason: "passwordReset" });
    expect(await db.prisma.auditEvent.count({ where: { actorId: u.id, action: "account.passwordReset" } })).toBe(1);
    expect(await db.prisma.mailOutbox.count({ where: { recipient: u.email, template: "passwordChanged" } })).toBe(1);
    // Used: refused, and nothing changes.
    expect(await passwordResetValid(db.prisma, token)).toBe(false);
    expect(await refusal(resetPassword(db.prisma, token, "scrypt$again", CONTEXT))).toBe("reset.invalid");
    expect((await user(u.email)).passwordHash).toBe("scrypt$new");
  });

  it("refuses an expired link, an unknown one and one of a deactivated account alike", async () => {
    const u = await freshUser();
    await requestPasswordReset(db.prisma, u.email, CONTEXT);
    const token = await linkToken(u.email, "passwordReset");
    await db.prisma.accountToken.updateMany({ where: { tokenHash: hashAccountToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await passwordResetValid(db.prisma, token)).toBe(false);
    expect(await refusal(resetPassword(db.prisma, token, "scrypt$x", CONTEXT))).toBe("reset.invalid");
    expect(await refusal(resetPassword(db.prisma, "a".repeat(43), "scrypt$x", CONTEXT))).toBe("reset.invalid");
    expect(await refusal(resetPassword(db.prisma, "", "scrypt$x", CONTEXT))).toBe("reset.invalid");

    await requestPasswordReset(db.prisma, u.email, CONTEXT);
    const second = await linkToken(u.email, "passwordReset");
    await db.prisma.user.update({ where: { id: u.id }, data: { deactivatedAt: new Date() } });
    expect(await refusal(resetPassword(db.prisma, second, "scrypt$x", CONTEXT))).toBe("reset.invalid");
    expect((await user(u.email)).passwordHash).toBe("scrypt$old");
  });

  it("queues nothing and stores nothing for an unknown or a deactivated address", async () => {
    const u = await freshUser();
    await db.prisma.user.update({ where: { id: u.id }, data: { deactivatedAt: new Date() } });
    const before = [await db.prisma.mailOutbox.count(), await db.prisma.accountToken.count()];
    await requestPasswordReset(db.prisma, "niemand@weert.example", CONTEXT);
    await requestPasswordReset(db.prisma, u.email, CONTEXT);
    expect([await db.prisma.mailOutbox.count(), await db.prisma.accountToken.count()]).toEqual(before);
  });

  it("a newer link replaces the earlier one; two submissions of one link: exactly one wins", async () => {
    const u = await freshUser();
    await requestPasswordReset(db.prisma, u.email, CONTEXT);
    const first = await linkToken(u.email, "passwordReset");
    await new Promise((r) => setTimeout(r, 5));
    await requestPasswordReset(db.prisma, u.email, CONTEXT);
    const second = await linkToken(u.email, "passwordReset");
    expect(second).not.toBe(first);
    expect(await passwordResetValid(db.prisma, first)).toBe(false);
    const results = await Promise.allSettled([resetPassword(db.prisma, second, "scrypt$a", CONTEXT), resetPassword(db.prisma, second, "scrypt$b", CONTEXT)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => ((r as PromiseRejectedResult).reason as DomainError).messageKey)).toEqual(["reset.invalid"]);
  });
});

describe("change of e-mail address", () => {
  it("changes only on confirmation, sends the link to the new address and a notice to the old, audits both addresses with the name", async () => {
    const u = await freshUser();
    await requestEmailChange(db.prisma, u.id, "nieuw.adres@weert.example", CONTEXT);
    expect((await user(u.email)).email).toBe(u.email);
    expect(await db.prisma.mailOutbox.count({ where: { recipient: u.email, template: "emailChangeNotice" } })).toBe(1);
    const token = await linkToken("nieuw.adres@weert.example", "emailChangeConfirm");
    expect(await db.prisma.accountToken.count({ where: { tokenHash: hashAccountToken(token), purpose: "EMAIL_CHANGE", newEmail: "nieuw.adres@weert.example" } })).toBe(1);
    const stored = await db.prisma.accountToken.findUniqueOrThrow({ where: { tokenHash: hashAccountToken(token) } });
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);

    expect(await confirmEmailChange(db.prisma, token)).toEqual({ userId: u.id, email: "nieuw.adres@weert.example" });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).email).toBe("nieuw.adres@weert.example");
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { actorId: u.id, action: "account.emailChanged" } });
    expect(audit.before).toEqual({ name: u.name, email: u.email });
    expect(audit.after).toEqual({ name: u.name, email: "nieuw.adres@weert.example" });
    expect(await refusal(confirmEmailChange(db.prisma, token))).toBe("emailChange.invalid");
  });

  it("refuses the own address; on confirmation an address another account took meanwhile is 'taken' and nothing changes", async () => {
    const u = await freshUser();
    expect(await refusal(requestEmailChange(db.prisma, u.id, u.email, CONTEXT))).toBe("emailChange.same");
    // Asking for an address another account has is answered like any other (nothing revealed).
    const other = await freshUser();
    expect(await refusal(requestEmailChange(db.prisma, u.id, other.email, CONTEXT))).toBe("OK");
    const token = await linkToken(other.email, "emailChangeConfirm");
    expect(await refusal(confirmEmailChange(db.prisma, token))).toBe("emailChange.taken");
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).email).toBe(u.email);
    // The link stays unused: once the address is free again it works.
    await db.prisma.user.update({ where: { id: other.id }, data: { email: `elders${n}@weert.example` } });
    expect(await refusal(confirmEmailChange(db.prisma, token))).toBe("OK");
  });

  it("an expired confirmation link changes nothing", async () => {
    const u = await freshUser();
    await requestEmailChange(db.prisma, u.id, `later${n}@weert.example`, CONTEXT);
    const token = await linkToken(`later${n}@weert.example`, "emailChangeConfirm");
    await db.prisma.accountToken.update({ where: { tokenHash: hashAccountToken(token) }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await refusal(confirmEmailChange(db.prisma, token))).toBe("emailChange.invalid");
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).email).toBe(u.email);
  });
});

describe("deactivation", () => {
  it("ends the sessions and voids the links of the account, audits, and reactivation gives sign-in back", async () => {
    const platform = await user("platform@demo.regiotafel.nl");
    const u = await freshUser();
    await addSession(u.id);
    await requestPasswordReset(db.prisma, u.email, CONTEXT);
    const heard = listen();
    expect(await setUserActive(db.prisma, actor(platform), u.id, false)).toEqual({ userId: u.id, active: false, changed: true });
    heard.stop();
    expect(heard.events).toEqual([{ type: "sessions.ended", userId: u.id, reason: "deactivated" }]);
    expect(await db.prisma.session.count({ where: { userId: u.id } })).toBe(0);
    expect(await db.prisma.accountToken.count({ where: { userId: u.id, usedAt: null } })).toBe(0);
    expect((await user(u.email)).deactivatedAt).not.toBeNull();
    // Twice: nothing more happens.
    expect((await setUserActive(db.prisma, actor(platform), u.id, false)).changed).toBe(false);
    expect(await setUserActive(db.prisma, actor(platform), u.id, true)).toEqual({ userId: u.id, active: true, changed: true });
    expect((await user(u.email)).deactivatedAt).toBeNull();
    expect(await db.prisma.auditEvent.findMany({ where: { entityId: u.id, entityType: "user" }, select: { action: true, actorId: true }, orderBy: { at: "asc" } })).toEqual([
      { action: "user.deactivated", actorId: platform.id },
      { action: "user.reactivated", actorId: platform.id },
    ]);
  });

  it("refuses the administrator's own account and the last active platform administrator; an unknown id is notFound", async () => {
    const platform = await user("platform@demo.regiotafel.nl");
    expect(await refusal(setUserActive(db.prisma, actor(platform), platform.id, false))).toBe("user.deactivateSelf");
    // Another administrator (not themselves a platform administrator) meets the last-admin rule.
    const other = await freshUser();
    expect(await refusal(setUserActive(db.prisma, actor(other), platform.id, false))).toBe("user.lastPlatformAdmin");
    await db.prisma.platformAdmin.create({ data: { userId: other.id } });
    expect(await refusal(setUserActive(db.prisma, actor(other), platform.id, false))).toBe("OK");
    expect(await refusal(setUserActive(db.prisma, actor(platform), other.id, false))).toBe("user.lastPlatformAdmin");
    await setUserActive(db.prisma, actor(other), platform.id, true);
    await db.prisma.platformAdmin.delete({ where: { userId: other.id } });
    expect(await refusal(setUserActive(db.prisma, actor(platform), "00000000-0000-4000-8000-000000000000", false))).toBe("notFound");
  });

  it("the rule: never oneself, never the last active platform administrator (any ids and counts)", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.boolean(), fc.nat(5), (actorId, targetId, admin, others) => {
        const refusal = platformOperations.deactivationRefusal({ actorId, targetId, targetIsPlatformAdmin: admin, otherActivePlatformAdmins: others });
        if (actorId === targetId) return refusal === "user.deactivateSelf";
        return refusal === (admin && others === 0 ? "user.lastPlatformAdmin" : null);
      }),
    );
  });
});

describe("leaving a workspace", () => {
  it("removes the membership, keeps the records, audits, and closes the live connections to that workspace", async () => {
    const u = await freshUser({ workspace: "limburg", role: "VIEWER" });
    const scope = await resolveScope(db.prisma, u.id, "limburg");
    const doc = await db.prisma.document.create({ data: { workspaceId: scope.workspaceId, kind: "FREE", title: "Van het lid", createdById: u.id } });
    const heard = listen();
    expect(await leaveWorkspace(db.prisma, scope)).toEqual({ role: "VIEWER" });
    heard.stop();
    expect(heard.events).toEqual([{ type: "membership.changed", kind: "removed", workspaceId: scope.workspaceId, userId: u.id }]);
    expect(await db.prisma.membership.count({ where: { userId: u.id } })).toBe(0);
    expect(await db.prisma.document.findUnique({ where: { id: doc.id } })).not.toBeNull();
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { actorId: u.id, action: "member.left" } });
    expect(audit).toMatchObject({ workspaceId: scope.workspaceId, before: { userId: u.id, name: u.name, role: "VIEWER" } });
    expect(await refusal(leaveWorkspace(db.prisma, scope))).toBe("member.notMember");
  });

  it("the last admin cannot leave", async () => {
    const admin = await user("admin@demo.regiotafel.nl");
    const scope = await resolveScope(db.prisma, admin.id, "rivierenland");
    const admins = await db.prisma.membership.count({ where: { workspaceId: scope.workspaceId, role: "ADMIN" } });
    expect(admins).toBe(1);
    expect(await refusal(leaveWorkspace(db.prisma, scope))).toBe("member.lastAdmin");
    expect(await db.prisma.membership.count({ where: { userId: admin.id, workspaceId: scope.workspaceId } })).toBe(1);
  });
});

describe("own data", () => {
  it("holds the profile, memberships, sessions without their ids, audit events and records, and no other person's address", async () => {
    const u = await freshUser({ workspace: "limburg", role: "ADMIN" });
    await addSession(u.id);
    const scope = await resolveScope(db.prisma, u.id, "limburg");
    const weert = await user("weert@demo.regiotafel.nl");
    // An audit event of theirs that names another person's address.
    await db.prisma.auditEvent.create({
      data: { workspaceId: scope.workspaceId, actorId: u.id, action: "member.roleChanged", entityType: "membership", entityId: weert.id, before: { email: weert.email, name: weert.name, note: `mail ${weert.email} of ${u.email}` } },
    });
    await db.prisma.document.create({ data: { workspaceId: scope.workspaceId, kind: "FREE", title: "Mijn notitie", createdById: u.id } });
    const data = await exportOwnData(db.prisma, u.id);
    const text = JSON.stringify(data);
    expect(data.profile).toMatchObject({ id: u.id, email: u.email, name: u.name });
    expect(data.organisation.slug).toBe("weert");
    expect(data.memberships).toEqual([expect.objectContaining({ workspace: "limburg", role: "ADMIN" })]);
    expect(data.sessions).toHaveLength(1);
    expect(Object.keys(data.sessions[0]!)).not.toContain("id");
    const hashes = (await db.prisma.session.findMany({ where: { userId: u.id } })).map((s) => s.id);
    for (const hash of hashes) expect(text).not.toContain(hash);
    expect(data.auditEvents).toHaveLength(1);
    expect(data.records.documents.map((d) => d.title)).toEqual(["Mijn notitie"]);
    expect(text).toContain(u.email);
    expect(text).toContain(weert.name);
    expect(text).not.toContain(weert.email);
    // No address of anyone else in the whole document.
    const others = (await db.prisma.user.findMany({ where: { id: { not: u.id } }, select: { email: true } })).map((x) => x.email);
    for (const email of others) expect(text).not.toContain(email);
  });
});
