import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEMO_WORKSPACES } from "../../../prisma/seed/demo-data";
import {
  CBS_CODE,
  directoryFileSchema,
  directorySlug,
  foldSearchText,
  mergerRefusal,
  planDirectoryImport,
  PROVINCES,
  type DirectoryMunicipality,
  type StoredMunicipality,
} from "./directory";
import { directoryOperations } from "./operations";

const raw = JSON.parse(readFileSync(new URL("../../../prisma/directory/gemeenten-2026.json", import.meta.url), "utf8"));
const file = directoryFileSchema.parse(raw);
const byCode = new Map(file.municipalities.map((m) => [m.code, m]));

describe("the directory file (prisma/directory/gemeenten-2026.json)", () => {
  it("has 342 municipalities with unique CBS codes and unique names", () => {
    expect(file.count).toBe(342);
    expect(file.municipalities).toHaveLength(342);
    expect(file.municipalities.every((m) => CBS_CODE.test(m.code))).toBe(true);
    expect(new Set(file.municipalities.map((m) => m.code)).size).toBe(342);
    expect(new Set(file.municipalities.map((m) => m.name)).size).toBe(342);
  });

  it("covers the twelve provinces with the counts published since 2023", () => {
    const counts: Record<string, number> = {};
    for (const m of file.municipalities) counts[m.province] = (counts[m.province] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual([...PROVINCES].sort());
    expect(counts).toEqual({
      Groningen: 10,
      Fryslân: 18,
      Drenthe: 12,
      Overijssel: 25,
      Flevoland: 6,
      Gelderland: 51,
      Utrecht: 26,
      "Noord-Holland": 44,
      "Zuid-Holland": 50,
      Zeeland: 13,
      "Noord-Brabant": 56,
      Limburg: 31,
    });
  });

  it("reflects the mergers of 2022 and 2023", () => {
    expect(byCode.get("GM1992")).toEqual({ code: "GM1992", name: "Voorne aan Zee", province: "Zuid-Holland" });
    expect(byCode.get("GM1980")?.name).toBe("Dijk en Waard");
    expect(byCode.get("GM1982")?.name).toBe("Land van Cuijk");
    expect(byCode.get("GM1991")?.name).toBe("Maashorst");
    // Brielle, Hellevoetsluis, Westvoorne (→ Voorne aan Zee); Weesp (→ Amsterdam); Beemster (→ Purmerend);
    // Heerhugowaard and Langedijk (→ Dijk en Waard); Uden and Landerd (→ Maashorst).
    for (const gone of ["GM0501", "GM0530", "GM0614", "GM0457", "GM0370", "GM0398", "GM0416", "GM0856", "GM1685"]) expect(byCode.has(gone), gone).toBe(false);
    expect(byCode.get("GM0363")?.name).toBe("Amsterdam");
    expect(byCode.get("GM0439")?.name).toBe("Purmerend");
  });

  it("holds every municipality of the demo seed, under its code and in the right province", () => {
    const demo = DEMO_WORKSPACES.flatMap((w) => w.regions.flatMap((r) => r.municipalities.map((m) => ({ ...m, workspace: w.slug }))));
    expect(demo).toHaveLength(20);
    for (const m of demo) {
      const listed = byCode.get(m.code);
      expect(listed, m.code).toBeDefined();
      // The demo says "Bergen" where CBS says "Bergen (L.)" (there is a Bergen in Noord-Holland too).
      expect(listed!.name.replace(" (L.)", ""), m.code).toBe(m.name);
      expect(listed!.province, m.code).toBe(m.workspace === "limburg" ? "Limburg" : "Gelderland");
    }
    expect(byCode.get("GM0988")?.name).toBe("Weert");
  });

  it("is refused by its schema when a code repeats or the count is off", () => {
    const first = raw.municipalities[0];
    expect(directoryFileSchema.safeParse({ ...raw, municipalities: [...raw.municipalities, { ...first, name: "Dubbel" }], count: 343 }).success).toBe(false);
    expect(directoryFileSchema.safeParse({ ...raw, count: 341 }).success).toBe(false);
    expect(directoryFileSchema.safeParse({ ...raw, municipalities: [{ ...first, code: "GM12" }, ...raw.municipalities.slice(1)] }).success).toBe(false);
  });
});

describe("planDirectoryImport", () => {
  const weert: DirectoryMunicipality = { code: "GM0988", name: "Weert", province: "Limburg" };
  const stored = (over: Partial<StoredMunicipality> = {}): StoredMunicipality => ({ id: "w", cbsCode: "GM0988", name: "Weert", cbsName: "Weert", province: "Limburg", ...over });

  it("inserts what is missing and leaves what is equal alone", () => {
    expect(planDirectoryImport([weert], [])).toEqual({ insert: [weert], update: [] });
    expect(planDirectoryImport([weert], [stored()])).toEqual({ insert: [], update: [] });
  });

  it("follows a CBS rename in the name unless the name is a local one", () => {
    expect(planDirectoryImport([{ ...weert, name: "Weert (L.)" }], [stored()]).update).toEqual([{ id: "w", cbsCode: "GM0988", cbsName: "Weert (L.)", province: "Limburg", name: "Weert (L.)" }]);
    expect(planDirectoryImport([{ ...weert, name: "Weert (L.)" }], [stored({ name: "Gemeente Weert" })]).update).toEqual([{ id: "w", cbsCode: "GM0988", cbsName: "Weert (L.)", province: "Limburg" }]);
    expect(planDirectoryImport([{ ...weert, province: "Noord-Brabant" }], [stored()]).update).toEqual([{ id: "w", cbsCode: "GM0988", cbsName: "Weert", province: "Noord-Brabant" }]);
  });

  it("never deletes: a stored municipality missing from the file is not in the plan", () => {
    const plan = planDirectoryImport([], [stored()]);
    expect(plan).toEqual({ insert: [], update: [] });
  });

  it("plans nothing the second time, whatever the file", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...file.municipalities), { selector: (m) => m.code, maxLength: 30 }), (list) => {
        const first = planDirectoryImport(list, []);
        const after: StoredMunicipality[] = first.insert.map((m) => ({ id: m.code, cbsCode: m.code, name: m.name, cbsName: m.name, province: m.province }));
        expect(planDirectoryImport(list, after)).toEqual({ insert: [], update: [] });
      }),
    );
  });
});

describe("search text", () => {
  it("folds case, accents and punctuation", () => {
    expect(foldSearchText("Súdwest-Fryslân")).toBe("sudwest fryslan");
    expect(foldSearchText("'s-Gravenhage")).toBe(" s gravenhage");
    expect(foldSearchText("Nuenen, Gerwen en Nederwetten")).toBe("nuenen gerwen en nederwetten");
    expect(directorySlug("Bergen (L.)")).toBe("bergen-l");
    expect(directorySlug("Súdwest-Fryslân")).toBe("sudwest-fryslan");
  });

  it("gives every directory name a distinct slug of letters, digits and hyphens", () => {
    const slugs = file.municipalities.map((m) => directorySlug(m.name));
    expect(new Set(slugs).size).toBe(342);
    expect(slugs.every((s) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s))).toBe(true);
  });

  it("yields only lower-case letters, digits and spaces, for any text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(foldSearchText(text)).toMatch(/^[a-z0-9 ]*$/);
      }),
    );
  });
});

describe("mergerRefusal", () => {
  const m = (id: string, over: Partial<{ cbsCode: string | null; kind: string; endedOn: string | null }> = {}) => ({ id, cbsCode: `GM${id}`, kind: "MUNICIPALITY", endedOn: null, ...over });
  const today = "2026-12-07";

  it("lets municipalities merge into a new one or into one of them", () => {
    expect(mergerRefusal(m("1992"), [m("0501"), m("0530"), m("0614")], "2023-01-01", today)).toBeNull();
    expect(mergerRefusal(m("0439"), [m("0439"), m("0370")], "2022-01-01", today)).toBeNull();
  });

  it("refuses a merger without a municipality that merges away", () => {
    expect(mergerRefusal(m("0439"), [m("0439")], "2022-01-01", today)).toBe("directory.nothingToMerge");
  });

  it("refuses organisations that are no municipality, and municipalities that already ended", () => {
    expect(mergerRefusal(m("0439"), [m("x", { cbsCode: null, kind: "REGIONAL_BODY" })], "2022-01-01", today)).toBe("directory.notAMunicipality");
    expect(mergerRefusal(m("0439"), [m("0370", { endedOn: "2022-01-01" })], "2022-01-01", today)).toBe("directory.alreadyMerged");
    expect(mergerRefusal(m("0439", { endedOn: "2022-01-01" }), [m("0370")], "2022-01-01", today)).toBe("directory.alreadyMerged");
  });

  it("refuses a date after today", () => {
    expect(mergerRefusal(m("0439"), [m("0370")], "2026-12-08", today)).toBe("directory.mergeInFuture");
    expect(mergerRefusal(m("0439"), [m("0370")], today, today)).toBeNull();
  });

  it("lists every refusal key the rule can give in the contract", () => {
    for (const key of ["directory.nothingToMerge", "directory.notAMunicipality", "directory.alreadyMerged", "directory.mergeInFuture"]) {
      expect(directoryOperations.mergeMunicipalities.refusals).toContain(key);
    }
  });
});

describe("the directory contracts", () => {
  it("read form input: a single merged code, a limit typed as text, an empty kind", () => {
    const merged = directoryOperations.mergeMunicipalities.input.parse({ successor: { cbsCode: " gm0363 " }, merged: "gm0457", date: "2022-03-24" });
    expect(merged).toEqual({ successor: { cbsCode: "GM0363" }, merged: ["GM0457"], date: "2022-03-24" });
    expect(directoryOperations.search.input.parse({ query: "wee", kind: "", limit: "5" })).toEqual({ query: "wee", limit: 5 });
    expect(directoryOperations.search.input.safeParse({ query: "wee", limit: "500" }).success).toBe(false);
    expect(directoryOperations.mergeMunicipalities.input.safeParse({ successor: { cbsCode: "0363" }, merged: ["GM0457"], date: "2022-03-24" }).success).toBe(false);
  });
});
