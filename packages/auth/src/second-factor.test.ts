import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { DomainError } from "@regiotafel/domain";
import { createAuth, hashToken, type Auth } from "./index";
import { createTestSecretBox } from "./testing/secret-box";
import { hashRecoveryCode, totpCodeAt, TOTP_PERIOD_S } from "./totp";

const CHEAP = { log2N: 10, r: 8, p: 1 };
const PASSWORD = "regiotafel-demo";
const client = { ipAddress: "192.0.2.20", userAgent: "vitest" };

let db: Database;
let auth: Auth;
let organisationId: string;
let counter = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  auth = createAuth({ prisma: db.prisma, secureCookies: true, passwordCost: CHEAP, secretBox: createTestSecretBox() });
  organisationId = (await db.prisma.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY" } })).id;
});
afterAll(() => db.close());
beforeEach(async () => {
  await db.prisma.loginThrottle.deleteMany();
});

async function newUser(options: { platformAdmin?: boolean } = {}) {
  const email = `tsv${++counter}@weert.nl`;
  const user = await db.prisma.user.create({
    data: { email, name: `Gebruiker ${counter}`, organisationId, passwordHash: await auth.hashPassword(PASSWORD), ...(options.platformAdmin ? { platformAdmin: { create: {} } } : {}) },
  });
  return { id: user.id, email };
}

/** An account with a confirmed factor: its secret and recovery codes. */
async function enrolled(options: { platformAdmin?: boolean } = {}) {
  const user = await newUser(options);
  const { secret } = await auth.secondFactor.startEnrolment(user.id, user.email);
  // A step back: the sign-in that follows uses the current step, which must be later.
  const { recoveryCodes } = await auth.secondFactor.confirmEnrolment(user.id, await totpCodeAt(secret, ago(TOTP_PERIOD_S)));
  return { ...user, secret, recoveryCodes };
}

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
const inFuture = (seconds: number) => new Date(Date.now() + seconds * 1000);

async function pendingFor(email: string): Promise<string> {
  const result = await auth.login(email, PASSWORD, client);
  if (result.ok || result.reason !== "secondFactor") throw new Error(`expected a second step, got ${JSON.stringify(result)}`);
  return result.pendingToken;
}

async function refusalKey(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error.messageKey;
}

describe("enrolment", () => {
  it("gives a secret and an otpauth URI for SHA-1, 6 digits, 30 seconds, and stores the secret sealed", async () => {
    const user = await newUser();
    const { secret, uri } = await auth.secondFactor.startEnrolment(user.id, user.email);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(uri);
    expect(url.protocol).toBe("otpauth:");
    expect(decodeURIComponent(url.pathname)).toContain(`Regiotafel:${user.email}`);
    expect(url.searchParams.get("secret")).toBe(secret);
    expect(url.searchParams.get("issuer")).toBe("Regiotafel");
    for (const [key, value] of [["algorithm", "SHA1"], ["digits", "6"], ["period", "30"]]) {
      expect([null, value]).toContain(url.searchParams.get(key!));
    }
    const row = await db.prisma.totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.secret).not.toContain(secret);
    expect(row.confirmedAt).toBeNull();
    expect(await auth.secondFactor.enrolment(user.id, user.email)).toEqual({ secret, uri });
    expect(await auth.secondFactor.status(user.id)).toEqual({ enabled: false, enrolmentStarted: true, recoveryCodesLeft: 0 });
  });

  it("turns on with the first right code and shows ten recovery codes once, stored only as hashes; audited", async () => {
    const user = await newUser();
    const { secret } = await auth.secondFactor.startEnrolment(user.id, user.email);
    expect(await refusalKey(auth.secondFactor.confirmEnrolment(user.id, await totpCodeAt(secret, ago(10 * TOTP_PERIOD_S))))).toBe("secondFactor.invalidCode");
    const { recoveryCodes } = await auth.secondFactor.confirmEnrolment(user.id, await totpCodeAt(secret, new Date()));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const stored = await db.prisma.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.map((r) => r.codeHash).sort()).toEqual(recoveryCodes.map(hashRecoveryCode).sort());
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!.replace("-", ""));
    expect(await auth.secondFactor.status(user.id)).toEqual({ enabled: true, enrolmentStarted: false, recoveryCodesLeft: 10 });
    expect(await auth.secondFactor.enrolment(user.id, user.email)).toBeNull();
    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: user.id } });
    expect(audit.map((e) => e.action)).toEqual(["account.secondFactorEnabled"]);
  });

  it("refuses a second enrolment while one is on, and confirming before starting", async () => {
    const user = await enrolled();
    expect(await refusalKey(auth.secondFactor.startEnrolment(user.id, user.email))).toBe("secondFactor.alreadyEnabled");
    const fresh = await newUser();
    expect(await refusalKey(auth.secondFactor.confirmEnrolment(fresh.id, "123456"))).toBe("secondFactor.notStarted");
  });

  it("a new start replaces a secret that was never confirmed", async () => {
    const user = await newUser();
    const first = await auth.secondFactor.startEnrolment(user.id, user.email);
    const second = await auth.secondFactor.startEnrolment(user.id, user.email);
    expect(second.secret).not.toBe(first.secret);
    expect(await refusalKey(auth.secondFactor.confirmEnrolment(user.id, await totpCodeAt(first.secret, new Date())))).toBe("secondFactor.invalidCode");
    await expect(auth.secondFactor.confirmEnrolment(user.id, await totpCodeAt(second.secret, new Date()))).resolves.toHaveProperty("recoveryCodes");
  });
});

describe("signing in with a second factor", () => {
  it("starts no session after the password, only a pending sign-in stored as a hash", async () => {
    const user = await enrolled();
    const sessionsBefore = await db.prisma.session.count({ where: { userId: user.id } });
    const pendingToken = await pendingFor(user.email);
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(sessionsBefore);
    const pending = await db.prisma.pendingSignIn.findUniqueOrThrow({ where: { tokenHash: hashToken(pendingToken) } });
    expect(pending).toMatchObject({ kind: "SECOND_FACTOR", userId: user.id, usedAt: null });
    expect(pending.expiresAt.getTime() - pending.createdAt.getTime()).toBe(5 * 60_000);
  });

  it("a right code completes the sign-in: a session and a device cookie, as with a password alone", async () => {
    const user = await enrolled();
    const pendingToken = await pendingFor(user.email);
    const result = await auth.completeSecondFactor(pendingToken, { code: await totpCodeAt(user.secret, new Date()) }, client);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toEqual({ id: user.id, email: user.email, name: expect.any(String), organisationId });
    expect(await auth.validate(result.token)).toMatchObject({ user: { id: user.id } });
    expect(result.deviceCookie).toMatch(/^v1\./);
  });

  it("a pending sign-in works once", async () => {
    const user = await enrolled();
    const pendingToken = await pendingFor(user.email);
    expect((await auth.completeSecondFactor(pendingToken, { code: await totpCodeAt(user.secret, new Date()) }, client)).ok).toBe(true);
    expect(await auth.completeSecondFactor(pendingToken, { code: await totpCodeAt(user.secret, inFuture(TOTP_PERIOD_S)) }, client)).toEqual({ ok: false, reason: "expired" });
  });

  it("an expired or unknown pending sign-in is refused, without counting against the account", async () => {
    const user = await enrolled();
    const pendingToken = await pendingFor(user.email);
    await db.prisma.pendingSignIn.update({ where: { tokenHash: hashToken(pendingToken) }, data: { expiresAt: ago(1) } });
    expect(await auth.completeSecondFactor(pendingToken, { code: await totpCodeAt(user.secret, new Date()) }, client)).toEqual({ ok: false, reason: "expired" });
    expect(await auth.completeSecondFactor("a".repeat(43), { code: "123456" }, client)).toEqual({ ok: false, reason: "expired" });
    expect(await db.prisma.loginThrottle.count({ where: { key: `second-factor:${user.id}` } })).toBe(0);
  });

  it("refuses the same code a second time (replay), and takes the next one", async () => {
    const user = await enrolled();
    const code = await totpCodeAt(user.secret, new Date());
    expect((await auth.completeSecondFactor(await pendingFor(user.email), { code }, client)).ok).toBe(true);
    const again = await pendingFor(user.email);
    expect(await auth.completeSecondFactor(again, { code }, client)).toEqual({ ok: false, reason: "invalidCode" });
    expect((await auth.completeSecondFactor(again, { code: await totpCodeAt(user.secret, inFuture(TOTP_PERIOD_S)) }, client)).ok).toBe(true);
  });

  it("refuses codes from further than one step away", async () => {
    const user = await enrolled();
    const pendingToken = await pendingFor(user.email);
    for (const at of [ago(3 * TOTP_PERIOD_S), inFuture(3 * TOTP_PERIOD_S)]) {
      expect(await auth.completeSecondFactor(pendingToken, { code: await totpCodeAt(user.secret, at) }, client)).toEqual({ ok: false, reason: "invalidCode" });
    }
  });

  it("throttles wrong codes per account like passwords: after five, even the right code waits", async () => {
    const user = await enrolled();
    const right = await totpCodeAt(user.secret, new Date());
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      // A new pending sign-in does not start the count afresh.
      const pendingToken = await pendingFor(user.email);
      expect(await auth.completeSecondFactor(pendingToken, { code: wrong }, client)).toEqual({ ok: false, reason: "invalidCode" });
    }
    const result = await auth.completeSecondFactor(await pendingFor(user.email), { code: right }, client);
    expect(result).toMatchObject({ ok: false, reason: "throttled" });
    if (!result.ok && result.reason === "throttled") expect(result.retryAfterSeconds).toBeGreaterThan(14 * 60);
    // Another account is not affected.
    const other = await enrolled();
    expect((await auth.completeSecondFactor(await pendingFor(other.email), { code: await totpCodeAt(other.secret, new Date()) }, client)).ok).toBe(true);
  });
});

describe("recovery codes", () => {
  it("a recovery code signs in once, typed in any case and spacing", async () => {
    const user = await enrolled();
    const code = user.recoveryCodes[3]!;
    const typed = ` ${code.toUpperCase().replace("-", " ")} `;
    expect((await auth.completeSecondFactor(await pendingFor(user.email), { recoveryCode: typed }, client)).ok).toBe(true);
    expect(await auth.completeSecondFactor(await pendingFor(user.email), { recoveryCode: code }, client)).toEqual({ ok: false, reason: "invalidCode" });
    expect(await auth.secondFactor.status(user.id)).toMatchObject({ recoveryCodesLeft: 9 });
  });

  it("a wrong recovery code leaves the pending sign-in usable and counts against the account", async () => {
    const user = await enrolled();
    const pendingToken = await pendingFor(user.email);
    expect(await auth.completeSecondFactor(pendingToken, { recoveryCode: "zzzzz-zzzzz" }, client)).toEqual({ ok: false, reason: "invalidCode" });
    expect((await db.prisma.pendingSignIn.findUniqueOrThrow({ where: { tokenHash: hashToken(pendingToken) } })).usedAt).toBeNull();
    expect(await db.prisma.loginThrottle.count({ where: { key: `second-factor:${user.id}` } })).toBe(1);
    expect((await auth.completeSecondFactor(pendingToken, { recoveryCode: user.recoveryCodes[0]! }, client)).ok).toBe(true);
  });

  it("another account's recovery code does not work", async () => {
    const user = await enrolled();
    const other = await enrolled();
    expect(await auth.completeSecondFactor(await pendingFor(user.email), { recoveryCode: other.recoveryCodes[0]! }, client)).toEqual({ ok: false, reason: "invalidCode" });
  });

  it("new recovery codes need a current code and end the old ones; audited", async () => {
    const user = await enrolled();
    expect(await refusalKey(auth.secondFactor.regenerateRecoveryCodes(user.id, "000000" === (await totpCodeAt(user.secret, new Date())) ? "111111" : "000000"))).toBe("secondFactor.invalidCode");
    const { recoveryCodes } = await auth.secondFactor.regenerateRecoveryCodes(user.id, await totpCodeAt(user.secret, new Date()));
    expect(recoveryCodes).toHaveLength(10);
    expect(await auth.completeSecondFactor(await pendingFor(user.email), { recoveryCode: user.recoveryCodes[0]! }, client)).toEqual({ ok: false, reason: "invalidCode" });
    expect((await auth.completeSecondFactor(await pendingFor(user.email), { recoveryCode: recoveryCodes[0]! }, client)).ok).toBe(true);
    const actions = (await db.prisma.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["account.secondFactorEnabled", "account.recoveryCodesRenewed"]);
  });

  it("no new recovery codes without a second factor", async () => {
    const user = await newUser();
    expect(await refusalKey(auth.secondFactor.regenerateRecoveryCodes(user.id, "123456"))).toBe("secondFactor.notEnabled");
  });
});

describe("platform administrators must enrol", () => {
  async function sessionUser(email: string, target: Auth = auth) {
    const result = await target.login(email, PASSWORD, client);
    if (!result.ok) throw new Error("login failed");
    return (await target.validate(result.token))!.user;
  }

  it("a platform administrator without a factor signs in, flagged to enrol first", async () => {
    const admin = await newUser({ platformAdmin: true });
    expect((await sessionUser(admin.email)).mustEnrolSecondFactor).toBe(true);
    expect((await sessionUser((await newUser()).email)).mustEnrolSecondFactor).toBeUndefined();
  });

  it("the flag goes once the factor is confirmed, for the session already open", async () => {
    const admin = await newUser({ platformAdmin: true });
    const login = await auth.login(admin.email, PASSWORD, client);
    if (!login.ok) throw new Error("login failed");
    const { secret } = await auth.secondFactor.startEnrolment(admin.id, admin.email);
    expect((await auth.validate(login.token))!.user.mustEnrolSecondFactor).toBe(true);
    await auth.secondFactor.confirmEnrolment(admin.id, await totpCodeAt(secret, new Date()));
    expect((await auth.validate(login.token))!.user.mustEnrolSecondFactor).toBeUndefined();
  });

  it("sessions from an organisation's provider are not flagged", async () => {
    const admin = await newUser({ platformAdmin: true });
    const login = await auth.login(admin.email, PASSWORD, client);
    if (!login.ok) throw new Error("login failed");
    await db.prisma.session.update({ where: { id: hashToken(login.token) }, data: { method: "SSO" } });
    expect((await auth.validate(login.token))!.user.mustEnrolSecondFactor).toBeUndefined();
  });

  it("can be switched off (requireSecondFactorForPlatformAdmins: false)", async () => {
    const relaxed = createAuth({ prisma: db.prisma, secureCookies: true, passwordCost: CHEAP, requireSecondFactorForPlatformAdmins: false });
    const admin = await newUser({ platformAdmin: true });
    expect((await sessionUser(admin.email, relaxed)).mustEnrolSecondFactor).toBeUndefined();
  });
});
