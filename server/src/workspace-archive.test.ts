// An archived workspace is read-only for everyone (ADR 0022): the one check in the member tier
// refuses every mutation, an open co-editing connection is closed and comes back read-only,
// reads keep working and every page says so. Reactivating gives the rights back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES, documentRoomName, SqlDocumentStorage, plainText } from "@regiotafel/collab";
import { DEMO_PLATFORM_ADMIN } from "@regiotafel/db";
import type { RunningServer } from "./server";
import { connectEditor, upgradeStatus } from "./test-collab-client";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
let url: string;
let strategyId: string;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  const docs = await server.database.prisma.document.findMany({ include: { workspace: true } });
  strategyId = docs.find((d) => d.workspace.slug === "limburg" && d.kind === "STRATEGY")!.id;
  admin = await loginCookie(url, "admin@demo.regiotafel.nl");
});
afterAll(() => server.close());

const storedText = async (id: string) => {
  await server.hub.flush();
  return plainText((await new SqlDocumentStorage(server.database.prisma).load(id)).state);
};

async function trpc(path: string, cookie: string, input: unknown) {
  const res = await fetch(`${url}/api/trpc/${path}`, { method: "POST", headers: { Cookie: cookie, Origin: url, "Content-Type": "application/json" }, body: JSON.stringify(input) });
  return { status: res.status, body: (await res.json()) as { error?: { message: string; data: { messageKey: string } }; result?: { data: unknown } } };
}

describe("an archived workspace", () => {
  it("refuses mutations and live edits, keeps reads, shows a banner, and is writable again once reactivated", async () => {
    const editor = connectEditor(url, strategyId, await loginCookie(url, "weert@demo.regiotafel.nl"));
    const closes: number[] = [];
    editor.provider.on("connection-close", (event) => closes.push(event?.code ?? 0));
    try {
      await editor.waitFor(() => editor.provider.synced, "synced");
      editor.type("Voor het archiveren");
      await editor.waitSaved();

      expect((await trpc("workspaces.setArchived", admin, { workspace: "limburg", archived: true })).status).toBe(200);
      // The open connection closes and comes back as a viewer: what it types is not kept.
      await editor.waitFor(() => closes.includes(CLOSE_CODES.PERMISSIONS_CHANGED), "closed with 4403");
      await editor.waitFor(() => editor.provider.synced, "reconnected");
      editor.type("Na het archiveren");
      await new Promise((r) => setTimeout(r, 300));
      const text = await storedText(strategyId);
      expect(text).toContain("Voor het archiveren");
      expect(text).not.toContain("Na het archiveren");

      // A mutation through the member tier: refused with the archived message, nothing changes.
      const before = await server.database.prisma.document.findUniqueOrThrow({ where: { id: strategyId } });
      const refused = await trpc("document.rename", admin, { workspace: "limburg", documentId: strategyId, title: "Nieuwe titel", version: before.version });
      expect(refused.status).toBe(403);
      expect(refused.body.error?.data.messageKey).toBe("workspace.archived");
      expect(refused.body.error?.message).toMatch(/gearchiveerd/);
      expect((await server.database.prisma.document.findUniqueOrThrow({ where: { id: strategyId } })).title).toBe(before.title);

      // Reads keep working, and the workspace's pages say it is archived.
      const overview = await fetch(`${url}/api/trpc/workspace.overview?input=${encodeURIComponent(JSON.stringify({ workspace: "limburg" }))}`, { headers: { Cookie: admin } });
      expect(overview.status).toBe(200);
      expect(((await overview.json()) as { result: { data: { archived: boolean } } }).result.data.archived).toBe(true);
      const page = await fetch(`${url}/w/limburg/documenten`, { headers: { Cookie: admin } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Deze werkruimte is gearchiveerd");

      expect((await trpc("workspaces.setArchived", admin, { workspace: "limburg", archived: false })).status).toBe(200);
      const renamed = await trpc("document.rename", admin, { workspace: "limburg", documentId: strategyId, title: "Nieuwe titel", version: before.version });
      expect(renamed.status).toBe(200);
    } finally {
      editor.destroy();
    }
  });

  it("once deleted by a platform administrator who is no member, closes its live connections and is gone", async () => {
    const rivierenland = await server.database.prisma.workspace.findUniqueOrThrow({ where: { slug: "rivierenland" }, include: { documents: true } });
    const documentId = rivierenland.documents[0]!.id;
    const tiel = await loginCookie(url, "tiel@demo.regiotafel.nl");
    const editor = connectEditor(url, documentId, tiel);
    const closes: number[] = [];
    editor.provider.on("connection-close", (event) => closes.push(event?.code ?? 0));
    try {
      await editor.waitFor(() => editor.provider.synced, "synced");
      const platform = await loginCookie(url, DEMO_PLATFORM_ADMIN.email);
      // No member: the workspace's content is not theirs to read, its lifecycle is.
      expect((await fetch(`${url}/w/rivierenland`, { headers: { Cookie: platform } })).status).toBe(404);
      expect((await trpc("workspaces.delete", platform, { workspace: "rivierenland", confirmName: "rivierenland" })).body.error?.data.messageKey).toBe("workspace.confirmName");
      expect((await trpc("workspaces.delete", platform, { workspace: "rivierenland", confirmName: rivierenland.name })).status).toBe(200);
      await editor.waitFor(() => closes.includes(CLOSE_CODES.PERMISSIONS_CHANGED), "closed with 4403");
      expect(await upgradeStatus(url, `/collab/${documentRoomName(documentId)}`, { Cookie: tiel, Origin: url })).toBe(404);
      expect(await server.database.prisma.document.count({ where: { workspaceId: rivierenland.id } })).toBe(0);
    } finally {
      editor.destroy();
    }
  });

  it("the new-workspace form works without JavaScript: one more region, a refusal with what was typed, then the workspace", async () => {
    const platform = await loginCookie(url, DEMO_PLATFORM_ADMIN.email);
    const page = await fetch(`${url}/platform/werkruimtes/nieuw`, { headers: { Cookie: platform } });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const label of ["Naam", "Adres (slug)", "Regio", "Organisatievorm", "Gemeenten"]) expect(html).toContain(`>${label}</label>`);
    const post = (fields: Record<string, string>) =>
      fetch(`${url}/platform/werkruimtes/nieuw`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: platform, Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      });
    const region = (i: number, name: string, municipalities: string) => ({ [`regions[${i}].name`]: name, [`regions[${i}].organisationForm`]: "CONVENANT", [`regions[${i}].municipalities`]: municipalities });
    // "Regio toevoegen" answers the same form with a second region and the typed values.
    const more = await post({ intent: "addRegion", regionCount: "1", name: "Twente", slug: "", ...region(0, "Noord", "Enschede") });
    const moreHtml = await more.text();
    expect(moreHtml).toContain('name="regions[1].name"');
    expect(moreHtml).toContain("Enschede");
    // Unknown municipalities: refused, named, nothing created.
    const refused = await post({ intent: "create", regionCount: "2", name: "Twente", slug: "", ...region(0, "Noord", "Enschede, Atlantis"), ...region(1, "", "") });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Atlantis");
    expect(await server.database.prisma.workspace.count({ where: { slug: "twente" } })).toBe(0);
    // Left empty, the address is the one suggested from the name.
    const created = await post({ intent: "create", regionCount: "2", name: "Twente", slug: "", ...region(0, "Noord", "Enschede, GM0164"), ...region(1, "Zuid", "Almelo") });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/w/twente?melding=aangemaakt");
    const workspace = await server.database.prisma.workspace.findUniqueOrThrow({ where: { slug: "twente" }, include: { regions: true, memberships: true } });
    expect(workspace.regions).toHaveLength(2);
    expect(workspace.memberships.map((m) => m.role)).toEqual(["ADMIN"]);

    // The platform's pages show it, its management page its regions; the directory searches.
    const list = await (await fetch(`${url}/platform/werkruimtes`, { headers: { Cookie: platform } })).text();
    expect(list).toContain('href="/w/twente/beheer"');
    const manage = await fetch(`${url}/w/twente/beheer`, { headers: { Cookie: platform } });
    expect(manage.status).toBe(200);
    const manageHtml = await manage.text();
    for (const text of ["Enschede", "Almelo", "/w/twente/werkruimte-export", "Werkruimte archiveren"]) expect(manageHtml).toContain(text);
    const directory = await (await fetch(`${url}/platform/organisaties?q=weert`, { headers: { Cookie: platform } })).text();
    expect(directory).toContain("GM0988");
    const suggestions = await fetch(`${url}/platform/gemeenten-zoeken?soort=MUNICIPALITY&q=almel`, { headers: { Cookie: platform } });
    expect(((await suggestions.json()) as { hits: { name: string }[] }).hits.map((h) => h.name)).toEqual(["Almelo"]);
    // Anyone else: 404 for the platform's pages.
    const weert = await loginCookie(url, "weert@demo.regiotafel.nl");
    for (const path of ["/platform/werkruimtes", "/platform/werkruimtes/nieuw", "/platform/organisaties", "/w/twente/beheer"]) {
      expect((await fetch(`${url}${path}`, { headers: { Cookie: weert } })).status, path).toBe(404);
    }
  });
});
