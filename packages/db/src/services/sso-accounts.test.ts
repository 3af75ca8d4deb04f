// Accounts behind a sign-in through an organisation's provider (ADR 0035): the first sign-in
// creates the account in the connection's organisation and accepts its invitations; the
// identity finds the account from then on; a password account of the same address is linked
// only with a single-use token (after the password or a mail); deactivated stays out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "@regiotafel/domain";
import type { Database } from "../database";
import { createTestDatabase } from "../testing";
import { completeLink, mailLinkConfirmation, NO_PASSWORD, pendingLink, resolveSsoAccount, type ProvenIdentity } from "./sso-accounts";
import { requestPasswordReset, passwordResetValid } from "./account-lifecycle";
import { createHash } from "node:crypto";

let db: Database;
let weert: string;
let connectionId: string;
let subjects = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  weert = (await db.prisma.organisation.create({ data: { slug: "weert", name: "Gemeente Weert", kind: "MUNICIPALITY" } })).id;
  connectionId = (await db.prisma.oidcConnection.create({ data: { organisationId: weert, issuer: "https://idp.weert.nl", clientId: "rt", clientSecret: "sealed" } })).id;
  await db.prisma.oidcDomain.create({ data: { domain: "weert.nl", connectionId } });
});
afterAll(() => db.close());

const identity = (email: string, overrides: Partial<ProvenIdentity> = {}): ProvenIdentity => ({
  connectionId,
  organisationId: weert,
  subject: `sub-${++subjects}`,
  email,
  name: "Anne de Vries",
  ...overrides,
});
const key = async (work: Promise<unknown>) => {
  try {
    await work;
    return "OK";
  } catch (error) {
    if (error instanceof DomainError) return error.messageKey;
    throw error;
  }
};

describe("just-in-time accounts", () => {
  it("the first sign-in creates the account in the connection's organisation, without a usable password, and accepts its open invitations", async () => {
    const workspace = await db.prisma.workspace.create({ data: { slug: "limburg", name: "Limburg" } });
    await db.prisma.invitation.create({
      data: { workspaceId: workspace.id, email: "anne@weert.nl", organisationId: weert, role: "EDITOR", locale: "nl", tokenHash: "h1", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const who = identity("anne@weert.nl");
    const first = await resolveSsoAccount(db.prisma, who, null);
    expect(first).toMatchObject({ kind: "signedIn", created: true, joined: ["limburg"] });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "anne@weert.nl" } });
    expect(user).toMatchObject({ organisationId: weert, passwordHash: NO_PASSWORD, name: "Anne de Vries" });
    expect(await db.prisma.membership.findFirst({ where: { userId: user.id, workspaceId: workspace.id } })).toMatchObject({ role: "EDITOR" });

    // Again: the same account, found by the identity, with the provider's new name.
    const again = await resolveSsoAccount(db.prisma, { ...who, name: "Anne de Vries-Smit" }, null);
    expect(again).toEqual({ kind: "signedIn", userId: user.id, created: false, joined: [] });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Anne de Vries-Smit");
  });

  it("a deactivated account stays out, by identity or by address", async () => {
    const who = identity("weg@weert.nl");
    const made = await resolveSsoAccount(db.prisma, who, null);
    await db.prisma.user.update({ where: { id: (made as { userId: string }).userId }, data: { deactivatedAt: new Date() } });
    expect(await resolveSsoAccount(db.prisma, who, null)).toEqual({ kind: "deactivated" });
    expect(await resolveSsoAccount(db.prisma, identity("weg@weert.nl"), null)).toEqual({ kind: "deactivated" });
  });
});

describe("linking a password account", () => {
  it("asks for proof, then links once with the token; the next sign-in goes straight in", async () => {
    const owner = await db.prisma.user.create({ data: { email: "piet@weert.nl", name: "Piet", organisationId: weert, passwordHash: "scrypt$x" } });
    const who = identity("piet@weert.nl");
    const asked = await resolveSsoAccount(db.prisma, who, "/w/limburg");
    expect(asked).toMatchObject({ kind: "linkRequired", userId: owner.id });
    const token = (asked as { pendingToken: string }).pendingToken;
    expect(await db.prisma.pendingSignIn.count({ where: { tokenHash: token } })).toBe(0); // only its hash is stored
    expect(await pendingLink(db.prisma, token)).toMatchObject({ userId: owner.id, email: "piet@weert.nl", organisation: "Gemeente Weert", returnTo: "/w/limburg" });

    expect(await completeLink(db.prisma, token)).toEqual({ userId: owner.id, connectionId, returnTo: "/w/limburg" });
    expect(await key(completeLink(db.prisma, token))).toBe("sso.state");
    expect(await pendingLink(db.prisma, token)).toBeNull();
    expect(await resolveSsoAccount(db.prisma, who, null)).toMatchObject({ kind: "signedIn", userId: owner.id, created: false });
    const audit = await db.prisma.auditEvent.findFirst({ where: { entityId: owner.id, action: "account.identityLinked" } });
    expect(audit).not.toBeNull();
  });

  it("an account this organisation provisioned without a password (SCIM) is linked at once; one of another organisation is not", async () => {
    const provisioned = await db.prisma.user.create({ data: { email: "scim@weert.nl", name: "Scim", organisationId: weert, passwordHash: NO_PASSWORD } });
    expect(await resolveSsoAccount(db.prisma, identity("scim@weert.nl"), null)).toEqual({ kind: "signedIn", userId: provisioned.id, created: false, joined: [] });
    const tiel = await db.prisma.organisation.create({ data: { slug: "tiel-scim", name: "Tiel", kind: "MUNICIPALITY" } });
    await db.prisma.user.create({ data: { email: "vreemd@weert.nl", name: "Vreemd", organisationId: tiel.id, passwordHash: NO_PASSWORD } });
    expect(await resolveSsoAccount(db.prisma, identity("vreemd@weert.nl"), null)).toMatchObject({ kind: "linkRequired" });
  });

  it("the mail sends a new token to the account's own address; the browser's stops working", async () => {
    await db.prisma.user.create({ data: { email: "kees@weert.nl", name: "Kees", organisationId: weert, passwordHash: "scrypt$x" } });
    const asked = await resolveSsoAccount(db.prisma, identity("kees@weert.nl"), null);
    const token = (asked as { pendingToken: string }).pendingToken;
    await mailLinkConfirmation(db.prisma, token, { origin: "https://regiotafel.example", locale: "nl" });
    expect(await pendingLink(db.prisma, token)).toBeNull();
    const mail = await db.prisma.mailOutbox.findFirstOrThrow({ where: { recipient: "kees@weert.nl", template: "linkIdentity" } });
    const link = (mail.params as { link: string }).link;
    const fresh = link.slice(link.lastIndexOf("/") + 1);
    expect(link).toBe(`https://regiotafel.example/inloggen/koppelen/${fresh}`);
    expect(await completeLink(db.prisma, fresh)).toMatchObject({ connectionId });
  });

  it("an expired, unknown or oversized token links nothing", async () => {
    expect(await key(completeLink(db.prisma, "onbekend"))).toBe("sso.state");
    expect(await pendingLink(db.prisma, "x".repeat(5_000))).toBeNull();
    await db.prisma.user.create({ data: { email: "laat@weert.nl", name: "Laat", organisationId: weert, passwordHash: "scrypt$x" } });
    const asked = await resolveSsoAccount(db.prisma, identity("laat@weert.nl"), null);
    const token = (asked as { pendingToken: string }).pendingToken;
    await db.prisma.pendingSignIn.updateMany({ where: { tokenHash: createHash("sha256").update(token).digest("hex") }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await key(completeLink(db.prisma, token))).toBe("sso.state");
  });
});

describe("password reset where SSO is required", () => {
  it("mails the way to sign in instead of a link, and links sent before stop working", async () => {
    await db.prisma.user.create({ data: { email: "reset@weert.nl", name: "Reset", organisationId: weert, passwordHash: "scrypt$x" } });
    const context = { origin: "https://regiotafel.example", locale: "nl" as const };
    await requestPasswordReset(db.prisma, "reset@weert.nl", context);
    const earlier = await db.prisma.mailOutbox.findFirstOrThrow({ where: { recipient: "reset@weert.nl", template: "passwordReset" } });
    const earlierLink = (earlier.params as { link: string }).link;
    const earlierToken = earlierLink.slice(earlierLink.lastIndexOf("/") + 1);
    expect(await passwordResetValid(db.prisma, earlierToken)).toBe(true);

    await db.prisma.oidcConnection.update({ where: { id: connectionId }, data: { requireSso: true } });
    try {
      expect(await passwordResetValid(db.prisma, earlierToken)).toBe(false);
      await requestPasswordReset(db.prisma, "reset@weert.nl", context);
      const sso = await db.prisma.mailOutbox.findFirstOrThrow({ where: { recipient: "reset@weert.nl", template: "passwordResetSso" } });
      expect(sso.params).toEqual({ link: "https://regiotafel.example/login", organisation: "Gemeente Weert" });
      expect(await db.prisma.accountToken.count({ where: { user: { email: "reset@weert.nl" }, usedAt: null } })).toBe(0);
    } finally {
      await db.prisma.oidcConnection.update({ where: { id: connectionId }, data: { requireSso: false } });
    }
  });
});
