import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

// The whole-workspace export and import over HTTP (ADR 0025): the streamed download, who gets
// it, and the import page's own upload limit (IMPORT_MAX_MB) apart from MAX_BODY_KB.

let server: RunningServer;
let admin: string;
let platform: string;

beforeAll(async () => {
  server = await startTestServer({ IMPORT_MAX_MB: "1", MAX_BODY_KB: "8" });
  admin = await loginCookie(server.url, "admin@demo.regiotafel.nl");
  platform = await loginCookie(server.url, "platform@demo.regiotafel.nl");
});
afterAll(() => server.close());

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

function importForm(zip: Blob | null, slug = "") {
  const form = new FormData();
  if (zip) form.set("archive", zip, "export.zip");
  else form.set("archive", new Blob([]), "");
  form.set("slug", slug);
  return form;
}
const post = (form: FormData, cookie: string) => fetch(`${server.url}/platform/import`, { method: "POST", headers: { Cookie: cookie, Origin: server.url }, body: form, redirect: "manual" });

describe("the workspace export over HTTP", () => {
  it("gives the admin a streamed ZIP attachment; another member gets 403, a non-member 404", async () => {
    const page = await get("/w/rivierenland/werkruimte-export", admin);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/w/rivierenland/werkruimte-export.zip");

    const res = await get("/w/rivierenland/werkruimte-export.zip", admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="regiotafel-rivierenland-\d{4}-\d{2}-\d{2}\.zip"$/);
    // Streamed: no length known in advance.
    expect(res.headers.get("content-length")).toBeNull();
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.subarray(-22).readUInt32LE(0)).toBe(0x06054b50);
    expect(Number(res.headers.get("x-archive-files"))).toBe(zip.subarray(-22).readUInt16LE(10));

    const editor = await loginCookie(server.url, "tiel@demo.regiotafel.nl");
    expect((await get("/w/rivierenland/werkruimte-export.zip", editor)).status).toBe(403);
    expect((await get("/w/rivierenland/werkruimte-export", editor)).status).toBe(403);
    const weert = await loginCookie(server.url, "weert@demo.regiotafel.nl");
    expect((await get("/w/rivierenland/werkruimte-export.zip", weert)).status).toBe(404);
  });
});

describe("the import page", () => {
  it("imports an uploaded export larger than MAX_BODY_KB, and refuses one past IMPORT_MAX_MB without changing anything", async () => {
    const exported = await (await get("/w/rivierenland/werkruimte-export.zip", admin)).blob();
    // Bigger than MAX_BODY_KB (8 kB here), smaller than IMPORT_MAX_MB (1 MB here).
    expect(exported.size).toBeGreaterThan(8 * 1024);
    const res = await post(importForm(exported, "rivierenland-kopie"), platform);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("/w/rivierenland-kopie");
    expect(await server.database.prisma.workspace.count({ where: { slug: "rivierenland-kopie" } })).toBe(1);

    const workspaces = await server.database.prisma.workspace.count();
    const tooLarge = await post(importForm(new Blob([Buffer.alloc(2 * 1024 * 1024, 7)]), "te-groot"), platform);
    expect(tooLarge.status).toBe(413);
    expect(await server.database.prisma.workspace.count()).toBe(workspaces);

    // Not a platform administrator: the page does not exist for them, and nothing is stored.
    expect((await post(importForm(exported, "niet-van-mij"), admin)).status).toBe(404);
    expect(await server.database.prisma.workspace.count()).toBe(workspaces);
  });

  it("names the file and the problem of a broken archive", async () => {
    const res = await post(importForm(new Blob(["dit is geen zip"])), platform);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Dit bestand is geen ZIP-bestand van een Regiotafel-export.");
  });
});
