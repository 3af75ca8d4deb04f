// Invitations through the real server (issue 17, point 4; ADR 0023): the members page's form
// posted as a browser without JavaScript would, the mail received by a real SMTP server in this
// process (parsed with mailparser), its link opened, an account created, the workspace shown.
// Resend and revoke make old links useless; used, expired and unknown links answer alike; an
// existing account accepts after signing in, and nobody else can use its link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from "@regiotafel/mail/testing";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

let smtp: TestSmtpServer;
let server: RunningServer;
let url: string;
let admin: string;
let weertId: string;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: "Regiotafel <noreply@regiotafel.example>" });
  url = server.url;
  admin = await loginCookie(url, "admin@demo.regiotafel.nl");
  weertId = (await server.database.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const headers = (cookie?: string) => ({ Origin: url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) });
const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${url}${path}`, { method: "POST", redirect: "manual", headers: headers(cookie), body: new URLSearchParams(fields) });
const get = (path: string, cookie?: string) => fetch(`${url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
const sessionOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith("regiotafel_session="))?.split(";")[0];

/** Every mail to `to` received so far, newest last. */
const mailsTo = (to: string) => smtp.received.filter((m) => m.envelopeTo.includes(to));
async function nextMailTo(to: string, count: number): Promise<ReceivedMail> {
  const deadline = Date.now() + 20_000;
  while (mailsTo(to).length < count) {
    if (Date.now() > deadline) throw new Error(`no mail ${count} to ${to}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return mailsTo(to)[count - 1]!;
}
/** The invitation link in a mail's text part (the site's own origin). */
function linkIn(mail: ReceivedMail): { path: string; token: string } {
  const match = new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/uitnodiging/([A-Za-z0-9_-]{43}))`).exec(mail.parsed.text ?? "");
  if (!match) throw new Error(`no invitation link in:\n${mail.parsed.text}`);
  expect(mail.parsed.html).toContain(`href="${url}${match[1]}"`);
  return { path: match[1]!, token: match[2]! };
}
/** A page's body without what differs per response: the CSP nonce, and the page's own address (the token). */
const comparable = async (res: Response) =>
  (await res.text())
    .replace(/nonce="[^"]*"/g, "")
    .replace(/\/uitnodiging\/[^"&\\<\s]*/g, "/uitnodiging/…")
    .replace(/%2Fuitnodiging%2F[^"&\\<\s]*/gi, "%2Fuitnodiging%2F…");

const invite = (emails: string, extra: Record<string, string> = {}) =>
  post("/w/limburg/leden", { intent: "invite", emails, organisationId: weertId, role: "EDITOR", locale: "nl", ...extra }, admin);

describe("invitations", () => {
  let invalidPage: string;

  it("shows the unknown link's page: 404, 'no longer valid'", async () => {
    const res = await get(`/uitnodiging/${"x".repeat(43)}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toContain("no-store");
    invalidPage = await comparable(res);
    expect(invalidPage).toContain("Deze uitnodiging is niet meer geldig");
  });

  it("invite → mail → link → account → member sees the workspace", async () => {
    const page = await (await get("/w/limburg/leden", admin)).text();
    for (const label of ["E-mailadressen", "Organisatie", "Rol", "Taal van de e-mail", "Uitnodigen"]) expect(page).toContain(label);

    // A bad address is named, and nothing is sent for the good one either.
    const bad = await invite("weert.nieuw@example.org; fout-adres");
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain("‘fout-adres’ is geen geldig e-mailadres.");
    expect(badPage).toContain("weert.nieuw@example.org; fout-adres");
    expect(await server.database.prisma.invitation.count({ where: { email: "weert.nieuw@example.org" } })).toBe(0);

    const sent = await invite("weert.nieuw@example.org\nadmin@demo.regiotafel.nl, Weert.Nieuw@example.org");
    expect(sent.status).toBe(200);
    const sentPage = await sent.text();
    expect(sentPage).toContain("1 uitnodiging verstuurd.");
    expect(sentPage).toContain("Al lid van deze werkruimte, niet uitgenodigd: admin@demo.regiotafel.nl.");
    expect(sentPage).toContain("Meer dan eens ingevuld, één keer uitgenodigd: weert.nieuw@example.org.");

    const mail = await nextMailTo("weert.nieuw@example.org", 1);
    expect(mail.parsed.subject).toContain("Uitnodiging voor de werkruimte");
    expect(mail.parsed.text).toContain("Je werkt mee namens Weert.");
    const { path, token } = linkIn(mail);
    const row = await server.database.prisma.invitation.findFirstOrThrow({ where: { email: "weert.nieuw@example.org" } });
    expect(row.tokenHash).not.toContain(token);
    // Sent: the outbox keeps the mail without its token (only the hash is anywhere in the database).
    await expect.poll(async () => (await server.database.prisma.mailOutbox.findFirstOrThrow({ where: { recipient: "weert.nieuw@example.org" } })).state).toBe("SENT");
    expect(JSON.stringify(await server.database.prisma.mailOutbox.findMany())).not.toContain(token);

    const landing = await get(path);
    expect(landing.status).toBe(200);
    const form = await landing.text();
    for (const label of ["Maak je account aan", "Naam", "Wachtwoord", "Wachtwoord herhalen"]) expect(form).toContain(label);

    const mismatch = await post(path, { intent: "create", name: "Wim Weert", password: "een-lang-wachtwoord", confirm: "een-ander-wachtwoord" });
    expect(mismatch.status).toBe(400);
    expect(await server.database.prisma.user.count({ where: { email: "weert.nieuw@example.org" } })).toBe(0);

    const created = await post(path, { intent: "create", name: "Wim Weert", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/w/limburg?melding=welkom");
    const session = sessionOf(created)!;
    const home = await get("/w/limburg", session);
    expect(home.status).toBe(200);
    const homePage = await home.text();
    expect(homePage).toContain("Midden-Limburg West");
    expect(homePage).toContain("Wim Weert");
    const user = await server.database.prisma.user.findUniqueOrThrow({ where: { email: "weert.nieuw@example.org" }, include: { memberships: true } });
    expect(user.organisationId).toBe(weertId);
    expect(user.memberships.map((m) => m.role)).toEqual(["EDITOR"]);

    // Used: the same page as an unknown link, and a second post creates nothing.
    const used = await get(path);
    expect(used.status).toBe(404);
    expect(await comparable(used)).toBe(invalidPage);
    const again = await post(path, { intent: "create", name: "Nog Eens", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" });
    expect(again.status).toBe(404);
    expect(await comparable(again)).toContain("Deze uitnodiging is niet meer geldig");

    // The members page lists it as accepted; the history says who did what.
    expect(await (await get("/w/limburg/leden", admin)).text()).toContain("Geaccepteerd op");
    const history = await (await get("/w/limburg/wijzigingen?soort=invitation", admin)).text();
    expect(history).toContain("weert.nieuw@example.org uitgenodigd als Bewerker");
    expect(history).toContain("Wim Weert heeft een account aangemaakt en de uitnodiging geaccepteerd, als Bewerker");
  }, 60_000);

  it("an existing account signs in with its address and accepts; someone else signed in changes nothing", async () => {
    const sent = await invite("tiel@demo.regiotafel.nl", { role: "VIEWER", locale: "en" });
    expect(sent.status).toBe(200);
    const mail = await nextMailTo("tiel@demo.regiotafel.nl", 1);
    // The language chosen for this invitation: English.
    expect(mail.parsed.subject).toMatch(/^Invitation to the workspace .+ on Regiotafel$/);
    expect(mail.parsed.text).toContain("You take part on behalf of Weert.");
    const { path } = linkIn(mail);

    const anonymous = await (await get(path)).text();
    expect(anonymous).toContain(`/login?redirectTo=${encodeURIComponent(path)}`);
    expect(anonymous).not.toContain("Maak je account aan");

    // Signed in as someone else: told so; accepting is refused and changes nothing.
    const other = await (await get(path, admin)).text();
    expect(other).toContain("Je bent ingelogd als admin@demo.regiotafel.nl, maar deze uitnodiging is voor tiel@demo.regiotafel.nl.");
    const refused = await post(path, { intent: "accept" }, admin);
    expect(refused.status).toBe(403);
    const tiel = await server.database.prisma.user.findUniqueOrThrow({ where: { email: "tiel@demo.regiotafel.nl" } });
    const limburg = await server.database.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    expect(await server.database.prisma.membership.count({ where: { userId: tiel.id, workspaceId: limburg.id } })).toBe(0);
    // Creating an account for an address that has one is refused too.
    expect((await post(path, { intent: "create", name: "Tiel", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" })).status).toBe(409);

    // Sign in with the invited address: back to the invitation, accept, the workspace.
    const login = await post("/login", { email: "tiel@demo.regiotafel.nl", password: "regiotafel-demo", redirectTo: path });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe(path);
    const session = sessionOf(login)!;
    expect(await (await get(path, session)).text()).toContain("Uitnodiging accepteren");
    const accepted = await post(path, { intent: "accept" }, session);
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe("/w/limburg?melding=welkom");
    expect((await get("/w/limburg", session)).status).toBe(200);
    const membership = await server.database.prisma.membership.findFirstOrThrow({ where: { userId: tiel.id, workspaceId: limburg.id } });
    expect(membership.role).toBe("VIEWER");
    expect((await server.database.prisma.user.findUniqueOrThrow({ where: { id: tiel.id } })).organisationId).toBe(tiel.organisationId);
    expect(await comparable(await get(path))).toBe(invalidPage);
  }, 60_000);

  it("resend makes the old link useless, revoke the new one; an expired link is refused alike", async () => {
    await invite("opnieuw@example.org");
    const first = linkIn(await nextMailTo("opnieuw@example.org", 1));
    const row = await server.database.prisma.invitation.findFirstOrThrow({ where: { email: "opnieuw@example.org" } });

    const resent = await post("/w/limburg/leden", { intent: "resend", invitationId: row.id }, admin);
    expect(resent.status).toBe(200);
    expect(await resent.text()).toContain("De uitnodiging voor opnieuw@example.org is opnieuw verstuurd.");
    const second = linkIn(await nextMailTo("opnieuw@example.org", 2));
    expect(second.token).not.toBe(first.token);
    expect(await comparable(await get(first.path))).toBe(invalidPage);
    expect((await get(second.path)).status).toBe(200);

    // Revoke asks first (a link that works without JavaScript), then posts.
    const confirm = await (await get(`/w/limburg/leden?intrekken=${row.id}`, admin)).text();
    expect(confirm).toContain("De uitnodiging voor opnieuw@example.org intrekken?");
    const revoked = await post("/w/limburg/leden", { intent: "revoke", invitationId: row.id }, admin);
    expect(revoked.status).toBe(200);
    expect(await comparable(await get(second.path))).toBe(invalidPage);
    expect(await (await get("/w/limburg/leden", admin)).text()).toContain("Ingetrokken op");
    expect((await post(second.path, { intent: "create", name: "Laat", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" })).status).toBe(404);

    await invite("verlopen@example.org");
    const expired = linkIn(await nextMailTo("verlopen@example.org", 1));
    await server.database.prisma.invitation.updateMany({ where: { email: "verlopen@example.org" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await comparable(await get(expired.path))).toBe(invalidPage);
    expect(await (await get("/w/limburg/leden", admin)).text()).toContain("Verlopen op");
    expect(await server.database.prisma.user.count({ where: { email: { in: ["opnieuw@example.org", "verlopen@example.org"] } } })).toBe(0);
  }, 60_000);

  it("tokens that never were answer like used, revoked and expired ones (whose addresses had an account or not)", async () => {
    const tokens = ["A".repeat(43), "x", "%E2%80%8B", "a".repeat(300)];
    const pages = await Promise.all(tokens.map(async (t) => [(await get(`/uitnodiging/${t}`)).status]));
    expect(pages).toEqual(tokens.map(() => [404]));
    for (const t of tokens) expect(await comparable(await get(`/uitnodiging/${t}`))).toBe(invalidPage);
    for (const t of tokens) {
      const created = await post(`/uitnodiging/${t}`, { intent: "create", name: "X", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" });
      expect(created.status).toBe(404);
    }
  }, 60_000);
});
