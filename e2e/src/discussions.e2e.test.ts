// Working together between meetings (issue 21): a discussion on a tender, a mention that rings
// the bell of another municipality live, a reply, resolving; the notification leads back.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserHarness } from "./harness";
import { expectVisible } from "./expect-page";

const { signIn } = browserHarness();

async function openTender(page: Page) {
  await page.goto("/w/limburg/aanbestedingen");
  await page.getByRole("link", { name: "Wmo-begeleiding Midden-Limburg West" }).first().click();
  await expectVisible(page.getByRole("heading", { name: /^Reacties \(\d+\)$/ }));
}

const bell = (page: Page) => page.getByTestId("notification-bell");

describe("a discussion on a tender", () => {
  it("weert@ asks @Venlo; venlo@'s bell shows it live; venlo@ replies from the notification; weert@ resolves", async () => {
    const weert = await signIn("weert@demo.regiotafel.nl");
    const venlo = await signIn("venlo@demo.regiotafel.nl");
    await openTender(weert.page);
    await openTender(venlo.page);
    const before = Number((await bell(venlo.page).getAttribute("aria-label"))?.match(/\d+/)?.[0] ?? 0);

    const field = weert.page.getByRole("combobox", { name: "Nieuwe reactie" });
    await field.click();
    await field.pressSequentially("@Ven");
    await weert.page.getByRole("option", { name: /Venlo · organisatie/ }).click();
    await field.pressSequentially("klopt de planning?");
    await weert.page.getByRole("button", { name: "Plaatsen" }).first().click();
    await expectVisible(weert.page.getByTestId("comment").filter({ hasText: "@Venlo klopt de planning?" }));

    // Live: Venlo's bell counts one more, and the thread appears on Venlo's open page.
    await expect.poll(async () => bell(venlo.page).getAttribute("aria-label"), { timeout: 15_000 }).toBe(`Meldingen, ${before + 1} ongelezen`);
    await expectVisible(venlo.page.getByTestId("comment").filter({ hasText: "@Venlo klopt de planning?" }));

    await bell(venlo.page).click();
    await venlo.page.getByRole("link", { name: /Inkoop Weert noemde je in een reactie op Wmo-begeleiding Midden-Limburg West/ }).first().click();
    const thread = venlo.page.getByTestId("thread").filter({ hasText: "@Venlo klopt de planning?" });
    await expectVisible(thread);
    expect(venlo.page.url()).toContain("discussie=");
    await thread.getByText("Beantwoorden").click();
    await thread.getByRole("combobox", { name: "Je antwoord" }).fill("Ja, Venlo doet mee vanaf 2027.");
    await thread.getByRole("button", { name: "Plaatsen" }).click();
    await expectVisible(thread.getByText("Ja, Venlo doet mee vanaf 2027."));

    const weertThread = weert.page.getByTestId("thread").filter({ hasText: "@Venlo klopt de planning?" });
    await expectVisible(weertThread.getByText("Ja, Venlo doet mee vanaf 2027."));
    await weertThread.getByRole("button", { name: "Afronden" }).click();
    await expect.poll(async () => weert.page.getByTestId("thread").filter({ hasText: "@Venlo klopt de planning?" }).count()).toBe(0);
    await weert.page.getByLabel(/Toon afgeronde discussies/).check();
    await expectVisible(weert.page.getByTestId("thread").filter({ hasText: "@Venlo klopt de planning?" }).getByText("Afgerond door Inkoop Weert."));
    expect([...weert.errors, ...venlo.errors]).toEqual([]);
  });
});
