import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError, foldSearchText, type DirectoryMunicipality } from "@regiotafel/domain";
import { createTestDatabase } from "./testing";
import type { Database } from "./database";
import { seedDemoData } from "./seed";
import { seedDemoRecords } from "./seed-records";
import { resolveScope } from "./scope";
import { importDirectory, loadDirectoryFile, mergeMunicipalities, searchDirectory } from "./services/directory";
import { listAudit } from "./services/audit";
import { updateMunicipalityContact } from "./services/municipalities";

const file = loadDirectoryFile();
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

describe("importing the directory", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const municipalities = () =>
    db.prisma.organisation.findMany({ where: { cbsCode: { not: null } }, select: { id: true, cbsCode: true, name: true, cbsName: true, province: true, slug: true, version: true, updatedAt: true }, orderBy: { cbsCode: "asc" } });

  it("inserts the 342 municipalities with code, name, province and a slug", async () => {
    const start = process.hrtime.bigint();
    expect(await importDirectory(db.prisma)).toEqual({ inserted: 342, updated: 0, adopted: 0 });
    console.info(`[directory] first import of 342 municipalities on ${db.kind}: ${ms(start).toFixed(1)} ms`);
    const rows = await municipalities();
    expect(rows).toHaveLength(342);
    const weert = rows.find((r) => r.cbsCode === "GM0988")!;
    expect(weert).toMatchObject({ name: "Weert", cbsName: "Weert", province: "Limburg", slug: "weert" });
    expect(rows.find((r) => r.cbsCode === "GM0893")?.slug).toBe("bergen-l");
    expect(await db.prisma.organisation.count({ where: { kind: { not: "MUNICIPALITY" } } })).toBe(0);
  });

  it("changes nothing the second time", async () => {
    const before = await municipalities();
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      expect(await importDirectory(db.prisma)).toEqual({ inserted: 0, updated: 0, adopted: 0 });
      timings.push(ms(start));
    }
    console.info(`[directory] import with nothing to change on ${db.kind}: ${timings.map((t) => t.toFixed(1)).join(", ")} ms`);
    expect(await municipalities()).toEqual(before);
  });

  it("updates a renamed municipality by its code, and its province, and never deletes", async () => {
    const renamed: DirectoryMunicipality[] = file.municipalities
      .filter((m) => m.code !== "GM0014")
      .map((m) => (m.code === "GM0988" ? { ...m, name: "Weert aan de Maas" } : m.code === "GM0946" ? { ...m, province: "Noord-Brabant" } : m));
    expect(await importDirectory(db.prisma, renamed)).toEqual({ inserted: 0, updated: 2, adopted: 0 });
    const rows = await municipalities();
    expect(rows).toHaveLength(342);
    expect(rows.find((r) => r.cbsCode === "GM0988")).toMatchObject({ name: "Weert aan de Maas", cbsName: "Weert aan de Maas", slug: "weert" });
    expect(rows.find((r) => r.cbsCode === "GM0946")).toMatchObject({ name: "Nederweert", province: "Noord-Brabant" });
    expect(rows.find((r) => r.cbsCode === "GM0014")?.name).toBe("Groningen");
    // And back.
    expect(await importDirectory(db.prisma)).toEqual({ inserted: 0, updated: 2, adopted: 0 });
    expect((await municipalities()).find((r) => r.cbsCode === "GM0988")?.name).toBe("Weert");
  });

  it("keeps a local name when CBS renames, and records the CBS name beside it", async () => {
    await db.prisma.organisation.update({ where: { cbsCode: "GM0893" }, data: { name: "Bergen" } });
    const renamed = file.municipalities.map((m) => (m.code === "GM0893" ? { ...m, name: "Bergen (Limburg)" } : m));
    expect(await importDirectory(db.prisma, renamed)).toEqual({ inserted: 0, updated: 1, adopted: 0 });
    expect(await db.prisma.organisation.findUnique({ where: { cbsCode: "GM0893" }, select: { name: true, cbsName: true } })).toEqual({ name: "Bergen", cbsName: "Bergen (Limburg)" });
    await importDirectory(db.prisma);
    expect(await db.prisma.organisation.findUnique({ where: { cbsCode: "GM0893" }, select: { name: true, cbsName: true } })).toEqual({ name: "Bergen", cbsName: "Bergen (L.)" });
  });

  it("adopts a municipality created before the directory instead of making a twin, and gives a new one a free slug", async () => {
    const old = await db.prisma.organisation.create({ data: { slug: "oud-dorp", name: "Oud Dorp", kind: "MUNICIPALITY" } });
    await db.prisma.organisation.create({ data: { slug: "nieuwstad", name: "Regio Nieuwstad", kind: "REGIONAL_BODY" } });
    const extra = [...file.municipalities, { code: "GM9001", name: "Oud Dorp", province: "Zeeland" as const }, { code: "GM9002", name: "Nieuwstad", province: "Zeeland" as const }];
    expect(await importDirectory(db.prisma, extra)).toEqual({ inserted: 1, updated: 0, adopted: 1 });
    expect(await db.prisma.organisation.findUnique({ where: { id: old.id }, select: { cbsCode: true, province: true, name: true } })).toEqual({ cbsCode: "GM9001", province: "Zeeland", name: "Oud Dorp" });
    expect((await db.prisma.organisation.findUnique({ where: { cbsCode: "GM9002" } }))?.slug).toBe("nieuwstad-gm9002");
  });
});

describe("the directory with the demo on it", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.prisma, "hash");
    await seedDemoRecords(db.prisma);
  });
  afterAll(() => db.close());

  it("the demo's municipalities are the directory's rows, under the demo's slugs and names", async () => {
    expect(await db.prisma.organisation.count({ where: { kind: "MUNICIPALITY" } })).toBe(342);
    expect(await db.prisma.organisation.count({ where: { kind: "MUNICIPALITY", cbsCode: null } })).toBe(0);
    const weert = await db.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" }, include: { region: true } });
    expect(weert).toMatchObject({ cbsCode: "GM0988", name: "Weert", province: "Limburg" });
    expect(weert.region?.slug).toBe("midden-limburg-west");
    expect(await db.prisma.organisation.findUniqueOrThrow({ where: { slug: "bergen" } })).toMatchObject({ cbsCode: "GM0893", name: "Bergen", cbsName: "Bergen (L.)" });
    expect(await importDirectory(db.prisma)).toEqual({ inserted: 0, updated: 0, adopted: 0 });
  });

  describe("search as you type", () => {
    const names = async (query: string, options?: Parameters<typeof searchDirectory>[2]) => (await searchDirectory(db.prisma, query, options)).map((h) => h.name);

    it("finds by name prefix first, then by a word, then anywhere, ignoring case and accents", async () => {
      expect((await names("weert"))[0]).toBe("Weert");
      expect(await names("WEE")).toEqual(await names("wee"));
      expect(await names("nederw")).toEqual(["Nederweert", "Nuenen, Gerwen en Nederwetten"]);
      expect(await names("sudwest")).toEqual(["Súdwest-Fryslân"]);
      expect(await names("Súdwest fryslan")).toEqual(["Súdwest-Fryslân"]);
      expect(await names("s grav")).toEqual(["'s-Gravenhage"]);
      const maas = await names("maas", { limit: 50 });
      expect(maas.slice(0, 5)).toEqual(["Maasdriel", "Maasgouw", "Maashorst", "Maassluis", "Maastricht"]);
      expect(maas.slice(5)).toEqual(expect.arrayContaining(["Horst aan de Maas", "Peel en Maas", "West Maas en Waal"]));
    });

    it("compares names folded in the database exactly as the query is folded (foldSearchText)", async () => {
      const name = "àáâãäåāăąèéêëēėęěìíîïīįòóôõöøōőùúûüūůűýÿçćčďđñńňřšśžźżł ÀÁÂÃÄÅĀĂĄÈÉÊËĒĖĘĚÌÍÎÏĪĮÒÓÔÕÖØŌŐÙÚÛÜŪŮŰÝŸÇĆČĎĐÑŃŇŘŠŚŽŹŻŁ 's-Hertogenbosch, Nuenen (NB.) Súdwest-Fryslân";
      const org = await db.prisma.organisation.create({ data: { slug: "vouwtest", name, kind: "NATIONAL_NETWORK" } });
      const [row] = await db.prisma.$sql<{ search_name: string }>("SELECT search_name FROM organisation WHERE id = $1::uuid", [org.id]);
      expect(row!.search_name).toBe(` ${foldSearchText(name)}`);
      const all = await db.prisma.$sql<{ name: string; search_name: string }>("SELECT name, search_name FROM organisation");
      expect(all.length).toBeGreaterThan(342);
      for (const o of all) expect(o.search_name, o.name).toBe(` ${foldSearchText(o.name)}`);
      await db.prisma.organisation.delete({ where: { id: org.id } });
    });

    it("finds by CBS code, with or without GM", async () => {
      expect((await searchDirectory(db.prisma, "GM0988"))[0]).toMatchObject({ name: "Weert", cbsCode: "GM0988", province: "Limburg", kind: "MUNICIPALITY" });
      expect((await names("0988"))[0]).toBe("Weert");
      expect((await names("gm 0988"))[0]).toBe("Weert");
    });

    it("filters by kind and keeps to the limit", async () => {
      expect(await names("limburg", { kind: "REGIONAL_BODY" })).toEqual(["Convenant Midden-Limburg West", "MGR Sociaal Domein Limburg-Noord", "Samenwerking Midden-Limburg Oost"]);
      expect(await names("limburg", { kind: "MUNICIPALITY" })).toEqual([]);
      expect(await searchDirectory(db.prisma, "e", { limit: 3 })).toHaveLength(3);
      expect(await names("")).toEqual([]);
      expect(await names(" -- ")).toEqual([]);
    });

    it("never throws and answers only current organisations, within the limit, for any query", async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 120 }), fc.integer({ min: -5, max: 80 }), async (query, limit) => {
          const hits = await searchDirectory(db.prisma, query, { limit });
          expect(hits.length).toBeLessThanOrEqual(Math.max(1, Math.min(50, limit)));
          if (hits.length > 0) {
            const ended = await db.prisma.organisation.count({ where: { id: { in: hits.map((h) => h.id) }, endedOn: { not: null } } });
            expect(ended).toBe(0);
          }
        }),
        { numRuns: 60 },
      );
    });

    it("is quick enough for every keystroke (measured, not asserted)", async () => {
      const queries = file.municipalities.slice(0, 60).flatMap((m) => [1, 2, 3, 5].map((n) => m.name.slice(0, n)));
      const start = process.hrtime.bigint();
      for (const q of queries) await searchDirectory(db.prisma, q);
      const total = ms(start);
      const base = process.hrtime.bigint();
      for (const _ of queries) await db.prisma.$sql("SELECT 1");
      const roundTrip = ms(base);
      console.info(
        `[directory] ${queries.length} searches on ${db.kind} (342 municipalities + demo): ${(total / queries.length).toFixed(2)} ms each; a bare SELECT 1: ${(roundTrip / queries.length).toFixed(2)} ms`,
      );
    });
  });

  describe("a municipal merger", () => {
    let adminId: string;
    beforeAll(async () => {
      adminId = (await db.prisma.user.findUniqueOrThrow({ where: { email: "admin@demo.regiotafel.nl" } })).id;
    });
    const scopeOf = async (email: string, workspace = "limburg") => resolveScope(db.prisma, (await db.prisma.user.findUniqueOrThrow({ where: { email } })).id, workspace);

    it("keeps history under the old name: an audit event, a lot participation", async () => {
      const weertScope = await scopeOf("weert@demo.regiotafel.nl");
      const weert = await db.prisma.organisation.findUniqueOrThrow({ where: { cbsCode: "GM0988" } });
      await updateMunicipalityContact(db.prisma, weertScope, weert.id, { contactName: "Inkoop Weert", contactEmail: "inkoop@weert.nl", contactPhone: null }, weert.version);
      const lot = await db.prisma.lot.findFirstOrThrow({ where: { tender: { workspace: { slug: "limburg" } } } });
      await db.prisma.lotParticipation.upsert({
        where: { lotId_municipalityId: { lotId: lot.id, municipalityId: weert.id } },
        create: { lotId: lot.id, municipalityId: weert.id, participating: true },
        update: { participating: true },
      });

      const result = await mergeMunicipalities(db.prisma, { userId: adminId }, { successor: { cbsCode: "GM2001", name: "Weerterland", province: "Limburg" }, merged: ["GM0988", "GM0946"], date: "2026-01-01" });
      expect(result).toMatchObject({ createdSuccessor: true, movedUsers: 2 });
      expect(result.ended.map((e) => e.name).sort()).toEqual(["Nederweert", "Weert"]);

      const successor = await db.prisma.organisation.findUniqueOrThrow({ where: { cbsCode: "GM2001" }, include: { region: true, predecessors: { select: { name: true } } } });
      expect(successor).toMatchObject({ name: "Weerterland", slug: "weerterland", province: "Limburg", kind: "MUNICIPALITY", endedOn: null });
      expect(successor.region?.slug).toBe("midden-limburg-west");
      expect(successor.predecessors.map((p) => p.name).sort()).toEqual(["Nederweert", "Weert"]);

      // The old row stays, ended, with its successor; its people moved, their memberships with them.
      const old = await db.prisma.organisation.findUniqueOrThrow({ where: { id: weert.id } });
      expect(old).toMatchObject({ name: "Weert", successorId: successor.id, slug: "weert" });
      expect(old.endedOn?.toISOString().slice(0, 10)).toBe("2026-01-01");
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "weert@demo.regiotafel.nl" }, include: { organisation: true, memberships: true } });
      expect(user.organisation.name).toBe("Weerterland");
      expect(user.memberships.map((m) => m.role)).toEqual(["EDITOR"]);

      // History reads under the old name.
      const coordinator = await scopeOf("coordinator.west@demo.regiotafel.nl");
      const audit = await listAudit(db.prisma, coordinator, { limit: 50 });
      const contactChange = audit.events.find((e) => e.action === "municipality.contactUpdated" && e.entityId === weert.id);
      expect(contactChange?.actor).toEqual({ name: "Inkoop Weert", organisation: "Weert" });
      const participation = await db.prisma.lotParticipation.findUniqueOrThrow({ where: { lotId_municipalityId: { lotId: lot.id, municipalityId: weert.id } }, include: { municipality: true } });
      expect(participation.municipality.name).toBe("Weert");

      // What the moved account does from now on is recorded under the successor.
      const after = await scopeOf("weert@demo.regiotafel.nl");
      expect(after.organisationId).toBe(successor.id);

      // Search offers the successor, not the ended municipalities.
      expect((await searchDirectory(db.prisma, "weert", { limit: 50 })).map((h) => h.name)).toEqual(["Weerterland"]);
      expect(await searchDirectory(db.prisma, "GM0988")).toEqual([]);

      // The merger itself is in the audit log, outside any workspace.
      expect(await db.prisma.auditEvent.count({ where: { action: "municipality.merged", workspaceId: null, actorId: adminId } })).toBe(2);
    });

    it("merges into an existing municipality, as Weesp into Amsterdam", async () => {
      const result = await mergeMunicipalities(db.prisma, { userId: adminId }, { successor: { cbsCode: "GM0983" }, merged: ["GM0889"], date: "2026-06-01" });
      expect(result).toMatchObject({ createdSuccessor: false, movedUsers: 1 });
      expect((await db.prisma.user.findUniqueOrThrow({ where: { email: "beesel@demo.regiotafel.nl" }, include: { organisation: true } })).organisation.name).toBe("Venlo");
      expect(await db.prisma.organisation.findUniqueOrThrow({ where: { cbsCode: "GM0983" } })).toMatchObject({ endedOn: null, successorId: null });
    });

    it("refuses what cannot merge and changes nothing", async () => {
      const count = () => db.prisma.organisation.count({ where: { endedOn: { not: null } } });
      const before = await count();
      const refusal = (input: Parameters<typeof mergeMunicipalities>[2]) =>
        mergeMunicipalities(db.prisma, { userId: adminId }, input, "2026-12-07").then(
          () => null,
          (e: unknown) => (e instanceof DomainError ? `${e.code} ${e.messageKey}` : String(e)),
        );
      expect(await refusal({ successor: { cbsCode: "GM2001" }, merged: ["GM0988"], date: "2026-12-01" })).toBe("CONFLICT directory.alreadyMerged");
      expect(await refusal({ successor: { cbsCode: "GM2001" }, merged: ["GM0907"], date: "2026-12-08" })).toBe("BAD_REQUEST directory.mergeInFuture");
      expect(await refusal({ successor: { cbsCode: "GM2001" }, merged: ["GM9999"], date: "2026-12-01" })).toBe("NOT_FOUND directory.unknownMunicipality");
      expect(await refusal({ successor: { cbsCode: "GM2002" }, merged: ["GM0907"], date: "2026-12-01" })).toBe("BAD_REQUEST directory.successorNeedsName");
      expect(await refusal({ successor: { cbsCode: "GM0907" }, merged: ["GM0907"], date: "2026-12-01" })).toBe("BAD_REQUEST directory.nothingToMerge");
      expect(await refusal({ successor: { cbsCode: "GM2002", name: "Nieuw", province: "Limburg" }, merged: ["GM0907", "GM0988"], date: "2026-12-01" })).toBe("CONFLICT directory.alreadyMerged");
      expect(await count()).toBe(before);
      expect(await db.prisma.organisation.findUnique({ where: { cbsCode: "GM2002" } })).toBeNull();
      expect((await db.prisma.user.findUniqueOrThrow({ where: { email: "gennep@demo.regiotafel.nl" }, include: { organisation: true } })).organisation.name).toBe("Gennep");
    });
  });
});
