// The accessibility audit (issue 18, docs/decisions/0029-accessibility-audit.md): every page of
// the app — its list derived from the route files, so a route added later is visited or makes
// this test fail — in Dutch and in English, at 1280 and 390 px, runs axe-core's WCAG 2.0/2.1 A
// and AA rules in the real Chromium without a violation, does not scroll sideways, and links
// the accessibility statement from its footer. Every page also fits 320 px and 200 % zoom.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startServerProcess, type ServerProcess } from "@regiotafel/server/testing";
import { launchChromium } from "./browser";
import { signInWithPassword } from "./harness";
import { overflowProblem } from "./overflow";
import { ROUTES, WORKSPACE } from "./pages";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Persona = "anonymous" | "admin" | "moderator" | "platform";
const EMAIL: Record<Exclude<Persona, "anonymous">, string> = {
  admin: "admin@demo.regiotafel.nl", // administrator of the Limburg workspace
  moderator: "redactie@demo.regiotafel.nl", // the learning network's editors
  platform: "platform@demo.regiotafel.nl", // platform administrator
};

/** Route files that are not pages: downloads, form endpoints, a layout. */
export const NOT_PAGES: Record<string, string> = {
  "logout.tsx": "form endpoint (sign out)",
  "taal.tsx": "form endpoint (language switch)",
  "account_.mijn-gegevens[.]json.tsx": "JSON download of one's own data",
  "platform_.gemeenten-zoeken.tsx": "JSON answers of the municipality search",
  "w.$workspace.export.$file.tsx": "CSV download",
  "w.$workspace.werkruimte-export[.]zip.tsx": "ZIP download",
  "w.$workspace.tsx": "the layout of every workspace page (visited through them)",
  "meldingen.$id.tsx": "opens a notification: marks it read and redirects to its place",
};

const INVALID_TOKEN = "x".repeat(43);
const DOCUMENT_LIST = `/w/${WORKSPACE}/documenten`;

/** Route files whose address has a parameter: how to find one (a path, or links to follow). */
const PARAMETERISED: Record<string, { persona: Persona; path: string | ((page: Page) => Promise<string>); status?: number }> = {
  "$.tsx": { persona: "anonymous", path: "/deze-pagina-bestaat-niet", status: 404 },
  "setup.$token.tsx": { persona: "anonymous", path: `/setup/${INVALID_TOKEN}`, status: 404 },
  "uitnodiging.$token.tsx": { persona: "anonymous", path: `/uitnodiging/${INVALID_TOKEN}`, status: 404 },
  "wachtwoord-herstellen.$token.tsx": { persona: "anonymous", path: `/wachtwoord-herstellen/${INVALID_TOKEN}`, status: 404 },
  // Opening the link changes nothing (mail scanners open links): the page with its button.
  "e-mailadres-bevestigen.$token.tsx": { persona: "anonymous", path: `/e-mailadres-bevestigen/${INVALID_TOKEN}` },
  // A notification mail's unsubscribe link that no longer works (ADR 0038): the 404 page.
  "meldingen.afmelden.$token.tsx": { persona: "anonymous", path: `/meldingen/afmelden/${INVALID_TOKEN}`, status: 404 },
  // The learning network's editors see its templates (the workspace admin is in no network).
  // Signing in through an organisation's provider (ADR 0035): what a stale or forged link shows.
  "inloggen.sso.tsx": { persona: "anonymous", path: "/inloggen/sso?state=onbekend&code=x", status: 400 },
  "inloggen.koppelen._index.tsx": { persona: "anonymous", path: `/inloggen/koppelen?token=${INVALID_TOKEN}`, status: 404 },
  "inloggen.koppelen.$token.tsx": { persona: "anonymous", path: `/inloggen/koppelen/${INVALID_TOKEN}`, status: 404 },
  "organisatie.$organisationId.inloggen.tsx": { persona: "platform", path: (page) => linkedBelow(page, "/platform/organisaties?q=Weert", /^\/organisatie\/[0-9a-f-]{36}\/inloggen$/) },
  "bibliotheek.$templateId.tsx": { persona: "moderator", path: (page) => linkedBelow(page, "/bibliotheek", /^\/bibliotheek\/(?!beoordelen$)[^/]+$/) },
  "w.$workspace.aanbestedingen.$tenderId.tsx": { persona: "admin", path: (page) => linkedBelow(page, `/w/${WORKSPACE}/aanbestedingen`, /^\/w\/[^/]+\/aanbestedingen\/[0-9a-f-]{36}$/) },
  "w.$workspace.documenten.$documentId.tsx": { persona: "admin", path: (page) => linkedBelow(page, DOCUMENT_LIST, /^\/w\/[^/]+\/documenten\/[0-9a-f-]{36}$/) },
  // A record's discussions as a page of its own (what a browser without JavaScript opens).
  "w.$workspace.reacties.tsx": {
    persona: "admin",
    path: async (page) => {
      const tender = await linkedBelow(page, `/w/${WORKSPACE}/aanbestedingen`, /^\/w\/[^/]+\/aanbestedingen\/[0-9a-f-]{36}$/);
      return `/w/${WORKSPACE}/reacties?onderwerp=tender:${tender.split("/").pop()}&terug=${encodeURIComponent(tender)}`;
    },
  },
  "w.$workspace.scenarios.$assessmentId.tsx": { persona: "admin", path: (page) => linkedBelow(page, `/w/${WORKSPACE}/scenarios`, /^\/w\/[^/]+\/scenarios\/[0-9a-f-]{36}$/) },
};

/** Pages that need no sign-in, and those only a moderator or platform administrator sees. */
const PERSONA_OF: Record<string, Persona> = {
  "login.tsx": "anonymous",
  "wachtwoord-vergeten.tsx": "anonymous",
  "toegankelijkheid.tsx": "anonymous",
  "fout.tsx": "anonymous",
  "bibliotheek.beoordelen.tsx": "moderator",
};

/** The address of a route file without parameters (`platform_.werkruimtes.nieuw.tsx` → `/platform/werkruimtes/nieuw`). */
export function routePath(file: string): string {
  const segments = file
    .slice(0, -".tsx".length)
    .replace(/\[\.\]/g, "~")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, "").replace(/~/g, ".").replace("$workspace", WORKSPACE));
  return `/${segments.join("/")}`;
}

export interface Visit {
  file: string;
  persona: Persona;
  path: string | ((page: Page) => Promise<string>);
  status: number;
}

/** What to visit for each route file; a route file it does not know (a new parameter) throws. */
export function visits(files: string[]): Visit[] {
  const result: Visit[] = [];
  const unknown: string[] = [];
  for (const file of files.filter((f) => f.endsWith(".tsx")).sort()) {
    if (file in NOT_PAGES) continue;
    const known = PARAMETERISED[file];
    if (known) {
      result.push({ file, persona: known.persona, path: known.path, status: known.status ?? 200 });
      continue;
    }
    // The workspace is always Limburg; any other parameter needs a way to find a value.
    if (file.replace("$workspace", "").includes("$") || file.includes("[")) {
      unknown.push(file);
      continue;
    }
    const persona = PERSONA_OF[file] ?? (file.startsWith("platform") ? "platform" : "admin");
    result.push({ file, persona, path: routePath(file), status: file === "fout.tsx" ? 404 : 200 });
  }
  if (unknown.length > 0) throw new Error(`route files the accessibility test does not know how to visit: ${unknown.join(", ")} — add them to PARAMETERISED or NOT_PAGES`);
  return result;
}

/** The first link on `listPath` whose address matches `pattern`. */
async function linkedBelow(page: Page, listPath: string, pattern: RegExp): Promise<string> {
  await page.goto(listPath);
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.map((h) => h.split(/[?#]/)[0]!).find((h) => pattern.test(h));
  if (!href) throw new Error(`no link matching ${pattern} on ${listPath}`);
  return href;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now. */
async function axeViolations(page: Page): Promise<Violation[]> {
  // page.evaluate runs outside the page's Content-Security-Policy (a script tag would be refused).
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  }, AXE_TAGS);
}

interface Run {
  name: string;
  locale: "nl" | "en";
  width: number;
  height: number;
  deviceScaleFactor?: number;
  axe: boolean;
}

const FOOTER_LINK = { nl: "Toegankelijkheid", en: "Accessibility" };

let server: ServerProcess;
let browser: Browser;
const sessions = new Map<Persona, Awaited<ReturnType<BrowserContext["storageState"]>>>();
const resolved = new Map<string, string>();

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** A signed-in session (through the login form, once per persona), as cookies for new contexts. */
async function sessionOf(persona: Persona) {
  if (persona === "anonymous") return undefined;
  const known = sessions.get(persona);
  if (known) return known;
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await signInWithPassword(page, EMAIL[persona]);
  await page.waitForURL(`${server.url}/`);
  const state = await context.storageState();
  await context.close();
  sessions.set(persona, state);
  return state;
}

/** Visits each page of `persona` in one browser context per run; returns the problems found. */
async function audit(persona: Persona, runs: Run[]): Promise<{ problems: string[]; pages: number }> {
  const own = visits(readdirSync(ROUTES)).filter((v) => v.persona === persona);
  const problems: string[] = [];
  const storageState = await sessionOf(persona);
  for (const run of runs) {
    const context = await browser.newContext({
      baseURL: server.url,
      storageState,
      viewport: { width: run.width, height: run.height },
      deviceScaleFactor: run.deviceScaleFactor ?? 1,
    });
    await context.addCookies([{ name: "regiotafel_lang", value: run.locale, url: server.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    for (const visit of own) {
      let path = resolved.get(visit.file);
      if (!path) {
        path = typeof visit.path === "string" ? visit.path : await visit.path(page);
        resolved.set(visit.file, path);
      }
      const where = `${run.name} ${path} (${visit.file})`;
      const response = await page.goto(path);
      if (response?.status() !== visit.status) problems.push(`${where}: status ${response?.status()}, expected ${visit.status}`);
      if (path.startsWith(DOCUMENT_LIST + "/")) await page.locator("[data-sync-state]").waitFor({ timeout: 20_000 });
      await page.waitForLoadState("load");
      if (run.axe) {
        for (const v of await axeViolations(page)) problems.push(`${where}: axe ${v.id} (${v.impact}) — ${v.help} — ${v.targets.join(" ")}`);
      }
      const wide = await overflowProblem(page);
      if (wide) problems.push(`${where}: scrolls sideways, ${wide}`);
      const footer = page.locator("footer").getByRole("link", { name: FOOTER_LINK[run.locale], exact: true });
      if ((await footer.count()) !== 1 || (await footer.getAttribute("href")) !== "/toegankelijkheid") problems.push(`${where}: no footer link to the accessibility statement`);
      if ((await page.locator("html").getAttribute("lang")) !== run.locale) problems.push(`${where}: html lang is not ${run.locale}`);
    }
    if (errors.length > 0) problems.push(`${run.name}: page errors ${errors.join("; ")}`);
    await context.close();
  }
  return { problems, pages: own.length };
}

const BOTH_WIDTHS: Run[] = (["nl", "en"] as const).flatMap((locale) => [
  { name: `${locale}@1280`, locale, width: 1280, height: 800, axe: true },
  { name: `${locale}@390`, locale, width: 390, height: 844, axe: true },
]);
const NARROW_AND_ZOOM: Run[] = [
  { name: "nl@320", locale: "nl", width: 320, height: 640, axe: false },
  // A 1280 × 800 window at 200 % zoom: a 640 × 400 CSS viewport at twice the pixel density.
  { name: "en@200%", locale: "en", width: 640, height: 400, deviceScaleFactor: 2, axe: false },
];

describe("accessibility audit", () => {
  it("knows how to visit every route file, and fails on one it does not know", () => {
    const all = visits(readdirSync(ROUTES));
    const files = readdirSync(ROUTES).filter((f) => f.endsWith(".tsx"));
    expect(all.length + Object.keys(NOT_PAGES).filter((f) => files.includes(f)).length).toBe(files.length);
    expect(all.map((v) => v.file)).toContain("toegankelijkheid.tsx");
    expect(routePath("platform_.werkruimtes._index.tsx")).toBe("/platform/werkruimtes");
    expect(routePath("w_.$workspace.beheer.tsx")).toBe(`/w/${WORKSPACE}/beheer`);
    expect(routePath("_index.tsx")).toBe("/");
    expect(visits(["nieuw.tsx"])).toMatchObject([{ file: "nieuw.tsx", persona: "admin", path: "/nieuw" }]);
    expect(() => visits(["w.$workspace.nieuw.$id.tsx"])).toThrow(/w\.\$workspace\.nieuw\.\$id\.tsx/);
    expect(() => visits(["w.$workspace.bijlage[.]pdf.tsx"])).toThrow(/bijlage/);
  });

  it("the accessibility statement is public, in both languages, with its status, contact and the enforcement procedure", async () => {
    for (const [locale, title, status, ombudsman] of [
      ["nl", "Toegankelijkheidsverklaring", "Regiotafel voldoet gedeeltelijk aan WCAG 2.1 niveau AA.", "Nationale ombudsman: klacht indienen"],
      ["en", "Accessibility statement", "Regiotafel partially complies with WCAG 2.1 level AA.", "National Ombudsman: file a complaint"],
    ] as const) {
      const context = await browser.newContext({ baseURL: server.url });
      await context.addCookies([{ name: "regiotafel_lang", value: locale, url: server.url }]);
      const page = await context.newPage();
      const response = await page.goto("/toegankelijkheid");
      expect(response?.status()).toBe(200);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(title);
      expect(await page.getByTestId("compliance-status").innerText()).toBe(status);
      expect(await page.getByTestId("accessibility-contact").getByRole("link").getAttribute("href")).toBe("mailto:toegankelijkheid@regiotafel.nl");
      expect(await page.getByRole("link", { name: ombudsman }).getAttribute("href")).toMatch(/^https:\/\/www\.nationaleombudsman\.nl\//);
      expect(await page.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (locale === "en") {
        // Dutch only as the document's Dutch name, explained (and in the default contact address).
        const text = (await page.locator("main").innerText()).replace("‘toegankelijkheidsverklaring’", "").replace("toegankelijkheid@regiotafel.nl", "");
        expect(text).not.toMatch(/toegankelijk|voldoet|gemeente|klacht/i);
      }
      await context.close();
    }
  });

  for (const persona of ["anonymous", "admin", "moderator", "platform"] as const) {
    it(`every ${persona} page: no axe violation (WCAG 2.1 A/AA), no sideways scrolling, the footer link — nl and en, 1280 and 390 px`, async () => {
      const { problems, pages } = await audit(persona, BOTH_WIDTHS);
      expect(pages).toBeGreaterThan(0);
      expect(problems, problems.join("\n")).toEqual([]);
    }, 900_000);
  }

  it("no page scrolls sideways at 320 px or at 200 % zoom", async () => {
    const problems: string[] = [];
    for (const persona of ["anonymous", "admin", "moderator", "platform"] as const) problems.push(...(await audit(persona, NARROW_AND_ZOOM)).problems);
    expect(problems, problems.join("\n")).toEqual([]);
  }, 900_000);
});
