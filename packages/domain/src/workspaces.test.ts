import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  deletionConfirmed,
  municipalityReference,
  RESERVED_WORKSPACE_SLUGS,
  splitMunicipalityList,
  suggestWorkspaceSlug,
  WORKSPACE_SLUG_MAX,
  workspaceSlugSchema,
  workspaceStewardRefusal,
} from "./workspaces";
import { slugSchema } from "./schemas";
import { workspaceLifecycleOperations as ops } from "./operations";

describe("workspace slug", () => {
  it("suggests readable addresses", () => {
    expect(suggestWorkspaceSlug("Limburg")).toBe("limburg");
    expect(suggestWorkspaceSlug("  Regio 's-Hertogenbosch & Meierij ")).toBe("regio-s-hertogenbosch-meierij");
    expect(suggestWorkspaceSlug("Sociaal Domein Fryslân")).toBe("sociaal-domein-fryslan");
    expect(suggestWorkspaceSlug("!!!")).toBe("werkruimte");
    expect(suggestWorkspaceSlug("Nieuw")).toBe("nieuw-werkruimte");
  });

  it("always suggests an address the schema accepts unchanged (and the workspace routes accept)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (name) => {
        const slug = suggestWorkspaceSlug(name);
        expect(workspaceSlugSchema.parse(slug)).toBe(slug);
        expect(slugSchema.safeParse(slug).success).toBe(true);
        expect(slug.length).toBeLessThanOrEqual(WORKSPACE_SLUG_MAX);
      }),
    );
  });

  it("suggests the same address for a name however its accents and case are typed", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z ]{1,30}$/), (name) => {
        const accented = name.replace(/e/g, "é").replace(/a/g, "Ä");
        expect(suggestWorkspaceSlug(accented)).toBe(suggestWorkspaceSlug(name.toUpperCase()));
      }),
    );
  });

  it("refuses addresses that are not lower-case words joined by single hyphens, or reserved", () => {
    for (const bad of ["a", "-limburg", "limburg-", "lim--burg", "lim burg", "limbürg", "x".repeat(WORKSPACE_SLUG_MAX + 1), ""]) {
      expect(workspaceSlugSchema.safeParse(bad).success, bad).toBe(false);
    }
    for (const reserved of RESERVED_WORKSPACE_SLUGS) {
      const issue = workspaceSlugSchema.safeParse(reserved).error?.issues[0]?.message;
      expect(issue).toBe(reserved.length < 2 ? "workspace.slugInvalid" : "workspace.slugTaken");
    }
    expect(suggestWorkspaceSlug("A")).toBe("a-werkruimte");
    expect(workspaceSlugSchema.parse("  Limburg-Noord ")).toBe("limburg-noord");
  });

  it("accepts exactly the strings made of 2–48 characters of a–z, 0–9 and inner single hyphens", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "z", "0", "9", "-", "A", " ", "_"), maxLength: 60 }), (text) => {
        const valid = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(text.trim().toLowerCase()) && text.trim().length >= 2 && text.trim().length <= 48 && !RESERVED_WORKSPACE_SLUGS.has(text.trim().toLowerCase());
        expect(workspaceSlugSchema.safeParse(text).success).toBe(valid);
      }),
    );
  });
});

describe("municipality lists", () => {
  it("refuses a name PostgreSQL cannot store (a NUL from a hostile client) instead of reaching the database", () => {
    const result = ops.addMunicipalities.input.safeParse({ regionId: "11111111-1111-4111-8111-111111111111", municipalities: "Weert, \u0000" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("text.invalidCharacters");
  });

  it("splits on commas, semicolons and lines, drops empties and duplicates in any case", () => {
    expect(splitMunicipalityList("Weert, Nederweert;\nGM0988\n\n  weert ,Leudal")).toEqual(["Weert", "Nederweert", "GM0988", "Leudal"]);
  });

  it("never returns empty or untrimmed items, nor two equal ignoring case", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const items = splitMunicipalityList(text);
        for (const item of items) expect(item).toBe(item.trim());
        expect(items.every((i) => i !== "")).toBe(true);
        expect(new Set(items.map((i) => i.toLowerCase())).size).toBe(items.length);
      }),
    );
  });

  it("reads CBS codes in any case and with a space, names otherwise", () => {
    expect(municipalityReference("gm0988")).toEqual({ cbsCode: "GM0988" });
    expect(municipalityReference("GM 0988")).toEqual({ cbsCode: "GM0988" });
    expect(municipalityReference("Weert")).toEqual({ name: "Weert" });
    expect(municipalityReference("GM098")).toEqual({ name: "GM098" });
  });

  it("the create contract reads one region's municipalities from a text field", () => {
    const parsed = ops.createWorkspace.input.parse({ name: "Limburg", slug: "limburg", regions: [{ name: "Noord", organisationForm: "CONVENANT", municipalities: "Venlo, GM0988" }] });
    expect(parsed.regions[0]!.municipalities).toEqual(["Venlo", "GM0988"]);
    const empty = ops.createWorkspace.input.safeParse({ name: "Limburg", slug: "limburg", regions: [{ name: "Noord", organisationForm: "CONVENANT", municipalities: " , " }] });
    expect(empty.error?.issues[0]?.message).toBe("workspace.municipalitiesRequired");
    const none = ops.createWorkspace.input.safeParse({ name: "Limburg", slug: "limburg", regions: [] });
    expect(none.error?.issues[0]?.message).toBe("workspace.regionRequired");
  });
});

describe("stewards and deletion", () => {
  it("platform administrators and admins steward; other members are forbidden; anyone else finds nothing", () => {
    expect(workspaceStewardRefusal({ platformAdmin: true, role: null })).toBeNull();
    expect(workspaceStewardRefusal({ platformAdmin: false, role: "ADMIN" })).toBeNull();
    for (const role of ["VIEWER", "EDITOR", "COORDINATOR"] as const) expect(workspaceStewardRefusal({ platformAdmin: false, role })).toBe("forbidden");
    expect(workspaceStewardRefusal({ platformAdmin: false, role: null })).toBe("notFound");
  });

  it("deletes only after the exact name (surrounding spaces aside)", () => {
    expect(deletionConfirmed("Limburg", "Limburg")).toBe(true);
    expect(deletionConfirmed("Limburg", "  Limburg ")).toBe(true);
    expect(deletionConfirmed("Limburg", "limburg")).toBe(false);
    expect(deletionConfirmed("Limburg", "")).toBe(false);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (name, typed) => {
        expect(deletionConfirmed(name, typed)).toBe(typed.trim() === name.trim() && typed.trim() !== "");
      }),
    );
  });
});
