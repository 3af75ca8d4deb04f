import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_NODE_ARGS } from "./launch";
import type { RunningServer } from "./server";
import { startTestServer } from "./test-server";
import { rawRequest, STACK_TRACE } from "./test-http";

// Production runs on PostgreSQL: startTestServer hands the server a postgres:// URL (a real
// server with TEST_DATABASE_URL, else the embedded PGlite's socket), as DATABASE_URL.

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ NODE_ENV: "production", ALLOWED_HOSTS: "regiotafel.example" });
});
afterAll(() => server?.close());

describe("production mode", () => {
  it("starts on an empty database without creating demo data", async () => {
    expect(server.seeded).toBe(false);
    expect(await server.database.prisma.workspace.count()).toBe(0);
    expect(await server.database.prisma.user.count()).toBe(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("loads the organisation directory: reference data, not demo data", async () => {
    expect(server.directory).toEqual({ inserted: 342, updated: 0, adopted: 0 });
    expect(await server.database.prisma.organisation.count({ where: { kind: "MUNICIPALITY", cbsCode: { not: null } } })).toBe(342);
    expect(await server.database.prisma.organisation.count({ where: { kind: { not: "MUNICIPALITY" } } })).toBe(0);
  });

  it("answers only under ALLOWED_HOSTS, localhost included", async () => {
    expect((await rawRequest(`${server.url}/login`, { headers: { Host: "regiotafel.example" } })).status).toBe(200);
    expect((await rawRequest(`${server.url}/login`, { headers: { Host: `localhost:${server.port}` } })).status).toBe(421);
  });

  it("renders errors without stack traces and without the demo hint", async () => {
    const missing = await rawRequest(`${server.url}/bestaat-niet`, { headers: { Host: "regiotafel.example" } });
    expect(missing.status).toBe(404);
    expect(missing.body).not.toMatch(STACK_TRACE);
    const login = await rawRequest(`${server.url}/login`, { headers: { Host: "regiotafel.example" } });
    expect(login.body).not.toContain("regiotafel-demo");
  });
});

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Starts the real entry point (as `pnpm start` does) and waits for it to exit. */
function startMain(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, SERVER_NODE_ARGS, {
      cwd: serverDir,
      env: { NODE_ENV: "development", PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("production refuses to start without what it needs", () => {
  it("exits with code 1 and a one-line reason, no stack trace, for demo data or missing settings", async () => {
    const [demo, bare] = await Promise.all([
      startMain({ NODE_ENV: "production", DEMO_DATA: "1", DATABASE_URL: "postgres://127.0.0.1:9/none", ALLOWED_HOSTS: "regiotafel.example" }),
      startMain({ NODE_ENV: "production" }),
    ]);
    for (const run of [demo, bare]) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).not.toMatch(STACK_TRACE);
    }
    expect(demo.stderr).toMatch(/^Regiotafel start niet — invalid configuration: DEMO_DATA: demo accounts have a published password/);
    expect(bare.stderr).toMatch(/DATABASE_URL: required in production .*; ALLOWED_HOSTS: required in production/);
  });
});
