import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database";

describe("embedded database", () => {
  it("keeps data in its folder across restarts and migrates only once", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "regiotafel-pglite-"));
    try {
      const first = await openDatabase({ dataDir: dir });
      expect(first.kind).toBe("pglite");
      await first.prisma.region.create({ data: { slug: "blijft", name: "Blijft bestaan" } });
      await first.close();

      const second = await openDatabase({ dataDir: dir });
      expect((await second.prisma.region.findUniqueOrThrow({ where: { slug: "blijft" } })).name).toBe("Blijft bestaan");
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs transactions through the single connection", async () => {
    const db = await openDatabase({});
    try {
      await expect(
        db.prisma.$transaction(async (tx) => {
          await tx.region.create({ data: { slug: "weg", name: "Wordt teruggedraaid" } });
          throw new Error("rollback");
        }),
      ).rejects.toThrow("rollback");
      expect(await db.prisma.region.count()).toBe(0);
      await Promise.all(Array.from({ length: 20 }, (_, i) => db.prisma.region.create({ data: { slug: `r${i}`, name: `R${i}` } })));
      expect(await db.prisma.region.count()).toBe(20);
    } finally {
      await db.close();
    }
  });
});
