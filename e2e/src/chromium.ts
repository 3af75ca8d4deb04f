import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium, with the flags this sandboxed, offline machine needs (no test hooks: also for scripts). */
export function launchPlainChromium(): Promise<Browser> {
  return chromium.launch({
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
}
