// The first run in a browser (ADR 0021): an installation without demo data prints a setup
// link; opening it creates the first platform administrator, who lands on the platform page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser";
import { expectVisible } from "./expect-page";
import { startServerProcess, type ServerProcess } from "@regiotafel/server/testing";

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess({ DEMO_DATA: "0" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe("the first run", () => {
  it("opens the printed link, creates the first platform administrator and shows the platform page", async () => {
    const link = /http:\/\/localhost:\d+\/setup\/[A-Za-z0-9_-]{43}/.exec(server.output())?.[0];
    expect(link, server.output()).toBeDefined();
    const context = await browser.newContext({ locale: "nl-NL" });
    const page = await context.newPage();

    await page.goto(link!);
    await expectVisible(page.getByRole("heading", { name: "Regiotafel inrichten" }));
    await page.getByLabel("Naam").fill("Eerste Beheerder");
    await page.getByLabel("E-mailadres").fill("beheer@regio.example");
    await page.getByLabel("Organisatie").fill("Regio Noord-Limburg");
    await page.getByLabel("Wachtwoord", { exact: true }).fill("een-lang-wachtwoord");
    await page.getByLabel("Wachtwoord herhalen").fill("een-ander-wachtwoord");
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    await expectVisible(page.getByText("De twee nieuwe wachtwoorden zijn niet gelijk."));

    await page.getByLabel("Wachtwoord", { exact: true }).fill("een-lang-wachtwoord");
    await page.getByLabel("Wachtwoord herhalen").fill("een-lang-wachtwoord");
    await page.getByRole("button", { name: "Account aanmaken" }).click();
    // Two password hashes at full cost (create, sign in): more than the default second.
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe("/platform");
    await expectVisible(page.getByRole("heading", { name: "Platformbeheer" }));
    await expectVisible(page.getByText("Er zijn geen mislukte e-mails."));

    // The link is used up: the page no longer exists.
    const again = await page.goto(link!);
    expect(again?.status()).toBe(404);
    await context.close();
  });
});
