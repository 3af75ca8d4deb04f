// Two municipalities co-edit the Limburg joint strategy in two real browsers.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserHarness } from "./harness";
import { expectVisible } from "./expect-page";

const { signIn } = browserHarness();

async function openStrategy(page: Page) {
  await page.goto("/w/limburg/documenten");
  await page.getByRole("link", { name: "Gezamenlijke inkoopstrategie sociaal domein Limburg" }).click();
  await page.locator('[data-sync-state="saved"]').waitFor({ timeout: 20_000 });
}

describe("co-editing the joint strategy", () => {
  it("two municipalities type, see each other's text and caret, and find everything after a reload", async () => {
    const weert = await signIn("weert@demo.regiotafel.nl");
    const venlo = await signIn("venlo@demo.regiotafel.nl");
    await openStrategy(weert.page);
    await openStrategy(venlo.page);

    await weert.page.getByText("Waarom een nieuwe inkoopstrategie?").click();
    await weert.page.keyboard.press("End");
    await weert.page.keyboard.type(" Weert stelt voor de toegang lokaal te houden.");
    await venlo.page.getByText("Landelijke, bovenregionale en regionale").click();
    await venlo.page.keyboard.press("End");
    await venlo.page.keyboard.type(" Venlo wijst op de Hervormingsagenda Jeugd.");

    await expectVisible(venlo.page.getByText("Weert stelt voor de toegang lokaal te houden."));
    await expectVisible(weert.page.getByText("Venlo wijst op de Hervormingsagenda Jeugd."));
    // Each sees the other's caret, labelled with name and municipality, and the other in the presence list.
    await expectVisible(weert.page.locator(".collaboration-carets__label", { hasText: "Inkoop Venlo (Venlo)" }));
    await expectVisible(venlo.page.locator(".collaboration-carets__label", { hasText: "Inkoop Weert (Weert)" }));
    await expectVisible(weert.page.getByRole("region", { name: "Nu in dit document" }).getByText("Inkoop Venlo"));

    for (const { page } of [weert, venlo]) await page.locator('[data-sync-state="saved"]').waitFor();
    for (const { page } of [weert, venlo]) {
      await page.reload();
      await expectVisible(page.getByText("Weert stelt voor de toegang lokaal te houden."));
      await expectVisible(page.getByText("Venlo wijst op de Hervormingsagenda Jeugd."));
    }
    expect([...weert.errors, ...venlo.errors]).toEqual([]);
  });

  it("opens another region's governance text read-only", async () => {
    const { page } = await signIn("weert@demo.regiotafel.nl");
    await page.goto("/w/limburg/documenten");
    await page.getByRole("link", { name: "Governance Noord-Limburg" }).click();
    await expectVisible(page.getByText("Je kunt dit document lezen, maar niet bewerken."));
    const editor = page.getByRole("textbox", { name: "Tekst van het document" });
    await expectVisible(editor);
    await expectVisible(page.getByText("MGR Sociaal Domein Limburg-Noord"));
    expect(await editor.getAttribute("contenteditable")).toBe("false");
    expect(await page.getByRole("toolbar", { name: "Opmaak" }).count()).toBe(0);
  });
});
