import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_ARGS } from "./launch";
import { freePort } from "./testing/process";

const readJson = (relative: string) => JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as { scripts: Record<string, string> };

describe("launch arguments", () => {
  it("are the ones pnpm start uses, with node exec'ed in place of the script's shell", () => {
    expect(readJson("../package.json").scripts.start).toBe(`exec node ${SERVER_NODE_ARGS.join(" ")}`);
    // The root `pnpm start` builds, then execs the server's start: no shell stays in between.
    expect(readJson("../../package.json").scripts.start).toMatch(/ && exec pnpm --filter @regiotafel\/server start$/);
  });
});

describe("Ctrl-C on pnpm start", () => {
  it("stops the server cleanly: exit code 0, no 'Command failed' from pnpm", async () => {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(tmpdir(), "regiotafel-sigint-"));
    // In its own process group, like a terminal's foreground job: Ctrl-C signals the whole group.
    const child = spawn("pnpm", ["--filter", "@regiotafel/server", "start"], {
      cwd: path.resolve(path.dirname(new URL(import.meta.url).pathname), "../.."),
      env: { ...process.env, NODE_ENV: "development", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO_DATA: "0" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await expect.poll(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0), { timeout: 90_000, interval: 250 }).toBe(200);
      process.kill(-child.pid!, "SIGINT");
      const code = await exited;
      expect(output).toContain("SIGINT: Regiotafel stopt…");
      expect(output).toContain("Regiotafel is gestopt.");
      expect(output).not.toMatch(/Command failed|ERR_PNPM|ELIFECYCLE/);
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
