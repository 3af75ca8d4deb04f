// The platform home (issue 18, point 1): per workspace what waits for the user there, the
// networks they share templates in, and the reviews waiting for a moderator without workspaces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function home(cookie: string): Promise<string> {
  const res = await fetch(`${server.url}/`, { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  const html = await res.text();
  return html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("the platform home", () => {
  it("tells Weert's editor what waits in Limburg, linking to that workspace's attention list", async () => {
    const weert = await loginCookie(server.url, "weert@demo.regiotafel.nl");
    const res = await fetch(`${server.url}/`, { headers: { Cookie: weert } });
    const html = await res.text();
    expect(html).toContain('href="/w/limburg#aandacht"');
    const text = await home(weert);
    expect(text).toMatch(/Wacht op jou \d+ keuzes? over deelname aan (een perceel|percelen)/);
    expect(text).toContain("Bekijk wat op jou wacht in");
    const english = await home(`${weert}; regiotafel_lang=en`);
    expect(english).toMatch(/Waiting for you \d+ decisions? on taking part in (a lot|lots)/);
    expect(english).not.toContain("Wacht op jou");
  });

  it("shows a moderator without workspaces their networks and the review waiting, not 'nothing to do'", async () => {
    const moderator = await loginCookie(server.url, "redactie@demo.regiotafel.nl");
    const text = await home(moderator);
    expect(text).toContain("Mijn netwerken");
    expect(text).toContain("Leernetwerk Inkoop met Inhoud");
    expect(text).toContain("Je beoordeelt wat hier wordt gepubliceerd");
  });

  it("says 'nothing open' on a workspace where nothing waits", async () => {
    const admin = await loginCookie(server.url, "admin@demo.regiotafel.nl");
    expect(await home(admin)).toContain("Niets open voor jou");
  });
});
