import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";
import { rawRequest, STACK_TRACE } from "./test-http";

let server: RunningServer;
let url: string;
let weert: string;

beforeAll(async () => {
  server = await startTestServer({ ALLOWED_HOSTS: "regiotafel.example" });
  url = server.url;
  weert = await loginCookie(url, "weert@demo.regiotafel.nl");
});
afterAll(() => server.close());

const ENGLISH = "regiotafel_lang=en";
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = "application/x-www-form-urlencoded";

/** The text a person sees: the page without scripts and tags. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

describe("host allow-list (DNS rebinding)", () => {
  it("answers a page, the API and a static file under another host name with 421 and a plain message", async () => {
    for (const path of ["/login", "/api/trpc/auth.me", "/favicon.svg"]) {
      const res = await rawRequest(`${url}${path}`, { headers: { Host: "evil.example:3000" } });
      expect(res.status, path).toBe(421);
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
      expect(res.body).toBe("Regiotafel is niet bereikbaar onder deze hostnaam.");
    }
    const english = await rawRequest(`${url}/login`, { headers: { Host: "evil.example", Cookie: ENGLISH } });
    expect(english.body).toBe("Regiotafel is not served under this host name.");
  });

  it("refuses a request without Host, and a WebSocket upgrade under another host name", async () => {
    // Node itself answers an HTTP/1.1 request without Host with 400.
    expect([400, 421]).toContain((await rawRequest(`${url}/login`, { noHost: true })).status);
    const upgrade = await rawRequest(`${url}/collab/doc.00000000-0000-4000-8000-000000000000`, {
      headers: { Host: "evil.example", Origin: "http://evil.example", Cookie: weert, Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" },
    });
    expect(upgrade.status).toBe(421);
  });

  it("serves ALLOWED_HOSTS and, outside production, the localhost names", async () => {
    for (const host of ["regiotafel.example", "REGIOTAFEL.example:8443", "localhost:3000", "127.0.0.1", "[::1]:3000"]) {
      expect((await rawRequest(`${url}/login`, { headers: { Host: host } })).status, host).toBe(200);
    }
  });

  it("lets /healthz answer under any host name (load balancers probe by address)", async () => {
    expect((await rawRequest(`${url}/healthz`, { headers: { Host: "10.0.0.7:3000" } })).status).toBe(200);
  });
});

describe("malformed cookies", () => {
  it("ignores a language cookie that is not valid percent-encoding, on pages and the API", async () => {
    const bad = "regiotafel_lang=%E0%A4%A";
    const page = await fetch(`${url}/login`, { headers: { Cookie: bad } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="nl"');
    const signedIn = await fetch(`${url}/w/limburg`, { headers: { Cookie: `${bad}; ${weert}` } });
    expect(signedIn.status).toBe(200);
    const api = await fetch(`${url}/api/trpc/auth.me`, { headers: { Cookie: `${weert}; ${bad}` } });
    expect(api.status).toBe(200);
  });

  it("treats a session cookie with junk as no session", async () => {
    for (const junk of ["regiotafel_session=%%%", "regiotafel_session=%E0%A4%A", "regiotafel_session=x y", `regiotafel_session=${"a".repeat(5000)}`]) {
      expect((await fetch(`${url}/login`, { headers: { Cookie: junk } })).status, junk).toBe(200);
      const page = await fetch(`${url}/w/limburg`, { headers: { Cookie: junk }, redirect: "manual" });
      expect(page.status, junk).toBe(302);
      expect((await fetch(`${url}/api/trpc/workspace.list`, { headers: { Cookie: junk } })).status, junk).toBe(401);
    }
  });

  it("never answers 500 to any Cookie header", async () => {
    const cookieText = fc.string({ unit: fc.constantFrom(..."abc=;% %E0A4x_-regiotafel_session_lang,\"\\".split("")), maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(cookieText, async (cookie) => {
        const res = await rawRequest(`${url}/login`, { headers: { Cookie: cookie } });
        expect(res.status).toBe(200);
      }),
      { numRuns: 60 },
    );
  });
});

describe("no stack trace in any response", () => {
  it("answers a malformed multipart form with a readable 400 page", async () => {
    const res = await fetch(`${url}/login`, {
      method: "POST",
      headers: { Origin: url, "Content-Type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nweert@demo.regiotafel.nl\r\n--x",
    });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).not.toMatch(STACK_TRACE);
    expect(visibleText(html)).toContain("Regiotafel kon niet lezen wat er werd verstuurd.");
  });

  it("answers a JSON body sent to a page with 415, not an error from inside the action", async () => {
    const res = await fetch(`${url}/login`, { method: "POST", headers: { Origin: url, "Content-Type": "application/json" }, body: "{}" });
    const html = await res.text();
    expect(res.status).toBe(415);
    expect(html).not.toMatch(STACK_TRACE);
  });

  it("keeps stacks out of the not-found page, its single-fetch data and API errors", async () => {
    for (const path of ["/bestaat-niet", "/bestaat-niet.data", "/w/limburg/onbekend"]) {
      const res = await fetch(`${url}${path}`, { headers: { Cookie: weert } });
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toMatch(STACK_TRACE);
    }
    const malformed = await fetch(`${url}/w/%E0%A4%A`, { headers: { Cookie: weert } });
    expect(malformed.status).toBe(400);
    expect(visibleText(await malformed.text())).toContain("Dit verzoek kon niet worden gelezen");
    const api = await fetch(`${url}/api/trpc/workspace.overview?input=${encodeURIComponent('{"workspace":1}')}`, { headers: { Cookie: weert } });
    expect(api.status).toBe(400);
    expect(await api.text()).not.toMatch(STACK_TRACE);
  });
});

describe("error pages a person can read", () => {
  it("shows a signed-in user an unknown address as a Dutch page with the signed-in header and a way back", async () => {
    const res = await fetch(`${url}/bestaat/niet`, { headers: { Cookie: weert } });
    const html = await res.text();
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html).toContain('<html lang="nl"');
    expect(title(html)).toBe("Pagina niet gevonden — Regiotafel");
    const text = visibleText(html);
    expect(text).toContain("Pagina niet gevonden");
    expect(text).toContain("Uitloggen");
    expect(html).toMatch(/<a[^>]*href="\/"[^>]*>Naar mijn werkruimtes<\/a>/);
  });

  it("shows the same page in English, with no Dutch on it", async () => {
    const res = await fetch(`${url}/bestaat/niet`, { headers: { Cookie: `${weert}; ${ENGLISH}` } });
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(title(html)).toBe("Page not found — Regiotafel");
    const text = visibleText(html);
    for (const english of ["Page not found", "This page does not exist", "To my workspaces", "Sign out"]) expect(text).toContain(english);
    for (const dutch of ["Pagina", "werkruimte", "Uitloggen", "niet gevonden", "Zoeken", "Direct naar", "samenwerking", "Naar "]) expect(text).not.toContain(dutch);
  });

  it("answers a foreign form post with a 403 page, never JSON", async () => {
    const res = await fetch(`${url}/w/limburg/scenarios`, {
      method: "POST",
      headers: { Origin: "https://evil.example", Cookie: weert, "Content-Type": FORM },
      body: form({ title: "x" }),
    });
    const html = await res.text();
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(visibleText(html)).toContain("Dit verzoek kwam niet van een pagina van Regiotafel zelf");
    expect(visibleText(html)).toContain("Uitloggen");
  });

  it("answers an unknown /api address with JSON", async () => {
    const res = await fetch(`${url}/api/bestaat-niet`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { message: "Niet gevonden.", data: { httpStatus: 404 } } });
  });

  it("shows an HTML page (JSON only for the API) when the session lookup itself fails", async () => {
    // As when the embedded database lost its prepared statements (issue 15): every lookup fails.
    const validate = server.auth.validate;
    server.auth.validate = () => Promise.reject(new Error("prepared statement \"session_and_user\" already exists"));
    try {
      const page = await fetch(`${url}/w/limburg`, { headers: { Cookie: weert } });
      const html = await page.text();
      expect(page.status).toBe(500);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(title(html)).toBe("Er ging iets mis — Regiotafel");
      expect(visibleText(html)).toContain("Probeer het later opnieuw.");
      expect(html).not.toMatch(STACK_TRACE);
      expect(html).not.toContain("session_and_user");
      const api = await fetch(`${url}/api/trpc/workspace.list`, { headers: { Cookie: weert } });
      expect(api.status).toBe(500);
      expect(await api.json()).toMatchObject({ error: { message: "Er ging iets mis aan onze kant. Probeer het later opnieuw." } });
    } finally {
      server.auth.validate = validate;
    }
  });
});

describe("security headers", () => {
  it("gives every page a Content-Security-Policy whose nonce every inline script carries, new per response", async () => {
    const nonces = new Set<string>();
    for (const cookie of ["", weert]) {
      const res = await fetch(`${url}/`, { headers: { Cookie: cookie }, redirect: "follow" });
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(2);
  });

  it("sends the other helmet headers, and no HSTS over plain http", async () => {
    const res = await fetch(`${url}/login`);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("keeps signed-in pages and API answers out of caches", async () => {
    expect((await fetch(`${url}/w/limburg`, { headers: { Cookie: weert } })).headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${url}/w/limburg/export/formatie.csv`, { headers: { Cookie: weert } })).headers.get("cache-control")).toBe("no-store");
    const api = await fetch(`${url}/api/trpc/workspace.list`, { headers: { Cookie: weert } });
    expect(api.headers.get("cache-control")).toBe("no-store");
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await fetch(`${url}/favicon.svg`)).headers.get("cache-control")).not.toContain("no-store");
  });
});

describe("body size limits", () => {
  const LIMIT = 256 * 1024;

  it("refuses an oversized form post with a 413 page in the user's language, and saves nothing", async () => {
    const before = await server.database.prisma.assessment.count();
    const body = form({ title: "Te groot", description: "x".repeat(LIMIT) });
    const dutch = await rawRequest(`${url}/w/limburg/scenarios`, { method: "POST", headers: { Origin: url, Cookie: weert, "Content-Type": FORM }, body });
    expect(dutch.status).toBe(413);
    expect(dutch.headers["content-type"]).toMatch(/^text\/html/);
    expect(title(dutch.body)).toBe("Te groot om te versturen — Regiotafel");
    expect(visibleText(dutch.body)).toContain("Er is niets opgeslagen.");
    const english = await rawRequest(`${url}/w/limburg/scenarios`, { method: "POST", headers: { Origin: url, Cookie: `${weert}; ${ENGLISH}`, "Content-Type": FORM }, body });
    expect(english.status).toBe(413);
    expect(title(english.body)).toBe("Too large to send — Regiotafel");
    expect(await server.database.prisma.assessment.count()).toBe(before);
  });

  it("counts the bytes of a streamed body that declares no length: forms, multipart and the API", async () => {
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(16 * 1024, "a"));
    const urlencoded = await rawRequest(`${url}/login`, { method: "POST", headers: { Origin: url, "Content-Type": FORM }, chunks: [Buffer.from("email="), ...chunks] });
    expect(urlencoded.status).toBe(413);
    const multipart = await rawRequest(`${url}/login`, {
      method: "POST",
      headers: { Origin: url, "Content-Type": "multipart/form-data; boundary=xyz" },
      chunks: [Buffer.from('--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\n'), ...chunks],
    });
    expect(multipart.status).toBe(413);
    const api = await rawRequest(`${url}/api/trpc/municipality.updateContact`, {
      method: "POST",
      headers: { Origin: url, Cookie: weert, "Content-Type": "application/json" },
      chunks: [Buffer.from('{"workspace":"limburg","contactName":"'), ...chunks, Buffer.from('"}')],
    });
    expect(api.status).toBe(413);
    expect(JSON.parse(api.body)).toMatchObject({ error: { message: "Het verzoek is te groot." } });
  });

  it("accepts only JSON bodies on the API", async () => {
    const res = await fetch(`${url}/api/trpc/municipality.updateContact`, {
      method: "POST",
      headers: { Origin: url, Cookie: weert, "Content-Type": FORM },
      body: form({ workspace: "limburg", contactName: "x" }),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { message: "Dit soort invoer wordt hier niet aangenomen." } });
  });

  it("refuses API bodies it cannot read with a 4xx, never 500: deep nesting, other charsets, unknown encodings", async () => {
    const post = (body: string | Uint8Array, headers: Record<string, string>) =>
      fetch(`${url}/api/trpc/municipality.updateContact`, { method: "POST", headers: { Origin: url, Cookie: weert, ...headers }, body });
    const nested = await post("[".repeat(20_000) + "]".repeat(20_000), { "Content-Type": "application/json" });
    expect(nested.status).toBe(400);
    const latin1 = await post(Buffer.from(JSON.stringify({ workspace: "limburg", contactName: "Geërfd" }), "latin1"), { "Content-Type": "application/json; charset=latin1" });
    expect(latin1.status).toBeLessThan(500);
    const encoded = await post("{}", { "Content-Type": "application/json", "Content-Encoding": "x-unknown" });
    expect(encoded.status).toBe(415);
    const broken = await post("not gzip", { "Content-Type": "application/json", "Content-Encoding": "gzip" });
    expect(broken.status).toBe(400);
  });

  it("lets the largest form the app takes through: an assessment with every text at its maximum", async () => {
    const coordinator = await loginCookie(url, "coordinator.west@demo.regiotafel.nl");
    const participants = await server.database.prisma.organisation.findMany({
      where: { kind: { in: ["MUNICIPALITY", "REGIONAL_BODY"] }, region: { workspaces: { some: { workspace: { slug: "limburg" } } } } },
      select: { id: true },
    });
    // Dutch with accents, currency and dashes: every such character costs 6–9 bytes encoded.
    const sentence = "Zorgaanbieders leveren één samenhangend aanbod voor cliënten; kosten € 1.250,– per traject (incl. btw). ";
    const text = (n: number) => sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n).trim();
    const body = new URLSearchParams({
      title: text(200),
      description: text(4000),
      scenarios: Array.from({ length: 20 }, (_, i) => `${i} ${text(197)} | ${text(2000)}`).join("\n"),
      criteria: Array.from({ length: 30 }, (_, i) => `${i} ${text(197)} | 1 | ${text(2000)}`).join("\n"),
    });
    for (const p of participants) body.append("participantIds", p.id);
    expect(Buffer.byteLength(body.toString())).toBeGreaterThan(150 * 1024);
    const res = await fetch(`${url}/w/limburg/scenarios`, { method: "POST", redirect: "manual", headers: { Origin: url, Cookie: coordinator, "Content-Type": FORM }, body });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/w\/limburg\/scenarios\/[0-9a-f-]{36}\?melding=aangemaakt$/);
  });
});
