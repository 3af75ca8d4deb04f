import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./testing";
import { seedDemoData } from "./seed";
import type { Database } from "./database";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe("demo data", () => {
  it("creates Limburg with three regions and 14 municipalities, and Rivierenland with 6", async () => {
    expect(await seedDemoData(db.prisma, "hash")).toBe(true);
    const limburg = await db.prisma.workspace.findUniqueOrThrow({
      where: { slug: "limburg" },
      include: { regions: { include: { region: { include: { organisations: { where: { kind: "MUNICIPALITY" } } } } } } },
    });
    expect(limburg.name).toBe("Samenwerking inkoop sociaal domein Limburg");
    const counts = Object.fromEntries(limburg.regions.map((r) => [r.region.name, r.region.organisations.length]));
    expect(counts).toEqual({ "Noord-Limburg": 7, "Midden-Limburg Oost": 4, "Midden-Limburg West": 3 });

    const rivierenland = await db.prisma.organisation.findMany({
      where: { kind: "MUNICIPALITY", region: { slug: "rivierenland" } },
      orderBy: { name: "asc" },
    });
    expect(rivierenland.map((m) => m.name)).toEqual(["Buren", "Culemborg", "Neder-Betuwe", "Tiel", "West Betuwe", "West Maas en Waal"]);
  });

  it("gives every municipality an account, every region a coordinator, and one admin", async () => {
    const weert = await db.prisma.user.findUniqueOrThrow({
      where: { email: "weert@demo.regiotafel.nl" },
      include: { organisation: true, memberships: { include: { workspace: true } } },
    });
    expect(weert.organisation.name).toBe("Weert");
    expect(weert.memberships.map((m) => [m.workspace.slug, m.role])).toEqual([["limburg", "EDITOR"]]);
    for (const email of ["horst-aan-de-maas", "echt-susteren", "west-maas-en-waal"]) {
      await expect(db.prisma.user.findUnique({ where: { email: `${email}@demo.regiotafel.nl` } })).resolves.not.toBeNull();
    }
    const west = await db.prisma.user.findUniqueOrThrow({
      where: { email: "coordinator.west@demo.regiotafel.nl" },
      include: { organisation: { include: { region: true } }, memberships: true },
    });
    expect(west.organisation.region?.name).toBe("Midden-Limburg West");
    expect(west.memberships.map((m) => m.role)).toEqual(["COORDINATOR"]);
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { email: "admin@demo.regiotafel.nl" }, include: { memberships: true } });
    expect(admin.memberships.map((m) => m.role)).toEqual(["ADMIN", "ADMIN"]);
    // 20 municipalities, 4 coordinators, the workspace admin and the platform administrator.
    expect(await db.prisma.user.count()).toBe(20 + 4 + 1 + 1);
    const platform = await db.prisma.user.findUniqueOrThrow({ where: { email: "platform@demo.regiotafel.nl" }, include: { memberships: true, platformAdmin: true } });
    expect(platform.memberships).toEqual([]);
    expect(platform.platformAdmin).not.toBeNull();
    expect(await db.prisma.platformAdmin.count()).toBe(1);
  });

  it("does nothing when run again", async () => {
    const before = await db.prisma.user.count();
    expect(await seedDemoData(db.prisma, "hash")).toBe(false);
    expect(await db.prisma.user.count()).toBe(before);
  });
});
