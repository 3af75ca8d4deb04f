import { describe, expect, it } from "vitest";
import { canEditDocument, DOCUMENT_KINDS, governanceBlocks, newDocumentRights, startingBlocks, STRATEGY_OUTLINE, strategyOutlineBlocks } from "./documents";

const west = "region-west";
const noord = "region-noord";

describe("document edit rights", () => {
  it("lets editors and up edit a workspace document, never viewers", () => {
    const doc = { editRole: "EDITOR" as const, ownerRegionId: null };
    expect(canEditDocument({ role: "VIEWER", regionId: west }, doc)).toBe(false);
    expect(canEditDocument({ role: "EDITOR", regionId: west }, doc)).toBe(true);
    expect(canEditDocument({ role: "COORDINATOR", regionId: noord }, doc)).toBe(true);
  });

  it("keeps a region's governance text to that region's coordinators and admins", () => {
    const doc = { editRole: "COORDINATOR" as const, ownerRegionId: west };
    expect(canEditDocument({ role: "EDITOR", regionId: west }, doc)).toBe(false);
    expect(canEditDocument({ role: "COORDINATOR", regionId: west }, doc)).toBe(true);
    expect(canEditDocument({ role: "COORDINATOR", regionId: noord }, doc)).toBe(false);
    expect(canEditDocument({ role: "ADMIN", regionId: null }, doc)).toBe(true);
  });
});

describe("strategy outline", () => {
  it("has the nine chapters of seed 002 in order", () => {
    expect(STRATEGY_OUTLINE.map((s) => s.heading.replace(/^\d+\. /, ""))).toEqual([
      "Inleiding",
      "Ontwikkelingen",
      "Regio- en marktanalyse",
      "Uitgangspunten",
      "Inkoopdoelen",
      "Segmenten",
      "Sturingsinstrumenten",
      "Implementatiesporen",
      "Risico's en beheersmaatregelen",
    ]);
  });

  it("starts with the title and alternates chapter headings and prompts", () => {
    const blocks = strategyOutlineBlocks("Inkoopstrategie Limburg");
    expect(blocks[0]).toEqual({ type: "heading", level: 1, text: "Inkoopstrategie Limburg" });
    expect(blocks).toHaveLength(1 + 2 * STRATEGY_OUTLINE.length);
    expect(blocks.filter((b) => b.type === "heading" && b.level === 2)).toHaveLength(9);
  });
});

describe("creating documents", () => {
  it("lets editors create free documents, not viewers", () => {
    expect(newDocumentRights({ role: "EDITOR", regionId: west }, "FREE", west)).toEqual({ editRole: "EDITOR", ownerRegionId: west });
    expect(newDocumentRights({ role: "VIEWER", regionId: west }, "FREE", null)).toBe("FORBIDDEN");
  });

  it("keeps the joint strategy to coordinators and up, co-written by all editors", () => {
    expect(newDocumentRights({ role: "EDITOR", regionId: west }, "STRATEGY", null)).toBe("FORBIDDEN");
    expect(newDocumentRights({ role: "COORDINATOR", regionId: west }, "STRATEGY", west)).toEqual({ editRole: "EDITOR", ownerRegionId: null });
  });

  it("lets only a region's own coordinator (or an admin) start its governance text", () => {
    expect(newDocumentRights({ role: "COORDINATOR", regionId: west }, "GOVERNANCE", west)).toEqual({ editRole: "COORDINATOR", ownerRegionId: west });
    expect(newDocumentRights({ role: "COORDINATOR", regionId: noord }, "GOVERNANCE", west)).toBe("FORBIDDEN");
    expect(newDocumentRights({ role: "ADMIN", regionId: null }, "GOVERNANCE", west)).toEqual({ editRole: "COORDINATOR", ownerRegionId: west });
  });
});

describe("start content", () => {
  it("starts every kind under its title: the strategy outline, the governance chapters, or one empty paragraph", () => {
    expect(startingBlocks("STRATEGY", "Strategie")).toEqual(strategyOutlineBlocks("Strategie"));
    expect(startingBlocks("GOVERNANCE", "Governance")).toEqual(governanceBlocks("Governance"));
    expect(startingBlocks("FREE", "Notities")).toEqual([
      { type: "heading", level: 1, text: "Notities" },
      { type: "paragraph", text: "" },
    ]);
    for (const kind of DOCUMENT_KINDS) expect(startingBlocks(kind, "Titel")[0]).toEqual({ type: "heading", level: 1, text: "Titel" });
  });
});
