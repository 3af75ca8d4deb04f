// Notification mail through the real server (issue 21, point 7; ADR 0038): a mention mailed at
// once reaches a real SMTP server in this process with List-Unsubscribe and
// List-Unsubscribe-Post (RFC 8058); the link's page works without signing in; the one-click
// POST a mail client sends (no Origin, no cookies) unsubscribes that user from that kind only;
// an unknown token answers 404 and changes nothing; other pages still refuse a POST without Origin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifications, eventBus } from "@regiotafel/db";
import { startTestSmtpServer, type TestSmtpServer } from "@regiotafel/mail/testing";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

let smtp: TestSmtpServer;
let server: RunningServer;
let url: string;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: "Regiotafel <noreply@regiotafel.example>", DIGEST_CHECK_MINUTES: "0" });
  url = server.url;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const userId = async (email: string) => (await server.database.prisma.user.findUniqueOrThrow({ where: { email } })).id;
const preferences = () => server.database.prisma.notificationPreference.findMany({ orderBy: [{ userId: "asc" }, { kind: "asc" }] });
const oneClick = (path: string) =>
  fetch(`${url}${path}`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });

describe("one-click unsubscribe through the server", () => {
  it("a mailed mention carries the headers; its link's page and one-click POST work without signing in, for that kind and user only", async () => {
    const venlo = await userId("venlo@demo.regiotafel.nl");
    const weert = await userId("weert@demo.regiotafel.nl");
    const mailed = await server.database.prisma.$transaction((tx) =>
      createNotifications(tx, [
        { userId: venlo, workspaceId: null, kind: "mention", actorId: weert, path: "/", params: { title: "Gezamenlijke inkoopstrategie" } },
        { userId: weert, workspaceId: null, kind: "mention", actorId: venlo, path: "/", params: { title: "Gezamenlijke inkoopstrategie" } },
      ]),
    );
    expect(mailed.mailed).toBe(2);
    eventBus.publish({ type: "mail.queued" });
    await smtp.waitFor(2);
    const mail = smtp.received.find((m) => m.envelopeTo.includes("venlo@demo.regiotafel.nl"))!;
    const unfolded = (name: string) => mail.parsed.headerLines.find((h) => h.key === name)!.line.replace(/\r?\n[ \t]+/g, " ");
    const match = /^List-Unsubscribe: <https?:\/\/[^/]+(\/meldingen\/afmelden\/[A-Za-z0-9_-]{43})>$/.exec(unfolded("list-unsubscribe"));
    expect(match).not.toBeNull();
    expect(unfolded("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const path = match![1]!;

    // Opening the link changes nothing and offers one button.
    const page = await fetch(`${url}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Afmelden voor vermeldingen van jou");
    expect(await preferences()).toEqual([]);

    // The mail client's one-click POST: no Origin, no cookie.
    const res = await oneClick(path);
    expect(res.status).toBe(200);
    expect(await preferences()).toEqual([{ userId: venlo, kind: "mention", delivery: "IN_APP" }]);
    // Again: still fine, nothing more changes.
    expect((await oneClick(path)).status).toBe(200);
    expect(await preferences()).toEqual([{ userId: venlo, kind: "mention", delivery: "IN_APP" }]);
  });

  it("an unknown token: 404 on GET and POST, nothing changes", async () => {
    const before = await preferences();
    const page = await fetch(`${url}/meldingen/afmelden/${"a".repeat(43)}`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("Deze afmeldlink werkt niet");
    expect((await oneClick(`/meldingen/afmelden/${"b".repeat(43)}`)).status).toBe(404);
    expect((await oneClick("/meldingen/afmelden/garbage")).status).toBe(404);
    expect(await preferences()).toEqual(before);
  });

  it("the Origin check still guards every other page", async () => {
    const res = await fetch(`${url}/account`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=everywhere" });
    expect(res.status).toBe(403);
    const nested = await fetch(`${url}/meldingen/afmelden/abc/def`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(nested.status).toBe(403);
  });
});

describe("the preferences page", () => {
  const form = (cookie: string, fields: Record<string, string>) =>
    fetch(`${url}/account/meldingen`, { method: "POST", redirect: "manual", headers: { Origin: url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });

  it("is linked from the account page, shows a radio per kind and delivery, saves a posted form (no JavaScript) and refuses bad lead days", async () => {
    const cookie = await loginCookie(url, "roermond@demo.regiotafel.nl");
    const account = await (await fetch(`${url}/account`, { headers: { Cookie: cookie } })).text();
    expect(account).toContain('href="/account/meldingen"');
    const page = await fetch(`${url}/account/meldingen`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/type="radio" name="deliveries\.[a-zA-Z]+"/g)).toHaveLength(7 * 5);
    const checked = (html.match(/<input[^>]*>/g) ?? []).filter((tag) => tag.includes('name="deliveries.mention"') && /\schecked/.test(tag));
    expect(checked, html.match(/<input[^>]*deliveries\.mention[^>]*>/g)?.join("\n")).toHaveLength(1);
    expect(checked[0]).toContain('value="IMMEDIATE"');

    const roermond = await userId("roermond@demo.regiotafel.nl");
    const saved = await form(cookie, { "deliveries.mention": "IMMEDIATE", "deliveries.reply": "WEEKLY", "deliveries.comment": "OFF", milestoneLeadDays: "3", mailLocale: "en" });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Je meldingsinstellingen zijn opgeslagen.");
    const mine = () => server.database.prisma.notificationPreference.findMany({ where: { userId: roermond }, orderBy: { kind: "asc" } });
    expect((await mine()).map((p) => [p.kind, p.delivery])).toEqual([
      ["comment", "OFF"],
      ["reply", "WEEKLY"],
    ]);
    expect(await server.database.prisma.notificationSetting.findUnique({ where: { userId: roermond } })).toMatchObject({ milestoneLeadDays: 3 });

    const refused = await form(cookie, { "deliveries.reply": "DAILY", milestoneLeadDays: "99" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Vul een heel aantal dagen in, van 0 tot en met 60.");
    expect((await mine()).map((p) => [p.kind, p.delivery])).toEqual([
      ["comment", "OFF"],
      ["reply", "WEEKLY"],
    ]);
    // Signed out: to the sign-in page, nothing shown.
    expect((await fetch(`${url}/account/meldingen`, { redirect: "manual" })).status).toBe(302);
  });
});
