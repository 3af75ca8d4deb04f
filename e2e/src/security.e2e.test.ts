import { describe, expect, it } from "vitest";
import { takeCspViolations, type CspViolation } from "./browser";
import { expectVisible } from "./expect-page";
import { browserHarness } from "./harness";

const harness = browserHarness();
const { signIn } = harness;

describe("Content-Security-Policy in the browser", () => {
  it("refuses a script and a style element the page did not bring, and the harness notices", async () => {
    const { page, errors } = await signIn("weert@demo.regiotafel.nl");
    await page.goto("/w/limburg");
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
      const style = document.createElement("style");
      style.textContent = "body { display: none }";
      document.head.append(style);
    });
    const seen: CspViolation[] = [];
    await expect
      .poll(() => {
        seen.push(...takeCspViolations());
        return seen.map((v) => v.directive).filter((d) => d !== "console").sort();
      })
      .toEqual(["script-src-elem", "style-src-elem"]);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    expect(await page.locator("body").isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe("error pages in the running app", () => {
  it("shows a form that is too large as an English page with the signed-in header, tab title included", async () => {
    const { page, errors } = await signIn("coordinator.west@demo.regiotafel.nl");
    await page.context().addCookies([{ name: "regiotafel_lang", value: "en", url: harness.url }]);
    await page.goto("/w/limburg/scenarios");
    const form = page.locator('section[aria-labelledby="new-assessment-heading"] form');
    await form.locator('input[name="title"]').fill("Te groot");
    // Set by script: the field's maxlength only limits typing.
    await form.locator('textarea[name="description"]').evaluate((el: HTMLTextAreaElement) => (el.value = "x".repeat(300 * 1024)));
    await form.locator('button[type="submit"]').click();
    await expectVisible(page.getByRole("heading", { name: "Too large to send" }));
    await expectVisible(page.getByText("Nothing was saved."));
    await expectVisible(page.getByRole("button", { name: "Sign out" }));
    await expect.poll(() => page.title()).toBe("Too large to send — Regiotafel");
    expect(errors).toEqual([]);
  });

  it("shows an unknown address in English with an English tab title", async () => {
    const { page } = await signIn("weert@demo.regiotafel.nl");
    await page.context().addCookies([{ name: "regiotafel_lang", value: "en", url: harness.url }]);
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expectVisible(page.getByRole("heading", { name: "Page not found" }));
    await expectVisible(page.getByRole("link", { name: "To my workspaces" }));
    expect(await page.title()).toBe("Page not found — Regiotafel");
  });
});
