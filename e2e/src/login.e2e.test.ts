import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser";
import { expectVisible } from "./expect-page";
import { signInWithPassword } from "./harness";
import { startServerProcess, type ServerProcess } from "@regiotafel/server/testing";

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe("signing in as a municipality", () => {
  it("shows the Limburg workspace, hides Rivierenland, and signs out", async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: "nl-NL" });
    const page = await context.newPage();

    await page.goto("/");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");

    await page.getByLabel("E-mailadres").fill("weert@demo.regiotafel.nl");
    await page.getByRole("button", { name: "Verder" }).click();
    await page.getByLabel("Wachtwoord").fill("regiotafel-demo");
    await page.getByRole("button", { name: "Inloggen" }).click();

    await page.getByRole("link", { name: "Samenwerking inkoop sociaal domein Limburg", exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/w/limburg");
    for (const region of ["Noord-Limburg", "Midden-Limburg Oost", "Midden-Limburg West"]) {
      await expectVisible(page.getByRole("heading", { name: region }));
    }
    await expectVisible(page.getByText("Nederweert"));

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "regiotafel_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");

    const response = await page.goto("/w/rivierenland");
    expect(response?.status()).toBe(404);
    await expectVisible(page.getByRole("heading", { name: "Pagina niet gevonden" }));
    await expect(page.getByText("Inkoop sociaal domein Rivierenland").count()).resolves.toBe(0);

    await page.getByRole("button", { name: "Uitloggen" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
    await expectVisible(page.getByText("Je bent uitgelogd."));

    // The old session is gone: the workspace now sends us to the login page.
    await page.goto("/w/limburg");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });

  it("shows a clear Dutch message for a wrong password and keeps the address", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signInWithPassword(page, "weert@demo.regiotafel.nl", "niet-het-wachtwoord");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Het e-mailadres of wachtwoord klopt niet.");
    await expectVisible(page.getByText("Inloggen als weert@demo.regiotafel.nl."));
    // The password field is there again for the next try.
    await expectVisible(page.getByLabel("Wachtwoord"));
    expect((await context.cookies()).some((c) => c.name === "regiotafel_session")).toBe(false);
    await context.close();
  });

  it("switches the interface to English and back", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expectVisible(page.getByRole("heading", { name: "Sign in" }));
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
    await page.getByRole("button", { name: "Schakel naar Nederlands" }).click();
    await expectVisible(page.getByRole("heading", { name: "Inloggen" }));
    await context.close();
  });
});
