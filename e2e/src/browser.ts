import { afterEach } from "vitest";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

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
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
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
