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

async function openStrategy(page: Page) {
  await page.goto("/w/limburg/documenten");
  await page.getByRole("link", { name: "Gezamenlijke inkoopstrategie sociaal domein Limburg" }).click();
  await page.locator('[data-sync-state="saved"]').waitFor({ timeout: 20_000 });
}

describe("a comment on a passage of the joint strategy", () => {
  it("weert@ selects a sentence and asks '@Venlo klopt dit?'; venlo@'s bell shows it live; venlo@ replies; weert@ resolves", async () => {
    const weert = await signIn("weert@demo.regiotafel.nl");
    const venlo = await signIn("venlo@demo.regiotafel.nl");
    await openStrategy(weert.page);
    await openStrategy(venlo.page);
    const before = Number((await bell(venlo.page).getAttribute("aria-label"))?.match(/\d+/)?.[0] ?? 0);

    // Select a sentence: from its start to the end of its line.
    await weert.page.getByText("Landelijke, bovenregionale en regionale").click();
    await weert.page.keyboard.press("Home");
    await weert.page.keyboard.press("Shift+End");
    await weert.page.getByRole("button", { name: "Reageren", exact: true }).click();
    await expectVisible(weert.page.getByTestId("pending-quote").getByText(/Landelijke, bovenregionale en regionale/));
    const field = weert.page.getByRole("combobox", { name: "Reactie op de gekozen tekst" });
    await field.fill("@Venlo klopt dit?");
    await weert.page.getByRole("button", { name: "Plaatsen" }).first().click();
    const weertThread = weert.page.getByTestId("thread").filter({ hasText: "@Venlo klopt dit?" });
    await expectVisible(weertThread);
    // The passage is highlighted in both editors.
    await expectVisible(weert.page.locator(".comment-anchor", { hasText: "Landelijke, bovenregionale en regionale" }).first());

    await expect.poll(async () => bell(venlo.page).getAttribute("aria-label"), { timeout: 15_000 }).toBe(`Meldingen, ${before + 1} ongelezen`);
    const venloThread = venlo.page.getByTestId("thread").filter({ hasText: "@Venlo klopt dit?" });
    await expectVisible(venloThread);
    await expectVisible(venlo.page.locator(".comment-anchor", { hasText: "Landelijke, bovenregionale en regionale" }).first());
    await venloThread.getByText("Beantwoorden").click();
    await venloThread.getByRole("combobox", { name: "Je antwoord" }).fill("Ja, dat klopt voor Venlo.");
    await venloThread.getByRole("button", { name: "Plaatsen" }).click();
    await expectVisible(venloThread.getByText("Ja, dat klopt voor Venlo."));

    await expectVisible(weertThread.getByText("Ja, dat klopt voor Venlo."));
    await weertThread.getByRole("button", { name: "Afronden" }).click();
    await expect.poll(async () => weert.page.getByTestId("thread").filter({ hasText: "@Venlo klopt dit?" }).count()).toBe(0);
    // A resolved thread is no longer highlighted; after a reload it is still there behind the filter.
    await expect.poll(async () => weert.page.locator(".comment-anchor").count()).toBe(0);
    await weert.page.reload();
    await weert.page.getByLabel(/Toon afgeronde discussies/).check();
    await expectVisible(weert.page.getByTestId("thread").filter({ hasText: "@Venlo klopt dit?" }).getByText("Afgerond door Inkoop Weert."));
    expect([...weert.errors, ...venlo.errors]).toEqual([]);
  });
});
