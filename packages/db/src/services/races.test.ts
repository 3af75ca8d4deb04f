// Two requests that race for the same record: the loser gets a clear refusal, never a
// database error (which the API would answer with 500).
import { DomainError } from "@regiotafel/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { Prisma } from "../generated/prisma/client";
import { resolveScope } from "../scope";
import { seedDemoData } from "../seed";
import { createTestDatabase } from "../testing";
import { addMember } from "./members";
import { raceRefusal } from "./races";
import { removeStaffingLine } from "./records";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma, "hash");
});
afterAll(() => db.close());

const prismaError = (code: string) => new Prisma.PrismaClientKnownRequestError(`failed with ${code}`, { code, clientVersion: Prisma.prismaVersion.client });
const scopeOf = async (email: string) => resolveScope(db.prisma, (await db.prisma.user.findUniqueOrThrow({ where: { email } })).id, "limburg");
/** The outcome of each of two calls started together: "OK" or the refusal's code. */
const both = async (run: () => Promise<unknown>) =>
  (await Promise.allSettled([run(), run()])).map((r) => (r.status === "fulfilled" ? "OK" : r.reason instanceof DomainError ? r.reason.code : r.reason));

describe("lost races", () => {
  it("are NOT_FOUND when the record went away and CONFLICT when it was created twice", () => {
    expect(raceRefusal(prismaError("P2025"))?.code).toBe("NOT_FOUND");
    expect(raceRefusal(prismaError("P2003"))?.code).toBe("NOT_FOUND");
    expect(raceRefusal(prismaError("P2002"))).toMatchObject({ code: "CONFLICT", messageKey: "conflict.stale" });
    expect(raceRefusal(prismaError("P1001"))).toBeUndefined();
    expect(raceRefusal(new Error("anything else"))).toBeUndefined();
  });

  it("removing the same record twice at once removes it once and answers the other NOT_FOUND", async () => {
    const scope = await scopeOf("weert@demo.regiotafel.nl");
    for (let i = 0; i < 3; i++) {
      const line = await db.prisma.staffingLine.create({
        data: { workspaceId: scope.workspaceId, municipalityId: scope.organisationId, function: `Contractmanager ${i}`, fteCurrent: 1 },
      });
      expect((await both(() => removeStaffingLine(db.prisma, scope, line.id))).sort()).toEqual(["NOT_FOUND", "OK"]);
      expect(await db.prisma.staffingLine.count({ where: { id: line.id } })).toBe(0);
    }
  });

  it("adding the same member twice at once adds them once and answers the other CONFLICT", async () => {
    const scope = await scopeOf("admin@demo.regiotafel.nl");
    for (const slug of ["tiel", "buren", "culemborg"]) {
      const email = `${slug}@demo.regiotafel.nl`;
      expect((await both(() => addMember(db.prisma, scope, email, "VIEWER"))).sort()).toEqual(["CONFLICT", "OK"]);
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
      expect(await db.prisma.membership.count({ where: { userId: user.id, workspaceId: scope.workspaceId } })).toBe(1);
    }
  });
});
