// The main tasks with the keyboard alone (issue 18, WCAG 2.1.1 and 2.4.7): sign in, edit the
// joint strategy, opt in to a lot, score a scenario, publish a template. Only page.keyboard
// moves and acts (Tab, Shift+Tab, Enter, Space, arrows, typing) — no clicks, no fill, no focus();
// page.goto opens a task's starting page as a typed address would. Every element the Tab key
// reaches must show where the focus is (an outline or a box shadow), and the first one is the
// skip link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServerProcess, type ServerProcess } from "@regiotafel/server/testing";
import { launchChromium } from "./browser";
import { expectVisible } from "./expect-page";
import { DEMO_PASSWORD } from "./harness";

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

interface Focused {
  tag: string;
  name: string;
  /** The accessible name of the group (role=group, fieldset, form) around it, if any. */
  group: string;
  visible: boolean;
  pressed: string | null;
  editable: boolean;
}

/** What has the focus, its name as a user would hear it, and whether its focus indicator shows. */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const labelled = el.getAttribute("aria-labelledby");
    const input = el as HTMLInputElement;
    const name = (
      el.getAttribute("aria-label") ||
      (labelled ? labelled.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join(" ") : "") ||
      (input.labels && input.labels.length > 0 ? input.labels[0]!.textContent : "") ||
      // Its text without what is hidden from assistive technology ("3" shown, "3 punten" read).
      ((clone) => {
        clone.querySelectorAll("[aria-hidden=true]").forEach((hidden) => hidden.remove());
        return clone.textContent;
      })(el.cloneNode(true) as HTMLElement) ||
      ""
    )
      .replace(/\s+/g, " ")
      .trim();
    const group = el.closest("[role=group], fieldset, form[aria-label], form[aria-labelledby]");
    const groupName = group ? (group.getAttribute("aria-label") ?? (group.getAttribute("aria-labelledby") ? document.getElementById(group.getAttribute("aria-labelledby")!)?.textContent ?? "" : "")) : "";
    // An outline or box shadow on the element, or (a card's stretched link) on its ::after box.
    const shows = (style: CSSStyleDeclaration) => (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    const after = getComputedStyle(el, "::after");
    const visible = shows(getComputedStyle(el)) || (after.content !== "none" && (shows(after) || after.backgroundColor !== "rgba(0, 0, 0, 0)"));
    return { tag: el.tagName.toLowerCase(), name, group: groupName.trim(), visible, pressed: el.getAttribute("aria-pressed"), editable: el.isContentEditable };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches; fails when it is not reached
 * within `limit` presses, or when an element on the way shows no focus indicator.
 */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, options: { backwards?: boolean; limit?: number } = {}): Promise<Focused> {
  const passed: string[] = [];
  for (let i = 0; i < (options.limit ?? 400); i++) {
    await page.keyboard.press(options.backwards ? "Shift+Tab" : "Tab");
    const now = await focused(page);
    if (!now) continue;
    if (!now.visible) throw new Error(`no visible focus indicator on <${now.tag}> "${now.name.slice(0, 60)}" (on the way to ${what}, ${page.url()})`);
    if (match(now)) return now;
    passed.push(now.name.slice(0, 30));
  }
  throw new Error(`could not reach ${what} with the Tab key on ${page.url()}; passed: ${passed.join(" | ")}`);
}

const named = (pattern: RegExp) => (f: Focused) => pattern.test(f.name);

/** A closed native select: Home, then ArrowDown until the wanted option is chosen. */
async function chooseOption(page: Page, label: RegExp) {
  await page.keyboard.press("Home");
  for (let i = 0; i < 50; i++) {
    const chosen = await page.evaluate(() => {
      const select = document.activeElement as HTMLSelectElement;
      return select.selectedOptions[0]?.textContent ?? "";
    });
    if (label.test(chosen)) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no option ${label} in the focused select`);
}

/** Signs in with the keyboard alone: the skip link first, then the e-mail address, Enter, the password (focused), Enter. */
async function signInByKeyboard(email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto("/login");
  await page.keyboard.press("Tab");
  const first = await focused(page);
  expect(first?.name).toBe("Direct naar de inhoud");
  expect(first?.visible).toBe(true);
  await tabTo(page, (f) => f.tag === "input" && f.name === "E-mailadres", "the e-mail field");
  await page.keyboard.type(email);
  await page.keyboard.press("Enter");
  // The next step puts the focus in the password field.
  await expect.poll(async () => (await focused(page))?.name).toBe("Wachtwoord");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/`, { timeout: 20_000 });
  return page;
}

describe("keyboard only", () => {
  it("the skip link is the first stop and moves the focus to the content", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/toegankelijkheid");
    await page.keyboard.press("Tab");
    expect((await focused(page))?.name).toBe("Direct naar de inhoud");
    // The focus check sees a missing indicator (the skip link's outline and shadow removed, then back).
    await page.evaluate(() => (document.activeElement as HTMLElement).style.setProperty("outline", "none", "important"));
    await page.evaluate(() => (document.activeElement as HTMLElement).style.setProperty("box-shadow", "none", "important"));
    expect((await focused(page))?.visible).toBe(false);
    await page.evaluate(() => (document.activeElement as HTMLElement).removeAttribute("style"));
    expect((await focused(page))?.visible).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("inhoud");
    // The next Tab goes into the page's content, past the header.
    const next = await tabTo(page, () => true, "anything", { limit: 1 });
    expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
    expect(next.visible).toBe(true);
    await context.close();
  });

  it("Weert signs in, writes in the joint strategy and opts in to a lot", async () => {
    const page = await signInByKeyboard("weert@demo.regiotafel.nl");

    // The strategy: its link on the documents page, Enter, into the editor, type.
    await page.goto("/w/limburg/documenten");
    await tabTo(page, named(/^Gezamenlijke inkoopstrategie sociaal domein Limburg$/), "the strategy's link");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/w\/limburg\/documenten\/[0-9a-f-]{36}$/);
    await page.locator('[data-sync-state="saved"]').waitFor({ timeout: 20_000 });
    await tabTo(page, (f) => f.editable, "the editor");
    const sentence = "Weert typt deze zin met alleen het toetsenbord. ";
    await page.keyboard.type(sentence);
    await expect.poll(() => page.locator("[data-sync-state]").getAttribute("data-sync-state"), { timeout: 20_000 }).toBe("saved");
    await expectVisible(page.locator("[data-sync-state]").getByText("Opgeslagen"));
    await page.reload();
    await page.locator('[data-sync-state="saved"]').waitFor({ timeout: 20_000 });
    await expectVisible(page.locator(".ProseMirror").getByText(sentence.trim()));

    // The lot: the home says what needs Weert; its link, Enter, then the lot's opt-in button.
    await page.goto("/w/limburg");
    const link = await tabTo(page, named(/^Kies voor perceel /), "the open lot decision on the home page");
    const lot = /^Kies voor perceel (.+) van /.exec(link.name)![1]!;
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/aanbestedingen\/[0-9a-f-]{36}/);
    await tabTo(page, (f) => f.tag === "button" && f.name === `Meedoen met perceel ${lot}`, `the opt-in button of ${lot}`);
    await page.keyboard.press("Enter");
    await expectVisible(page.getByRole("button", { name: `Niet meedoen met perceel ${lot}`, exact: true }));
    await context(page).close();
  }, 120_000);

  it("West's coordinator scores a scenario", async () => {
    const page = await signInByKeyboard("coordinator.west@demo.regiotafel.nl");
    await page.goto("/w/limburg/scenarios");
    await tabTo(page, named(/^Scenario's samenwerking inkoop Midden-Limburg West$/), "the demo assessment's link");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/scenarios\/[0-9a-f-]{36}$/);
    await page.locator('[data-live="connected"]').waitFor({ timeout: 20_000 });
    const button = await tabTo(page, (f) => f.tag === "button" && f.name === "3 punten" && f.group.startsWith("Score van ") && f.pressed !== "true", "a score button");
    await page.keyboard.press("Space");
    await expectVisible(page.getByRole("status").getByText("Opgeslagen."));
    await expectVisible(page.getByRole("group", { name: button.group, exact: true }).getByRole("button", { name: "3 punten", pressed: true }));
    await context(page).close();
  }, 120_000);

  it("Weert publishes a template to the library", async () => {
    const page = await signInByKeyboard("weert@demo.regiotafel.nl");
    await page.goto("/w/limburg/publiceren");
    await tabTo(page, (f) => f.tag === "select" && f.name === "Soort sjabloon", "the kind of template");
    await chooseOption(page, /^Percelenstructuur$/);
    await tabTo(page, (f) => f.tag === "select" && f.name === "Bron", "the source", { limit: 5 });
    await chooseOption(page, /^Wmo-begeleiding Midden-Limburg West$/);
    await tabTo(page, (f) => f.tag === "button" && f.name === "Voorbeeld bekijken", "the preview button", { limit: 5 });
    await page.keyboard.press("Enter");
    await page.waitForURL(/soort=LOT_STRUCTURE/);
    await expectVisible(page.getByTestId("publish-preview"));

    await tabTo(page, (f) => f.tag === "input" && f.name === "Titel", "the title");
    await page.keyboard.type("Percelen met het toetsenbord");
    await tabTo(page, (f) => f.tag === "textarea" && f.name === "Omschrijving", "the description", { limit: 5 });
    await page.keyboard.type("Vier percelen naar doelgroep.");
    await tabTo(page, (f) => f.tag === "input" && f.name === "Trefwoorden", "the keywords", { limit: 5 });
    await page.keyboard.type("Wmo, percelen");
    await tabTo(page, (f) => f.tag === "button" && f.name === "Indienen ter beoordeling", "the submit button", { limit: 10 });
    await page.keyboard.press("Enter");
    await expectVisible(page.getByRole("status").getByText("Ingediend ter beoordeling"));
    await context(page).close();
  }, 120_000);
});

function context(page: Page) {
  return page.context();
}
