// From an empty installation to a region at work, in a browser (issue 17): the server starts
// without demo data and prints a setup link; the first platform administrator creates the
// workspace "Limburg" from the directory, invites weert@… on its members page, the mail arrives
// at a real SMTP server in this process, and its link lets the invitee set a password and land
// in the workspace with its regions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestSmtpServer, type TestSmtpServer } from "@regiotafel/mail/testing";
import { launchChromium } from "./browser";
import { expectVisible } from "./expect-page";
import { totpCodeAt } from "@regiotafel/auth";
import { startServerProcess, type ServerProcess } from "@regiotafel/server/testing";

let smtp: TestSmtpServer;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startServerProcess({ DEMO_DATA: "0", SMTP_URL: smtp.url, MAIL_FROM: "Regiotafel <noreply@regiotafel.example>" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await smtp?.close();
});

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

describe("from an empty installation to a region at work", () => {
  it("setup → workspace Limburg from the directory → invite weert@ → the mail's link → password → the workspace", async () => {
    const link = /http:\/\/localhost:\d+\/setup\/[A-Za-z0-9_-]{43}/.exec(server.output())?.[0];
    expect(link, server.output()).toBeDefined();
    const context = await browser.newContext({ locale: "nl-NL", baseURL: server.url });
    const page = await context.newPage();
    const errors = collectErrors(page);

    // The first platform administrator.
    await page.goto(link!);
    await expectVisible(page.getByRole("heading", { name: "Regiotafel inrichten" }));
    await page.getByLabel("Naam").fill("Eerste Beheerder");
    await page.getByLabel("E-mailadres").fill("beheer@regio.example");
    await page.getByLabel("Organisatie").fill("Venlo");
    await page.getByLabel("Wachtwoord", { exact: true }).fill("een-lang-wachtwoord");
    await page.getByLabel("Wachtwoord herhalen").fill("een-ander-wachtwoord");
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    await expectVisible(page.getByText("De twee nieuwe wachtwoorden zijn niet gelijk."));
    await page.getByLabel("Wachtwoord", { exact: true }).fill("een-lang-wachtwoord");
    await page.getByLabel("Wachtwoord herhalen").fill("een-lang-wachtwoord");
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    // Two password hashes at full cost (create, sign in): more than the default second. A platform
    // administrator who signed in with a password sets up two-step verification before anything else.
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe("/tweestapsverificatie");
    await expectVisible(page.getByText("Als platformbeheerder stel je eerst tweestapsverificatie in."));
    await page.goto("/platform");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/tweestapsverificatie");
    await page.getByRole("button", { name: "Instellen beginnen" }).click();
    // The authenticator app's part: the key shown for manual entry gives the code of this moment.
    const key = (await page.locator("code").first().textContent())!.replace(/\s/g, "");
    await page.getByLabel("Code uit je app").fill(await totpCodeAt(key, new Date()));
    await page.getByRole("button", { name: "Aanzetten" }).click();
    await expectVisible(page.getByText("Tweestapsverificatie staat aan."));
    await page.goto("/platform");
    await expectVisible(page.getByRole("heading", { name: "Platformbeheer" }));
    // The link is used up.
    expect((await page.request.get(link!)).status()).toBe(404);

    // The workspace, its regions and municipalities from the directory.
    await page.goto("/platform/werkruimtes/nieuw");
    await page.getByLabel("Naam", { exact: true }).fill("Limburg");
    await expect.poll(() => page.getByLabel("Adres (slug)").inputValue()).toBe("limburg");
    const first = page.getByRole("group", { name: "Regio 1" });
    await first.getByLabel("Regio", { exact: true }).fill("Midden-Limburg West");
    await first.getByLabel("Gemeenten", { exact: true }).fill("Weert, GM1640");
    // Search as you type: a municipality added from the directory's answers.
    await first.getByLabel("Zoek een gemeente om toe te voegen").fill("Nederw");
    await first.getByRole("button", { name: "Voeg Nederweert toe" }).click();
    await expect.poll(() => first.getByLabel("Gemeenten", { exact: true }).inputValue()).toMatch(/Nederweert/);
    await page.getByRole("button", { name: "Werkruimte aanmaken" }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe("/w/limburg");

    // The invitation.
    await page.goto("/w/limburg/leden");
    const form = page.getByRole("form", { name: "Uitnodigen" });
    await form.getByLabel("E-mailadressen").fill("weert@gemeente-weert.example");
    await form.getByLabel("Organisatie").selectOption({ label: "Weert" });
    await form.getByLabel("Rol", { exact: true }).selectOption({ label: "Bewerker" });
    await form.getByRole("button", { name: "Uitnodigen" }).click();
    await expectVisible(page.getByText("1 uitnodiging verstuurd."));

    const [mail] = await smtp.waitFor(1, 30_000);
    expect(mail!.envelopeTo).toEqual(["weert@gemeente-weert.example"]);
    expect(mail!.parsed.subject).toBe("Uitnodiging voor de werkruimte Limburg in Regiotafel");
    const invitation = /http:\/\/localhost:\d+\/uitnodiging\/[A-Za-z0-9_-]{43}/.exec(mail!.parsed.text ?? "")?.[0];
    expect(invitation, mail!.parsed.text).toBeDefined();

    // The invitee, in a browser of their own.
    const invitee = await browser.newContext({ locale: "nl-NL" });
    const tab = await invitee.newPage();
    const inviteeErrors = collectErrors(tab);
    await tab.goto(invitation!);
    await expectVisible(tab.getByRole("heading", { name: "Maak je account aan" }));
    await tab.getByLabel("Naam").fill("Wim Weert");
    await tab.getByLabel("Wachtwoord", { exact: true }).fill("weert-kiest-een-wachtwoord");
    await tab.getByLabel("Wachtwoord herhalen").fill("weert-kiest-een-wachtwoord");
    await tab.getByRole("button", { name: "Account aanmaken en uitnodiging accepteren" }).click();
    await expect.poll(() => new URL(tab.url()).pathname, { timeout: 20_000 }).toBe("/w/limburg");
    await expectVisible(tab.getByText("Midden-Limburg West").first());
    await expectVisible(tab.getByText("Nederweert").first());

    expect(errors).toEqual([]);
    expect(inviteeErrors).toEqual([]);
    await invitee.close();
    await context.close();
  }, 120_000);
});
