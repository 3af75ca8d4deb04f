import type { Locator } from "playwright-core";

/** Waits until the locator is visible (Playwright's own auto-wait) and fails with a clear message if it never is. */
export async function expectVisible(locator: Locator, timeout = 10_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: "visible", timeout });
  } catch {
    throw new Error(`expected to become visible: ${locator.toString()}`);
  }
}
