// Issue 18, forms and words: a success message after every create (also after a redirect),
// gaps on Formatie that say what is missing, participants named in full on the scenario page,
// a planning that opens at today's month and a publish preview that does not number "1. 1.".
// The real server renders the pages; the tests read the HTML as a browser without JavaScript would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROCEDURES, PROCUREMENT_LEVELS, SOCIAL_DOMAINS } from "@regiotafel/domain";
import type { RunningServer } from "./server";
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
const FORM = "application/x-www-form-urlencoded";

async function page(path: string, cookie: string): Promise<string> {
  const res = await fetch(`${url}${path}`, { headers: { Cookie: cookie } });
  expect(res.status, path).toBe(200);
  return clean(await res.text());
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return fetch(`${url}${path}`, { method: "POST", redirect: "manual", headers: { Origin: url, Cookie: cookie, "Content-Type": FORM }, body: new URLSearchParams(fields) });
}

/** The HTML without scripts and React's text separators ("<!-- -->"). */
const clean = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<!-- -->/g, "");
/** The texts of the page's status regions (role="status"). */
const statusTexts = (html: string) =>
  [...html.matchAll(/<div role="status"[^>]*>([\s\S]*?)<\/div><\/div>|<div role="status"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => text(m[1] ?? m[2] ?? ""));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

describe("a success message after creating something", () => {
  it("creating a tender redirects to it and says it was created, in a status region, in Dutch and English", async () => {
    for (const [cookie, title, expected] of [
      [admin, "Jeugdhulp 2028", "Aanbesteding ‘Jeugdhulp 2028’ is aangemaakt."],
      [`${admin}; ${ENGLISH}`, "Youth care 2028", "Tender ‘Youth care 2028’ has been created."],
    ] as const) {
      const board = await page("/w/limburg/aanbestedingen", cookie);
      const entities = /<select[^>]*name="procuringEntityId"[^>]*>([\s\S]*?)<\/select>/.exec(board)?.[1] ?? "";
      const procuringEntityId = /value="([0-9a-f-]{36})"/.exec(entities)?.[1];
      expect(procuringEntityId).toBeDefined();
      const res = await post("/w/limburg/aanbestedingen", cookie, {
        intent: "create",
        title,
        domain: SOCIAL_DOMAINS[0],
        level: PROCUREMENT_LEVELS[0],
        procedure: PROCEDURES[0],
        procuringEntityId: procuringEntityId!,
      });
      expect(res.status).toBe(302);
      const location = res.headers.get("location") ?? "";
      expect(location).toMatch(/^\/w\/limburg\/aanbestedingen\/[0-9a-f-]{36}\?melding=aangemaakt$/);
      const html = await page(location, cookie);
      expect(statusTexts(html)).toContain(expected);
      // The same page without the notice (a later visit) says nothing of the kind.
      expect(statusTexts(await page(location.split("?")[0]!, cookie)).join(" ")).not.toContain(expected);
    }
  });

  it("creating a document and an assessment says so on the new page", async () => {
    const doc = await post("/w/limburg/documenten", admin, { title: "Notitie over de planning", kind: "FREE", ownerRegionId: "" });
    expect(doc.status).toBe(302);
    expect(statusTexts(await page(doc.headers.get("location")!, admin))).toContain("Document ‘Notitie over de planning’ is aangemaakt.");

    const participant = await server.database.prisma.organisation.findFirstOrThrow({ where: { slug: "weert" } });
    const assessment = await post("/w/limburg/scenarios", await loginCookie(url, "coordinator.west@demo.regiotafel.nl"), {
      title: "Toegang",
      description: "",
      scenarios: "Lokaal\nRegionaal",
      criteria: "Kwaliteit\nKosten",
      participantIds: participant.id,
    });
    expect(assessment.status).toBe(302);
    expect(statusTexts(await page(assessment.headers.get("location")!, admin))).toContain("Beoordeling ‘Toegang’ is aangemaakt.");
  });

  it("ignores a notice it does not know", async () => {
    const html = await page("/w/limburg?melding=%3Cb%3Ehallo%3C%2Fb%3E", admin);
    expect(statusTexts(html).join(" ")).not.toMatch(/hallo|aangemaakt/);
  });
});

describe("Formatie: a gap says what is missing", () => {
  it("adding a line says so, and the unit and the comparison name the gap: 'Tekort: 1,5 fte Contractmanager'", async () => {
    const municipality = await server.database.prisma.organisation.findFirstOrThrow({ where: { slug: "weert" } });
    const res = await post("/w/limburg/formatie", weert, {
      intent: "add",
      unitId: municipality.id,
      unitKind: "municipality",
      function: "Contractmanager",
      fteCurrent: "0,5",
      fteMinimum: "2",
      employment: "EMPLOYED",
      notes: "",
    });
    expect(res.status).toBe(200);
    const html = clean(await res.text());
    expect(statusTexts(html)).toContain("Functie ‘Contractmanager’ toegevoegd.");
    const weertSummary = /<summary class="rt-unit__summary">(?:(?!<\/summary>)[\s\S])*?Weert[\s\S]*?<\/summary>/.exec(html)?.[0] ?? "";
    expect(text(weertSummary)).toMatch(/Tekort: (?:[\d,]+ fte [^·]+ en )?1,5 fte Contractmanager/);
    expect(html).toMatch(/<span class="rt-gap-detail">[^<]*1,5 fte Contractmanager[^<]*<\/span>/);
    // The chart's text alternative names what the largest gap is made of, too.
    expect(html).toMatch(/aria-label="[^"]*Het grootste tekort heeft [^:"]+: [\d,]+ fte [^"]+\./);

    const english = await page("/w/limburg/formatie", `${weert}; ${ENGLISH}`);
    expect(english).toMatch(/Gap: [^<]*1\.5 FTE Contractmanager/);
    expect(english).not.toMatch(/Tekort/);
  });
});

describe("scenario page: participants by name", () => {
  it("shows other participants' scores and results columns with the participant's name, not a code", async () => {
    const assessment = await server.database.prisma.assessment.findFirstOrThrow({
      where: { workspace: { slug: "limburg" }, title: { startsWith: "Scenario's samenwerking" } },
      include: { scenarios: true, criteria: true },
    });
    const participant = await server.database.prisma.organisation.findFirstOrThrow({ where: { slug: "weert" } });
    await server.database.prisma.assessmentScore.create({
      data: { assessmentId: assessment.id, scenarioId: assessment.scenarios[0]!.id, criterionId: assessment.criteria[0]!.id, participantId: participant.id, score: 5 },
    });
    const html = await page(`/w/limburg/scenarios/${assessment.id}`, admin);
    const badge = /<li class="rt-assess-badge rt-assess-badge--5"[^>]*><span aria-hidden="true">([^<]*)<strong>5<\/strong>/.exec(html);
    expect(badge?.[1]?.trim()).toBe("Weert");
    const results = /<table class="[^"]*rt-assess-results[\s\S]*?<\/thead>/.exec(html)?.[0] ?? "";
    expect(results).toContain('<span class="rt-block">Weert</span>');
    expect(results).not.toMatch(/<span aria-hidden="true">Wee<\/span>/);
  });
});

describe("planning opens at today's month", () => {
  it("leaves the milestones met before this month behind a link, and shows them on request", async () => {
    const html = await page("/w/limburg/planning", admin);
    expect(html).not.toMatch(/februari 2021/);
    expect(html).toMatch(/Ook \d+ eerdere mijlpal(?:en|) tonen/);
    expect(html).toContain("Vanaf deze maand staan er geen mijlpalen gepland.");
    const all = await page("/w/limburg/planning?alles=1", admin);
    expect(all).toMatch(/februari 2021/);
    expect(all).toContain("Alleen vanaf deze maand tonen");

    const english = text(await page("/w/limburg/planning", `${admin}; ${ENGLISH}`));
    expect(english).toMatch(/Also show \d+ earlier milestones?/);
    expect(english).not.toMatch(/\b(eerdere|mijlpalen|Vanaf|maand)\b/);
  });
});

describe("tables: words for what is empty", () => {
  it("the tender board says a tender has no next milestone in words, not with a dash", async () => {
    const muted = /<span class="rt-muted">([^<]*)<\/span>/g;
    const nl = await page("/w/limburg/aanbestedingen", admin);
    expect([...nl.matchAll(muted)].map((m) => m[1])).toContain("geen gepland");
    const en = await page("/w/limburg/aanbestedingen", `${admin}; ${ENGLISH}`);
    expect([...en.matchAll(muted)].map((m) => m[1])).toContain("none planned");
  });
});

describe("help texts and English words", () => {
  it("ties a field's help text to it with aria-describedby (the tender's estimated value)", async () => {
    const html = await page("/w/limburg/aanbestedingen", admin);
    const input = /<input[^>]*name="estimatedValue"[^>]*>/.exec(html)?.[0] ?? "";
    const describedBy = /aria-describedby="([^"]+)"/.exec(input)?.[1]?.split(" ") ?? [];
    const descriptions = describedBy.map((id) => text(new RegExp(`<div[^>]*id="${id}"[^>]*>([\\s\\S]*?)</div>`).exec(html)?.[1] ?? ""));
    expect(descriptions).toContain("In euro’s, bijvoorbeeld 1.250.000 (punten tussen de duizendtallen mogen).");
  });

  it("keeps this issue's new texts out of the English pages", async () => {
    const assessment = await server.database.prisma.assessment.findFirstOrThrow({ where: { workspace: { slug: "limburg" } } });
    for (const path of ["/w/limburg/formatie", "/w/limburg/planning", "/w/limburg/aanbestedingen", `/w/limburg/scenarios/${assessment.id}`]) {
      const english = text(await page(path, `${admin}; ${ENGLISH}`));
      expect(english, path).not.toMatch(/\b(Tekort|eerdere mijlpal\w*|aangemaakt|geen gepland|Punten:|bijvoorbeeld 1\.250)/);
    }
    expect(text(await page(`/w/limburg/scenarios/${assessment.id}`, `${admin}; ${ENGLISH}`))).toContain("Points: 1 = partly met, 3 = met, 5 = fully met.");
  });
});

describe("publish preview", () => {
  it("does not number headings that carry their own numbers again ('1. 1. Inleiding')", async () => {
    const strategy = await server.database.prisma.document.findFirstOrThrow({ where: { workspace: { slug: "limburg" }, kind: "STRATEGY" } });
    const html = await page(`/w/limburg/publiceren?soort=STRATEGY_OUTLINE&bron=${strategy.id}`, weert);
    const list = /<ol class="(rt-template-sections[^"]*)"[^>]*>([\s\S]*?)<\/ol>/.exec(html);
    expect(list?.[1]).toBe("rt-template-sections rt-template-sections--numbered");
    expect(text(list?.[2] ?? "")).toMatch(/^1\. /);
  });
});
