// The history says what changed (issue 18 point 5, ADR 0031): after a tender is saved through
// its form the history page lists "Label: before → after"; after a member typed in a document
// over the real co-editing WebSocket it lists one line for that document, author and hour, in
// Dutch and in English. A viewer's typing counts for nobody.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "./server";
import { connectEditor } from "./test-collab-client";
import { loginCookie, startTestServer } from "./test-server";

let server: RunningServer;
let url: string;
let admin: string;
let weert: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  admin = await loginCookie(url, "admin@demo.regiotafel.nl");
  weert = await loginCookie(url, "weert@demo.regiotafel.nl");
});
afterAll(() => server.close());

const ENGLISH = "regiotafel_lang=en";
/** The page's text: tags dropped, entities of quotes decoded, every kind of space one space. */
async function pageText(path: string, cookie: string): Promise<string> {
  const res = await fetch(`${url}${path}`, { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const body = html.slice(html.indexOf("<body"));
  return body
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&nbsp;|\s/g, " ")
    .replace(/ +/g, " ");
}

describe("the history page", () => {
  it("lists 'Label: before → after' for a tender saved through its form, in Dutch and English", async () => {
    const prisma = server.database.prisma;
    const limburg = await prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    const tender = await prisma.tender.findFirstOrThrow({ where: { workspaceId: limburg.id, status: "PLANNED" }, include: { participants: true } });
    const saved = await prisma.tender.update({ where: { id: tender.id }, data: { estimatedValue: 1_000_000, contractEnd: null } });
    const form = new URLSearchParams({
      intent: "tender.update",
      version: String(saved.version),
      title: tender.title,
      description: tender.description,
      domain: tender.domain,
      level: tender.level,
      procedure: tender.procedure,
      procuringEntityId: tender.procuringEntityId,
      ownerRegionId: tender.ownerRegionId ?? "",
      contractStart: tender.contractStart?.toISOString().slice(0, 10) ?? "",
      contractEnd: "2029-12-31",
      extensionOptions: tender.extensionOptions,
      estimatedValue: "1.250.000",
      sroiPercentage: tender.sroiPercentage === null ? "" : String(tender.sroiPercentage).replace(".", ","),
      sroiThreshold: tender.sroiThreshold === null ? "" : String(tender.sroiThreshold),
      fundingModel: tender.fundingModel ?? "",
    });
    for (const p of tender.participants) form.append("participantIds", p.organisationId);
    const res = await fetch(`${url}/w/limburg/aanbestedingen/${tender.id}`, { method: "POST", redirect: "manual", headers: { Cookie: admin, Origin: url }, body: form });
    expect(res.status).toBeLessThan(400);
    const status = new URLSearchParams({ intent: "tender.setStatus", status: "PUBLISHED", version: String(saved.version + 1) });
    expect((await fetch(`${url}/w/limburg/aanbestedingen/${tender.id}`, { method: "POST", redirect: "manual", headers: { Cookie: admin, Origin: url }, body: status })).status).toBeLessThan(400);
    expect((await prisma.tender.findUniqueOrThrow({ where: { id: tender.id } })).status).toBe("PUBLISHED");

    const dutch = await pageText("/w/limburg/wijzigingen?soort=tender", admin);
    expect(dutch).toContain("Geraamde waarde: € 1.000.000 → € 1.250.000");
    expect(dutch).toContain("Einde contract: — → 31 december 2029");
    expect(dutch).toContain("Status: gepland → gepubliceerd");
    const english = await pageText("/w/limburg/wijzigingen?soort=tender", `${admin}; ${ENGLISH}`);
    expect(english).toMatch(/Estimated value: €1,000,000 → €1,250,000/);
    expect(english).toContain("Status: planned → published");
  });

  it("lists a member's typing over the WebSocket as one line per document, author and hour, linking to the document; not a viewer's", async () => {
    const prisma = server.database.prisma;
    const limburg = await prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    const doc = await prisma.document.findFirstOrThrow({ where: { workspaceId: limburg.id, kind: "STRATEGY" } });
    const tiel = await prisma.user.findUniqueOrThrow({ where: { email: "tiel@demo.regiotafel.nl" } });
    await prisma.membership.create({ data: { userId: tiel.id, workspaceId: limburg.id, role: "VIEWER" } });
    const viewer = connectEditor(url, doc.id, await loginCookie(url, "tiel@demo.regiotafel.nl"));
    const editor = connectEditor(url, doc.id, weert);
    try {
      await editor.waitFor(() => editor.text().length > 0, "the editor receives the document");
      await viewer.waitFor(() => viewer.text().length > 0, "the viewer receives the document");
      viewer.type("Door een lezer getypt");
      for (const word of ["Een", " zin", " van", " Weert."]) {
        editor.type(word, 0);
        await editor.waitSaved();
      }
      await viewer.waitFor(() => viewer.text().includes("Een zin van Weert."), "the viewer receives Weert's edits");
      await server.hub.flush();
    } finally {
      viewer.destroy();
      editor.destroy();
    }
    const weertUser = await prisma.user.findUniqueOrThrow({ where: { email: "weert@demo.regiotafel.nl" }, include: { organisation: true } });
    const rows = await prisma.documentEditSummary.findMany({ where: { documentId: doc.id } });
    expect(rows.map((r) => r.userId)).toEqual([weertUser.id]);
    const [row] = rows;
    expect(row).toMatchObject({ organisationId: weertUser.organisationId, workspaceId: limburg.id });
    expect(row!.updates).toBeGreaterThanOrEqual(4);

    const hours = (locale: string) => {
      const time = (d: Date) => new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Amsterdam" }).format(d);
      return `${time(row!.hour)}–${time(new Date(row!.hour.getTime() + 3_600_000))}`;
    };
    const res = await fetch(`${url}/w/limburg/wijzigingen?soort=document`, { headers: { Cookie: admin } });
    const html = await res.text();
    expect(html).toContain(`href="/w/limburg/documenten/${doc.id}"`);
    const dutch = await pageText("/w/limburg/wijzigingen?soort=document", admin);
    expect(dutch).toContain(`${weertUser.name}${weertUser.organisation.name}`);
    expect(dutch).toContain(`Tekst van ‘${doc.title}’ bewerkt — ${hours("nl-NL")}, ${row!.updates} wijzigingen`);
    expect(await pageText("/w/limburg/wijzigingen", admin)).toContain(`Tekst van ‘${doc.title}’ bewerkt`);
    expect(await pageText("/w/limburg/wijzigingen?soort=tender", admin)).not.toContain(`Tekst van ‘${doc.title}’`);
    const english = await pageText("/w/limburg/wijzigingen?soort=document", `${admin}; ${ENGLISH}`);
    expect(english).toContain(`Edited the text of ‘${doc.title}’ — ${hours("en-GB")}, ${row!.updates} changes`);
    // Another workspace's history has none of it.
    expect(await pageText("/w/rivierenland/wijzigingen", admin)).not.toContain(doc.title);
  });
});
