// `pnpm screenshots`: the screenshots in docs/screenshots/, refreshed. Starts the built server on
// its own fresh demo database (as the browser tests do), signs in as Weert's editor, and saves
// the workspace home, a tender, Formatie and the document editor at 1280 and 390 px wide
// (viewport high, not the full page, so the files stay small), overwriting the old ones.
import { mkdirSync } from "node:fs";
import { startServerProcess } from "@regiotafel/server/testing";
import type { Page } from "playwright-core";
import { launchPlainChromium } from "./chromium";
import { overflowProblem } from "./overflow";
import { signInWithPassword } from "./sign-in";


const OUT = new URL("../../docs/screenshots/", import.meta.url).pathname;
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/** The address of the first link on `listPath` that matches `pattern`. */
async function linkOn(page: Page, listPath: string, pattern: RegExp): Promise<string> {
  await page.goto(listPath);
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.map((h) => h.split(/[?#]/)[0]!).find((h) => pattern.test(h));
  if (!href) throw new Error(`no link matching ${pattern} on ${listPath}`);
  return href;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startServerProcess();
  const browser = await launchPlainChromium();
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: WIDTHS[0], locale: "nl-NL" });
    const page = await context.newPage();
    await signInWithPassword(page, "weert@demo.regiotafel.nl");
    await page.waitForURL(`${server.url}/`);

    const shots: { name: string; path: string; ready?: (page: Page) => Promise<void> }[] = [
      { name: "home", path: "/w/limburg" },
      { name: "tender", path: await linkOn(page, "/w/limburg/aanbestedingen", /^\/w\/limburg\/aanbestedingen\/[0-9a-f-]{36}$/) },
      { name: "formatie", path: "/w/limburg/formatie" },
      {
        name: "editor",
        path: await linkOn(page, "/w/limburg/documenten", /^\/w\/limburg\/documenten\/[0-9a-f-]{36}$/),
        ready: (p) => p.locator('[data-sync-state="saved"]').waitFor({ timeout: 20_000 }),
      },
    ];
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      for (const shot of shots) {
        await page.goto(shot.path);
        await shot.ready?.(page);
        await page.evaluate(() => document.fonts.ready);
        const wide = await overflowProblem(page);
        if (wide) console.warn(`${shot.name} at ${size.width} px scrolls sideways: ${wide}`);
        const file = `${OUT}${shot.name}-${size.width}.png`;
        await page.screenshot({ path: file, fullPage: false });
        console.log(`saved ${file}`);
      }
    }
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
