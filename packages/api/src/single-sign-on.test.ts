// Signing in with the municipality's own account (issue 20, ADR 0035), through the procedures
// and two real OpenID providers (oidc-provider, certified) on this machine: Weert's and Tiel's.
// Connections are saved as an administrator would (discovery checked, secret sealed), then the
// sign-in runs as a browser would: discover → provider → back with the code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { denyAt, signInAt, startOidcProvider, type TestOidcProvider } from "@regiotafel/auth/testing";
import { DomainError } from "@regiotafel/domain";
import { createApiTestEnv, TEST_SSO_CALLBACK, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
let weertIdp: TestOidcProvider;
let tielIdp: TestOidcProvider;
let weertOrg: string;
let tielOrg: string;
const PLATFORM = "root.sso@demo.regiotafel.nl";
const ORG_ADMIN = "beheer.sso.weert@demo.regiotafel.nl";

const client = (clientId: string) => ({ clientId, clientSecret: `${clientId}-geheim`, redirectUris: [TEST_SSO_CALLBACK], postLogoutRedirectUris: ["http://localhost/login?uitgelogd"] });

beforeAll(async () => {
  env = await createApiTestEnv();
  weertIdp = await startOidcProvider({
    clients: [client("regiotafel-weert")],
    accounts: {
      anne: { sub: "weert-anne", email: "anne@weert.nl", email_verified: true, name: "Anne de Vries" },
      piet: { sub: "weert-piet", email: "piet@weert.nl", email_verified: true, name: "Piet Jansen" },
      onbevestigd: { sub: "weert-x", email: "x@weert.nl", email_verified: false, name: "X" },
      tiel: { sub: "weert-tiel", email: "iemand@tiel.nl", email_verified: true, name: "Verkeerd domein" },
    },
  });
  tielIdp = await startOidcProvider({
    clients: [client("regiotafel-tiel")],
    accounts: { kees: { sub: "tiel-kees", email: "kees@tiel.nl", email_verified: true, name: "Kees" } },
  });
  weertOrg = (await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id;
  tielOrg = (await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: "tiel" } })).id;
  const root = await env.db.prisma.user.create({ data: { email: PLATFORM, name: "Root", organisationId: weertOrg, passwordHash: env.demoPasswordHash } });
  await env.db.prisma.platformAdmin.create({ data: { userId: root.id } });
  const admin = await env.db.prisma.user.create({ data: { email: ORG_ADMIN, name: "Beheer Weert", organisationId: weertOrg, passwordHash: env.demoPasswordHash } });
  await env.db.prisma.organisationAdmin.create({ data: { userId: admin.id } });

  // Weert's own administrator connects Weert; the platform administrator connects Tiel.
  const weertAdmin = await env.callerFor(ORG_ADMIN);
  await weertAdmin.organisation.saveConnection({ organisation: weertOrg, issuer: weertIdp.issuer, clientId: "regiotafel-weert", clientSecret: "regiotafel-weert-geheim", domains: "weert.nl" } as never);
  const platform = await env.callerFor(PLATFORM);
  await platform.organisation.saveConnection({ organisation: tielOrg, issuer: tielIdp.issuer, clientId: "regiotafel-tiel", clientSecret: "regiotafel-tiel-geheim", domains: "tiel.nl" } as never);
});
afterAll(async () => {
  await weertIdp?.close();
  await tielIdp?.close();
  await env?.close();
});

/** The sign-in as a browser makes it: the address, the provider, the way back. */
async function signIn(email: string, idp: TestOidcProvider, account: string, redirectTo: string | null = null) {
  const browser = await env.session(null);
  const route = await browser.api.auth.discover({ email, redirectTo } as never);
  if (route.kind !== "sso") throw new Error(`expected SSO for ${email}`);
  const callback = await signInAt(idp, route.url, account);
  const result = await browser.api.auth.completeSso({ callbackUrl: callback.href });
  const token = browser.cookies.map((c) => /^regiotafel_session=([^;]+)/.exec(c)?.[1]).find(Boolean) ?? null;
  return { result, token, callback };
}

const refusal = async (work: Promise<unknown>) => {
  try {
    await work;
    return "OK";
  } catch (error) {
    const cause = error instanceof DomainError ? error : (error as { cause?: unknown }).cause;
    return cause instanceof DomainError ? cause.messageKey : String(error);
  }
};

describe("home realm discovery", () => {
  it("sends an address at an SSO domain to its own organisation's provider, any other to the password field", async () => {
    const api = await env.callerFor(null);
    const weert = await api.auth.discover({ email: "wie.dan.ook@Weert.nl" } as never);
    expect(weert.kind).toBe("sso");
    expect(weert.kind === "sso" && new URL(weert.url).origin).toBe(new URL(weertIdp.issuer).origin);
    const tiel = await api.auth.discover({ email: "kees@tiel.nl" } as never);
    expect(tiel.kind === "sso" && new URL(tiel.url).origin).toBe(new URL(tielIdp.issuer).origin);
    // The demo accounts (and every other domain) keep their passwords: the answer is the same whether or not an account exists.
    expect(await api.auth.discover({ email: "weert@demo.regiotafel.nl" } as never)).toEqual({ kind: "password" });
    expect(await api.auth.discover({ email: "niemand@demo.regiotafel.nl" } as never)).toEqual({ kind: "password" });
  });

  it("a provider that is down gives a clear refusal, not a server error", async () => {
    const venlo = (await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: "venlo" } })).id;
    const down = await env.db.prisma.oidcConnection.create({ data: { organisationId: venlo, issuer: "http://127.0.0.1:9", clientId: "x", clientSecret: env.singleSignOn.seal("y")! } });
    await env.db.prisma.oidcDomain.create({ data: { domain: "venlo.nl", connectionId: down.id } });
    try {
      const response = await env.http(null, "auth.discover", { email: "iemand@venlo.nl" }, "mutation");
      expect(response.status).toBe(400);
      expect(response.body.error?.data.messageKey).toBe("sso.providerDown");
      expect(response.body.error?.message).toContain("niet bereikbaar");
    } finally {
      await env.db.prisma.oidcConnection.delete({ where: { id: down.id } });
    }
  });

  it("the authorization request carries PKCE, state, nonce and the exact redirect URI", async () => {
    const api = await env.callerFor(null);
    const route = await api.auth.discover({ email: "anne@weert.nl" } as never);
    const url = new URL(route.kind === "sso" ? route.url : "");
    expect(url.searchParams.get("redirect_uri")).toBe(TEST_SSO_CALLBACK);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toMatch(/.{20,}/);
    expect(url.searchParams.get("nonce")).toMatch(/.{20,}/);
    expect(url.searchParams.get("client_id")).toBe("regiotafel-weert");
  });
});

describe("just-in-time accounts", () => {
  it("the first sign-in creates the account in Weert with an SSO session; no workspace until invited", async () => {
    const { result, token } = await signIn("anne@weert.nl", weertIdp, "anne", "/w/limburg");
    expect(result).toMatchObject({ kind: "signedIn", returnTo: "/w/limburg" });
    const session = await env.auth.validate(token!);
    expect(session).toMatchObject({ user: { email: "anne@weert.nl", organisationId: weertOrg }, signedInWith: { method: "SSO" } });
    const api = await env.callerFor("anne@weert.nl");
    expect(await api.workspace.list()).toEqual([]);
    // Signing out ends the session here and sends the browser to Weert's provider too.
    const out = await (await env.callerFor("anne@weert.nl", { sessionToken: token, signedInWith: session!.signedInWith })).auth.logout();
    expect(out.providerLogout && new URL(out.providerLogout).origin).toBe(new URL(weertIdp.issuer).origin);
    expect(await env.auth.validate(token!)).toBeNull();
  });

  it("refuses an address the provider did not verify, and one outside the connection's domains", async () => {
    expect(await refusal(signIn("x@weert.nl", weertIdp, "onbevestigd"))).toBe("sso.emailUnverified");
    expect(await refusal(signIn("iemand@weert.nl", weertIdp, "tiel"))).toBe("sso.domainNotCovered");
    expect(await env.db.prisma.user.count({ where: { email: { in: ["x@weert.nl", "iemand@tiel.nl"] } } })).toBe(0);
  });

  it("a replayed answer and a denied sign-in are refused with their reasons", async () => {
    const { callback } = await signIn("kees@tiel.nl", tielIdp, "kees");
    const again = await env.callerFor(null);
    expect(await refusal(again.auth.completeSso({ callbackUrl: callback.href }))).toBe("sso.state");
    const route = await again.auth.discover({ email: "kees@tiel.nl" } as never);
    const denied = await denyAt(tielIdp, route.kind === "sso" ? route.url : "");
    expect(await refusal(again.auth.completeSso({ callbackUrl: denied.href }))).toBe("sso.providerError");
    expect(await refusal(again.auth.completeSso({ callbackUrl: "geen url" }))).toBe("sso.state");
  });
});

describe("an existing password account", () => {
  it("is linked only after its password; the next sign-in goes straight in", async () => {
    await env.db.prisma.user.create({ data: { email: "piet@weert.nl", name: "Piet", organisationId: weertOrg, passwordHash: env.demoPasswordHash } });
    const { result, token } = await signIn("piet@weert.nl", weertIdp, "piet");
    expect(result.kind).toBe("linkRequired");
    expect(token).toBeNull();
    const link = (result as { token: string }).token;
    const api = await env.session(null);
    expect(await api.api.auth.linkStatus({ token: link })).toEqual({ email: "piet@weert.nl", organisation: expect.stringContaining("Weert") });
    expect(await refusal(api.api.auth.linkWithPassword({ token: link, password: "niet-het-wachtwoord" }))).toBe("password.wrongCurrent");
    expect(await api.api.auth.linkWithPassword({ token: link, password: "regiotafel-demo" })).toMatchObject({ kind: "signedIn" });
    expect(await refusal(api.api.auth.linkWithPassword({ token: link, password: "regiotafel-demo" }))).toBe("sso.state");
    expect((await signIn("piet@weert.nl", weertIdp, "piet")).result.kind).toBe("signedIn");
  });
});

describe("requiring SSO", () => {
  it("ends Weert's password sessions, refuses its password sign-in with a clear message, and leaves other organisations alone", async () => {
    const weert = await env.session(null);
    await weert.api.auth.login({ email: "weert@demo.regiotafel.nl", password: "regiotafel-demo" });
    const weertToken = weert.cookies[0]!.match(/^regiotafel_session=([^;]+)/)![1]!;
    const venlo = await env.session(null);
    await venlo.api.auth.login({ email: "venlo@demo.regiotafel.nl", password: "regiotafel-demo" });
    const venloToken = venlo.cookies[0]!.match(/^regiotafel_session=([^;]+)/)![1]!;

    const admin = await env.callerFor(ORG_ADMIN);
    const done = await admin.organisation.requireSso({ organisation: weertOrg, required: true } as never);
    try {
      expect(done.sessionsEnded).toBeGreaterThan(0);
      expect(await env.auth.validate(weertToken)).toBeNull();
      expect(await env.auth.validate(venloToken)).not.toBeNull();
      const again = await env.callerFor(null);
      expect(await refusal(again.auth.login({ email: "weert@demo.regiotafel.nl", password: "regiotafel-demo" }))).toBe("sso.required");
      // A wrong password says only that: nothing about SSO to whoever does not know it.
      expect(await refusal(again.auth.login({ email: "weert@demo.regiotafel.nl", password: "fout-wachtwoord-1" }))).toBe("login.invalid");
    } finally {
      await admin.organisation.requireSso({ organisation: weertOrg, required: false } as never);
    }
  });
});

describe("who manages a connection", () => {
  it("Weert's administrator cannot see or change Tiel's; a member without the role cannot see Weert's", async () => {
    const admin = await env.callerFor(ORG_ADMIN);
    expect(await refusal(admin.organisation.signIn({ organisation: tielOrg }))).toBe("notFound");
    expect(await refusal(admin.organisation.saveConnection({ organisation: tielOrg, issuer: tielIdp.issuer, clientId: "x", clientSecret: "y", domains: "tiel.nl" } as never))).toBe("notFound");
    expect(await refusal(admin.organisation.requireSso({ organisation: tielOrg, required: true } as never))).toBe("notFound");
    const editor = await env.callerFor("weert@demo.regiotafel.nl");
    expect(await refusal(editor.organisation.signIn({ organisation: weertOrg }))).toBe("forbidden");
    const tiel = await env.db.prisma.oidcConnection.findUniqueOrThrow({ where: { organisationId: tielOrg } });
    expect(tiel).toMatchObject({ clientId: "regiotafel-tiel", requireSso: false });
  });

  it("Weert's administrator deactivates and reactivates Weert's people, never another organisation's (NOT_FOUND, unchanged)", async () => {
    const admin = await env.callerFor(ORG_ADMIN);
    const venray = await env.userByEmail("venray@demo.regiotafel.nl");
    const weert = await env.userByEmail("weert@demo.regiotafel.nl");
    // Another organisation's person, named with Weert's id or with their own: both unknown here.
    expect(await refusal(admin.organisation.setPersonActive({ organisation: weertOrg, userId: venray.id, active: false } as never))).toBe("notFound");
    expect(await refusal(admin.organisation.setPersonActive({ organisation: venray.organisationId, userId: venray.id, active: false } as never))).toBe("notFound");
    expect((await env.db.prisma.user.findUniqueOrThrow({ where: { id: venray.id } })).deactivatedAt).toBeNull();
    const people = await admin.organisation.people({ organisation: weertOrg, q: "" } as never);
    expect(people.users.every((u) => u.organisation === people.users[0]!.organisation)).toBe(true);
    expect(people.users.map((u) => u.email)).toContain("weert@demo.regiotafel.nl");
    expect(await admin.organisation.setPersonActive({ organisation: weertOrg, userId: weert.id, active: false } as never)).toMatchObject({ changed: true });
    expect(await refusal(env.callerFor(null).then((api) => api.auth.login({ email: "weert@demo.regiotafel.nl", password: "regiotafel-demo" })))).toBe("login.deactivated");
    await admin.organisation.setPersonActive({ organisation: weertOrg, userId: weert.id, active: true } as never);
  });

  it("shows the connection without its secret, and refuses an issuer that does not answer discovery", async () => {
    const admin = await env.callerFor(ORG_ADMIN);
    const settings = await admin.organisation.signIn({ organisation: weertOrg });
    expect(settings.connection).toMatchObject({ issuer: weertIdp.issuer, clientId: "regiotafel-weert", domains: ["weert.nl"] });
    expect(JSON.stringify(settings)).not.toContain("regiotafel-weert-geheim");
    expect(settings.redirectUri).toBe(TEST_SSO_CALLBACK);
    const stored = await env.db.prisma.oidcConnection.findUniqueOrThrow({ where: { organisationId: weertOrg } });
    expect(stored.clientSecret).not.toContain("geheim");
    expect(await refusal(admin.organisation.saveConnection({ organisation: weertOrg, issuer: "http://127.0.0.1:9", clientId: "x", clientSecret: "", domains: "weert.nl" } as never))).toBe("sso.discoveryFailed");
    expect((await env.db.prisma.oidcConnection.findUniqueOrThrow({ where: { organisationId: weertOrg } })).issuer).toBe(weertIdp.issuer);
  });
});
