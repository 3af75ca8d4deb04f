// The page template (issue 18 point 2, ADR 0028) in a real browser: every workspace page (the
// list comes from the route files, plus one tender, one document and one scenario assessment
// found by following links) opens with its own title as its only h1 — the breadcrumb's last step,
// or the workspace's name on its overview — within 250 px of the top at 1280 px, and skips no
// heading level. The site header and the tab nav keep to one line at 1024 and 1280 px with a
// long workspace name and a long user name, in Dutch and English (at 1280 px every tab shows; at
// 1024 px the strip may scroll in its own box, the current tab in view), and nothing scrolls
// sideways at 320 and 390 px. Governance and Formatie open with "Op deze pagina", whose links reach sections.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserHarness } from "./harness";
import { expectVisible } from "./expect-page";
import { firstRecord, ROUTES, WORKSPACE, workspacePages } from "./pages";

const harness = browserHarness();

const LONG_WORKSPACE = "Regionale samenwerking Sociaal Domein Noord- en Midden-Limburg";
const LONG_SLUG = "sociaal-domein-noord-midden-limburg";
const LONG_USER = "Maximiliaan Alexander van der Heijden-Oppenhuizen tot Nederweert";

interface Outline {
  h1s: string[];
  h1Top: number;
  crumb: string;
  /** Heading levels in document order. */
  levels: { level: number; text: string }[];
}

const squeeze = (text: string | null | undefined) => (text ?? "").replace(/\s+/g, " ").trim();

/** The page's headings, its h1s and where the first sits, and the breadcrumb's last step. */
async function outline(page: Page): Promise<Outline> {
  const raw = await page.evaluate(() => {
    const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"));
    const h1s = headings.filter((h) => h.tagName === "H1");
    const crumbs = Array.from(document.querySelectorAll(".rt-breadcrumb a"));
    return {
      h1s: h1s.map((h) => h.textContent),
      h1Top: h1s[0] ? h1s[0].getBoundingClientRect().top + window.scrollY : Number.POSITIVE_INFINITY,
      crumb: crumbs[crumbs.length - 1]?.textContent ?? null,
      levels: headings.map((h) => ({ level: Number(h.tagName.slice(1)), text: h.textContent })),
    };
  });
  return { h1s: raw.h1s.map(squeeze), h1Top: raw.h1Top, crumb: squeeze(raw.crumb), levels: raw.levels.map((l) => ({ level: l.level, text: squeeze(l.text).slice(0, 60) })) };
}

/** Where the outline skips a level (h1 → h3), or does not start with the h1. */
function skips(levels: Outline["levels"]): string[] {
  const found: string[] = [];
  if (levels[0]?.level !== 1) found.push(`starts with h${levels[0]?.level ?? "-"} "${levels[0]?.text ?? ""}"`);
  for (let i = 1; i < levels.length; i++) {
    const [before, here] = [levels[i - 1]!, levels[i]!];
    if (here.level > before.level + 1) found.push(`h${before.level} "${before.text}" → h${here.level} "${here.text}"`);
  }
  return found;
}

/** How many lines the header's items and the tab nav's tabs take, and whether anything is wider than the window. */
async function lines(page: Page) {
  return page.evaluate(() => {
    // How many lines the elements take: one that does not overlap a line vertically starts another.
    const rows = (elements: Element[]) => {
      const boxes = elements.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
      const found: { top: number; bottom: number }[] = [];
      for (const box of boxes) {
        const line = found.find((l) => box.top < l.bottom - 2 && box.bottom > l.top + 2);
        if (!line) found.push({ top: box.top, bottom: box.bottom });
      }
      return found.length;
    };
    const header = document.querySelector(".rt-header__inner");
    const nav = document.querySelector(".rt-nav");
    const tabs = document.querySelector(".rt-tabs ul");
    const user = document.querySelector(".rt-nav__user");
    return {
      header: rows([header?.querySelector(".rt-logo"), ...Array.from(nav?.children ?? []).filter((c) => !c.classList.contains("rt-nav__spacer"))].filter((e): e is Element => e != null)),
      headerHeight: header?.getBoundingClientRect().height ?? 0,
      tabs: rows(Array.from(tabs?.querySelectorAll("li") ?? [])),
      tabsFit: tabs ? tabs.scrollWidth <= tabs.clientWidth + 1 : false,
      // The current tab is inside the strip's visible box (it may scroll in its own box).
      activeShown: (() => {
        const active = tabs?.querySelector(".rt-tab--active")?.getBoundingClientRect();
        const box = tabs?.getBoundingClientRect();
        // A page without a tab of its own (publishing, the export) has no current tab.
        return active === undefined || (box !== undefined && active.left >= box.left - 1 && active.right <= box.right + 1);
      })(),
      userShown: user ? user.getBoundingClientRect().width > 0 : false,
      pageWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    };
  });
}

describe("the page template", () => {
  it("derives the pages for another workspace too", () => {
    expect(workspacePages(["w.$workspace.formatie.tsx", "w_.$workspace.beheer.tsx"], "x")).toEqual(["/w/x/beheer", "/w/x/formatie"]);
    expect(skips([{ level: 1, text: "a" }, { level: 3, text: "b" }])).toEqual(['h1 "a" → h3 "b"']);
    expect(skips([{ level: 2, text: "a" }])).toHaveLength(1);
    expect(skips([{ level: 1, text: "a" }, { level: 2, text: "b" }, { level: 3, text: "c" }, { level: 2, text: "d" }])).toEqual([]);
  });

  it("every workspace page opens with its own title as its only h1, near the top, and skips no heading level", async () => {
    const { page, errors } = await harness.signIn("admin@demo.regiotafel.nl");
    await page.setViewportSize({ width: 1280, height: 800 });
    const pages = workspacePages(readdirSync(ROUTES));
    const tender = await firstRecord(page, `/w/${WORKSPACE}/aanbestedingen`);
    const document = await firstRecord(page, `/w/${WORKSPACE}/documenten`);
    const assessment = await firstRecord(page, `/w/${WORKSPACE}/scenarios`);
    const visited = [...pages, `/w/${WORKSPACE}/documenten?gearchiveerd=1`, tender, document, assessment];
    expect(visited.length).toBeGreaterThan(15);

    const wrong: string[] = [];
    for (const path of visited) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(400);
      // The editor renders the text's own headings once it has loaded.
      if (path === document) await page.getByRole("toolbar").waitFor({ timeout: 20_000 });
      const found = await outline(page);
      if (found.h1s.length !== 1) wrong.push(`${path}: ${found.h1s.length} h1 (${found.h1s.join(" | ")})`);
      if (found.h1s[0] !== found.crumb) wrong.push(`${path}: h1 "${found.h1s[0]}" is not the breadcrumb's last step "${found.crumb}"`);
      if (found.h1Top > 250) wrong.push(`${path}: h1 at ${Math.round(found.h1Top)} px`);
      for (const skip of skips(found.levels)) wrong.push(`${path}: ${skip}`);
    }
    expect(wrong).toEqual([]);

    // The overview's h1 is the workspace's name; a record's is its own title.
    await page.goto(`/w/${WORKSPACE}`);
    expect((await outline(page)).h1s).toEqual(["Samenwerking inkoop sociaal domein Limburg"]);
    expect(errors).toEqual([]);
  }, 180_000);

  it("the pages outside a workspace have one h1 as their title near the top, and skip no heading level", async () => {
    const { page, errors } = await harness.signIn("platform@demo.regiotafel.nl");
    await page.setViewportSize({ width: 1280, height: 800 });
    const signedIn = ["/", "/account", "/bibliotheek", "/zoeken?q=Weert", "/platform", "/platform/gebruikers", "/platform/organisaties", "/platform/werkruimtes", "/platform/werkruimtes/nieuw", "/platform/import"];
    await page.goto("/bibliotheek");
    const template = (await page.locator('main a[href^="/bibliotheek/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))).find((h) => /^\/bibliotheek\/[0-9a-f-]{36}$/.test(h));
    if (template) signedIn.push(template);
    const token = "A".repeat(43);
    const signedOut = ["/login", "/wachtwoord-vergeten", `/setup/${token}`, `/uitnodiging/${token}`, `/wachtwoord-herstellen/${token}`, `/e-mailadres-bevestigen/${token}`, "/bestaat-niet"];
    const anonymous = await page.context().browser()!.newContext({ baseURL: harness.url });
    const outside = await anonymous.newPage();
    const wrong: string[] = [];
    for (const [tab, paths] of [
      [page, signedIn],
      [outside, signedOut],
    ] as const) {
      for (const path of paths) {
        await tab.goto(path);
        const found = await outline(tab);
        if (found.h1s.length !== 1) wrong.push(`${path}: ${found.h1s.length} h1`);
        if (found.h1Top > 250) wrong.push(`${path}: h1 at ${Math.round(found.h1Top)} px`);
        for (const skip of skips(found.levels)) wrong.push(`${path}: ${skip}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(errors).toEqual([]);
    await anonymous.close();
  }, 120_000);

  it("Governance and Formatie open with 'Op deze pagina', whose links reach sections with their own heading", async () => {
    const { page, errors } = await harness.signIn("admin@demo.regiotafel.nl");
    for (const [path, minimum] of [
      [`/w/${WORKSPACE}/governance`, 3],
      [`/w/${WORKSPACE}/formatie`, 3],
    ] as const) {
      await page.goto(path);
      const nav = page.getByRole("navigation", { name: "Op deze pagina" });
      await expectVisible(nav);
      const targets = await nav.locator("a").evaluateAll((links) =>
        links.map((a) => {
          const id = (a.getAttribute("href") ?? "").replace(/^#/, "");
          const target = document.getElementById(id);
          const firstH2 = document.querySelector("main h2");
          return {
            href: a.getAttribute("href"),
            exists: target !== null,
            heading: target?.querySelector("h2, h3")?.textContent?.trim() ?? null,
            // The navigation comes before the page's first section.
            beforeSections: firstH2 !== null && (a.compareDocumentPosition(firstH2) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
          };
        }),
      );
      expect(targets.length, path).toBeGreaterThanOrEqual(minimum);
      for (const target of targets) {
        expect(target.href, path).toMatch(/^#[\w-]+$/);
        expect(target, `${path} ${target.href}`).toMatchObject({ exists: true, beforeSections: true });
        expect(target.heading, `${path} ${target.href}`).toBeTruthy();
      }
      // Following a link moves there (works without JavaScript: a plain in-page link).
      await nav.locator("a").last().click();
      expect(new URL(page.url()).hash).toBe(targets[targets.length - 1]!.href);
    }
    // In English too.
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expectVisible(page.getByRole("navigation", { name: "On this page" }));
    expect(errors).toEqual([]);
  }, 90_000);

  it("keeps the header and the tab nav to one line at 1024 and 1280 px with a long workspace and user name; nothing scrolls sideways at 320 and 390 px", async () => {
    // A workspace with a long name (its creator, the platform administrator, becomes its admin) ...
    const { page, errors } = await harness.signIn("platform@demo.regiotafel.nl");
    await page.goto("/platform/werkruimtes/nieuw");
    await page.getByLabel("Naam", { exact: true }).fill(LONG_WORKSPACE);
    await page.getByLabel("Adres (slug)").fill(LONG_SLUG);
    const region = page.getByRole("group", { name: "Regio 1" });
    await region.getByLabel("Regio", { exact: true }).fill("Twente-Noord");
    await region.getByLabel("Gemeenten", { exact: true }).fill("Enschede");
    await page.getByRole("button", { name: "Werkruimte aanmaken" }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe(`/w/${LONG_SLUG}`);

    // ... and an admin with a long name, through an invitation.
    await page.goto(`/w/${LONG_SLUG}/leden`);
    const form = page.getByRole("form", { name: "Uitnodigen" });
    await form.getByLabel("E-mailadressen").fill("lange.naam@example.org");
    await form.getByLabel("Organisatie").selectOption({ label: "Enschede" });
    await form.getByLabel("Rol", { exact: true }).selectOption({ label: "Beheerder" });
    await form.getByRole("button", { name: "Uitnodigen" }).click();
    let link: string | undefined;
    await expect
      .poll(async () => {
        link = /http:\/\/localhost:\d+\/uitnodiging\/[A-Za-z0-9_-]{43}/.exec(await (await page.request.get("/dev/mail")).text())?.[0];
        return link;
      }, { timeout: 20_000 })
      .toBeDefined();
    const context = await page.context().browser()!.newContext({ baseURL: harness.url, locale: "nl-NL" });
    const tab = await context.newPage();
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.goto(link!);
    await tab.getByLabel("Naam").fill(LONG_USER);
    await tab.getByLabel("Wachtwoord", { exact: true }).fill("een-lang-wachtwoord");
    await tab.getByLabel("Wachtwoord herhalen").fill("een-lang-wachtwoord");
    await tab.getByRole("button", { name: "Account aanmaken en uitnodiging accepteren" }).click();
    // Two password hashes at full cost (create, sign in), on a machine shared with other tests.
    await expect.poll(() => new URL(tab.url()).pathname, { timeout: 60_000 }).toBe(`/w/${LONG_SLUG}`);
    await expectVisible(tab.getByRole("link", { name: "Beheer", exact: true }));

    const pages = workspacePages(readdirSync(ROUTES), LONG_SLUG).filter((p) => !p.endsWith("/beheer"));
    const wrong: string[] = [];
    for (const locale of ["nl", "en"]) {
      if (locale === "en") await tab.getByRole("button", { name: "Switch to English" }).click();
      for (const width of [1024, 1280]) {
        await tab.setViewportSize({ width, height: 800 });
        for (const path of pages) {
          await tab.goto(path);
          // Once the page runs its script, the layout scrolls the current tab into view (where the strip scrolls).
          await tab
            .waitForFunction(() => {
              const active = document.querySelector(".rt-tabs .rt-tab--active")?.getBoundingClientRect();
              const box = document.querySelector(".rt-tabs ul")?.getBoundingClientRect();
              // A page without a tab of its own (the export) has no current tab.
              return active === undefined || (box !== undefined && active.left >= box.left - 1 && active.right <= box.right + 1);
            }, null, { timeout: 5_000 })
            .catch(() => undefined);
          const found = await lines(tab);
          const where = `${locale} ${width} px ${path}`;
          if (found.header !== 1 || found.headerHeight > 80) wrong.push(`${where}: header on ${found.header} lines, ${Math.round(found.headerHeight)} px high`);
          if (!found.userShown) wrong.push(`${where}: the user's name is not shown`);
          if (found.tabs !== 1) wrong.push(`${where}: tab nav on ${found.tabs} lines`);
          // At 1280 px every tab shows; at 1024 px the strip may scroll in its own box, with the current tab in view.
          if (width === 1280 && !found.tabsFit) wrong.push(`${where}: the tab nav does not show every tab`);
          if (!found.activeShown) wrong.push(`${where}: the current tab is out of view`);
          if (found.pageWidth > found.innerWidth) wrong.push(`${where}: page ${found.pageWidth} px wide`);
          if (width === 1280) {
            const top = (await outline(tab)).h1Top;
            if (top > 250) wrong.push(`${where}: h1 at ${Math.round(top)} px`);
          }
        }
      }
      // Narrow screens: the header and the tabs may wrap or scroll in their own box, the page never sideways.
      for (const width of [320, 390]) {
        await tab.setViewportSize({ width, height: 800 });
        for (const path of [`/w/${LONG_SLUG}`, `/w/${LONG_SLUG}/formatie`, `/w/${LONG_SLUG}/werkruimte-export`, `/w/${LONG_SLUG}/beheer`]) {
          await tab.goto(path);
          const found = await lines(tab);
          if (found.pageWidth > found.innerWidth) wrong.push(`${locale} ${width} px ${path}: page ${found.pageWidth} px wide`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
