import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CLOSE_CODES, documentRoomName } from "@regiotafel/collab";
import { hashAccountToken } from "@regiotafel/db";
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from "@regiotafel/mail/testing";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

// The account lifecycle through the real server and its pages (ADR 0024), with mail sent to a
// real SMTP server in this process: password reset, change of e-mail address, deactivation
// ending sessions, SSE streams and WebSockets on the spot, leaving a workspace, own data.

let server: RunningServer;
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startTestServer({
    SMTP_URL: smtp.url,
    MAIL_FROM: "Regiotafel <noreply@regiotafel.example>",
    // Endings must arrive as events, not by the periodic check.
    LIVE_SESSION_CHECK_SECONDS: "3600",
  });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

/** Polls `condition`; the deadline only ends a hung test, nothing is asserted about time. */
async function until(condition: () => boolean | Promise<boolean>, label: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A form posted as a browser without JavaScript does. */
function post(path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}
const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
const trpc = (path: string, input: unknown, cookie?: string) =>
  fetch(`${server.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { Origin: server.url, "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(input),
  });

/** The mails to `to` received so far (after waiting for at least `count` in all). */
async function mailsTo(to: string, count = 1): Promise<ReceivedMail[]> {
  await until(() => smtp.received.filter((m) => m.envelopeTo.includes(to)).length >= count, `${count} mail(s) to ${to}`);
  return smtp.received.filter((m) => m.envelopeTo.includes(to));
}
/** The path of the link in a mail's text that starts with `prefix`. */
function linkPath(mail: ReceivedMail, prefix: string): string {
  const match = new RegExp(`https?://[^\\s/]+(${prefix}[A-Za-z0-9_-]+)`).exec(mail.parsed.text ?? "");
  if (!match) throw new Error(`no ${prefix} link in: ${mail.parsed.text}`);
  return match[1]!;
}
/** Whether the cookie's session still signs in (the account page answers instead of sending to login). */
async function signedIn(cookie: string): Promise<boolean> {
  const res = await get("/account", cookie);
  await res.body?.cancel();
  return res.status === 200;
}
async function loginStatus(email: string, password: string) {
  const res = await post("/login", { email, password, redirectTo: "/" });
  return { status: res.status, body: await res.text() };
}

/** An SSE stream of /w/limburg/live; `ended` turns true when the server closes it. */
async function openStream(cookie: string) {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/w/limburg/live?view=workspace`, { headers: { Cookie: cookie }, signal: controller.signal });
  const state = { ended: false, changes: 0 };
  const pump = (async () => {
    try {
      const reader = res.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        state.changes += (new TextDecoder().decode(value).match(/event: change/g) ?? []).length;
      }
    } catch {
      // aborted
    } finally {
      state.ended = true;
    }
  })();
  return { status: res.status, state, close: async () => (controller.abort(), await pump) };
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
/** A committed change in Limburg: an open stream hears it. */
let pokes = 0;
async function poke(cookie: string) {
  const lot = await server.database.prisma.lot.findFirstOrThrow({ where: { title: "Volwassenen/stabiliteit" } });
  const weert = await server.database.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } });
  const res = await trpc("lot.setParticipation", { workspace: "limburg", lotId: lot.id, municipalityId: weert.id, participating: pokes++ % 2 === 0 }, cookie);
  expect(res.status).toBe(200);
}

describe("password reset by e-mail", () => {
  it("request → mail → link → new password: every old session ends, the old password stops working, the link works once", async () => {
    const email = "venlo@demo.regiotafel.nl";
    const oldCookie = await loginCookie(server.url, email);
    const stream = await openStream(oldCookie);
    expect(stream.status).toBe(200);

    const login = await get("/login");
    expect(await login.text()).toContain('href="/wachtwoord-vergeten"');
    const asked = await post("/wachtwoord-vergeten", { email: "Venlo@Demo.Regiotafel.nl" });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Als er een account met dit e-mailadres is, is er een e-mail onderweg");

    const [mail] = await mailsTo(email);
    expect(mail!.parsed.subject).toBe("Nieuw wachtwoord kiezen voor Regiotafel");
    const path = linkPath(mail!, "/wachtwoord-herstellen/");
    const token = path.split("/").pop()!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored.
    const stored = await server.database.prisma.accountToken.findMany({ where: { user: { email } } });
    expect(stored.map((t) => t.tokenHash)).toEqual([hashAccountToken(token)]);

    const page = await get(path);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toContain("Nieuw wachtwoord");

    const done = await post(path, { password: "een-nieuw-lang-wachtwoord", confirm: "een-nieuw-lang-wachtwoord" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/login?wachtwoord=gewijzigd");
    await until(() => stream.state.ended, "the old session's live stream to end");
    expect(await signedIn(oldCookie)).toBe(false);
    expect((await loginStatus(email, "regiotafel-demo")).status).toBe(401);
    expect(await signedIn(await loginCookie(server.url, email, "een-nieuw-lang-wachtwoord"))).toBe(true);

    // A notice to the address; the audit trail has it.
    const mails = await mailsTo(email, 2);
    expect(mails.map((m) => m.parsed.subject)).toContain("Je wachtwoord voor Regiotafel is gewijzigd");
    const venlo = await server.database.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(await server.database.prisma.auditEvent.count({ where: { action: "account.passwordReset", actorId: venlo.id, entityId: venlo.id } })).toBe(1);

    // Used: the same "no longer works" page, nothing changes.
    const again = await post(path, { password: "nog-een-ander-wachtwoord", confirm: "nog-een-ander-wachtwoord" });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("Deze link werkt niet meer");
    expect((await get(path)).status).toBe(404);
    expect(await signedIn(await loginCookie(server.url, email, "een-nieuw-lang-wachtwoord"))).toBe(true);
  });

  it("an expired link and an unknown one get the same page as a used one", async () => {
    const email = "venray@demo.regiotafel.nl";
    await post("/wachtwoord-vergeten", { email });
    const path = linkPath((await mailsTo(email))[0]!, "/wachtwoord-herstellen/");
    await server.database.prisma.accountToken.updateMany({ where: { user: { email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await get(path);
    const unknown = await get(`/wachtwoord-herstellen/${"x".repeat(43)}`);
    expect([expired.status, unknown.status]).toEqual([404, 404]);
    const heading = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
    expect(heading(await expired.text())).toBe("Deze link werkt niet meer");
    expect(heading(await unknown.text())).toBe("Deze link werkt niet meer");
    const refused = await post(path, { password: "een-nieuw-lang-wachtwoord", confirm: "een-nieuw-lang-wachtwoord" });
    expect(refused.status).toBe(404);
    expect((await loginStatus(email, "regiotafel-demo")).status).toBe(302);
  });

  it("answers an unknown address exactly as a known one, and mails only the known one", async () => {
    const known = await trpc("auth.requestPasswordReset", { email: "gennep@demo.regiotafel.nl" });
    const unknown = await trpc("auth.requestPasswordReset", { email: "niemand@gennep.example" });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    const pageKnown = await post("/wachtwoord-vergeten", { email: "bergen@demo.regiotafel.nl" });
    const pageUnknown = await post("/wachtwoord-vergeten", { email: "niemand@bergen.example" });
    expect(pageUnknown.status).toBe(pageKnown.status);
    // The pages differ only in their per-response nonce and the time of the answer.
    const visible = (html: string) => html.replace(/nonce="[^"]*"/g, "").replace(/\\?"at\\?":\d+/g, "").replace(/\d{13}/g, "");
    expect(visible(await pageUnknown.text())).toBe(visible(await pageKnown.text()));
    await mailsTo("bergen@demo.regiotafel.nl");
    await mailsTo("gennep@demo.regiotafel.nl");
    // Give a wrongly queued mail the chance to arrive, then check none did.
    server.mail.wake();
    await until(async () => (await server.database.prisma.mailOutbox.count({ where: { state: { in: ["QUEUED", "SENDING"] } } })) === 0, "the outbox to drain");
    expect(smtp.received.flatMap((m) => m.envelopeTo).filter((to) => to.includes("niemand"))).toEqual([]);
  });
});

describe("change of e-mail address", () => {
  it("sends a link to the new address and a notice to the old; the address changes only when the link's button is pressed", async () => {
    const email = "horst-aan-de-maas@demo.regiotafel.nl";
    const next = "inkoop@horstaandemaas.example";
    const cookie = await loginCookie(server.url, email);
    const wrong = await post("/account", { intent: "email", email: next, password: "niet-het-wachtwoord" }, cookie);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Je huidige wachtwoord klopt niet.");
    const asked = await post("/account", { intent: "email", email: next, password: "regiotafel-demo" }, cookie);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain(`We hebben een bevestigingslink gestuurd naar ${next}`);
    const [notice] = await mailsTo(email);
    expect(notice!.parsed.subject).toBe("Wijziging van je e-mailadres voor Regiotafel aangevraagd");
    expect(notice!.parsed.text).toContain(next);
    const [confirm] = await mailsTo(next);
    const path = linkPath(confirm!, "/e-mailadres-bevestigen/");

    // Opening the link changes nothing (mail scanners open links).
    const page = await get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("E-mailadres bevestigen");
    expect(await server.database.prisma.user.count({ where: { email } })).toBe(1);

    const done = await post(path, {});
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`Je e-mailadres is gewijzigd in ${next}`);
    expect(await server.database.prisma.user.count({ where: { email } })).toBe(0);
    expect(await signedIn(await loginCookie(server.url, next))).toBe(true);
    expect((await loginStatus(email, "regiotafel-demo")).status).toBe(401);

    const again = await post(path, {});
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("Deze link werkt niet meer");
  });
});

describe("deactivation by a platform administrator", () => {
  it("ends the user's session, an open SSE stream and an open WebSocket on the spot, while another user's stay open", async () => {
    const target = "roermond@demo.regiotafel.nl";
    const other = "weert@demo.regiotafel.nl";
    const [targetCookie, otherCookie, platformCookie] = await Promise.all([
      loginCookie(server.url, target),
      loginCookie(server.url, other),
      loginCookie(server.url, "platform@demo.regiotafel.nl"),
    ]);
    const [targetStream, otherStream] = [await openStream(targetCookie), await openStream(otherCookie)];
    expect([targetStream.status, otherStream.status]).toEqual([200, 200]);
    const [targetSocket, otherSocket] = [await openSocket(targetCookie), await openSocket(otherCookie)];

    const list = await get("/platform/gebruikers?q=roermond", platformCookie);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Inkoop Roermond deactiveren");
    const user = await server.database.prisma.user.findUniqueOrThrow({ where: { email: target } });
    const res = await post("/platform/gebruikers", { userId: user.id, active: "false", name: user.name }, platformCookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Inkoop Roermond is gedeactiveerd en overal uitgelogd.");

    await until(() => targetStream.state.ended && targetSocket.state.code !== undefined, "the target's stream and socket to close");
    expect(targetSocket.state.code).toBe(CLOSE_CODES.SESSION_ENDED);
    expect(await signedIn(targetCookie)).toBe(false);
    // The other user's stream still hears changes; their socket is open.
    const heard = otherStream.state.changes;
    await poke(otherCookie);
    await until(() => otherStream.state.changes > heard, "the other user's stream to hear a change");
    expect(otherStream.state.ended).toBe(false);
    expect(otherSocket.ws.readyState).toBe(WebSocket.OPEN);
    expect(await signedIn(otherCookie)).toBe(true);

    // Sign-in refused with a clear message, only after the right password; a reset sends nothing.
    const right = await loginStatus(target, "regiotafel-demo");
    expect(right.status).toBe(403);
    expect(right.body).toContain("Dit account is gedeactiveerd.");
    const wrong = await loginStatus(target, "niet-het-wachtwoord");
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain("gedeactiveerd");
    expect((await trpc("auth.requestPasswordReset", { email: target })).status).toBe(200);
    expect(await server.database.prisma.mailOutbox.count({ where: { recipient: target } })).toBe(0);

    // A platform administrator cannot deactivate themselves.
    const platform = await server.database.prisma.user.findUniqueOrThrow({ where: { email: "platform@demo.regiotafel.nl" } });
    const self = await post("/platform/gebruikers", { userId: platform.id, active: "false", name: platform.name }, platformCookie);
    expect(self.status).toBe(409);
    expect(await self.text()).toContain("Je kunt je eigen account niet deactiveren.");

    // Reactivated: sign-in works again.
    expect((await post("/platform/gebruikers", { userId: user.id, active: "true", name: user.name }, platformCookie)).status).toBe(200);
    expect((await loginStatus(target, "regiotafel-demo")).status).toBe(302);
    // Someone who is no platform administrator gets the 404 page.
    expect((await get("/platform/gebruikers", otherCookie)).status).toBe(404);
    await otherStream.close();
    otherSocket.ws.close();
  });
});

describe("leaving a workspace", () => {
  it("asks first, then the membership ends with its live connections to that workspace; the last admin cannot leave", async () => {
    const email = "leudal@demo.regiotafel.nl";
    const cookie = await loginCookie(server.url, email);
    const stream = await openStream(cookie);
    const socket = await openSocket(cookie);
    const { name } = await server.database.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    const account = await get("/account", cookie);
    expect(await account.text()).toContain(`href="/account?verlaten=limburg#workspaces-heading">Werkruimte ${name} verlaten</a>`);
    const ask = await get("/account?verlaten=limburg", cookie);
    expect(await ask.text()).toContain(`Werkruimte ${name} verlaten?`);
    const res = await post("/account", { intent: "leave", workspace: "limburg", name }, cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Je hebt de werkruimte ${name} verlaten.`);
    await until(() => stream.state.ended && socket.state.code !== undefined, "the live connections to Limburg to close");
    expect(socket.state.code).toBe(CLOSE_CODES.PERMISSIONS_CHANGED);
    expect((await get("/w/limburg", cookie)).status).toBe(404);
    expect(await signedIn(cookie)).toBe(true);

    const admin = await loginCookie(server.url, "admin@demo.regiotafel.nl");
    const refused = await post("/account", { intent: "leave", workspace: "rivierenland", name: "Rivierenland" }, admin);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Een werkruimte houdt minstens één beheerder.");
  });
});

describe("own data download", () => {
  it("is one JSON file with the user's data and none of another user's e-mail addresses", async () => {
    const email = "beesel@demo.regiotafel.nl";
    const cookie = await loginCookie(server.url, email);
    const res = await get("/account/mijn-gegevens.json", cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="regiotafel-mijn-gegevens-\d{4}-\d{2}-\d{2}\.json"$/);
    const text = await res.text();
    const data = JSON.parse(text) as { profile: { email: string }; memberships: { workspace: string }[]; sessions: unknown[] };
    expect(data.profile.email).toBe(email);
    expect(data.memberships.map((m) => m.workspace)).toContain("limburg");
    expect(data.sessions.length).toBeGreaterThan(0);
    const others = await server.database.prisma.user.findMany({ where: { email: { not: email } }, select: { email: true } });
    expect(others.length).toBeGreaterThan(10);
    for (const other of others) expect(text).not.toContain(other.email);
    // Anonymous: to the login page.
    expect((await get("/account/mijn-gegevens.json")).status).toBe(302);
  });
});
