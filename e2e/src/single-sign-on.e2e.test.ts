// Signing in with the municipality's own account in Chromium (issue 20, ADR 0035): two real
// OpenID providers (oidc-provider) run in this process, one for Weert and one for Tiel. A
// platform administrator connects both on the organisations' sign-in pages; then Weert's
// account signs in through Weert's provider (linking its existing password account once) and
// lands in Limburg, signs out there too, and a Tiel address goes to Tiel's provider.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startOidcProvider, type TestOidcProvider } from "@regiotafel/auth/testing";
import { freePort, startServerProcess, type ServerProcess } from "@regiotafel/server/testing";
import { launchChromium } from "./browser";
import { expectVisible } from "./expect-page";
import { signInWithPassword } from "./sign-in";

let server: ServerProcess;
let browser: Browser;
let weertIdp: TestOidcProvider;
let tielIdp: TestOidcProvider;

beforeAll(async () => {
  const port = await freePort();
  const site = `http://localhost:${port}`;
  const client = (clientId: string) => ({ clientId, clientSecret: `${clientId}-geheim`, redirectUris: [`${site}/inloggen/sso`], postLogoutRedirectUris: [`${site}/login?uitgelogd`] });
  weertIdp = await startOidcProvider({
    clients: [client("regiotafel-weert")],
    accounts: { weert: { sub: "weert-0001", email: "weert@demo.regiotafel.nl", email_verified: true, name: "Inkoop Weert" } },
  });
  tielIdp = await startOidcProvider({
    clients: [client("regiotafel-tiel")],
    accounts: { kees: { sub: "tiel-0001", email: "kees@tiel.nl", email_verified: true, name: "Kees" } },
  });
  server = await startServerProcess({ PUBLIC_URL: site }, undefined, port);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await weertIdp?.close();
  await tielIdp?.close();
});

const origin = (url: string) => new URL(url).origin;

async function connect(page: Page, search: string, name: RegExp, fields: { issuer: string; clientId: string; domains: string }) {
  await page.goto(`/platform/organisaties?q=${search}`);
  await page.getByRole("link", { name }).click();
  await page.getByLabel("Issuer-URL").fill(fields.issuer);
  await page.getByLabel("Client-ID (applicatie-ID)").fill(fields.clientId);
  await page.getByLabel("Clientgeheim").fill(`${fields.clientId}-geheim`);
  await page.getByLabel("E-maildomeinen").fill(fields.domains);
  await page.getByRole("button", { name: "Koppeling opslaan" }).click();
  await expectVisible(page.getByText("De inlogkoppeling is opgeslagen."));
}

describe("signing in with the municipality's own account", () => {
  it("a platform administrator connects Weert's and Tiel's providers; the secret is never shown again", async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: "nl-NL" });
    const page = await context.newPage();
    await signInWithPassword(page, "platform@demo.regiotafel.nl");
    await page.waitForURL((url) => url.pathname !== "/login");
    // The demo addresses are Weert's here, so that weert@ can sign in through Weert's provider.
    await connect(page, "Weert", /van Weert instellen$/, { issuer: weertIdp.issuer, clientId: "regiotafel-weert", domains: "demo.regiotafel.nl" });
    await expectVisible(page.getByText(`Redirect-URI om in je identiteitsprovider te registreren: ${server.url}/inloggen/sso`));
    // The form starts again from what is stored once the page has reloaded its data: the secret field empty.
    await expect.poll(() => page.getByLabel("Clientgeheim").inputValue()).toBe("");
    expect(await page.content()).not.toContain("regiotafel-weert-geheim");
    await connect(page, "Tiel", /van Tiel instellen$/, { issuer: tielIdp.issuer, clientId: "regiotafel-tiel", domains: "tiel.nl" });
    await context.close();
  });

  it("weert@ signs in through Weert's provider, links the existing account once, lands in Limburg and signs out at the provider too", async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: "nl-NL" });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("E-mailadres").fill("weert@demo.regiotafel.nl");
    await page.getByRole("button", { name: "Verder" }).click();
    await page.waitForURL((url) => url.origin === origin(weertIdp.issuer));
    await page.getByLabel("Account").fill("weert");
    await page.getByRole("button", { name: "Sign in" }).click();

    // The address already has a password account: proven once with its password.
    await page.waitForURL((url) => url.pathname === "/inloggen/koppelen");
    await expectVisible(page.getByRole("heading", { name: "Account koppelen" }));
    await page.getByLabel("Wachtwoord van je Regiotafel-account").fill("niet-het-wachtwoord");
    await page.getByRole("button", { name: "Koppelen en inloggen" }).click();
    await expectVisible(page.getByText("Je huidige wachtwoord klopt niet."));
    await page.getByLabel("Wachtwoord van je Regiotafel-account").fill("regiotafel-demo");
    await page.getByRole("button", { name: "Koppelen en inloggen" }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole("link", { name: "Samenwerking inkoop sociaal domein Limburg", exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/w/limburg");

    // Signing out ends the session here and at Weert's provider, then comes back to the sign-in page.
    await page.getByRole("button", { name: "Uitloggen" }).click();
    await page.waitForURL((url) => url.origin === origin(weertIdp.issuer));
    await page.getByRole("button", { name: /sign out|yes/i }).first().click();
    await page.waitForURL((url) => url.origin === server.url && url.pathname === "/login");
    await expectVisible(page.getByText("Je bent uitgelogd."));

    // The next time the identity is known: no linking, straight in.
    await page.getByLabel("E-mailadres").fill("weert@demo.regiotafel.nl");
    await page.getByRole("button", { name: "Verder" }).click();
    await page.waitForURL((url) => url.origin === origin(weertIdp.issuer));
    await page.getByLabel("Account").fill("weert");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);
    await expectVisible(page.getByRole("link", { name: "Samenwerking inkoop sociaal domein Limburg", exact: true }));
    await context.close();
  });

  it("a Tiel address goes to Tiel's provider; an address elsewhere gets the password field", async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: "nl-NL" });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("E-mailadres").fill("kees@tiel.nl");
    await page.getByRole("button", { name: "Verder" }).click();
    await page.waitForURL((url) => url.origin === origin(tielIdp.issuer));
    await page.goto(`${server.url}/login`);
    await page.getByLabel("E-mailadres").fill("iemand@elders.nl");
    await page.getByRole("button", { name: "Verder" }).click();
    await expectVisible(page.getByLabel("Wachtwoord"));
    await expectVisible(page.getByText("Inloggen als iemand@elders.nl."));
    await context.close();
  });
});
