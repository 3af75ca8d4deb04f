import { afterAll, beforeAll } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServerProcess, type ServerProcess } from "@regiotafel/server/testing";
import { launchChromium } from "./browser";
import { signInWithPassword } from "./sign-in";

export { signInWithPassword };

export { DEMO_PASSWORD } from "./sign-in";

export interface SignedIn {
  page: Page;
  /** Uncaught errors in the page's JavaScript (a test asserts there were none). */
  errors: string[];
}

/**
 * For one test file: the real server (as `pnpm start` runs it, on its own fresh embedded
 * database) and Chromium, started before the tests and stopped after them, and a sign-in
 * through the login form in a new browser context per user.
 */
export function browserHarness() {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });
  return {
    get url(): string {
      if (!server) throw new Error("the server is not started yet");
      return server.url;
    },
    /** Signs in through the login form; `javaScript: false` for a browser without JavaScript. */
    async signIn(email: string, options: { javaScript?: boolean } = {}): Promise<SignedIn> {
      if (!server || !browser) throw new Error("the harness is not started yet");
      const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: options.javaScript ?? true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await signInWithPassword(page, email);
      await page.waitForURL(`${server.url}/`);
      return { page, errors };
    },
  };
}

