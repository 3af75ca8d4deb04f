import { request, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
let url: string;

beforeAll(async () => {
  server = await startTestServer({ ALLOWED_HOSTS: "regiotafel.example" });
  url = server.url;
});
afterAll(() => server.close());

interface ApiBody {
  error?: { message: string };
  result?: { data: Record<string, unknown> & { regions?: { name: string }[] } };
}
const readJson = async (res: Response) => (await res.json()) as ApiBody;

const trpcInput = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(input))}`;

describe("health", () => {
  it("answers 200 {status: ok} once the database answers", async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("login form and session cookie", () => {
  it("sets an HttpOnly SameSite=Lax cookie, without Secure on http://localhost", async () => {
    const res = await fetch(`${url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "weert@demo.regiotafel.nl", password: "regiotafel-demo", redirectTo: "/w/limburg" }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/w/limburg");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("regiotafel_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("names the cookie __Host-regiotafel_session and marks it Secure for any host but localhost", async () => {
    // fetch() may not set Host, so this one goes through node:http.
    const body = new URLSearchParams({ email: "weert@demo.regiotafel.nl", password: "regiotafel-demo" }).toString();
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(`${url}/login`, {
        method: "POST",
        headers: {
          Host: "regiotafel.example",
          Origin: "http://regiotafel.example",
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      }, resolve);
      req.on("error", reject);
      req.end(body);
    });
    res.resume();
    expect(res.statusCode).toBe(302);
    const cookies = res.headers["set-cookie"] ?? [];
    expect(cookies.find((c) => c.startsWith("__Host-regiotafel_session="))).toMatch(/; Path=\/; .*Secure/);
    expect(cookies.some((c) => c.startsWith("regiotafel_session="))).toBe(false);
  });

  it("never redirects off-site after login", async () => {
    const res = await fetch(`${url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "weert@demo.regiotafel.nl", password: "regiotafel-demo", redirectTo: "//evil.example/" }),
    });
    expect(res.headers.get("location")).toBe("/");
  });

  it("sends a signed-out visitor to the login page and back", async () => {
    const res = await fetch(`${url}/w/limburg`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fw%2Flimburg");
  });

  it("logout ends the session server-side", async () => {
    const cookie = await loginCookie(url, "weert@demo.regiotafel.nl");
    const out = await fetch(`${url}/logout`, { method: "POST", redirect: "manual", headers: { Origin: url, Cookie: cookie } });
    expect(out.status).toBe(302);
    const after = await fetch(`${url}/api/trpc/workspace.list`, { headers: { Cookie: cookie } });
    expect(after.status).toBe(401);
  });
});

describe("origin check on mutations", () => {
  it("refuses a form post from a foreign origin and creates no session", async () => {
    const before = await server.database.prisma.session.count();
    const res = await fetch(`${url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "weert@demo.regiotafel.nl", password: "regiotafel-demo" }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Dit verzoek kwam niet van een pagina van Regiotafel zelf en is daarom geweigerd.");
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await server.database.prisma.session.count()).toBe(before);
  });

  it("refuses a tRPC mutation without an Origin header and changes nothing", async () => {
    const cookie = await loginCookie(url, "admin@demo.regiotafel.nl");
    const members = await server.database.prisma.membership.count();
    const res = await fetch(`${url}/api/trpc/member.add`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ workspace: "limburg", email: "tiel@demo.regiotafel.nl", role: "VIEWER" }),
    });
    expect(res.status).toBe(403);
    expect(await server.database.prisma.membership.count()).toBe(members);
  });

  it("accepts the same mutation from our own origin", async () => {
    const cookie = await loginCookie(url, "admin@demo.regiotafel.nl");
    const res = await fetch(`${url}/api/trpc/member.add`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: url, "Content-Type": "application/json" },
      body: JSON.stringify({ workspace: "limburg", email: "culemborg@demo.regiotafel.nl", role: "VIEWER" }),
    });
    expect(res.status).toBe(200);
    expect((await readJson(res)).result?.data).toMatchObject({ role: "VIEWER" });
  });
});

describe("tenancy over HTTP", () => {
  it("answers 404 for another workspace, in the API and in the UI", async () => {
    const cookie = await loginCookie(url, "weert@demo.regiotafel.nl");
    const api = await fetch(`${url}/api/trpc/workspace.overview?${trpcInput({ workspace: "rivierenland" })}`, { headers: { Cookie: cookie } });
    expect(api.status).toBe(404);
    expect((await readJson(api)).error?.message).toBe("Niet gevonden.");
    const page = await fetch(`${url}/w/rivierenland`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(404);
    const missing = await fetch(`${url}/w/bestaat-niet`, { headers: { Cookie: cookie } });
    expect(missing.status).toBe(404);
  });

  it("answers the overview of the user's own workspace", async () => {
    const cookie = await loginCookie(url, "weert@demo.regiotafel.nl");
    const res = await fetch(`${url}/api/trpc/workspace.overview?${trpcInput({ workspace: "limburg" })}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.result?.data.regions?.map((r) => r.name)).toEqual(["Midden-Limburg Oost", "Midden-Limburg West", "Noord-Limburg"]);
  });
});

describe("request limits", () => {
  it("refuses batches larger than 10 calls with a Dutch message", async () => {
    const cookie = await loginCookie(url, "weert@demo.regiotafel.nl");
    const paths = Array.from({ length: 11 }, () => "workspace.list").join(",");
    const res = await fetch(`${url}/api/trpc/${paths}?batch=1`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error?.message).toBe("Te veel verzoeken tegelijk (maximaal 10).");
    const ok = await fetch(`${url}/api/trpc/workspace.list,auth.me?batch=1&${trpcInput({ 0: {}, 1: {} })}`, { headers: { Cookie: cookie } });
    expect(ok.status).toBe(200);
  });

  it("refuses an oversized body with 413 and changes nothing", async () => {
    const cookie = await loginCookie(url, "weert@demo.regiotafel.nl");
    const audit = await server.database.prisma.auditEvent.count();
    const res = await fetch(`${url}/api/trpc/municipality.updateContact`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: url, "Content-Type": "application/json" },
      body: JSON.stringify({ workspace: "limburg", contactName: "x".repeat(300_000) }),
    });
    expect(res.status).toBe(413);
    expect((await readJson(res)).error?.message).toBe("Het verzoek is te groot.");
    expect(await server.database.prisma.auditEvent.count()).toBe(audit);
  });

  it("answers malformed JSON with a clear error", async () => {
    const cookie = await loginCookie(url, "weert@demo.regiotafel.nl");
    const res = await fetch(`${url}/api/trpc/municipality.updateContact`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: url, "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error?.message).toBe("Deze invoer is ongeldig.");
  });
});
