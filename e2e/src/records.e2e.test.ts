// Joint procurement records in real browsers: a region coordinator creates a tender with two
// lots, a municipality opts in to one lot and the coordinator's open page shows it without a
// reload; the municipality is offered no lifecycle step of the region's tender; withdrawing it
// asks first and takes the lots along; the staffing comparison shows Midden-Limburg West's gap.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserHarness } from "./harness";
import { expectVisible } from "./expect-page";

const { signIn } = browserHarness();

const TENDER = "Jeugd Ambulant Midden-Limburg West";
const LOT_A = "A1 Ambulante jeugdhulp";
const LOT_B = "A2 Dagbehandeling";

async function addLot(page: Page, segment: string, title: string, regional: [string, string]) {
  const form = page.getByRole("region", { name: "Perceel toevoegen" });
  await form.getByLabel("Segment").fill(segment);
  await form.getByLabel("Titel").fill(title);
  await form.getByLabel("Regionaal: minimum aantal aanbieders").fill(regional[0]);
  await form.getByLabel("Regionaal: maximum aantal aanbieders").fill(regional[1]);
  await form.getByRole("button", { name: "Perceel toevoegen" }).click();
  await expectVisible(page.getByRole("status").getByText(`Perceel ‘${title}’ toegevoegd.`));
  await expectVisible(page.getByRole("row", { name: title }));
}

describe("joint procurement records", () => {
  it("a coordinator creates a tender with two lots; a municipality's opt-in appears live on the coordinator's page", async () => {
    const coordinator = await signIn("coordinator.west@demo.regiotafel.nl");
    const { page } = coordinator;

    // The board lists the demo tenders; the coordinator creates a new one through the form.
    await page.goto("/w/limburg/aanbestedingen");
    await expectVisible(page.getByRole("link", { name: "Wmo-begeleiding Midden-Limburg West" }));
    const form = page.getByRole("region", { name: "Nieuwe aanbesteding" });
    await form.getByLabel("Titel").fill(TENDER);
    await form.getByLabel("Domein").selectOption("JEUGD");
    await form.getByLabel("Inkoopvorm").selectOption("SAS_TWO_ROUNDS");
    for (const name of ["Leudal", "Nederweert", "Weert"]) await form.getByLabel(name, { exact: true }).check();
    await form.getByLabel("Ingang contract").fill("2027-01-01");
    await form.getByLabel("Geraamde waarde").fill("1.250.000");
    await form.getByRole("button", { name: "Aanbesteding aanmaken" }).click();
    await page.waitForURL(/\/w\/limburg\/aanbestedingen\/[0-9a-f-]{36}\?melding=aangemaakt$/);
    const tenderUrl = new URL(page.url()).pathname;
    await expectVisible(page.getByRole("status").getByText(`Aanbesteding ‘${TENDER}’ is aangemaakt.`));
    await expectVisible(page.getByRole("heading", { level: 1, name: TENDER }));
    await expectVisible(page.getByText("€ 1.250.000"));
    await expectVisible(page.getByText("Leudal, Nederweert, Weert"));

    await addLot(page, "A1", LOT_A, ["5", "10"]);
    await addLot(page, "A2", LOT_B, ["", "4"]);
    const lotA = page.getByRole("row", { name: LOT_A });
    await expectVisible(lotA.getByRole("cell", { name: "5–10" }));
    await expectVisible(page.getByRole("row", { name: LOT_B }).getByRole("cell", { name: "max 4" }));
    await expectVisible(lotA.getByText("Nog geen gemeenten"));

    // The coordinator keeps the page open; its live connection is up before Weert acts.
    await page.locator('[data-live="connected"]').waitFor({ timeout: 20_000 });
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    // Weert (Midden-Limburg West) opts in to one lot.
    const weert = await signIn("weert@demo.regiotafel.nl");
    await weert.page.goto(tenderUrl);
    await expectVisible(weert.page.getByRole("heading", { level: 1, name: TENDER }));
    // Exact names: "Meedoen met perceel …" is also part of "Niet meedoen met perceel …".
    await weert.page.getByRole("button", { name: `Meedoen met perceel ${LOT_A}`, exact: true }).click();
    await expectVisible(weert.page.getByRole("status").getByText(`Je gemeente doet mee aan perceel ‘${LOT_A}’.`));
    await expectVisible(weert.page.getByRole("button", { name: `Niet meedoen met perceel ${LOT_A}`, exact: true }));
    // Only the lot Weert chose: the other one still waits for its choice.
    await expectVisible(weert.page.getByRole("button", { name: `Meedoen met perceel ${LOT_B}`, exact: true }));

    // The coordinator sees Weert in the lot's participants without reloading.
    await expectVisible(lotA.getByTestId("lot-participants").getByText("Weert", { exact: true }), 15_000);
    await expectVisible(page.getByRole("row", { name: LOT_B }).getByText("Nog geen gemeenten"));
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    // Weert reads the region's tender but may not move it: no lifecycle step is offered to it.
    await expectVisible(weert.page.getByText("Je kunt deze aanbesteding bekijken. Voor je eigen gemeente geef je per perceel aan of je meedoet."));
    expect(await weert.page.getByRole("button", { name: /^Naar ‘/ }).count()).toBe(0);
    expect(await weert.page.getByRole("link", { name: /^Naar ‘/ }).count()).toBe(0);

    // Withdrawing asks first and says what follows: both open lots go along, and nothing changes afterwards.
    await page.getByRole("link", { name: "Naar ‘Ingetrokken’" }).click();
    const confirm = page.getByRole("form", { name: `Aanbesteding ‘${TENDER}’ intrekken?` });
    await expectVisible(confirm.getByText(`Deze open percelen gaan mee naar ‘Ingetrokken’: ‘${LOT_A}’, ‘${LOT_B}’.`));
    await confirm.getByRole("button", { name: "Ja, naar ‘Ingetrokken’" }).click();
    await expectVisible(page.getByRole("status").getByText("Status gewijzigd naar ‘Ingetrokken’; de open percelen (2) gingen mee."));
    await expectVisible(lotA.getByText("Ingetrokken"));
    expect(await page.getByRole("link", { name: `Perceel ${LOT_A} wijzigen` }).count()).toBe(0);
    // Weert's open page follows live: its choice stays visible, but can no longer be changed.
    await expectVisible(weert.page.getByText(/^Status ‘Ingetrokken’: deze aanbesteding is afgesloten\./), 15_000);
    expect(await weert.page.getByRole("button", { name: `Niet meedoen met perceel ${LOT_A}`, exact: true }).count()).toBe(0);

    // The staffing comparison: Midden-Limburg West's gap is 1 fte contract management + 0.5 fte support.
    await page.goto("/w/limburg/formatie");
    await expectVisible(page.getByRole("row").filter({ hasText: "Midden-Limburg West" }).filter({ hasText: "1,5" }));

    expect([...coordinator.errors, ...weert.errors]).toEqual([]);
  });

  it("without JavaScript, withdrawing a tender still asks first and then withdraws it with its lots", async () => {
    const { page } = await signIn("coordinator.west@demo.regiotafel.nl", { javaScript: false });
    await page.goto("/w/limburg/aanbestedingen");
    await page.getByRole("link", { name: "Hulp bij het huishouden Midden-Limburg West", exact: true }).click();
    await page.getByRole("link", { name: "Naar ‘Ingetrokken’" }).click();
    const confirm = page.getByRole("form", { name: "Aanbesteding ‘Hulp bij het huishouden Midden-Limburg West’ intrekken?" });
    await expectVisible(confirm.getByText("Deze open percelen gaan mee naar ‘Ingetrokken’: ‘Hulp bij het huishouden’."));
    // Nothing has happened yet: the tender is still planned.
    await expectVisible(page.getByText("Huidige status:").getByText("Gepland"));
    await confirm.getByRole("button", { name: "Ja, naar ‘Ingetrokken’" }).click();
    await expectVisible(page.getByText(/^Status ‘Ingetrokken’: deze aanbesteding is afgesloten\./));
    await expectVisible(page.getByRole("row", { name: "Hulp bij het huishouden" }).getByText("Ingetrokken"));
  });
});
