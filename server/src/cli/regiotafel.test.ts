// `pnpm regiotafel setup` as an operator runs it (ADR 0021): a child process against an empty
// database (the embedded one over its socket, or a new database on TEST_DATABASE_URL's server).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@regiotafel/auth";
import { createPrismaClient, startEmbeddedPostgres, type Db } from "@regiotafel/db";
import { createScratchDatabase } from "@regiotafel/db/testing";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = path.resolve(serverDir, "..");

let database: { url: string; stop(): Promise<void> };
let prisma: Db | undefined;

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, "regiotafel_cli");
    database = { url: scratch.url, stop: scratch.drop };
  } else {
    const embedded = await startEmbeddedPostgres();
    database = embedded;
  }
}, 60_000);
/** Our own client on the database, closed before the next run (the embedded database is one session). */
async function withPrisma<T>(work: (db: Db) => Promise<T>): Promise<T> {
  prisma = createPrismaClient(database.url, { maxConnections: 1, idleTimeoutMs: 0 });
  try {
    return await work(prisma);
  } finally {
    await prisma.$disconnect();
    await prisma.$pool.end();
    prisma = undefined;
  }
}
afterAll(async () => {
  await prisma?.$pool.end();
  await database?.stop();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command with `args`, `stdin` as its input (not a terminal), and the given environment. */
function run(args: string[], options: { stdin?: string; env?: Record<string, string>; viaPnpm?: boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [command, argv, cwd] = options.viaPnpm
      ? ["pnpm", ["regiotafel", ...args], repoRoot]
      : [process.execPath, ["--import", "tsx", "src/cli/regiotafel.ts", ...args], serverDir];
    const child = spawn(command, argv, {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", DATABASE_URL: database.url, ALLOWED_HOSTS: "regiotafel.example", PASSWORD_HASH_COST: "10", REGIOTAFEL_SECRET_KEY: Buffer.alloc(32, 3).toString("base64"), ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

const flags = (email: string) => ["setup", "--email", email, "--name", "Beheerder", "--organisation", "Regio Noord-Limburg"];

describe("pnpm regiotafel setup", () => {
  it("creates the first platform administrator, refuses a second one without --add, and adds one with it", async () => {
    // Through the root script, as the README says; the password on stdin.
    const first = await run(flags("Eerste@Regio.example"), { viaPnpm: true, stdin: "een-lang-wachtwoord\n" });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Platformbeheerder eerste@regio.example aangemaakt");
    expect(first.stdout).not.toContain("een-lang-wachtwoord");

    const user = await withPrisma((db) => db.user.findUniqueOrThrow({ where: { email: "eerste@regio.example" }, include: { platformAdmin: true, organisation: true, memberships: true } }));
    expect(user.platformAdmin).not.toBeNull();
    expect(user.organisation.name).toBe("Regio Noord-Limburg");
    expect(user.memberships).toEqual([]);
    expect(await verifyPassword(user.passwordHash, "een-lang-wachtwoord")).toBe(true);

    const second = await run(flags("tweede@regio.example"), { stdin: "een-ander-wachtwoord\n" });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("Er is al een platformbeheerder. Gebruik --add");

    const short = await run([...flags("tweede@regio.example"), "--add"], { env: { REGIOTAFEL_SETUP_PASSWORD: "kort" } });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("minstens 12 tekens");

    const added = await run([...flags("tweede@regio.example"), "--add"], { env: { REGIOTAFEL_SETUP_PASSWORD: "een-ander-wachtwoord" } });
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Platformbeheerder tweede@regio.example aangemaakt");

    // An existing address: that account becomes (or already is) a platform administrator.
    const existing = await run(["setup", "--email", "tweede@regio.example", "--add"]);
    expect(existing.code).toBe(0);
    expect(existing.stdout).toContain("tweede@regio.example is al platformbeheerder.");

    expect(await withPrisma((db) => db.platformAdmin.count())).toBe(2);
    expect(await withPrisma((db) => db.organisation.count())).toBe(1);
  }, 120_000);

  it("without a terminal needs every field as a flag, and says how to use it", async () => {
    const missing = await run(["setup", "--email", "derde@regio.example", "--add"], { stdin: "een-lang-wachtwoord\n" });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--name is nodig zonder terminal");
    expect(missing.stderr).toContain("Gebruik: pnpm regiotafel setup");
    const unknown = await run(["opruimen"]);
    expect(unknown.code).toBe(2);
    const bad = await run(["setup", "--email", "geen-adres", "--add"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("geldig e-mailadres");
  }, 60_000);
});
