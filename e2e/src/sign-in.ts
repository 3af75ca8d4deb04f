import type { Page } from "playwright-core";

export const DEMO_PASSWORD = "regiotafel-demo";

/**
 * The sign-in page's two steps for a password account (ADR 0035): the address, "Verder", then
 * the password. Starts at /login; the caller waits for where it lands.
 */
export async function signInWithPassword(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByRole("button", { name: "Verder" }).click();
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();
}
