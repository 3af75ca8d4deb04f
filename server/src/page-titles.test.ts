// English requests get English browser-tab titles and an English not-found page (issue 18):
// every meta title comes from the interface catalogues in the user's language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
let url: string;
let admin: string;
let platform: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  admin = await loginCookie(url, "admin@demo.regiotafel.nl");
  platform = await loginCookie(url, "platform@demo.regiotafel.nl");
});
afterAll(() => server.close());

const ENGLISH = "regiotafel_lang=en";
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
/** Dutch words of the titles and error page that must not show in English (the workspace's own name aside). */
const DUTCH = /\b(Inloggen|Werkruimtes?|Mijn|Platformbeheer|Bibliotheek|Aanbestedingen|Documenten|Formatie|Leden|Wijzigingen|Zoeken|Pagina|niet|gevonden|Beoordelen|Organisaties|beheren)\b/;

async function page(path: string, cookie: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${url}${path}`, { headers: { Cookie: cookie } });
  return { status: res.status, html: await res.text() };
}

describe("titles in the user's language", () => {
  it("gives English tab titles to an English request", async () => {
    const expected: Record<string, string> = {
      "/": "My workspaces — Regiotafel",
      "/platform": "Platform administration — Regiotafel",
      "/platform/organisaties": "Organisations — Platform administration — Regiotafel",
      "/bibliotheek": "Library — Regiotafel",
      "/account": "Account — Regiotafel",
      "/zoeken": "Search — Regiotafel",
    };
    for (const [path, want] of Object.entries(expected)) {
      const { status, html } = await page(path, `${path.startsWith("/platform") ? platform : admin}; ${ENGLISH}`);
      expect(status, path).toBe(200);
      expect(title(html), path).toBe(want);
    }
    for (const path of ["/w/limburg/aanbestedingen", "/w/limburg/documenten", "/w/limburg/formatie", "/w/limburg/leden", "/w/limburg/wijzigingen"]) {
      const { status, html } = await page(path, `${admin}; ${ENGLISH}`);
      expect(status, path).toBe(200);
      const section = title(html).split(" · ")[0]!;
      expect(section, path).not.toMatch(DUTCH);
      expect(title(html), path).toMatch(/ — Regiotafel$/);
    }
    const login = await page("/login", ENGLISH);
    expect(title(login.html)).toBe("Sign in — Regiotafel");
  });

  it("keeps Dutch titles in Dutch", async () => {
    expect(title((await page("/platform", platform)).html)).toBe("Platformbeheer — Regiotafel");
    expect(title((await page("/w/limburg/aanbestedingen", admin)).html)).toMatch(/^Aanbestedingen · .* — Regiotafel$/);
    expect(title((await page("/login", "")).html)).toBe("Inloggen — Regiotafel");
  });

  it("shows an English not-found page to an English request", async () => {
    for (const cookie of [`${admin}; ${ENGLISH}`, ENGLISH]) {
      for (const path of ["/bestaat-niet", "/w/bestaat-niet", "/w/limburg/documenten/00000000-0000-4000-8000-000000000000"]) {
        const { status, html } = await page(path, cookie);
        if (cookie === ENGLISH && path.startsWith("/w/")) continue; // signed out: the sign-in redirect
        expect(status, path).toBe(404);
        expect(title(html), path).toBe("Page not found — Regiotafel");
        expect(html, path).toContain('<html lang="en"');
        const text = html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]+>/g, " ");
        expect(text, path).not.toMatch(DUTCH);
      }
    }
  });
});

describe("the browser's language when nothing was chosen", () => {
  async function fetchWith(path: string, headers: Record<string, string>) {
    const res = await fetch(`${url}${path}`, { headers });
    return { status: res.status, html: await res.text() };
  }

  it("answers an English browser in English, a Dutch or unknown one in Dutch, and the switch wins", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ "Accept-Language": "en-GB,en;q=0.9" }, "en"],
      [{ "Accept-Language": "fr-FR, en;q=0.5, nl;q=0.4" }, "en"],
      [{ "Accept-Language": "de-DE, nl;q=0.8, en;q=0.7" }, "nl"],
      [{ "Accept-Language": "fr-FR" }, "nl"],
      [{ "Accept-Language": "*" }, "nl"],
      [{ "Accept-Language": ";;;q=abc,,en-" }, "nl"],
      [{ "Accept-Language": "en-US", Cookie: "regiotafel_lang=nl" }, "nl"],
      [{ "Accept-Language": "nl-NL", Cookie: ENGLISH }, "en"],
    ];
    for (const [headers, lang] of cases) {
      const login = await fetchWith("/login", headers);
      expect(login.html, JSON.stringify(headers)).toContain(`<html lang="${lang}"`);
      const missing = await fetchWith("/bestaat-niet", headers);
      expect(missing.status).toBe(404);
      expect(title(missing.html), JSON.stringify(headers)).toBe(lang === "en" ? "Page not found — Regiotafel" : "Pagina niet gevonden — Regiotafel");
    }
  });
});
