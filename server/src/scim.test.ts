import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CLOSE_CODES, documentRoomName } from "@regiotafel/collab";
import { createScimToken, revokeScimToken } from "@regiotafel/db";
import { SCIM_SCHEMAS } from "@regiotafel/domain";
import type { RunningServer } from "./server";
import { rawRequest } from "./test-http";
import { listenLive, until } from "./test-live-client";
import { loginCookie, startTestServer } from "./test-server";

// SCIM 2.0 over real HTTP as Microsoft Entra ID's provisioning sends it (issue 20 point 5):
// create, find by filter, update, deactivate (ending the user's session, SSE streams and
// WebSockets at once) and reactivate; wrong, revoked and other organisations' tokens refused.

let server: RunningServer;
let weertToken: string;
let roermondToken: string;
let weertOrg: string;
beforeAll(async () => {
  // Endings must arrive as events, not by the periodic check.
  server = await startTestServer({ LIVE_SESSION_CHECK_SECONDS: "3600" });
  const prisma = server.database.prisma;
  const weertAdmin = await prisma.user.findUniqueOrThrow({ where: { email: "weert@demo.regiotafel.nl" } });
  weertOrg = weertAdmin.organisationId;
  const roermond = await prisma.organisation.findUniqueOrThrow({ where: { slug: "roermond" } });
  const actor = { userId: weertAdmin.id, organisationId: weertOrg };
  weertToken = (await createScimToken(prisma, actor, { organisationId: weertOrg, label: "Entra ID Weert" })).token;
  roermondToken = (await createScimToken(prisma, actor, { organisationId: roermond.id, label: "Entra ID Roermond" })).token;
});
afterAll(() => server?.close());

type Json = Record<string, unknown>;
/** A SCIM request as Entra sends it: bearer token, application/scim+json, no Origin, no cookie. */
async function scim(method: string, path: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
  const token = options.token === undefined ? weertToken : options.token;
  const res = await fetch(`${server.url}/scim/v2${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { "Content-Type": "application/scim+json" } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Json };
}
const patchOf = (...ops: unknown[]) => ({ schemas: [SCIM_SCHEMAS.patchOp], Operations: ops });
const filterUsers = (filter: string, token?: string) => scim("GET", `/Users?filter=${encodeURIComponent(filter)}`, { token });
const userOf = (email: string) => server.database.prisma.user.findUniqueOrThrow({ where: { email } });

async function loginStatus(email: string, password = "regiotafel-demo") {
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  return { status: res.status, body: await res.text() };
}
async function signedIn(cookie: string): Promise<boolean> {
  const res = await fetch(`${server.url}/account`, { redirect: "manual", headers: { Cookie: cookie } });
  await res.body?.cancel();
  return res.status === 200;
}
/** A co-editing WebSocket to a Limburg document; `code` is set when it closes. */
async function openSocket(cookie: string) {
  const doc = await server.database.prisma.document.findFirstOrThrow({ where: { workspace: { slug: "limburg" } } });
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/collab/${documentRoomName(doc.id)}`, { headers: { Cookie: cookie, Origin: server.url } });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const state: { code?: number } = {};
  ws.once("close", (code) => (state.code = code));
  return { ws, state };
}
const expectScimError = (res: { status: number; headers: Headers; body: Json }, status: number, scimType?: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: [SCIM_SCHEMAS.error], status: String(status), ...(scimType ? { scimType } : {}) });
};

describe("Entra ID's provisioning run", () => {
  it("creates a user, finds it by userName and externalId, updates name and address; a second create is 409", async () => {
    const created = await scim("POST", "/Users", {
      body: {
        schemas: [SCIM_SCHEMAS.user, SCIM_SCHEMAS.enterpriseUser],
        externalId: "5d0b7c1e-entra",
        userName: "Sanne.Jansen@weert.nl",
        active: true,
        displayName: "Sanne Jansen",
        emails: [{ primary: true, type: "work", value: "Sanne.Jansen@weert.nl" }],
        name: { formatted: "Sanne Jansen", familyName: "Jansen", givenName: "Sanne" },
        title: "Inkoper",
        [SCIM_SCHEMAS.enterpriseUser]: { department: "Inkoop" },
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const id = created.body.id as string;
    expect(created.headers.get("location")).toBe(`${server.url}/scim/v2/Users/${id}`);
    expect(created.body).toMatchObject({ userName: "sanne.jansen@weert.nl", displayName: "Sanne Jansen", active: true, externalId: "5d0b7c1e-entra" });
    expect((await userOf("sanne.jansen@weert.nl")).organisationId).toBe(weertOrg);
    // No password works for the new account.
    expect((await loginStatus("sanne.jansen@weert.nl", "regiotafel-demo")).status).toBe(401);

    const byName = await filterUsers('userName eq "SANNE.JANSEN@weert.nl"');
    expect(byName.body).toMatchObject({ schemas: [SCIM_SCHEMAS.listResponse], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect((byName.body.Resources as Json[])[0]!.id).toBe(id);
    expect(((await filterUsers('externalId eq "5d0b7c1e-entra"')).body.Resources as Json[]).map((u) => u.id)).toEqual([id]);
    expect((await filterUsers('userName eq "niemand@weert.nl"')).body).toMatchObject({ totalResults: 0, Resources: [] });

    const updated = await scim("PATCH", `/Users/${id}`, {
      body: patchOf(
        { op: "Replace", path: "displayName", value: "Sanne de Boer" },
        { op: "Replace", path: "name.familyName", value: "de Boer" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "sanne.deboer@weert.nl" },
        { op: "Add", path: "title", value: "Senior inkoper" },
      ),
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ userName: "sanne.deboer@weert.nl", displayName: "Sanne de Boer", name: { formatted: "Sanne de Boer" } });
    expect((await scim("GET", `/Users/${id}`)).body).toMatchObject({ id, userName: "sanne.deboer@weert.nl" });

    expectScimError(await scim("POST", "/Users", { body: { schemas: [SCIM_SCHEMAS.user], userName: "sanne.deboer@weert.nl" } }), 409, "uniqueness");
    // An address of another organisation's account: the same answer, nothing more.
    const foreign = await scim("POST", "/Users", { body: { schemas: [SCIM_SCHEMAS.user], userName: "roermond@demo.regiotafel.nl" } });
    expectScimError(foreign, 409, "uniqueness");
    expect(foreign.body.detail).toBe("userName is already in use.");
  });

  it("PATCH active False ends the user's session, SSE stream and WebSocket at once and refuses sign-in; active True reactivates", async () => {
    const email = "weert@demo.regiotafel.nl";
    const [cookie, otherCookie] = [await loginCookie(server.url, email), await loginCookie(server.url, "roermond@demo.regiotafel.nl")];
    const [stream, otherStream] = [await listenLive(server.url, cookie, "workspace"), await listenLive(server.url, otherCookie, "workspace")];
    expect([stream.status, otherStream.status]).toEqual([200, 200]);
    const [socket, otherSocket] = [await openSocket(cookie), await openSocket(otherCookie)];

    // Entra first looks the user up, then patches it by id.
    const found = await filterUsers(`userName eq "${email}"`);
    const id = (found.body.Resources as Json[])[0]!.id as string;
    const off = await scim("PATCH", `/Users/${id}`, { body: patchOf({ op: "Replace", path: "active", value: "False" }) });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);

    await stream.waitEnded("the deactivated user's stream to close");
    await until(() => socket.state.code !== undefined, "the deactivated user's socket to close");
    expect(socket.state.code).toBe(CLOSE_CODES.SESSION_ENDED);
    expect(await signedIn(cookie)).toBe(false);
    expect(await server.database.prisma.session.count({ where: { userId: id } })).toBe(0);
    const refused = await loginStatus(email);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Dit account is gedeactiveerd.");
    // Someone else's connections stay.
    expect(otherStream.ended).toBe(false);
    expect(otherSocket.ws.readyState).toBe(WebSocket.OPEN);
    expect(await signedIn(otherCookie)).toBe(true);

    const on = await scim("PATCH", `/Users/${id}`, { body: patchOf({ op: "replace", value: { active: true } }) });
    expect(on.body.active).toBe(true);
    expect((await loginStatus(email)).status).toBe(302);
    await otherStream.close();
    otherSocket.ws.close();
  });

  it("DELETE deactivates (and keeps) the account", async () => {
    const created = await scim("POST", "/Users", { body: { schemas: [SCIM_SCHEMAS.user], userName: "weg@weert.nl", displayName: "Weg" } });
    const id = created.body.id as string;
    const deleted = await fetch(`${server.url}/scim/v2/Users/${id}`, { method: "DELETE", headers: { Authorization: `Bearer ${weertToken}` } });
    expect(deleted.status).toBe(204);
    expect((await userOf("weg@weert.nl")).deactivatedAt).not.toBeNull();
  });

  it("answers the discovery resources", async () => {
    const config = await scim("GET", "/ServiceProviderConfig");
    expect(config.body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true } });
    expect(((await scim("GET", "/Schemas")).body.Resources as Json[])[0]!.id).toBe(SCIM_SCHEMAS.user);
    expect(((await scim("GET", "/ResourceTypes")).body.Resources as Json[])[0]!).toMatchObject({ id: "User", endpoint: "/Users" });
  });
});

describe("refusals", () => {
  it("a missing, wrong, revoked or query-parameter token is 401; a session cookie is no token", async () => {
    expectScimError(await scim("GET", "/Users", { token: null }), 401);
    const wrong = await scim("GET", "/Users", { token: `rt_scim_${"x".repeat(43)}` });
    expectScimError(wrong, 401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectScimError(await scim("GET", `/Users?access_token=${weertToken}`, { token: null }), 401);
    expectScimError(await scim("GET", "/Users", { token: null, headers: { Authorization: `Basic ${weertToken}` } }), 401);
    const cookie = await loginCookie(server.url, "leudal@demo.regiotafel.nl");
    expectScimError(await scim("GET", "/Users", { token: null, headers: { Cookie: cookie, Origin: server.url } }), 401);

    const prisma = server.database.prisma;
    const admin = await userOf("weert@demo.regiotafel.nl");
    const actor = { userId: admin.id, organisationId: weertOrg };
    const revoked = await createScimToken(prisma, actor, { organisationId: weertOrg, label: "Ingetrokken" });
    expect((await scim("GET", "/Users", { token: revoked.token })).status).toBe(200);
    await revokeScimToken(prisma, actor, { organisationId: weertOrg, tokenId: revoked.id });
    expectScimError(await scim("GET", "/Users", { token: revoked.token }), 401);
  });

  it("another organisation's user is 404 for every method and stays unchanged, signed in and unlisted", async () => {
    const cookie = await loginCookie(server.url, "roermond@demo.regiotafel.nl");
    const target = await userOf("roermond@demo.regiotafel.nl");
    const deactivate = patchOf({ op: "Replace", path: "active", value: "False" });
    expectScimError(await scim("GET", `/Users/${target.id}`), 404);
    expectScimError(await scim("PATCH", `/Users/${target.id}`, { body: deactivate }), 404);
    expectScimError(await scim("PUT", `/Users/${target.id}`, { body: { schemas: [SCIM_SCHEMAS.user], userName: "overgenomen@weert.nl", active: false } }), 404);
    expectScimError(await scim("DELETE", `/Users/${target.id}`), 404);
    expect((await filterUsers(`userName eq "${target.email}"`)).body.totalResults).toBe(0);
    expect(await userOf(target.email)).toEqual(target);
    expect(await signedIn(cookie)).toBe(true);
    // Roermond's own token reaches the user.
    expect((await scim("GET", `/Users/${target.id}`, { token: roermondToken })).body).toMatchObject({ id: target.id, active: true });
  });

  it("a malformed body, filter or page is 400 with its scimType and changes nothing; too large is 413", async () => {
    const target = await userOf("weert@demo.regiotafel.nl");
    expectScimError(await scim("PATCH", `/Users/${target.id}`, { body: "{not json" }), 400, "invalidSyntax");
    expectScimError(await scim("PATCH", `/Users/${target.id}`, { body: { Operations: "replace" } }), 400, "invalidSyntax");
    expectScimError(await scim("PATCH", `/Users/${target.id}`, { body: patchOf({ op: "Replace", path: "active", value: "nee" }, { op: "Replace", path: "displayName", value: "Ander" }) }), 400, "invalidValue");
    expectScimError(await scim("PATCH", `/Users/${target.id}`, { body: patchOf({ op: "Replace", path: "active", value: false }), headers: { "Content-Type": "text/plain" } }), 400, "invalidSyntax");
    expectScimError(await filterUsers('userName sw "weert"'), 400, "invalidFilter");
    expectScimError(await scim("GET", "/Users?count=veel"), 400, "invalidValue");
    expect(await userOf(target.email)).toEqual(target);
    const huge = await rawRequest(`${server.url}/scim/v2/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${weertToken}`, "Content-Type": "application/scim+json" },
      body: JSON.stringify({ userName: "groot@weert.nl", displayName: "x".repeat(300 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ schemas: [SCIM_SCHEMAS.error], status: "413" });
    expectScimError(await scim("GET", "/Groups"), 404);
  });

  it("many wrong tokens from one address are throttled; a valid token still passes", async () => {
    // Earlier tests of this file already spent some of the address's attempts.
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await scim("GET", "/Users", { token: `rt_scim_${String(i).padStart(43, "y")}` })).status);
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThan(0);
    expect(statuses.slice(0, first).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
    expect((await scim("GET", "/Users")).status).toBe(200);
  });
});
