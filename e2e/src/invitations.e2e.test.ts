// Invitations in a browser (ADR 0023): an admin invites an address on the members page, the
// mail's link (from the development mailbox: the demo server has no SMTP_URL) opens the
// invitation, the invitee sets a password and lands in the workspace.
import { describe, expect, it } from "vitest";
import { browserHarness } from "./harness";
import { expectVisible } from "./expect-page";

const harness = browserHarness();

describe("an invitation", () => {
  it("is sent from the members page and its link creates the account that sees the workspace", async () => {
    const { page, errors } = await harness.signIn("admin@demo.regiotafel.nl");
    await page.goto("/w/limburg/leden");
    // The members page has a second form with "E-mailadres" and "Rol" (adding an existing account): stay within the invite form.
    const form = page.getByRole("form", { name: "Uitnodigen" });
    await form.getByLabel("E-mailadressen").fill("weert.nieuw@example.org");
    await form.getByLabel("Organisatie").selectOption({ label: "Weert" });
    await form.getByLabel("Rol", { exact: true }).selectOption({ label: "Bewerker" });
    await form.getByLabel("Taal van de e-mail").selectOption({ label: "Nederlands" });
    await form.getByRole("button", { name: "Uitnodigen" }).click();
    await expectVisible(page.getByText("1 uitnodiging verstuurd."));
    await expectVisible(page.getByRole("cell", { name: /Openstaand, geldig tot/ }));

    let link: string | undefined;
    await expect
      .poll(async () => {
        const mailbox = await (await page.request.get("/dev/mail")).text();
        link = /http:\/\/localhost:\d+\/uitnodiging\/[A-Za-z0-9_-]{43}/.exec(mailbox)?.[0];
        return link;
      }, { timeout: 20_000 })
      .toBeDefined();

    const invitee = await page.context().browser()!.newContext({ locale: "nl-NL" });
    const tab = await invitee.newPage();
    const inviteeErrors: string[] = [];
    tab.on("pageerror", (error) => inviteeErrors.push(error.message));
    await tab.goto(link!);
    await expectVisible(tab.getByRole("heading", { name: "Maak je account aan" }));
    await tab.getByLabel("Naam").fill("Wim Weert");
    await tab.getByLabel("Wachtwoord", { exact: true }).fill("een-lang-wachtwoord");
    await tab.getByLabel("Wachtwoord herhalen").fill("een-lang-wachtwoord");
    await tab.getByRole("button", { name: "Account aanmaken en uitnodiging accepteren" }).click();
    // Two password hashes at full cost (create, sign in).
    await expect.poll(() => new URL(tab.url()).pathname, { timeout: 20_000 }).toBe("/w/limburg");
    await expectVisible(tab.getByText("Midden-Limburg West"));

    // Used: the link shows the "no longer valid" page.
    const again = await tab.goto(link!);
    expect(again?.status()).toBe(404);
    await expectVisible(tab.getByRole("heading", { name: "Deze uitnodiging is niet meer geldig" }));
    expect(errors).toEqual([]);
    expect(inviteeErrors).toEqual([]);
    await invitee.close();
  }, 90_000);
});
