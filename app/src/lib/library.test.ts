import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitWords } from "@regiotafel/domain";
import {
  createdRecordHref,
  formatTags,
  groupHits,
  headingsNumbered,
  libraryQueryString,
  readLibraryFilter,
  searchHitHref,
  signedDays,
  sourceTypeOf,
} from "./library";

describe("tags", () => {
  it("formats tags into the box's text, which the contract reads back as the same tags", () => {
    expect(formatTags(["wmo", "jeugd"])).toBe("wmo, jeugd");
    expect(splitWords(formatTags(["wmo", "inkoop strategie"]))).toEqual(["wmo", "inkoop strategie"]);
  });
});

describe("library filter", () => {
  it("reads words, kind and tag from the query string", () => {
    expect(readLibraryFilter(new URLSearchParams("q=%20planning%20&soort=MILESTONE_PLAN&tag=Jeugd"))).toEqual({ query: "planning", kind: "MILESTONE_PLAN", tag: "jeugd" });
  });

  it("ignores an unknown kind and missing parameters", () => {
    expect(readLibraryFilter(new URLSearchParams("soort=RECIPE"))).toEqual({ query: "", kind: null, tag: "" });
    expect(readLibraryFilter(new URLSearchParams(""))).toEqual({ query: "", kind: null, tag: "" });
  });

  it("writes a filter as a query string, without empty parts", () => {
    expect(libraryQueryString({ kind: "NVO_CHECKLIST", tag: "nvo" })).toBe("?soort=NVO_CHECKLIST&tag=nvo");
    expect(libraryQueryString({ query: "wmo jeugd" })).toBe("?q=wmo+jeugd");
    expect(libraryQueryString({ query: "", kind: null, tag: "" })).toBe("");
  });
});

describe("publishing and using", () => {
  it("knows which record each kind is published from", () => {
    expect(sourceTypeOf("STRATEGY_OUTLINE")).toBe("document");
    expect(sourceTypeOf("PROJECT_ASSIGNMENT")).toBe("document");
    expect(sourceTypeOf("SCENARIO_MATRIX")).toBe("assessment");
    expect(sourceTypeOf("MILESTONE_PLAN")).toBe("tender");
    expect(sourceTypeOf("LOT_STRUCTURE")).toBe("tender");
    expect(sourceTypeOf("NVO_CHECKLIST")).toBeNull();
  });

  it("links to the record a template became", () => {
    expect(createdRecordHref("rivierenland", { type: "document", id: "d1" })).toBe("/w/rivierenland/documenten/d1");
    expect(createdRecordHref("rivierenland", { type: "assessment", id: "a1" })).toBe("/w/rivierenland/scenarios/a1");
    expect(createdRecordHref("rivierenland", { type: "tender", id: "t1" })).toBe("/w/rivierenland/aanbestedingen/t1");
  });
});

describe("milestone offsets", () => {
  it("signs the days after the start, with a real minus sign before it", () => {
    expect(signedDays(21)).toBe("+21");
    expect(signedDays(-60)).toBe("\u221260");
    expect(signedDays(0)).toBe("0");
    expect(signedDays(null)).toBeNull();
  });
});

describe("search hits", () => {
  const ws = { slug: "limburg" };

  it("links each kind to its page; a lot to its tender, a decision to governance", () => {
    expect(searchHitHref({ kind: "document", id: "d1", workspace: ws, parentId: null })).toBe("/w/limburg/documenten/d1");
    expect(searchHitHref({ kind: "tender", id: "t1", workspace: ws, parentId: null })).toBe("/w/limburg/aanbestedingen/t1");
    expect(searchHitHref({ kind: "lot", id: "l1", workspace: ws, parentId: "t1" })).toBe("/w/limburg/aanbestedingen/t1");
    expect(searchHitHref({ kind: "decision", id: "b1", workspace: ws, parentId: null })).toBe("/w/limburg/governance");
    expect(searchHitHref({ kind: "template", id: "s1", workspace: null, parentId: null })).toBe("/bibliotheek/s1");
  });

  it("gives no link when a hit lacks its workspace or its tender", () => {
    expect(searchHitHref({ kind: "document", id: "d1", workspace: null, parentId: null })).toBeNull();
    expect(searchHitHref({ kind: "lot", id: "l1", workspace: ws, parentId: null })).toBeNull();
  });

  it("groups hits by kind in a fixed order, keeping the order within a group", () => {
    const hits = [
      { kind: "template" as const, id: "s1" },
      { kind: "lot" as const, id: "l1" },
      { kind: "document" as const, id: "d1" },
      { kind: "lot" as const, id: "l2" },
    ];
    expect(groupHits(hits).map((g) => [g.kind, g.hits.map((h) => h.id)])).toEqual([
      ["document", ["d1"]],
      ["lot", ["l1", "l2"]],
      ["template", ["s1"]],
    ]);
    expect(groupHits([])).toEqual([]);
  });
});

describe("numbered section headings", () => {
  it("sees headings that carry their own numbers, so the list adds none (no '1. 1.')", () => {
    expect(headingsNumbered([{ heading: "1. Inleiding" }, { heading: "2. Ontwikkelingen" }])).toBe(true);
    expect(headingsNumbered([{ heading: "2.3 Segmenten" }, { heading: "4) Doelen" }, { heading: "10 Bijlagen" }])).toBe(true);
  });

  it("numbers the list when any heading has no number of its own", () => {
    expect(headingsNumbered([{ heading: "1. Inleiding" }, { heading: "Ontwikkelingen" }])).toBe(false);
    expect(headingsNumbered([{ heading: "Onderwerp" }])).toBe(false);
    expect(headingsNumbered([{ heading: "2026 in cijfers" }, { heading: "Doelen" }])).toBe(false);
    expect(headingsNumbered([])).toBe(false);
  });

  it("holds for any list of numbered headings", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(99), fc.string({ minLength: 1 }).filter((s) => s.trim() !== "")), { minLength: 1 }), (parts) => {
        expect(headingsNumbered(parts.map(([n, text], i) => ({ heading: `${n + 1}.${i % 2 ? "1" : ""} ${text.trim()}` })))).toBe(true);
      }),
    );
  });
});
