// Scenario assessment in real browsers: two regions score the demo scenarios of Midden-Limburg
// West live, each sees the other's score and the results change without a reload, and the
// coordinator locks the round; a municipality that does not take part only reads; a
// coordinator starts a new round with weighted criteria.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserHarness } from "./harness";
import { expectVisible } from "./expect-page";

const { signIn } = browserHarness();

const DEMO = "Scenario's samenwerking inkoop Midden-Limburg West";
const WEST = "Convenant Midden-Limburg West";
const NOORD = "MGR Sociaal Domein Limburg-Noord";

/** Opens the demo assessment from the Scenario's tab and waits until its live connection is up. */
async function openDemo(page: Page) {
  await page.goto("/w/limburg");
  await page.getByRole("link", { name: "Scenario's", exact: true }).click();
  await expectVisible(page.getByRole("heading", { level: 1, name: "Scenario's beoordelen" }));
  await page.getByRole("link", { name: DEMO }).click();
  await expectVisible(page.getByRole("heading", { level: 1, name: DEMO }));
  await page.locator('[data-live="connected"]').waitFor({ timeout: 20_000 });
}

/** The own score controls of a cell. */
const cell = (page: Page, participant: string, scenario: string, criterion: string) =>
  page.getByRole("group", { name: `Score van ${participant} voor ${scenario} op ${criterion}` });

/** The other participants' scores shown in a cell. */
const othersIn = (page: Page, scenario: string, criterion: string) =>
  page.getByRole("list", { name: `Scores van de andere deelnemers voor ${scenario} op ${criterion}` });

const results = (page: Page) => page.getByRole("table", { name: "Gewogen totalen per scenario" });

describe("scenario assessment", () => {
  it("a municipality that does not take part sees the matrix read-only", async () => {
    const venlo = await signIn("venlo@demo.regiotafel.nl");
    await openDemo(venlo.page);
    const { page } = venlo;
    await expectVisible(page.getByText("Alleen de deelnemers aan deze beoordeling geven scores."));
    await expectVisible(page.getByRole("table", { name: `Scores per criterium en scenario van ${DEMO}` }));
    await expectVisible(page.getByRole("columnheader", { name: "Samenwerking provinciaal op onderdelen" }));
    await expectVisible(page.getByRole("rowheader", { name: /Onderhandelingspositie/ }));
    expect(await page.getByRole("group", { name: /^Score van / }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^[135] punten?$/ }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Beoordeling vaststellen" }).count()).toBe(0);
    expect(venlo.errors).toEqual([]);
  });

  it("two regions score the demo scenarios live, and the coordinator locks the round", async () => {
    const west = await signIn("coordinator.west@demo.regiotafel.nl");
    const noord = await signIn("coordinator.noord@demo.regiotafel.nl");
    await openDemo(west.page);
    await openDemo(noord.page);
    await expectVisible(west.page.getByText(`Je scoort voor ${WEST}.`));
    await expectVisible(noord.page.getByText(`Je scoort voor ${NOORD}.`));
    // Each page stays the same page throughout: nothing below reloads it.
    for (const { page } of [west, noord]) await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // West scores "Samenwerking provinciaal" on "Bestuurlijk haalbaar" 5, with a rationale.
    const westCell = cell(west.page, WEST, "Samenwerking provinciaal", "Bestuurlijk haalbaar");
    await westCell.getByText("Toelichting toevoegen").click();
    await westCell.getByLabel(`Toelichting van ${WEST} voor Samenwerking provinciaal op Bestuurlijk haalbaar`).fill("Provinciaal is bestuurlijk het snelst te regelen.");
    await westCell.getByRole("button", { name: "5 punten" }).click();
    await expectVisible(west.page.getByRole("status").getByText("Opgeslagen."));
    await expectVisible(westCell.getByRole("button", { name: "5 punten", pressed: true }));
    await expectVisible(westCell.getByText("Provinciaal is bestuurlijk het snelst te regelen."));

    // Noord sees West's score and rationale appear without a reload.
    const seenByNoord = othersIn(noord.page, "Samenwerking provinciaal", "Bestuurlijk haalbaar").getByRole("listitem").filter({ hasText: `${WEST}: 5 punten` });
    await expectVisible(seenByNoord, 15_000);
    expect(await seenByNoord.getAttribute("title")).toBe(`${WEST}: 5 punten — Provinciaal is bestuurlijk het snelst te regelen.`);

    // Noord scores another cell; West sees it.
    const noordCell = cell(noord.page, NOORD, "Samenwerking Midden-Limburg West", "Onderhandelingspositie");
    await noordCell.getByRole("button", { name: "3 punten" }).click();
    await expectVisible(noordCell.getByRole("button", { name: "3 punten", pressed: true }));
    await expectVisible(othersIn(west.page, "Samenwerking Midden-Limburg West", "Onderhandelingspositie").getByRole("listitem").filter({ hasText: `${NOORD}: 3 punten` }), 15_000);

    // Both see the results: weighted totals (every weight is 1), the leader and the progress.
    for (const { page } of [west, noord]) {
      await expectVisible(page.getByText("2 van 210 cellen gescoord"), 15_000);
      await expectVisible(results(page).getByRole("row").filter({ hasText: "Samenwerking provinciaal" }).filter({ hasText: "Hoogste totaal" }).getByRole("cell", { name: "5", exact: true }));
      await expectVisible(results(page).getByRole("row").filter({ hasText: "Samenwerking Midden-Limburg West" }).getByRole("cell", { name: "3", exact: true }).first());
      await expectVisible(page.getByText("Hoogst gewaardeerd: Samenwerking provinciaal, met 5 punten (14,3% van het maximum)."));
    }

    // West, as coordinator, locks the round after confirming; Noord's page turns read-only by itself.
    await west.page.getByRole("link", { name: "Beoordeling vaststellen" }).click();
    await west.page.getByRole("button", { name: "Ja, vaststellen" }).click();
    await expectVisible(west.page.getByTestId("assessment-locked").getByText(/^Vastgesteld op /));
    await expectVisible(noord.page.getByTestId("assessment-locked").getByText(/^Vastgesteld op /), 15_000);
    for (const { page } of [west, noord]) {
      expect(await page.getByRole("group", { name: /^Score van / }).count()).toBe(0);
      expect(await page.getByRole("link", { name: "Beoordeling vaststellen" }).count()).toBe(0);
    }
    // The scores stay visible to everyone, now read only.
    await expectVisible(noord.page.getByRole("list", { name: "Scores voor Samenwerking provinciaal op Bestuurlijk haalbaar" }).getByText(`${WEST}: 5 punten`));
    expect(await noord.page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect([...west.errors, ...noord.errors]).toEqual([]);
  });

  it("a coordinator starts a round with weighted criteria; a weight that is not a number is refused on its line", async () => {
    const oost = await signIn("coordinator.oost@demo.regiotafel.nl");
    const { page } = oost;
    await page.goto("/w/limburg/scenarios");
    const form = page.getByRole("region", { name: "Nieuwe beoordeling" });
    await form.getByLabel("Titel").fill("Toegang Midden-Limburg Oost");
    await form.getByLabel("Scenario's").fill("Lokaal\nRegionaal | samen met Roermond");
    await form.getByLabel("Criteria").fill("Kwaliteit | veel\nKosten");
    await form.getByLabel("Samenwerking Midden-Limburg Oost (regio)").check();
    await form.getByLabel("Roermond").check();
    await form.getByRole("button", { name: "Beoordeling aanmaken" }).click();
    await expectVisible(form.getByText("Regel 1: Vul een getal in."));

    await form.getByLabel("Criteria").fill("Kwaliteit | 1,5\nKosten");
    await form.getByRole("button", { name: "Beoordeling aanmaken" }).click();
    await page.waitForURL(/\/w\/limburg\/scenarios\/[0-9a-f-]{36}\?melding=aangemaakt$/);
    await expectVisible(page.getByRole("status").getByText("Beoordeling ‘Toegang Midden-Limburg Oost’ is aangemaakt."));
    await expectVisible(page.getByRole("heading", { level: 1, name: "Toegang Midden-Limburg Oost" }));
    await expectVisible(page.getByRole("rowheader", { name: /Kwaliteit\s*Gewicht 1,5/ }));
    await page.locator('[data-live="connected"]').waitFor({ timeout: 20_000 });
    await cell(page, "Samenwerking Midden-Limburg Oost", "Regionaal", "Kwaliteit").getByRole("button", { name: "5 punten" }).click();
    // 1,5 × 5 = 7,5 of at most (1,5 + 1) × 5 = 12,5 points: 60%.
    await expectVisible(page.getByText("Hoogst gewaardeerd: Regionaal, met 7,5 punten (60% van het maximum)."));
    expect(oost.errors).toEqual([]);
  });
});
