import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
let weert: string;

beforeAll(async () => {
  server = await startTestServer();
  weert = await loginCookie(server.url, "weert@demo.regiotafel.nl");
});
afterAll(() => server.close());

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

/** A downloaded CSV as rows of cells (no quoted separators in these fixtures). */
async function csvRows(res: Response): Promise<string[][]> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 byte order mark Excel needs
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
  return text.trimEnd().split("\r\n").map((line) => line.split(";"));
}

describe("CSV downloads of table views", () => {
  it("exports the staffing comparison with West's gap, as a Dutch-Excel CSV attachment", async () => {
    const res = await get("/w/limburg/export/formatie-vergelijking.csv", weert);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="limburg-formatie-vergelijking.csv"');
    const [header, ...rows] = await csvRows(res);
    expect(header).toEqual(["Regio", "Eenheid", "Soort eenheid", "Functies", "Fte huidig", "Fte minimaal nodig", "Tekort (fte)", "Minimum PM (functies)", "In dienst (fte)", "Ingehuurd (fte)"]);
    const west = rows.find((r) => r[1] === "Midden-Limburg West" && r[2] === "Regio");
    expect(west?.slice(3, 8)).toEqual(["5", "3,02", "3,96", "1,5", "2"]);
  });

  it("exports the tender board with its filter applied", async () => {
    const all = await csvRows(await get("/w/limburg/export/aanbestedingen.csv", weert));
    const jeugd = await csvRows(await get("/w/limburg/export/aanbestedingen.csv?domain=JEUGD", weert));
    expect(all.length).toBeGreaterThan(jeugd.length);
    expect(jeugd.length).toBeGreaterThan(1);
    const domain = jeugd[0]!.indexOf("Domein");
    expect(new Set(jeugd.slice(1).map((r) => r[domain]))).toEqual(new Set(["Jeugd"]));
  });

  it("exports a tender's lots with a column for every field of the lot's contract, the expected value included", async () => {
    const tender = await server.database.prisma.tender.findFirstOrThrow({ where: { workspace: { slug: "limburg" }, lots: { some: {} } }, include: { lots: true } });
    const lot = tender.lots[0]!;
    await server.database.prisma.lot.update({ where: { id: lot.id }, data: { expectedValue: 1_250_000 } });
    const [header, ...rows] = await csvRows(await get(`/w/limburg/export/percelen.csv?tender=${tender.id}`, weert));
    expect(header).toEqual([
      "Aanbesteding",
      "Segment",
      "Titel",
      "Regionaal: minimum aantal aanbieders",
      "Regionaal: maximum aantal aanbieders",
      "Lokaal: minimum aantal aanbieders",
      "Lokaal: maximum aantal aanbieders",
      "Inkoopvorm van dit perceel",
      "Verwachte contractwaarde",
      "Toelichting",
      "Status",
      "Doen mee",
      "Doen niet mee",
    ]);
    expect(rows).toHaveLength(tender.lots.length);
    const row = rows.find((r) => r[2] === lot.title)!;
    expect(row[header!.indexOf("Verwachte contractwaarde")]).toMatch(/^1\.?250\.?000(,00)?$/);
  });

  it("speaks English to a user who chose English", async () => {
    const english = await get("/w/limburg/export/segmenten.csv", `${weert}; regiotafel_lang=en`);
    const [header] = await csvRows(english);
    expect(header?.[0]).toBe("Segment");
    expect(header).toContain("Lead region");
  });

  it("answers 404 for another workspace, an unknown table and a malformed lot export", async () => {
    expect((await get("/w/rivierenland/export/formatie.csv", weert)).status).toBe(404);
    expect((await get("/w/limburg/export/geheim.csv", weert)).status).toBe(404);
    expect((await get("/w/limburg/export/percelen.csv?tender=niet-een-id", weert)).status).toBe(404);
    expect((await get("/w/limburg/export/formatie.xlsx", weert)).status).toBe(404);
  });

  it("sends a signed-out visitor to the login page", async () => {
    const res = await get("/w/limburg/export/formatie.csv");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fw%2Flimburg%2Fexport%2Fformatie.csv");
  });
});

describe("OCDS download", () => {
  it("serves the workspace's tenders as a release package at /w/<slug>/export/ocds.json", async () => {
    const res = await get("/w/limburg/export/ocds.json", weert);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const pkg = (await res.json()) as { uri: string; releases: { tender: { title: string; lots?: unknown[] } }[] };
    expect(pkg.uri).toBe(`${server.url}/w/limburg/export/ocds.json`);
    expect(pkg.releases.length).toBeGreaterThan(3);
    expect(pkg.releases.some((r) => (r.tender.lots?.length ?? 0) >= 6)).toBe(true);
    expect((await get("/w/rivierenland/export/ocds.json", weert)).status).toBe(404);
  });
});
