// Two-step verification through the API (issue 20 point 7): the second step of a sign-in,
// enrolment, recovery codes, turning it off, a platform administrator's reset, and the
// enrolment that platform administrators cannot skip. The rules themselves: packages/auth
// second-factor.test.ts.
import { totpCodeAt, TOTP_PERIOD_S } from "@regiotafel/auth";
import { DEMO_PASSWORD } from "@regiotafel/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "./router";
import { createApiTestEnv, refusal, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

let clients = 0;
/** A caller from its own client address, with the Set-Cookie values its procedures produce. */
async function fromClient(email: string | null) {
  const ctx = await env.contextFor(email);
  ctx.client = { ...ctx.client, ipAddress: `198.51.100.${++clients}` };
  return { api: createCaller(ctx), cookies: ctx.cookies };
}

const now = () => new Date();
const stepAgo = () => new Date(Date.now() - TOTP_PERIOD_S * 1000);
const nextStep = () => new Date(Date.now() + TOTP_PERIOD_S * 1000);

/** Enrols the demo account through the API: its secret and recovery codes. */
async function enrol(email: string) {
  const { api } = await fromClient(email);
  const { secret, uri } = await api.secondFactor.startEnrolment({});
  expect(await api.secondFactor.enrolment()).toEqual({ secret, uri });
  const { recoveryCodes } = await api.secondFactor.confirmEnrolment({ code: await totpCodeAt(secret, stepAgo()) });
  return { secret, recoveryCodes };
}

async function pendingToken(email: string): Promise<string> {
  const { api, cookies } = await fromClient(null);
  const answer = await api.auth.login({ email, password: DEMO_PASSWORD });
  expect(answer.user).toBeNull();
  expect(cookies).toEqual([]);
  return answer.pendingToken!;
}

describe("enrolment", () => {
  it("start, confirm with the first code, status on with ten recovery codes", async () => {
    const { api } = await fromClient("venlo@demo.regiotafel.nl");
    expect(await api.secondFactor.status()).toEqual({ enabled: false, enrolmentStarted: false, recoveryCodesLeft: 0, required: false });
    expect(await api.secondFactor.enrolment()).toBeNull();
    const { secret } = await api.secondFactor.startEnrolment({});
    expect(await refusal(api.secondFactor.confirmEnrolment({ code: "12345" }))).toBe("BAD_REQUEST input.invalid code");
    const { recoveryCodes } = await api.secondFactor.confirmEnrolment({ code: await totpCodeAt(secret, now()) });
    expect(recoveryCodes).toHaveLength(10);
    expect(await api.secondFactor.status()).toEqual({ enabled: true, enrolmentStarted: false, recoveryCodesLeft: 10, required: false });
    expect(await refusal(api.secondFactor.startEnrolment({}))).toBe("BAD_REQUEST secondFactor.alreadyEnabled");
  });

  it("tells a platform administrator it is required", async () => {
    const { api } = await fromClient("platform@demo.regiotafel.nl");
    expect(await api.secondFactor.status()).toMatchObject({ required: true });
  });
});

describe("signing in with two steps", () => {
  it("the password gives a pending sign-in, the code the session and device cookies", async () => {
    const { secret } = await enrol("roermond@demo.regiotafel.nl");
    const token = await pendingToken("roermond@demo.regiotafel.nl");
    const { api, cookies } = await fromClient(null);
    const result = await api.auth.verifySecondFactor({ pendingToken: token, code: await totpCodeAt(secret, now()) });
    expect(result.user.email).toBe("roermond@demo.regiotafel.nl");
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^regiotafel_session=/);
    // Used up.
    const again = await fromClient(null);
    expect(await refusal(again.api.auth.verifySecondFactor({ pendingToken: token, code: await totpCodeAt(secret, nextStep()) }))).toBe("NOT_FOUND secondFactor.expired");
    expect(again.cookies).toEqual([]);
  });

  it("a wrong code is refused on its field; the sixth attempt is throttled", async () => {
    const { secret } = await enrol("nederweert@demo.regiotafel.nl");
    const right = await totpCodeAt(secret, now());
    const wrong = right === "000000" ? "111111" : "000000";
    const token = await pendingToken("nederweert@demo.regiotafel.nl");
    const { api, cookies } = await fromClient(null);
    for (let i = 0; i < 5; i++) expect(await refusal(api.auth.verifySecondFactor({ pendingToken: token, code: wrong }))).toBe("BAD_REQUEST secondFactor.invalidCode code");
    expect(await refusal(api.auth.verifySecondFactor({ pendingToken: token, code: right }))).toBe("TOO_MANY_REQUESTS secondFactor.throttled code");
    expect(cookies).toEqual([]);
  });

  it("a recovery code signs in once", async () => {
    const { recoveryCodes } = await enrol("tiel@demo.regiotafel.nl");
    const { api } = await fromClient(null);
    const first = await api.auth.useRecoveryCode({ pendingToken: await pendingToken("tiel@demo.regiotafel.nl"), recoveryCode: recoveryCodes[0]!.toUpperCase() });
    expect(first.user.email).toBe("tiel@demo.regiotafel.nl");
    expect(await refusal(api.auth.useRecoveryCode({ pendingToken: await pendingToken("tiel@demo.regiotafel.nl"), recoveryCode: recoveryCodes[0]! }))).toBe(
      "BAD_REQUEST secondFactor.invalidRecoveryCode recoveryCode",
    );
  });
});

describe("recovery codes and turning it off", () => {
  it("new codes need a current code; turning off needs the password and is audited", async () => {
    const email = "leudal@demo.regiotafel.nl";
    const { secret } = await enrol(email);
    const { api } = await fromClient(email);
    const { recoveryCodes } = await api.secondFactor.regenerateRecoveryCodes({ code: await totpCodeAt(secret, now()) });
    expect(recoveryCodes).toHaveLength(10);
    expect(await refusal(api.secondFactor.disable({ password: "niet-mijn-wachtwoord" }))).toBe("BAD_REQUEST password.wrongCurrent password");
    expect(await api.secondFactor.disable({ password: DEMO_PASSWORD })).toEqual({ ok: true });
    expect(await api.secondFactor.status()).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    const user = await env.userByEmail(email);
    const audit = await env.db.prisma.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { at: "asc" } });
    expect(audit.map((e) => [e.action, e.actorId])).toEqual([
      ["account.secondFactorEnabled", user.id],
      ["account.recoveryCodesRenewed", user.id],
      ["account.secondFactorDisabled", user.id],
    ]);
    // Signing in is one step again.
    const login = await (await fromClient(null)).api.auth.login({ email, password: DEMO_PASSWORD });
    expect(login.user?.email).toBe(email);
    expect(await refusal(api.secondFactor.disable({ password: DEMO_PASSWORD }))).toBe("BAD_REQUEST secondFactor.notEnabled");
  });
});

describe("a platform administrator's reset", () => {
  it("is refused to anyone else, for another's factor and for their own", async () => {
    const email = "weert@demo.regiotafel.nl";
    await enrol(email);
    const target = await env.userByEmail(email);
    for (const who of ["admin@demo.regiotafel.nl", "venlo@demo.regiotafel.nl", email]) {
      expect(await refusal((await fromClient(who)).api.platform.resetSecondFactor({ userId: target.id }))).toBe("FORBIDDEN forbidden");
    }
    expect(await refusal((await fromClient(null)).api.platform.resetSecondFactor({ userId: target.id }))).toBe("UNAUTHORIZED auth.required");
    expect(await env.db.prisma.totpFactor.count({ where: { userId: target.id } })).toBe(1);
  });

  it("removes the factor and recovery codes, audited with the administrator as actor", async () => {
    const email = "weert@demo.regiotafel.nl";
    const target = await env.userByEmail(email);
    const admin = await env.userByEmail("platform@demo.regiotafel.nl");
    const { api } = await fromClient("platform@demo.regiotafel.nl");
    expect(await api.platform.resetSecondFactor({ userId: target.id })).toEqual({ ok: true });
    expect(await env.db.prisma.totpFactor.count({ where: { userId: target.id } })).toBe(0);
    expect(await env.db.prisma.recoveryCode.count({ where: { userId: target.id } })).toBe(0);
    const event = await env.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "account.secondFactorReset", entityId: target.id } });
    expect(event).toMatchObject({ actorId: admin.id, entityType: "user", workspaceId: null });
    expect((await api.platform.users({ q: "weert@demo" })).users.find((u) => u.id === target.id)).toMatchObject({ secondFactor: false });
    expect(await refusal(api.platform.resetSecondFactor({ userId: target.id }))).toBe("BAD_REQUEST secondFactor.notEnabled");
    expect(await refusal(api.platform.resetSecondFactor({ userId: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND notFound");
    // Signing in is one step again.
    expect((await (await fromClient(null)).api.auth.login({ email, password: DEMO_PASSWORD })).user?.email).toBe(email);
  });
});

describe("platform administrators enrol before anything else", () => {
  async function mustEnrol() {
    const ctx = await env.contextFor("platform@demo.regiotafel.nl");
    ctx.user = { ...ctx.user!, mustEnrolSecondFactor: true };
    return createCaller(ctx);
  }

  it("every other procedure is refused with a clear message, queries and mutations alike", async () => {
    const api = await mustEnrol();
    expect(await refusal(api.platform.users({ q: "" }))).toBe("FORBIDDEN secondFactor.enrolmentRequired");
    expect(await refusal(api.workspace.list())).toBe("FORBIDDEN secondFactor.enrolmentRequired");
    expect(await refusal(api.auth.changePassword({ current: DEMO_PASSWORD, next: "een-ander-wachtwoord", confirm: "een-ander-wachtwoord" }))).toBe(
      "FORBIDDEN secondFactor.enrolmentRequired",
    );
    const user = await env.userByEmail("platform@demo.regiotafel.nl");
    expect(await refusal(api.platform.resetSecondFactor({ userId: user.id }))).toBe("FORBIDDEN secondFactor.enrolmentRequired");
  });

  it("who they are, signing out and the enrolment itself still work", async () => {
    const api = await mustEnrol();
    expect(await api.auth.me()).toMatchObject({ email: "platform@demo.regiotafel.nl", mustEnrolSecondFactor: true });
    expect(await api.secondFactor.status()).toMatchObject({ enabled: false, required: true });
    const { secret } = await api.secondFactor.startEnrolment({});
    const { recoveryCodes } = await api.secondFactor.confirmEnrolment({ code: await totpCodeAt(secret, now()) });
    expect(recoveryCodes).toHaveLength(10);
  });
});
