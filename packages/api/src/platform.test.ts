// The platform tier and the first run through the API (ADR 0021).
import { createAuth } from "@regiotafel/auth";
import { issueSetupToken, type Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CollabService, Context } from "./context";
import { createCaller } from "./router";
import { CHEAP_PASSWORD_COST, createApiTestEnv, testSingleSignOn, type ApiTestEnv, refusal } from "./test-support";

describe("the platform tier", () => {
  let env: ApiTestEnv;
  beforeAll(async () => {
    env = await createApiTestEnv();
  });
  afterAll(() => env.close());

  it("lets the demo's platform administrator see the overview", async () => {
    const overview = await (await env.callerFor("platform@demo.regiotafel.nl")).platform.overview({});
    expect(overview).toMatchObject({
      workspaces: await env.db.prisma.workspace.count(),
      organisations: await env.db.prisma.organisation.count(),
      users: await env.db.prisma.user.count(),
      platformAdmins: 1,
      failedMailCount: 0,
      failedMails: [],
    });
  });

  it("refuses everyone else, a workspace admin too, with 'forbidden' and nothing more; anonymous UNAUTHORIZED", async () => {
    expect(await refusal((await env.callerFor(null)).platform.overview({}))).toBe("UNAUTHORIZED auth.required");
    for (const email of ["admin@demo.regiotafel.nl", "weert@demo.regiotafel.nl", "redactie@demo.regiotafel.nl"]) {
      expect(await refusal((await env.callerFor(email)).platform.overview({})), email).toBe("FORBIDDEN forbidden");
      // The rule is checked before the input is read: a bad input reveals nothing either.
      expect(await refusal((await env.callerFor(email)).platform.overview({ failedMails: 10_000 })), email).toBe("FORBIDDEN forbidden");
    }
    const http = await env.http("admin@demo.regiotafel.nl", "platform.overview", {}, "query", "en");
    expect(http.status).toBe(403);
    expect(http.body.error).toMatchObject({ message: "You are not allowed to do this.", data: { code: "FORBIDDEN", messageKey: "forbidden" } });
    expect(http.body.error?.data.fieldErrors).toBeUndefined();
    // Its bad input answers a platform administrator BAD_REQUEST.
    expect(await refusal((await env.callerFor("platform@demo.regiotafel.nl")).platform.overview({ failedMails: 10_000 }))).toBe("BAD_REQUEST input.invalid failedMails");
  });

  it("gives no workspace role: the platform administrator reads no workspace content", async () => {
    const api = await env.callerFor("platform@demo.regiotafel.nl");
    expect(await api.workspace.list()).toEqual([]);
    expect(await refusal(api.workspace.overview({ workspace: "limburg" }))).toBe("NOT_FOUND notFound");
    expect(await refusal(api.document.list({ workspace: "limburg" }))).toBe("NOT_FOUND notFound");
    expect((await api.account.get()).platformAdmin).toBe(true);
    expect((await (await env.callerFor("admin@demo.regiotafel.nl")).account.get()).platformAdmin).toBe(false);
  });
});

describe("the first run", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  function session() {
    const cookies: string[] = [];
    const ctx: Context = {
      prisma: db.prisma,
      auth: createAuth({ prisma: db.prisma, secureCookies: false, passwordCost: CHEAP_PASSWORD_COST }),
      locale: "nl",
      user: null,
      sessionToken: null,
      signedInWith: null,
      client: { ipAddress: "192.0.2.7", userAgent: "vitest" },
      setCookie: (c) => cookies.push(c),
      collab: {} as CollabService,
      origin: "http://localhost",
      singleSignOn: testSingleSignOn(db.prisma),
    };
    return { api: createCaller(ctx), cookies, ctx };
  }
  const fields = (token: string, email = "beheer@regio.example") => ({
    token,
    name: "Eerste Beheerder",
    email,
    organisation: "Regio Noord-Limburg",
    password: "een-lang-wachtwoord",
    confirm: "een-lang-wachtwoord",
  });

  it("checks the link, creates the first platform administrator once, signs them in, and is then over", async () => {
    const old = (await issueSetupToken(db.prisma))!;
    const token = (await issueSetupToken(db.prisma))!;
    const { api, cookies, ctx } = session();
    expect(await api.setup.check({ token })).toEqual({ valid: true, organisations: expect.any(Array) });
    // A link that does not work is not shown the directory either (ADR 0022).
    for (const wrong of [old, "a".repeat(43), "", "../../etc", "A".repeat(5000)]) expect(await api.setup.check({ token: wrong })).toEqual({ valid: false, organisations: [] });
    // Bad input is refused before the token is used.
    expect(await refusal(api.setup.complete({ ...fields(token), confirm: "iets anders" }))).toBe("BAD_REQUEST input.invalid confirm");
    expect(await refusal(api.setup.complete({ ...fields(token), password: "kort", confirm: "kort" }))).toBe("BAD_REQUEST input.invalid password");
    expect(await refusal(api.setup.complete(fields(old)))).toBe("NOT_FOUND setup.invalid");

    // Two posts of the one link at once: exactly one administrator.
    const [a, b] = await Promise.all([refusal(api.setup.complete(fields(token, "een@regio.example"))), refusal(api.setup.complete(fields(token, "twee@regio.example")))]);
    expect([a, b].sort()).toEqual(["NOT_FOUND setup.invalid", "OK"]);
    expect(await db.prisma.user.count()).toBe(1);
    const user = await db.prisma.user.findFirstOrThrow({ include: { platformAdmin: true, organisation: true } });
    expect(user.platformAdmin).not.toBeNull();
    expect(user.organisation.name).toBe("Regio Noord-Limburg");

    // Signed in: a session cookie for the new account.
    const cookie = cookies.find((c) => c.startsWith("__Host-regiotafel_session=") || c.startsWith("regiotafel_session="));
    expect(cookie).toBeDefined();
    const signedIn = await ctx.auth.validate(cookie!.split(";")[0]!.split("=")[1]!);
    expect(signedIn?.user.id).toBe(user.id);

    // Used, wrong: the same answer; the check itself is over (NOT_FOUND) now that an account exists.
    expect(await refusal(api.setup.complete(fields(token, "drie@regio.example")))).toBe("NOT_FOUND setup.invalid");
    expect(await refusal(api.setup.complete(fields("b".repeat(43), "vier@regio.example")))).toBe("NOT_FOUND setup.invalid");
    expect(await refusal(api.setup.check({ token }))).toBe("NOT_FOUND notFound");
    expect(await db.prisma.user.count()).toBe(1);
    expect(await issueSetupToken(db.prisma)).toBeNull();
  });
});
