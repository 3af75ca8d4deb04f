// The template library in a real browser: Weert publishes the lot structure of Midden-Limburg
// West's Wmo tender (and sees exactly that in the preview), the learning network's editors
// approve it, and Tiel uses it in Rivierenland: a new tender with the lots and nothing of
// Limburg's data. Search as Tiel never shows a Limburg result.
import { describe, expect, it } from "vitest";
import { browserHarness } from "./harness";
import { expectVisible } from "./expect-page";

const { signIn } = browserHarness();

const SOURCE = "Wmo-begeleiding Midden-Limburg West";
const LOTS = ["Multi-problematiek", "Enkelvoudig/verbetering", "Volwassenen/stabiliteit", "Ouderen"];
const TEMPLATE = "Percelen Wmo-begeleiding vier doelgroepen";
const COPY = "Wmo-begeleiding Rivierenland";
/** Names that belong to Limburg only: none may appear in Rivierenland's copy. */
const LIMBURG_ONLY = ["Weert", "Leudal", "Nederweert", "Midden-Limburg", "Limburg"];

describe("template library", () => {
  it("a template is published, approved and used in the Rivierenland workspace", async () => {
    // Weert publishes the lot structure of West's Wmo tender from its workspace.
    const weert = await signIn("weert@demo.regiotafel.nl");
    await weert.page.goto("/w/limburg");
    await weert.page.getByRole("link", { name: "Publiceren in de bibliotheek" }).click();
    await weert.page.waitForURL(/\/w\/limburg\/publiceren$/);
    const step1 = weert.page.getByRole("form", { name: "1. Kies wat je publiceert" });
    await step1.getByLabel("Soort sjabloon").selectOption("LOT_STRUCTURE");
    await step1.getByLabel("Bron").selectOption({ label: SOURCE });
    await step1.getByRole("button", { name: "Voorbeeld bekijken" }).click();
    await weert.page.waitForURL(/soort=LOT_STRUCTURE/);

    // The preview shows the tender's lots, and none of the municipalities taking part in them.
    const preview = weert.page.getByTestId("publish-preview");
    for (const lot of LOTS) await expectVisible(preview.getByRole("row", { name: lot }));
    expect(await preview.innerText()).not.toContain("Weert");

    const details = weert.page.getByRole("form", { name: "2. Voorbeeld en gegevens" });
    await details.getByLabel("Titel").fill(TEMPLATE);
    await details.getByLabel("Omschrijving").fill("Vier percelen naar doelgroep, met aantallen aanbieders per perceel.");
    await details.getByLabel("Trefwoorden").fill("Wmo, begeleiding, percelen");
    await details.getByRole("button", { name: "Indienen ter beoordeling" }).click();
    await expectVisible(weert.page.getByRole("status").getByText("Ingediend ter beoordeling"));

    // Not in the library before review.
    const tiel = await signIn("tiel@demo.regiotafel.nl");
    await tiel.page.goto(`/bibliotheek?q=${encodeURIComponent(TEMPLATE)}`);
    await expectVisible(tiel.page.getByText("Geen sjablonen gevonden"));

    // The network's editors see it in their queue, with its structure, and approve it.
    const editors = await signIn("redactie@demo.regiotafel.nl");
    await editors.page.goto("/bibliotheek");
    await editors.page.getByRole("link", { name: "Sjablonen beoordelen" }).click();
    await editors.page.waitForURL(/\/bibliotheek\/beoordelen$/);
    const item = editors.page.getByRole("article", { name: `${TEMPLATE} (v1)` });
    for (const lot of LOTS) await expectVisible(item.getByRole("row", { name: lot }));
    await item.getByLabel("Opmerking").fill("Helder voorbeeld van een percelenindeling.");
    await item.getByRole("button", { name: "Goedkeuren" }).click();
    await expectVisible(editors.page.getByRole("status").getByText(`‘${TEMPLATE}’ (v1) is goedgekeurd en staat in de bibliotheek.`));
    await expectVisible(editors.page.getByText("Er wachten geen versies op beoordeling."));

    // Tiel finds it in the library and uses it in Rivierenland.
    await tiel.page.goto("/bibliotheek");
    await tiel.page.getByLabel("Zoeken in de bibliotheek").fill("percelen wmo");
    await tiel.page.getByLabel("Soort sjabloon").selectOption("LOT_STRUCTURE");
    await tiel.page.getByRole("button", { name: "Tonen" }).click();
    await tiel.page.waitForURL(/soort=LOT_STRUCTURE/);
    await tiel.page.getByRole("link", { name: TEMPLATE }).click();
    await tiel.page.waitForURL(/\/bibliotheek\/[0-9a-f-]{36}$/);
    await expectVisible(tiel.page.getByRole("heading", { level: 1, name: TEMPLATE }));
    await expectVisible(tiel.page.getByText("Samenwerking inkoop sociaal domein Limburg · Midden-Limburg West"));
    const use = tiel.page.getByRole("form", { name: "Gebruiken in werkruimte" });
    await expect(use.getByLabel("Werkruimte").inputValue()).resolves.toBe("rivierenland");
    await use.getByLabel("Titel").fill(COPY);
    await expectVisible(use.getByLabel("Aanbestedende dienst"));
    await use.getByRole("button", { name: "Gebruiken" }).click();

    // The new tender in Rivierenland: the lots, and none of Limburg's participants or names.
    await tiel.page.waitForURL(/\/w\/rivierenland\/aanbestedingen\/[0-9a-f-]{36}\?melding=uit-sjabloon$/);
    await expectVisible(tiel.page.getByRole("status").getByText(`‘${COPY}’ is aangemaakt uit het sjabloon.`));
    await expectVisible(tiel.page.getByRole("heading", { level: 1, name: COPY }));
    const lots = tiel.page.getByRole("table", { name: `Percelen van ${COPY}` });
    for (const lot of LOTS) await expectVisible(lots.getByRole("row", { name: lot }));
    const lotsText = await lots.innerText();
    expect(lotsText).not.toContain("Weert");
    const pageText = await tiel.page.locator("main").innerText();
    for (const name of LIMBURG_ONLY) expect(pageText).not.toContain(name);

    // Search as Tiel: Rivierenland's new tender and the library, never a Limburg result.
    await tiel.page.goto("/zoeken?q=wmo");
    await expectVisible(tiel.page.getByRole("link", { name: COPY }));
    await expectVisible(tiel.page.getByText("In Inkoop sociaal domein Rivierenland"));
    const results = await tiel.page.locator("main").innerText();
    expect(results).not.toContain("Samenwerking inkoop sociaal domein Limburg");
    expect(results).not.toContain(SOURCE);
    await tiel.page.goto("/zoeken?q=Weert");
    await expectVisible(tiel.page.getByText("Niets gevonden voor ‘Weert’."));
    // Too short: the server's message next to the field.
    await tiel.page.goto("/zoeken?q=w");
    await expectVisible(tiel.page.getByText("Typ minstens 2 tekens om te zoeken."));

    expect([...weert.errors, ...tiel.errors, ...editors.errors]).toEqual([]);
  }, 180_000);
});
