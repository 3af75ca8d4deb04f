// The OCDS export validates against the OCDS 1.1.5 schemas in ../shared/ocds (release package
// schema; release schema with the Lots extension merge-patched in), and matches the demo data.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { createApiTestEnv, type ApiTestEnv } from "./test-support";

const OCDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../test-fixtures/ocds");
const SHARED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../shared/ocds");
const SCHEMAS = ["release-package-schema.json", "release-schema.json", "lots-extension-release-schema.json"];
const readSchema = (file: string) => JSON.parse(readFileSync(path.join(OCDS_DIR, file), "utf8")) as Record<string, unknown>;

/** RFC 7396 JSON Merge Patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function validator() {
  const packageSchema = readSchema("release-package-schema.json");
  const releaseSchema = mergePatch(readSchema("release-schema.json"), readSchema("lots-extension-release-schema.json")) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The package schema refers to the release schema by its published id.
  ajv.addSchema(releaseSchema, releaseSchema.id as string);
  return { validatePackage: ajv.compile(packageSchema), validateRelease: ajv.getSchema(releaseSchema.id as string)! };
}

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

type Release = {
  ocid: string;
  tag: string[];
  parties: { id: string; name: string; roles: string[] }[];
  buyer: { id: string; name: string };
  tender: {
    title: string;
    status: string;
    procuringEntity: { name: string };
    procurementMethod: string;
    contractPeriod?: { startDate?: string; endDate?: string };
    lots: { id: string; title: string; status: string; value?: { amount: number; currency: string }; buyers: { name: string }[] }[];
    milestones: { title: string; type: string; status: string; dueDate?: string; relatedLots?: string[] }[];
  };
};

describe("OCDS export", () => {
  it("uses unmodified copies of the shared OCDS schemas", () => {
    for (const file of SCHEMAS) {
      const copy = readFileSync(path.join(OCDS_DIR, file), "utf8");
      expect(Object.keys(JSON.parse(copy) as object), file).toContain(file.startsWith("lots") ? "definitions" : "properties");
      if (existsSync(SHARED_DIR)) expect(copy, file).toBe(readFileSync(path.join(SHARED_DIR, file), "utf8"));
    }
  });

  it("validates against the release package schema and the release schema with the Lots extension", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const pkg = await weert.export.ocds({ workspace: "limburg" });
    const { validatePackage, validateRelease } = validator();
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors?.slice(0, 5))).toBe(true);
    for (const release of pkg.releases) expect(validateRelease(release), JSON.stringify(validateRelease.errors?.slice(0, 5))).toBe(true);
    expect(pkg.extensions).toEqual(["https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"]);
    expect(pkg.uri).toBe("http://localhost/w/limburg/export/ocds.json");
  });

  it("is not merely permissive: a release with an invalid lot status fails validation", async () => {
    const pkg = await (await env.callerFor("weert@demo.regiotafel.nl")).export.ocds({ workspace: "limburg" });
    const { validateRelease } = validator();
    const broken = structuredClone(pkg.releases[0]) as unknown as Release;
    broken.tender.lots[0]!.status = "lopend";
    expect(validateRelease(broken)).toBe(false);
  });

  it("carries the Limburg demo tenders with parties, lots and their buyers, milestones and periods", async () => {
    const pkg = await (await env.callerFor("weert@demo.regiotafel.nl")).export.ocds({ workspace: "limburg" });
    const releases = pkg.releases as unknown as Release[];
    expect(releases).toHaveLength(12);
    const wmo = releases.find((r) => r.tender.title === "Wmo-ondersteuning Noord-Limburg")!;
    expect(wmo.tender.procuringEntity.name).toBe("MGR Sociaal Domein Limburg-Noord");
    expect(wmo.parties.find((p) => p.name === "MGR Sociaal Domein Limburg-Noord")?.roles.sort()).toEqual(["buyer", "procuringEntity"]);
    expect(wmo.parties.filter((p) => p.roles.includes("buyer")).map((p) => p.name).sort()).toEqual(
      ["Beesel", "Bergen", "Gennep", "Horst aan de Maas", "MGR Sociaal Domein Limburg-Noord", "Peel en Maas", "Venlo", "Venray"],
    );
    expect(wmo.tender.lots.map((l) => l.title)).toEqual([
      "S1a Complexe meervoudige ondersteuningsvraag",
      "S1b Kortdurende enkelvoudige ondersteuningsvraag",
      "S2a Langdurige ondersteuning",
      "S2b Ouderen",
      "S3a Hulp bij het huishouden",
      "S3b Logeren",
    ]);
    expect(wmo.tender.lots[0]!.buyers).toHaveLength(7);
    expect(wmo.tender.status).toBe("complete");
    expect(wmo.tender.contractPeriod).toEqual({ startDate: "2022-01-01T00:00:00Z", endDate: "2025-12-31T00:00:00Z" });
    expect(wmo.tender.milestones.map((m) => [m.title, m.type, m.status])).toContainEqual(["Voorlopige gunning", "approval", "met"]);
    expect(wmo.tender.milestones.find((m) => m.title === "Publicatie")?.dueDate).toBe("2021-02-01T00:00:00Z");

    const west = releases.find((r) => r.tender.title === "Wmo-begeleiding Midden-Limburg West")!;
    expect(west.tender.status).toBe("active");
    expect(west.tender.lots.find((l) => l.title === "Ouderen")!.buyers.map((b) => b.name).sort()).toEqual(["Nederweert", "Weert"]);
    expect(releases.some((r) => r.tender.title.includes("Rivierenland"))).toBe(false);
  });

  it("carries a lot's expected contract value, typed in Dutch, into lots[].value and keeps it through removal and undo", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const board = await weert.tender.board({ workspace: "limburg" });
    const own = board.tenders.find((t) => t.canEdit)!;
    const { id: lotId } = await weert.lot.add({ workspace: "limburg", tenderId: own.id, title: "Waarde-perceel", expectedValue: "€ 1.250.000" });
    expect((await weert.tender.get({ workspace: "limburg", tenderId: own.id })).lots.find((l) => l.id === lotId)?.expectedValue).toBe(1_250_000);
    const valueOf = async () => {
      const pkg = await weert.export.ocds({ workspace: "limburg" });
      const release = (pkg.releases as unknown as Release[]).find((r) => r.tender.lots.some((l) => l.id === lotId));
      const { validateRelease } = validator();
      expect(validateRelease(release)).toBe(true);
      return release?.tender.lots.find((l) => l.id === lotId)?.value;
    };
    expect(await valueOf()).toEqual({ amount: 1_250_000, currency: "EUR" });
    await weert.lot.remove({ workspace: "limburg", lotId });
    await weert.lot.restore({ workspace: "limburg", lotId });
    expect(await valueOf()).toEqual({ amount: 1_250_000, currency: "EUR" });
    // A lot without one has no value in the export (OCDS leaves it out rather than 0).
    const { id: without } = await weert.lot.add({ workspace: "limburg", tenderId: own.id, title: "Zonder waarde" });
    const pkg = await weert.export.ocds({ workspace: "limburg" });
    expect((pkg.releases as unknown as Release[]).flatMap((r) => r.tender.lots).find((l) => l.id === without)).not.toHaveProperty("value");
  });
});
