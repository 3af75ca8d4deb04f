// The workspace pages the browser tests visit, derived from the route files (ADR 0027), and the
// records found by following links. In a module of its own: a test file that imports another
// test file would run that file's tests too.
import type { Page } from "playwright-core";

export const WORKSPACE = "limburg";
export const ROUTES = new URL("../../app/src/routes/", import.meta.url).pathname;

/** Workspace pages without parameters of their own, as URLs (`w.$workspace.x_.y.tsx` → `/w/limburg/x/y`). */
export function workspacePages(files: string[], workspace = WORKSPACE): string[] {
  const pages = new Set<string>();
  for (const file of files) {
    if (!file.endsWith(".tsx")) continue;
    const name = file.slice(0, -".tsx".length);
    // A file download ("export[.]zip") is no page.
    if (name.includes("[")) continue;
    const segments = name.split(".");
    if (!/^w_?$/.test(segments[0]!) || segments[1] !== "$workspace") continue;
    const rest = segments.slice(2).filter((s) => s !== "_index");
    if (rest.some((s) => s.startsWith("$"))) continue;
    pages.add(["", "w", workspace, ...rest.map((s) => s.replace(/_$/, ""))].join("/"));
  }
  return [...pages].sort();
}

/** The first link on `listPath` to a record below it (`/w/limburg/aanbestedingen/<id>`). */
export async function firstRecord(page: Page, listPath: string): Promise<string> {
  await page.goto(listPath);
  const hrefs = await page.locator(`main a[href^="${listPath}/"]`).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.map((h) => h.split(/[?#]/)[0]!).find((h) => /^\/w\/[^/]+\/[^/]+\/[^/]+$/.test(h));
  if (!href) throw new Error(`no record linked from ${listPath}`);
  return href;
}
