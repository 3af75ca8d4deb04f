import { describe, expect, it } from "vitest";
import {
  blocksFromSections,
  canonicalJson,
  DEMO_TEMPLATES,
  lotStructureFromTender,
  matrixFromAssessment,
  milestonePlanFromTender,
  parseTemplateContent,
  scheduleMilestones,
  sectionsFromBlocks,
  templateMetaSchema,
} from "./templates";
import { excerpt, prefixTsQuery } from "./search";

describe("structure out of a workspace", () => {
  it("keeps a document's headings below its title and none of its text", () => {
    const content = sectionsFromBlocks([
      { type: "heading", level: 1, text: "Inkoopstrategie Limburg" },
      { type: "heading", level: 2, text: "1. Inleiding" },
      { type: "paragraph", text: "Vertrouwelijk: Weert wil de toegang lokaal houden." },
      { type: "heading", level: 3, text: "1.1 Scope" },
      { type: "heading", level: 2, text: "   " },
    ]);
    expect(content).toEqual({ sections: [{ heading: "1. Inleiding", guidance: "" }, { heading: "1.1 Scope", guidance: "" }] });
    expect(JSON.stringify(content)).not.toContain("Vertrouwelijk");
  });

  it("keeps scenarios and weighted criteria of an assessment, not its scores", () => {
    const content = matrixFromAssessment({
      scenarios: [{ title: "Zelfstandig", description: "MLW alleen", score: 5 } as never],
      criteria: [{ title: "Haalbaar", description: "", weight: 2, rationale: "geheim" } as never],
    });
    expect(content).toEqual({ scenarios: [{ title: "Zelfstandig", description: "MLW alleen" }], criteria: [{ title: "Haalbaar", description: "", weight: 2 }] });
  });

  it("turns milestone dates into days after the first dated milestone", () => {
    const plan = milestonePlanFromTender([
      { type: "ENGAGEMENT", title: "Publicatie", dueDate: "2021-02-01" },
      { type: "APPROVAL", title: "Gunning", dueDate: "2021-07-01" },
      { type: "DELIVERY", title: "Implementatie", dueDate: null },
    ]);
    expect(plan.milestones.map((m) => m.offsetDays)).toEqual([0, 150, null]);
    expect(JSON.stringify(plan)).not.toContain("2021");
    expect(scheduleMilestones(plan, "2027-01-04").map((m) => m.dueDate)).toEqual(["2027-01-04", "2027-06-03", null]);
  });

  it("keeps the lots' structure and drops participants, status and notes", () => {
    const content = lotStructureFromTender({
      domain: "WMO",
      procedure: "SAS_TWO_ROUNDS",
      lots: [
        { segment: "S1a", title: "Complexe ondersteuning", regionalProvidersMin: 10, regionalProvidersMax: 20, localProvidersMin: null, localProvidersMax: 30, procedureOverride: null, notes: "intern", status: "PUBLISHED", participations: ["weert"] } as never,
      ],
    });
    expect(content.lots[0]).toEqual({ segment: "S1a", title: "Complexe ondersteuning", regionalProvidersMin: 10, regionalProvidersMax: 20, localProvidersMin: null, localProvidersMax: 30, procedureOverride: null });
  });

  it("refuses empty structure", () => {
    expect(() => parseTemplateContent("STRATEGY_OUTLINE", { sections: [] })).toThrow();
    expect(() => parseTemplateContent("LOT_STRUCTURE", { domain: "WMO", procedure: "DAS", lots: [] })).toThrow();
  });
});

describe("structure into a workspace", () => {
  it("makes a document of a title and sections with their guidance", () => {
    expect(blocksFromSections("Projectopdracht", [{ heading: "Onderwerp", guidance: "In één zin." }])).toEqual([
      { type: "heading", level: 1, text: "Projectopdracht" },
      { type: "heading", level: 2, text: "Onderwerp" },
      { type: "paragraph", text: "In één zin." },
    ]);
  });
});

describe("the seeds' templates", () => {
  it("are five valid templates, one of each publishable kind but the lot structure", () => {
    expect(DEMO_TEMPLATES.map((t) => t.kind)).toEqual(["STRATEGY_OUTLINE", "PROJECT_ASSIGNMENT", "SCENARIO_MATRIX", "NVO_CHECKLIST", "MILESTONE_PLAN"]);
    for (const t of DEMO_TEMPLATES) expect(() => parseTemplateContent(t.kind, t.content)).not.toThrow();
    const assignment = DEMO_TEMPLATES[1]!.content as { sections: { heading: string }[] };
    expect(assignment.sections.map((s) => s.heading)).toContain("Randvoorwaarden: capaciteit en tijdsinzet");
  });
});

describe("template metadata and fingerprints", () => {
  it("normalises tags and refuses odd ones", () => {
    expect(templateMetaSchema.parse({ title: " Opzet ", tags: ["Jeugd", "jeugd", "Wmo"] })).toEqual({ title: "Opzet", description: "", tags: ["jeugd", "wmo"] });
    expect(templateMetaSchema.safeParse({ title: "x", tags: ["<script>"] }).success).toBe(false);
  });

  it("writes the same JSON whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }] })).toBe(canonicalJson({ a: [{ c: "x", d: null }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});

describe("search queries", () => {
  it("makes every word a prefix and lets nothing but letters and digits through", () => {
    expect(prefixTsQuery("Wmo begel")).toBe("wmo:* & begel:*");
    expect(prefixTsQuery("S1a: 'complex' & | ! (x)")).toBe("s1a:* & complex:* & x:*");
    expect(prefixTsQuery("ëën")).toBe("ëën:*");
    expect(prefixTsQuery(" !! ")).toBeNull();
  });

  it("cuts an excerpt around the first word found", () => {
    const text = `${"a ".repeat(200)}beschermd wonen ${"b ".repeat(200)}`;
    const cut = excerpt(text, "wonen", 40);
    expect(cut).toContain("wonen");
    expect(cut.startsWith("…")).toBe(true);
    expect(excerpt("kort", "x")).toBe("kort");
  });
});
