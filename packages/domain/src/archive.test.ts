import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { archiveManifestSchema, freeSlug, safeEntryName, slugFromName } from "./archive";
import { slugSchema } from "./schemas";

describe("archive entry names", () => {
  it("accepts the archive's own names and refuses names that climb out, are absolute or carry control characters", () => {
    for (const name of ["manifest.json", "records/tenders.csv", "documents/0b7f3c1e-1111-4222-8333-444455556666.yjs"]) expect(safeEntryName(name), name).toBe(true);
    for (const name of ["", "/etc/passwd", "../x", "a/../../b", "a/./b", "a//b", "C:/x", "a\\b", "a\u0000b", "x".repeat(301)]) expect(safeEntryName(name), name).toBe(false);
  });

  it("never accepts a name with a '..' segment, whatever surrounds it", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z.]{0,4}$/), { maxLength: 4 }), fc.array(fc.stringMatching(/^[a-z.]{0,4}$/), { maxLength: 4 }), (before, after) => {
        expect(safeEntryName([...before, "..", ...after].join("/"))).toBe(false);
      }),
    );
  });
});

describe("the new workspace's slug", () => {
  it("makes a valid slug of any name", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (name) => {
        expect(slugSchema.safeParse(slugFromName(name)).success).toBe(true);
      }),
    );
    expect(slugFromName("Samenwerking Zuid-Limburg (één)")).toBe("samenwerking-zuid-limburg-een");
  });

  it("takes the first free one after a taken slug, also at the length limit", () => {
    const taken = new Set(["limburg", "limburg-2"]);
    expect(freeSlug("limburg", (s) => taken.has(s))).toBe("limburg-3");
    expect(freeSlug("rivierenland", (s) => taken.has(s))).toBe("rivierenland");
    const long = "a".repeat(64);
    const next = freeSlug(long, (s) => s === long);
    expect(next).toHaveLength(64);
    expect(slugSchema.safeParse(next).success).toBe(true);
  });
});

describe("the manifest", () => {
  it("refuses another format and another version", () => {
    const manifest = { format: "regiotafel.workspace-export", version: 1, exportedAt: "2026-12-07T12:00:00.000Z", source: "https://x", workspace: { slug: "limburg", name: "L" }, counts: {} };
    expect(archiveManifestSchema.safeParse(manifest).success).toBe(true);
    expect(archiveManifestSchema.safeParse({ ...manifest, version: 2 }).success).toBe(false);
    expect(archiveManifestSchema.safeParse({ ...manifest, format: "other" }).success).toBe(false);
  });
});
