// Reflow (WCAG 1.4.10) in a real browser: at 390 px no workspace page scrolls sideways — wide
// tables scroll inside their own box. The list of pages comes from the route files, so a page
// added later is visited without touching this test; one tender, one document and one scenario
// assessment are found by following links. The document page has one h1 and toolbar buttons
// named after what they show (WCAG 2.5.3); at 1280 px the tender board shows its last column and
// the header keeps to one line.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { browserHarness } from "./harness";
import { overflow } from "./overflow";
import { firstRecord, ROUTES, WORKSPACE, workspacePages } from "./pages";

const { signIn } = browserHarness();


describe("reflow and names", () => {
  it("derives the workspace pages from the route files", () => {
    const pages = workspacePages(readdirSync(ROUTES));
    expect(pages).toContain(`/w/${WORKSPACE}`);
    expect(pages).toContain(`/w/${WORKSPACE}/aanbestedingen`);
    expect(pages).toContain(`/w/${WORKSPACE}/beheer`);
    expect(pages.some((p) => p.includes("$") || p.includes("[") || p.includes("export/"))).toBe(false);
    expect(workspacePages(["w.$workspace.nieuw-iets.tsx", "w.$workspace.x.$id.tsx", "w.$workspace.y[.]csv.tsx"])).toEqual([`/w/${WORKSPACE}/nieuw-iets`]);
  });

  it("no workspace page scrolls sideways at 390 px; the document page has one h1 and toolbar names that contain the visible text", async () => {
    const { page, errors } = await signIn("admin@demo.regiotafel.nl");
    await page.setViewportSize({ width: 390, height: 844 });

    const pages = workspacePages(readdirSync(ROUTES));
    const tender = await firstRecord(page, `/w/${WORKSPACE}/aanbestedingen`);
    const document = await firstRecord(page, `/w/${WORKSPACE}/documenten`);
    const assessment = await firstRecord(page, `/w/${WORKSPACE}/scenarios`);

    const wide: string[] = [];
    for (const path of [...pages, tender, document, assessment]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(400);
      if (path === document) await page.locator("[data-sync-state]").waitFor({ timeout: 20_000 });
      const result = await overflow(page);
      if (result.scrollWidth > result.innerWidth) wide.push(`${path}: ${result.scrollWidth}px > ${result.innerWidth}px — ${result.culprits.join(", ")}`);
    }
    expect(wide).toEqual([]);

    // The document page: one h1, and every toolbar button that shows letters or digits has them in its name.
    await page.goto(document);
    await page.getByRole("toolbar").waitFor({ timeout: 20_000 });
    expect(await page.locator("h1").count()).toBe(1);
    const tools = await page
      .getByRole("toolbar")
      .locator("button")
      .evaluateAll((buttons) => buttons.map((b) => ({ shown: (b.textContent ?? "").trim(), name: b.getAttribute("aria-label") ?? "" })));
    expect(tools.length).toBeGreaterThan(5);
    for (const { shown, name } of tools) if (/[\p{L}\p{N}]/u.test(shown)) expect(name.startsWith(shown), `${shown} → ${name}`).toBe(true);
    await page.getByRole("button", { name: "H1 (Kop 1)" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("at 1280 px the tender board shows its last column and the header keeps to one line", async () => {
    const { page } = await signIn("admin@demo.regiotafel.nl");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/w/${WORKSPACE}/aanbestedingen`);
    const fit = await page.evaluate(() => {
      const cells = document.querySelectorAll(".rt-table--tenders thead th");
      const last = cells[cells.length - 1]!;
      const box = last.closest(".rt-table-scroll")!;
      const header = document.querySelector(".rt-header__inner")!;
      return { last: last.getBoundingClientRect().right, box: box.getBoundingClientRect().right, header: header.getBoundingClientRect().height };
    });
    expect(fit.last).toBeLessThanOrEqual(fit.box + 1);
    expect(fit.header).toBeLessThan(80);
  });
});
