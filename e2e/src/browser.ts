import { afterEach } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { launchPlainChromium } from "./chromium";

export interface CspViolation {
  page: string;
  directive: string;
  blocked: string;
  sample: string;
  /** Where the refused code is: script URL and line. */
  source: string;
}

/** Content-Security-Policy violations reported by any page since the last check. */
const violations: CspViolation[] = [];

// Every test of a file that uses this browser fails on a CSP violation its pages reported:
// importing this module registers the check after each test of that file.
afterEach(() => {
  const found = violations.splice(0);
  if (found.length > 0) {
    throw new Error(`Content-Security-Policy violations:\n${found.map((v) => `  ${v.page}: ${v.directive} blocked ${v.blocked || "inline"} ${v.sample} (at ${v.source})`).join("\n")}`);
  }
});

/** Debian's Chromium, with the flags this sandboxed, offline machine needs; every context reports CSP violations. */
export async function launchChromium(): Promise<Browser> {
  const browser = await launchPlainChromium();
  const newContext = browser.newContext.bind(browser);
  // A Dutch browser unless a test says otherwise: without a language choice the app follows Accept-Language.
  browser.newContext = async (options) => {
    const context = await newContext({ locale: "nl-NL", ...options });
    await reportCspViolations(context);
    return context;
  };
  return browser;
}

/**
 * Listens in every page of the context for `securitypolicyviolation` events (init scripts run
 * before the page's own), and keeps Chromium's console message, which names the hash an
 * inline element would need.
 */
async function reportCspViolations(context: BrowserContext) {
  context.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) {
      violations.push({ page: message.page()?.url() ?? "?", directive: "console", blocked: "", sample: message.text(), source: "" });
    }
  });
  await context.exposeBinding("__regiotafelCspViolation", ({ page }, violation: Omit<CspViolation, "page">) => {
    violations.push({ page: page.url(), ...violation });
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __regiotafelCspViolation(v: unknown): void }).__regiotafelCspViolation;
      report({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample, source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}` });
    });
  });
}

/** For a test that must see that the check works: the violations reported so far, removed. */
export function takeCspViolations(): CspViolation[] {
  return violations.splice(0);
}
