// The account lifecycle's procedures (ADR 0024): the reset request's answer and throttle, the
// e-mail change's password check, sign-in of a deactivated account, the platform's list.
// The whole path with mail and live connections: server/src/account-lifecycle.test.ts.
import { DEMO_PASSWORD } from "@regiotafel/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "./router";
import { createApiTestEnv, refusal, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

/** A caller from its own client address, so throttles of one test do not meet another's. */
let clients = 0;
async function fromClient(email: string | null) {
  const ctx = await env.contextFor(email);
  ctx.client = { ...ctx.client, ipAddress: `198.51.100.${++clients}` };
  return createCaller(ctx);
}

describe("auth.requestPasswordReset", () => {
  it("answers known, unknown and deactivated addresses with the same body", async () => {
    await env.db.prisma.user.update({ where: { email: "tiel@demo.regiotafel.nl" }, data: { deactivatedAt: new Date() } });
    const answers = await Promise.all(
      ["venlo@demo.regiotafel.nl", "niemand@venlo.example", "tiel@demo.regiotafel.nl"].map((email) => env.http(null, "auth.requestPasswordReset", { email }, "mutation")),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await env.db.prisma.mailOutbox.findMany({ select: { recipient: true } })).toEqual([{ recipient: "venlo@demo.regiotafel.nl" }]);
    await env.db.prisma.user.update({ where: { email: "tiel@demo.regiotafel.nl" }, data: { deactivatedAt: null } });
  });

  it("throttles per address asked for (known or not alike) and per client", async () => {
    for (const email of ["venray@demo.regiotafel.nl", "niemand@venray.example"]) {
      const outcomes = [];
      for (let i = 0; i < 4; i++) outcomes.push(await refusal((await fromClient(null)).auth.requestPasswordReset({ email })));
      expect(outcomes, email).toEqual(["OK", "OK", "OK", "TOO_MANY_REQUESTS reset.throttled email"]);
    }
    const api = await fromClient(null);
    const outcomes = [];
    for (let i = 0; i < 11; i++) outcomes.push(await refusal(api.auth.requestPasswordReset({ email: `adres${i}@elders.example` })));
    expect(outcomes.slice(0, 10).every((o) => o === "OK")).toBe(true);
    expect(outcomes[10]).toBe("TOO_MANY_REQUESTS reset.throttled email");
  });

  it("refuses a bad address as input, not as an unknown account", async () => {
    expect(await refusal((await fromClient(null)).auth.requestPasswordReset({ email: "geen-adres" }))).toBe("BAD_REQUEST input.invalid email");
  });
});

describe("auth.resetPassword", () => {
  it("refuses an unknown link before hashing, and a bad new password as input", async () => {
    const api = await fromClient(null);
    expect(await refusal(api.auth.resetPassword({ token: "a".repeat(43), password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" }))).toBe("NOT_FOUND reset.invalid");
    expect(await refusal(api.auth.resetPassword({ token: "a".repeat(43), password: "kort", confirm: "kort" }))).toBe("BAD_REQUEST input.invalid password");
    expect(await refusal(api.auth.resetPassword({ token: "a".repeat(5000), password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" }))).toBe("NOT_FOUND reset.invalid");
    expect(await api.auth.checkPasswordReset({ token: "a".repeat(43) })).toEqual({ valid: false });
  });
});

describe("account.requestEmailChange", () => {
  it("needs the current password (throttled per account), refuses the own address, and queues two mails", async () => {
    const email = "gennep@demo.regiotafel.nl";
    const api = await fromClient(email);
    expect(await refusal(api.account.requestEmailChange({ email: "nieuw@gennep.example", password: "fout-wachtwoord" }))).toBe("BAD_REQUEST password.wrongCurrent password");
    expect(await refusal(api.account.requestEmailChange({ email, password: DEMO_PASSWORD }))).toBe("BAD_REQUEST emailChange.same email");
    expect(await api.account.requestEmailChange({ email: "Nieuw@Gennep.example", password: DEMO_PASSWORD })).toEqual({ ok: true, email: "nieuw@gennep.example" });
    const mails = await env.db.prisma.mailOutbox.findMany({ where: { template: { startsWith: "emailChange" } }, select: { recipient: true, template: true }, orderBy: { template: "asc" } });
    expect(mails).toEqual([
      { recipient: "nieuw@gennep.example", template: "emailChangeConfirm" },
      { recipient: email, template: "emailChangeNotice" },
    ]);
    for (let i = 0; i < 5; i++) await refusal(api.account.requestEmailChange({ email: "nieuw@gennep.example", password: "fout-wachtwoord" }));
    expect(await refusal(api.account.requestEmailChange({ email: "nieuw@gennep.example", password: DEMO_PASSWORD }))).toBe("TOO_MANY_REQUESTS password.throttled password");
  });
});

describe("sign-in of a deactivated account", () => {
  it("is refused with its own message only after the right password; its old session no longer validates", async () => {
    const email = "beesel@demo.regiotafel.nl";
    const client = { ipAddress: "198.51.100.200", userAgent: "vitest" };
    const login = await env.auth.login(email, DEMO_PASSWORD, client);
    if (!login.ok) throw new Error("sign-in failed");
    expect(await env.auth.validate(login.token)).not.toBeNull();
    const user = await env.db.prisma.user.findUniqueOrThrow({ where: { email } });
    // Deactivated without its sessions being deleted (as a race with a sign-in could leave one).
    await env.db.prisma.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    expect(await env.auth.validate(login.token)).toBeNull();
    expect(await refusal((await fromClient(null)).auth.login({ email, password: "fout-wachtwoord" }))).toBe("UNAUTHORIZED login.invalid");
    expect(await refusal((await fromClient(null)).auth.login({ email, password: DEMO_PASSWORD }))).toBe("FORBIDDEN login.deactivated");
    await env.db.prisma.user.update({ where: { id: user.id }, data: { deactivatedAt: null } });
    expect((await (await fromClient(null)).auth.login({ email, password: DEMO_PASSWORD })).user?.email).toBe(email);
    expect((await env.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
  });
});

describe("platform.users", () => {
  it("lists accounts with organisation, state and last sign-in, searched; platform administrators only", async () => {
    const platform = await fromClient("platform@demo.regiotafel.nl");
    const { users, more } = await platform.platform.users({ q: "Venlo" });
    expect(more).toBe(false);
    expect(users.map((u) => u.email)).toContain("venlo@demo.regiotafel.nl");
    expect(users.find((u) => u.email === "venlo@demo.regiotafel.nl")).toMatchObject({ organisation: "Venlo", deactivatedAt: null, platformAdmin: false });
    expect(await refusal((await fromClient("admin@demo.regiotafel.nl")).platform.users({ q: "" }))).toBe("FORBIDDEN forbidden");
    expect(await refusal((await fromClient("admin@demo.regiotafel.nl")).platform.setUserActive({ userId: users[0]!.id, active: false }))).toBe("FORBIDDEN forbidden");
  });
});
