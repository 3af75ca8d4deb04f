import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { createSecretBox } from "../secret-box";
import { hashToken } from "../session-adapter";
import { denyAt, signInAt, startOidcProvider, type TestAccount, type TestOidcProvider } from "../testing";
import { createOidcRelyingParty, type OidcConnectionRef, type OidcOutcome, type OidcRelyingParty } from "./index";

const REDIRECT_URI = "https://regiotafel.test/auth/oidc/callback";
const POST_LOGOUT_URI = "https://regiotafel.test/signed-out";
const secretBox = createSecretBox(Buffer.alloc(32, 3).toString("base64"));

const accounts: Record<string, TestAccount> = {
  weert: { sub: "weert-sub-1", oid: "weert-oid-1", email: "J.Jansen@Weert.nl", email_verified: true, name: "Jan Jansen" },
  tiel: { sub: "tiel-sub-1", email: "p.peters@tiel.nl", email_verified: true, name: "Piet Peters" },
  unverified: { sub: "weert-sub-2", email: "nieuw@weert.nl", email_verified: false, name: "Nieuw" },
  silent: { sub: "weert-sub-3", email: "stil@weert.nl", name: "Stil" },
  foreign: { sub: "weert-sub-4", email: "gast@tiel.nl", email_verified: true, name: "Gast" },
  elsewhere: { sub: "weert-sub-5", email: "iemand@example.org", email_verified: true, name: "Iemand" },
};

let db: Database;
let clock = 0;
let rp: OidcRelyingParty;
const started: TestOidcProvider[] = [];
let counter = 0;

/** A provider with one client for us; more providers per test file are cheap. */
async function provider(options: Partial<Parameters<typeof startOidcProvider>[0]> & { clientId?: string; clientSecret?: string } = {}) {
  const clientId = options.clientId ?? "regiotafel";
  const clientSecret = options.clientSecret ?? "client-secret-value";
  const op = await startOidcProvider({
    clients: [{ clientId, clientSecret, redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [POST_LOGOUT_URI] }],
    accounts,
    ...options,
  });
  started.push(op);
  return op;
}

/** An organisation with a connection to `issuer` covering `domains`. */
async function connect(issuer: string, domains: string[], fields: { clientId?: string; clientSecret?: string; subjectClaim?: string; nameClaim?: string } = {}) {
  counter += 1;
  const organisation = await db.prisma.organisation.create({ data: { slug: `org-${counter}`, name: `Org ${counter}`, kind: "MUNICIPALITY" } });
  const connection = await db.prisma.oidcConnection.create({
    data: {
      organisationId: organisation.id,
      issuer,
      clientId: fields.clientId ?? "regiotafel",
      clientSecret: secretBox.seal(fields.clientSecret ?? "client-secret-value"),
      ...(fields.subjectClaim ? { subjectClaim: fields.subjectClaim } : {}),
      ...(fields.nameClaim ? { nameClaim: fields.nameClaim } : {}),
    },
  });
  await db.prisma.oidcDomain.createMany({ data: domains.map((domain) => ({ domain, connectionId: connection.id })) });
  return connection;
}

async function begin(connection: OidcConnectionRef, returnTo?: string | null, party = rp): Promise<string> {
  const started = await party.begin(connection, returnTo);
  if (!started.ok) throw new Error(`begin failed: ${started.reason} ${started.detail}`);
  return started.url;
}

async function signIn(op: TestOidcProvider, connection: OidcConnectionRef, account: string, party = rp): Promise<OidcOutcome> {
  return party.complete(await signInAt(op, await begin(connection, "/w/limburg", party), account));
}

async function expectNoStateLeft() {
  expect(await db.prisma.oidcLoginState.count()).toBe(0);
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let weertOp: TestOidcProvider;
let tielOp: TestOidcProvider;
let weert: Awaited<ReturnType<typeof connect>>;
let tiel: Awaited<ReturnType<typeof connect>>;

beforeAll(async () => {
  db = await createTestDatabase();
  rp = createOidcRelyingParty({ prisma: db.prisma, secretBox, redirectUri: REDIRECT_URI, allowHttpIssuers: true, now: () => new Date(Date.now() + clock) });
  weertOp = await provider({ clientId: "regiotafel-weert", clientSecret: "weert-secret" });
  tielOp = await provider({ clientId: "regiotafel-tiel", clientSecret: "tiel-secret" });
  weert = await connect(weertOp.issuer, ["weert.nl"], { clientId: "regiotafel-weert", clientSecret: "weert-secret" });
  tiel = await connect(tielOp.issuer, ["tiel.nl"], { clientId: "regiotafel-tiel", clientSecret: "tiel-secret" });
});
afterAll(async () => {
  await Promise.all(started.map((op) => op.close()));
  await db.close();
});
beforeEach(async () => {
  clock = 0;
  await db.prisma.oidcLoginState.deleteMany();
});

describe("signing in", () => {
  it("signs people of two organisations in at their own providers", async () => {
    const atWeert = await signIn(weertOp, weert, "weert");
    expect(atWeert).toMatchObject({
      ok: true,
      connectionId: weert.id,
      organisationId: weert.organisationId,
      subject: "weert-sub-1",
      email: "j.jansen@weert.nl",
      name: "Jan Jansen",
      returnTo: "/w/limburg",
    });
    const atTiel = await signIn(tielOp, tiel, "tiel");
    expect(atTiel).toMatchObject({ ok: true, connectionId: tiel.id, organisationId: tiel.organisationId, subject: "tiel-sub-1", email: "p.peters@tiel.nl" });
    await expectNoStateLeft();
  });

  it("sends the browser to the provider with PKCE, state and nonce, and keeps only the state's hash", async () => {
    const url = new URL(await begin(weert, "/w/limburg"));
    expect(url.origin + url.pathname).toBe(`${weertOp.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "regiotafel-weert",
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "openid email profile",
      code_challenge_method: "S256",
    });
    const state = url.searchParams.get("state")!;
    const [row] = await db.prisma.oidcLoginState.findMany();
    expect(row).toMatchObject({ stateHash: hashToken(state), connectionId: weert.id, nonce: url.searchParams.get("nonce"), returnTo: "/w/limburg" });
    expect(JSON.stringify(row)).not.toContain(state);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThanOrEqual(9 * 60_000);
  });

  it("clears sign-ins that expired unfinished when a new one begins", async () => {
    await begin(weert);
    clock = 11 * 60_000;
    const url = new URL(await begin(weert));
    const rows = await db.prisma.oidcLoginState.findMany();
    expect(rows.map((row) => row.stateHash)).toEqual([hashToken(url.searchParams.get("state")!)]);
  });

  it("keeps only a path on this site to return to", async () => {
    for (const returnTo of ["//evil.example/w", "https://evil.example/", "/\\evil.example", "w/limburg", null]) {
      await begin(weert, returnTo);
    }
    const rows = await db.prisma.oidcLoginState.findMany();
    expect(rows.map((row) => row.returnTo)).toEqual([null, null, null, null, null]);
  });

  it("reads the subject and name from the connection's claims, and falls back to the address for a name", async () => {
    const venloOp = await provider({
      accounts: {
        venlo: { sub: "per-app-subject", oid: "venlo-oid-1", email: "a.bakker@venlo.nl", email_verified: true, display_name: "Anna Bakker" },
        nameless: { sub: "per-app-subject-2", oid: "venlo-oid-2", email: "anoniem@venlo.nl", email_verified: true },
      },
    });
    const venlo = await connect(venloOp.issuer, ["venlo.nl"], { subjectClaim: "oid", nameClaim: "display_name" });
    expect(await signIn(venloOp, venlo, "venlo")).toMatchObject({ ok: true, subject: "venlo-oid-1", name: "Anna Bakker", connectionId: venlo.id });
    expect(await signIn(venloOp, venlo, "nameless")).toMatchObject({ ok: true, subject: "venlo-oid-2", name: "anoniem@venlo.nl" });
    await expectNoStateLeft();
  });
});

describe("refusals", () => {
  it("refuses a callback whose authorization response comes from another issuer (mix-up)", async () => {
    // Another provider where the same client id, secret and redirect URI are registered.
    const imposter = await provider({ clientId: "regiotafel-weert", clientSecret: "weert-secret" });
    const atImposter = (url: string) => new URL(new URL(url).pathname + new URL(url).search, imposter.url);

    const callback = await signInAt(imposter, atImposter(await begin(weert)), "weert");
    expect(callback.searchParams.get("iss")).toBe(imposter.issuer);
    const outcome = await rp.complete(callback);
    expect(outcome).toMatchObject({ ok: false, reason: "token", connectionId: weert.id });
    expect(outcome.ok || outcome.detail).toMatch(/"iss"/);

    // Weert's provider announces the iss parameter: a callback without it is refused.
    const stripped = await signInAt(imposter, atImposter(await begin(weert)), "weert");
    stripped.searchParams.delete("iss");
    const withoutIss = await rp.complete(stripped);
    expect(withoutIss).toMatchObject({ ok: false, reason: "token" });
    expect(withoutIss.ok || withoutIss.detail).toMatch(/"iss" \(issuer\) missing/);

    // A forged iss parameter gets as far as Weert's token endpoint, which refuses the imposter's code.
    const forged = await signInAt(imposter, atImposter(await begin(weert)), "weert");
    forged.searchParams.set("iss", weertOp.issuer);
    const refused = await rp.complete(forged);
    expect(refused).toMatchObject({ ok: false, reason: "token" });
    expect(refused.ok || refused.detail).toMatch(/invalid_grant/);
    await expectNoStateLeft();
  });

  it("refuses an ID token from another issuer, signed with the provider's own key", async () => {
    const op = await provider({ tamperIdTokens: { iss: "https://login.example.org/another-tenant/v2.0" } });
    const connection = await connect(op.issuer, ["iss.weert.nl"]);
    const outcome = await signIn(op, connection, "weert");
    expect(outcome).toMatchObject({ ok: false, reason: "token", connectionId: connection.id });
    expect(outcome.ok || outcome.detail).toMatch(/"iss" \(issuer\) claim/);
    await expectNoStateLeft();
  });

  it("refuses an ID token issued to another client", async () => {
    const op = await provider({ tamperIdTokens: { aud: "another-application" } });
    const connection = await connect(op.issuer, ["aud.weert.nl"]);
    const outcome = await signIn(op, connection, "weert");
    expect(outcome).toMatchObject({ ok: false, reason: "token" });
    expect(outcome.ok || outcome.detail).toMatch(/"aud" \(audience\) claim/);
    await expectNoStateLeft();
  });

  it("refuses an expired ID token", async () => {
    const op = await provider({ idTokenTtlSeconds: 60 });
    const connection = await connect(op.issuer, ["exp.weert.nl"]);
    const callback = await signInAt(op, await begin(connection), "weert");
    clock = 5 * 60_000; // past the token's minute and openid-client's 30 s tolerance, within the state's 10 minutes
    const outcome = await rp.complete(callback);
    expect(outcome).toMatchObject({ ok: false, reason: "token" });
    expect(outcome.ok || outcome.detail).toMatch(/"exp" \(expiration time\) claim/);
    await expectNoStateLeft();
  });

  it("refuses a replayed state", async () => {
    const callback = await signInAt(weertOp, await begin(weert), "weert");
    expect(await rp.complete(callback)).toMatchObject({ ok: true });
    expect(await rp.complete(callback)).toEqual({ ok: false, reason: "state", connectionId: null });
    await expectNoStateLeft();
  });

  it("lets only one of two callbacks racing with the same state through", async () => {
    const callback = await signInAt(weertOp, await begin(weert), "weert");
    const outcomes = await Promise.all([rp.complete(callback), rp.complete(callback)]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([{ ok: false, reason: "state", connectionId: null }]);
    await expectNoStateLeft();
  });

  it("refuses an unknown, missing or expired state", async () => {
    const callback = await signInAt(weertOp, await begin(weert), "weert");
    const forged = new URL(callback);
    forged.searchParams.set("state", "forged-state");
    expect(await rp.complete(forged)).toMatchObject({ ok: false, reason: "state" });
    forged.searchParams.delete("state");
    expect(await rp.complete(forged)).toMatchObject({ ok: false, reason: "state" });
    clock = 11 * 60_000;
    expect(await rp.complete(callback)).toMatchObject({ ok: false, reason: "state" });
    await expectNoStateLeft();
  });

  it("refuses an ID token whose nonce is not the sign-in's", async () => {
    const url = await begin(weert);
    await db.prisma.oidcLoginState.updateMany({ data: { nonce: "another-sign-in's-nonce" } });
    const outcome = await rp.complete(await signInAt(weertOp, url, "weert"));
    expect(outcome).toMatchObject({ ok: false, reason: "token" });
    expect(outcome.ok || outcome.detail).toMatch(/"nonce"/);
    await expectNoStateLeft();
  });

  it("refuses an address the provider has not verified, or does not say is verified", async () => {
    expect(await signIn(weertOp, weert, "unverified")).toMatchObject({ ok: false, reason: "email_unverified", connectionId: weert.id });
    expect(await signIn(weertOp, weert, "silent")).toMatchObject({ ok: false, reason: "email_unverified" });
    await expectNoStateLeft();
  });

  it("refuses an address in another organisation's domain, or in no connection's domain", async () => {
    expect(await signIn(weertOp, weert, "foreign")).toMatchObject({ ok: false, reason: "domain", detail: expect.stringContaining("tiel.nl") });
    expect(await signIn(weertOp, weert, "elsewhere")).toMatchObject({ ok: false, reason: "domain" });
    await expectNoStateLeft();
  });

  it("refuses when the provider answers with an error", async () => {
    const outcome = await rp.complete(await denyAt(weertOp, await begin(weert)));
    expect(outcome).toMatchObject({ ok: false, reason: "provider_error", error: "access_denied", connectionId: weert.id });
    await expectNoStateLeft();
  });

  it("refuses a wrong client secret as misconfigured without revealing it", async () => {
    const connection = await connect(weertOp.issuer, ["secret.weert.nl"], { clientId: "regiotafel-weert", clientSecret: "outdated-secret" });
    const outcome = await signIn(weertOp, connection, "weert");
    expect(outcome).toMatchObject({ ok: false, reason: "misconfigured" });
    expect(outcome.ok || outcome.detail).toMatch(/invalid_client/);
    expect(JSON.stringify(outcome)).not.toMatch(/outdated-secret|weert-secret/);
    await expectNoStateLeft();
  });

  it("refuses a client secret that cannot be opened", async () => {
    const connection = await connect(weertOp.issuer, ["sealed.weert.nl"], { clientId: "regiotafel-weert", clientSecret: "weert-secret" });
    const callback = await signInAt(weertOp, await begin(connection), "weert");
    await db.prisma.oidcConnection.update({ where: { id: connection.id }, data: { clientSecret: createSecretBox(Buffer.alloc(32, 4).toString("base64")).seal("weert-secret") } });
    const outcome = await rp.complete(callback);
    expect(outcome).toMatchObject({ ok: false, reason: "misconfigured", detail: expect.stringContaining("client secret") });
    expect(JSON.stringify(outcome)).not.toContain("weert-secret");
    await expectNoStateLeft();
  });

  it("refuses a connection disabled before or during the sign-in", async () => {
    const connection = await connect(weertOp.issuer, ["disabled.weert.nl"], { clientId: "regiotafel-weert", clientSecret: "weert-secret" });
    const callback = await signInAt(weertOp, await begin(connection), "weert");
    await db.prisma.oidcConnection.update({ where: { id: connection.id }, data: { enabled: false } });
    expect(await rp.complete(callback)).toMatchObject({ ok: false, reason: "disabled" });
    expect(await rp.begin({ ...connection, enabled: false })).toMatchObject({ ok: false, reason: "disabled" });
    await expectNoStateLeft();
  });
});

describe("a provider that is down or misconfigured", () => {
  it("answers provider_down at once when nothing listens", async () => {
    const connection = await connect(`http://127.0.0.1:${await closedPort()}`, ["down.weert.nl"]);
    expect(await rp.begin(connection)).toMatchObject({ ok: false, reason: "provider_down", detail: expect.stringContaining("fetch failed") });
    expect(await rp.endSessionUrl(connection, { postLogoutRedirectUri: POST_LOGOUT_URI })).toBeNull();
    await expectNoStateLeft();
  });

  it("answers provider_down when the provider stops answering, after the timeout", async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createTcpServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const party = createOidcRelyingParty({ prisma: db.prisma, secretBox, redirectUri: REDIRECT_URI, allowHttpIssuers: true, timeoutMs: 200 });
    try {
      const connection = await connect(`http://127.0.0.1:${(silent.address() as { port: number }).port}`, ["hanging.weert.nl"]);
      expect(await party.begin(connection)).toMatchObject({ ok: false, reason: "provider_down", detail: expect.stringContaining("OAUTH_TIMEOUT") });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("answers provider_down when the provider goes down between the redirect and the callback", async () => {
    const op = await provider();
    const connection = await connect(op.issuer, ["late.weert.nl"]);
    const callback = await signInAt(op, await begin(connection), "weert");
    await op.close();
    expect(await rp.complete(callback)).toMatchObject({ ok: false, reason: "provider_down", connectionId: connection.id });
    await expectNoStateLeft();
  });

  it("reuses a provider's discovery for a few minutes", async () => {
    const op = await provider();
    const connection = await connect(op.issuer, ["cached.weert.nl"]);
    await begin(connection);
    await op.close();
    expect(await rp.begin(connection)).toMatchObject({ ok: true, url: expect.stringContaining(`${op.issuer}/auth?`) });
  });

  it("answers misconfigured for an issuer whose discovery names another issuer, or an http issuer where https is required", async () => {
    const wrongPath = await connect(`${weertOp.issuer}/tenant`, ["path.weert.nl"]);
    expect(await rp.begin(wrongPath)).toMatchObject({ ok: false, reason: "misconfigured" });
    const strict = createOidcRelyingParty({ prisma: db.prisma, secretBox, redirectUri: REDIRECT_URI });
    expect(await strict.begin(weert)).toMatchObject({ ok: false, reason: "misconfigured", detail: expect.stringContaining("HTTPS") });
    await expectNoStateLeft();
  });
});

describe("signing out at the provider", () => {
  it("builds the provider's end-session URL, which the provider accepts", async () => {
    const outcome = await signIn(weertOp, weert, "weert");
    if (!outcome.ok) throw new Error(outcome.reason);
    const url = new URL((await rp.endSessionUrl(weert, { idTokenHint: outcome.idToken, postLogoutRedirectUri: POST_LOGOUT_URI }))!);
    expect(url.origin + url.pathname).toBe(`${weertOp.issuer}/session/end`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "regiotafel-weert",
      id_token_hint: outcome.idToken,
      post_logout_redirect_uri: POST_LOGOUT_URI,
    });
    // The provider asks to confirm; confirming sends the browser back to us.
    const confirm = await fetch(url);
    const form = await confirm.text();
    expect(confirm.status).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(form)![1]!;
    const fields = new URLSearchParams([...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((match): [string, string] => [match[1]!, match[2]!]));
    const cookie = confirm.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
    const done = await fetch(action, { method: "POST", body: fields, headers: { cookie }, redirect: "manual" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(POST_LOGOUT_URI);

    // Without the ID token (the session keeps none) the client id identifies us.
    const withoutHint = new URL((await rp.endSessionUrl(weert, { postLogoutRedirectUri: POST_LOGOUT_URI }))!);
    expect(Object.fromEntries(withoutHint.searchParams)).toEqual({ client_id: "regiotafel-weert", post_logout_redirect_uri: POST_LOGOUT_URI });
    expect((await fetch(withoutHint)).status).toBe(200);
  });

  it("has no URL for a provider without an end-session endpoint", async () => {
    const op = await provider({ endSession: false });
    const connection = await connect(op.issuer, ["nologout.weert.nl"]);
    expect(await rp.endSessionUrl(connection, { postLogoutRedirectUri: POST_LOGOUT_URI })).toBeNull();
  });
});
