// The first run in production (ADR 0021): `NODE_ENV=production` on an empty PostgreSQL prints a
// one-time setup link; opening it creates the first platform administrator, who is signed in and
// can sign in again later; before anything else they set up two-step verification. A restart replaces the link. The token is in one log line only.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@regiotafel/db";
import { createScratchDatabase } from "@regiotafel/db/testing";
import { startServerProcess, type ServerProcess } from "./testing/process";

let database: { url: string; pooled: boolean; stop(): Promise<void> };
let dataDir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "regiotafel-setup-"));
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, "regiotafel_setup");
    database = { url: scratch.url, pooled: true, stop: scratch.drop };
  } else {
    // An empty PostgreSQL: the embedded one, reached over its socket as a real server would be.
    const embedded = await startEmbeddedPostgres();
    database = { url: embedded.url, pooled: false, stop: embedded.stop };
  }
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function start() {
  return startServerProcess(
    {
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      DB_POOL_SIZE: database.pooled ? "5" : "1",
      ALLOWED_HOSTS: "localhost",
      PASSWORD_HASH_COST: "10",
      MAIL_FROM: "Regiotafel <noreply@regiotafel.example>",
      REGIOTAFEL_SECRET_KEY: Buffer.alloc(32, 3).toString("base64"),
    },
    dataDir,
  );
}

async function waitForToken(s: ServerProcess): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const match = /https?:\/\/[^\s]+\/setup\/([A-Za-z0-9_-]{43})\b/.exec(s.output());
    if (match) return match[1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no setup link in the output:\n${s.output()}`);
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe("the first run in production", () => {
  it("prints a setup link that works once, is replaced by a restart, and leads to a signed-in platform administrator", async () => {
    server = await start();
    const first = await waitForToken(server);
    // The link is printed under the first ALLOWED_HOSTS name, over https (behind the proxy).
    expect(server.output()).toContain(`https://localhost/setup/${first}`);
    await server.stop();
    let logs = server.output();

    server = await start();
    const token = await waitForToken(server);
    expect(token).not.toBe(first);
    const url = server.url;

    const page = await fetch(`${url}/setup/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toContain("no-store");
    expect(await page.text()).toContain("Regiotafel inrichten");
    // The first start's link, a wrong one: the same "no longer works" page.
    const invalid = await Promise.all([first, "x".repeat(43)].map((t) => fetch(`${url}/setup/${t}`)));
    const bodies = await Promise.all(invalid.map(async (r) => [r.status, (await r.text()).includes("Deze link werkt niet meer")]));
    expect(bodies).toEqual([
      [404, true],
      [404, true],
    ]);

    const fields = { name: "Eerste Beheerder", email: "Beheer@Regio.example", organisation: "Regio Noord-Limburg", password: "een-lang-wachtwoord", confirm: "een-lang-wachtwoord" };
    const headers = { Origin: url, "Content-Type": "application/x-www-form-urlencoded" };
    // A refused form keeps the typed fields, never the passwords, and uses nothing up.
    const short = await fetch(`${url}/setup/${token}`, { method: "POST", redirect: "manual", headers, body: form({ ...fields, password: "kort", confirm: "kort" }) });
    expect(short.status).toBe(400);
    const shortBody = await short.text();
    expect(shortBody).toContain("minstens 12 tekens");
    expect(shortBody).toContain("Regio Noord-Limburg");
    expect(shortBody).not.toContain('value="kort"');

    const created = await fetch(`${url}/setup/${token}`, { method: "POST", redirect: "manual", headers, body: form(fields) });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/platform");
    const cookie = created.headers.getSetCookie().find((c) => c.startsWith("regiotafel_session="))!.split(";")[0]!;
    // A platform administrator sets up two-step verification before anything else (issue 20):
    // every page leads to the set-up, and the API refuses everything else with a clear message.
    for (const page of ["/platform", "/account", "/"]) {
      const gated = await fetch(`${url}${page}`, { redirect: "manual", headers: { Cookie: cookie } });
      expect(gated.status, page).toBe(302);
      expect(gated.headers.get("location"), page).toBe("/tweestapsverificatie");
    }
    const setUp = await fetch(`${url}/tweestapsverificatie`, { headers: { Cookie: cookie } });
    expect(setUp.status).toBe(200);
    const setUpPage = await setUp.text();
    expect(setUpPage).toContain("Als platformbeheerder stel je eerst tweestapsverificatie in");
    expect(setUpPage).toContain("Instellen beginnen");
    const api = await fetch(`${url}/api/trpc/platform.users?input=${encodeURIComponent(JSON.stringify({ q: "" }))}`, { headers: { Cookie: cookie } });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { data: { messageKey: string } } }).error.data.messageKey).toBe("secondFactor.enrolmentRequired");

    // Used: now that an account exists the route is 404, for the used link as for any other,
    // and a post of it changes nothing.
    for (const t of [token, "x".repeat(43)]) {
      const gone = await fetch(`${url}/setup/${t}`);
      expect(gone.status).toBe(404);
      expect(await gone.text()).toContain("Pagina niet gevonden");
      const again = await fetch(`${url}/setup/${t}`, { method: "POST", redirect: "manual", headers, body: form({ ...fields, email: "tweede@regio.example" }) });
      expect(again.status).toBe(404);
      expect(await again.text()).toContain("Pagina niet gevonden");
    }

    // Signing in later with the chosen password (the address was normalised).
    const login = await fetch(`${url}/login`, { method: "POST", redirect: "manual", headers, body: form({ email: "beheer@regio.example", password: fields.password, redirectTo: "/platform" }) });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/platform");

    // A restart with an account prints no link; no log line but the one carries a token.
    await server.stop();
    logs += server.output();
    server = await start();
    expect(server.output()).not.toMatch(/\/setup\//);
    await server.stop();
    logs += server.output();
    for (const t of [first, token]) expect(logs.split(t).length - 1, "lines carrying a token").toBe(1);
  }, 180_000);
});
