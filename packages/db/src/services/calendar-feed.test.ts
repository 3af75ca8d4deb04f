// Calendar feeds (issue 21 point 8, ADR 0037) on a fresh database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): the token is stored only as its hash and replaced on regeneration; a
// feed holds the dated milestones of the user's workspaces and nothing of another workspace;
// `mine` keeps the own organisation's lots and tenders; deleted milestones stay as cancelled.
import { createHash } from "node:crypto";
import { calendarEventUid } from "@regiotafel/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { resolveScope } from "../scope";
import { demoEmail, seedDemoData } from "../seed";
import { createTestDatabase } from "../testing";
import { calendarFeedFor, calendarFeedStatus, createCalendarFeed, revokeCalendarFeed } from "./calendar-feed";
import { removeMilestone, updateMilestone } from "./records/tenders";

let db: Database;
const ids: Record<string, string> = {};
let weert: { id: string; organisationId: string };
let tiel: { id: string; organisationId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma, "scrypt$placeholder");
  const p = db.prisma;
  weert = await p.user.findUniqueOrThrow({ where: { email: demoEmail("weert") } });
  tiel = await p.user.findUniqueOrThrow({ where: { email: demoEmail("tiel") } });
  const venlo = await p.user.findUniqueOrThrow({ where: { email: demoEmail("venlo") } });
  const limburg = await p.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
  const rivierenland = await p.workspace.findUniqueOrThrow({ where: { slug: "rivierenland" } });
  const tender = (workspaceId: string, title: string, procuringEntityId: string, parties: string[], status: "PLANNED" | "CANCELLED" = "PLANNED") =>
    p.tender.create({
      data: { workspaceId, title, domain: "JEUGD", level: "REGIONAAL", procedure: "OPEN_HOUSE", procuringEntityId, status, participants: { create: parties.map((organisationId) => ({ organisationId })) } },
    });
  const milestone = async (key: string, tenderId: string, dueDate: string | null, lotId: string | null = null) => {
    ids[key] = (await p.milestone.create({ data: { tenderId, lotId, type: "APPROVAL", title: `Mijlpaal ${key}`, dueDate: dueDate ? new Date(`${dueDate}T00:00:00Z`) : null } })).id;
  };
  // Weert is a party to "Jeugdhulp"; it takes part in lot A, not in lot B (Venlo does), lot C has no choices.
  const jeugd = await tender(limburg.id, "Jeugdhulp", weert.organisationId, [weert.organisationId, venlo.organisationId]);
  const lot = async (key: string, participations: [string, boolean][]) =>
    (ids[key] = (await p.lot.create({ data: { tenderId: jeugd.id, title: `Perceel ${key}`, participations: { create: participations.map(([municipalityId, participating]) => ({ municipalityId, participating })) } } })).id);
  await lot("lotA", [[weert.organisationId, true]]);
  await lot("lotB", [[weert.organisationId, false], [venlo.organisationId, true]]);
  await lot("lotC", []);
  ids.jeugd = jeugd.id;
  await milestone("tenderLevel", jeugd.id, "2027-03-01");
  await milestone("inLotA", jeugd.id, "2027-04-01", ids.lotA);
  await milestone("inLotB", jeugd.id, "2027-05-01", ids.lotB);
  await milestone("inLotC", jeugd.id, "2027-06-01", ids.lotC);
  await milestone("undated", jeugd.id, null);
  // Venlo's tender, Weert no party; a cancelled tender Weert was a party to; Rivierenland's tender.
  const venlos = await tender(limburg.id, "Wmo Venlo", venlo.organisationId, [venlo.organisationId]);
  await milestone("venloTender", venlos.id, "2027-02-01");
  const cancelled = await tender(limburg.id, "Vervallen", weert.organisationId, [weert.organisationId], "CANCELLED");
  await milestone("cancelledTender", cancelled.id, "2027-07-01");
  const foreign = await tender(rivierenland.id, "Rivierenland vervoer", tiel.organisationId, [tiel.organisationId]);
  ids.foreignTender = foreign.id;
  await milestone("foreign", foreign.id, "2027-01-15");
});
afterAll(() => db.close());

const titles = (feed: Awaited<ReturnType<typeof calendarFeedFor>>) => feed!.items.map((i) => i.title);

describe("calendar feed tokens", () => {
  it("keeps only the token's SHA-256; the token is 256 random bits in base64url", async () => {
    const { token } = await createCalendarFeed(db.prisma, weert.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = await db.prisma.calendarFeed.findUniqueOrThrow({ where: { userId: weert.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await calendarFeedStatus(db.prisma, weert.id)).active).toBe(true);
  });

  it("regenerating makes the old token unknown and the new one work", async () => {
    const { token: old } = await createCalendarFeed(db.prisma, weert.id);
    expect(await calendarFeedFor(db.prisma, old, { mine: false })).not.toBeNull();
    const { token: fresh } = await createCalendarFeed(db.prisma, weert.id);
    expect(fresh).not.toBe(old);
    expect(await calendarFeedFor(db.prisma, old, { mine: false })).toBeNull();
    expect((await calendarFeedFor(db.prisma, fresh, { mine: false }))?.user.name).toBe("Inkoop Weert");
    expect(await db.prisma.calendarFeed.count({ where: { userId: weert.id } })).toBe(1);
  });

  it("revoking makes the token unknown; revoking again is no error", async () => {
    const { token } = await createCalendarFeed(db.prisma, weert.id);
    expect(await revokeCalendarFeed(db.prisma, weert.id)).toEqual({ revoked: true });
    expect(await calendarFeedFor(db.prisma, token, { mine: false })).toBeNull();
    expect(await calendarFeedStatus(db.prisma, weert.id)).toEqual({ active: false, createdAt: null });
    expect(await revokeCalendarFeed(db.prisma, weert.id)).toEqual({ revoked: false });
  });

  it("a deactivated account's feed is null, and works again once it is reactivated", async () => {
    const { token } = await createCalendarFeed(db.prisma, weert.id);
    await db.prisma.user.update({ where: { id: weert.id }, data: { deactivatedAt: new Date() } });
    try {
      expect(await calendarFeedFor(db.prisma, token, { mine: false })).toBeNull();
      expect(await calendarFeedFor(db.prisma, token, { mine: true })).toBeNull();
    } finally {
      await db.prisma.user.update({ where: { id: weert.id }, data: { deactivatedAt: null } });
    }
    expect(await calendarFeedFor(db.prisma, token, { mine: false })).not.toBeNull();
  });

  it("malformed, oversized and unknown tokens are null without a query failing", async () => {
    await createCalendarFeed(db.prisma, weert.id);
    for (const token of ["", "x", "a".repeat(43), "a".repeat(42) + "=", "../../etc/passwd", "'; DROP TABLE calendar_feed; --", "é".repeat(43), "a".repeat(100_000)]) {
      expect(await calendarFeedFor(db.prisma, token, { mine: false }), token.slice(0, 20)).toBeNull();
    }
    expect(await calendarFeedFor(db.prisma, undefined as unknown as string, { mine: false })).toBeNull();
  });
});

describe("calendar feed items", () => {
  it("holds the dated milestones of the user's workspaces, never another workspace's", async () => {
    const { token } = await createCalendarFeed(db.prisma, weert.id);
    const feed = await calendarFeedFor(db.prisma, token, { mine: false });
    expect(titles(feed)).toEqual(["Mijlpaal venloTender", "Mijlpaal tenderLevel", "Mijlpaal inLotA", "Mijlpaal inLotB", "Mijlpaal inLotC", "Mijlpaal cancelledTender"]);
    const inLotA = feed!.items.find((i) => i.id === ids.inLotA)!;
    expect(inLotA).toMatchObject({
      dueDate: "2027-04-01",
      sequence: 1,
      status: "confirmed",
      tender: { id: ids.jeugd, title: "Jeugdhulp" },
      lot: { id: ids.lotA, title: "Perceel lotA" },
      workspace: { slug: "limburg" },
      path: `/w/limburg/aanbestedingen/${ids.jeugd}`,
    });
    expect(feed!.items.some((i) => i.id === ids.foreign)).toBe(false);

    // Tiel (Rivierenland) sees Rivierenland's milestone only.
    const { token: tiels } = await createCalendarFeed(db.prisma, tiel.id);
    const theirs = await calendarFeedFor(db.prisma, tiels, { mine: false });
    expect(theirs!.items.map((i) => i.id)).toEqual([ids.foreign]);
  });

  it("a milestone of a cancelled tender is cancelled, one SEQUENCE further", async () => {
    const { token } = await createCalendarFeed(db.prisma, weert.id);
    const item = (await calendarFeedFor(db.prisma, token, { mine: false }))!.items.find((i) => i.id === ids.cancelledTender)!;
    expect(item).toMatchObject({ status: "cancelled", sequence: 2, tender: { title: "Vervallen" } });
  });

  it("mine: lots the organisation takes part in, and tender-level milestones of tenders it is a party to", async () => {
    const { token } = await createCalendarFeed(db.prisma, weert.id);
    expect(titles(await calendarFeedFor(db.prisma, token, { mine: true }))).toEqual(["Mijlpaal tenderLevel", "Mijlpaal inLotA", "Mijlpaal cancelledTender"]);
  });

  it("losing the membership takes the workspace's milestones out of the feed", async () => {
    const limburg = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
    const { token } = await createCalendarFeed(db.prisma, tiel.id);
    const membership = await db.prisma.membership.create({ data: { userId: tiel.id, workspaceId: limburg.id, role: "VIEWER" } });
    expect((await calendarFeedFor(db.prisma, token, { mine: false }))!.items.some((i) => i.id === ids.tenderLevel)).toBe(true);
    await db.prisma.membership.delete({ where: { id: membership.id } });
    expect((await calendarFeedFor(db.prisma, token, { mine: false }))!.items.map((i) => i.id)).toEqual([ids.foreign]);
  });

  it("a change raises the SEQUENCE; a deleted milestone stays as cancelled one further, for its workspace only, for 180 days", async () => {
    const scope = await resolveScope(db.prisma, weert.id, "limburg");
    const { token } = await createCalendarFeed(db.prisma, weert.id);
    const itemOf = async (id: string, mine = false) => (await calendarFeedFor(db.prisma, token, { mine }))!.items.find((i) => i.id === id);

    const moved = await updateMilestone(db.prisma, scope, {
      milestoneId: ids.inLotC!, tenderId: ids.jeugd, version: 1, lotId: ids.lotC!, type: "APPROVAL", title: "Mijlpaal inLotC", description: "", dueDate: "2027-06-15", dateMet: null, status: "SCHEDULED",
    });
    expect(moved.version).toBe(2);
    expect(await itemOf(ids.inLotC!)).toMatchObject({ dueDate: "2027-06-15", sequence: 2, status: "confirmed" });

    await removeMilestone(db.prisma, scope, { tenderId: ids.jeugd!, milestoneId: ids.inLotC! });
    const kept = await db.prisma.cancelledMilestone.findUniqueOrThrow({ where: { id: ids.inLotC! } });
    expect(kept).toMatchObject({ tenderId: ids.jeugd, lotId: ids.lotC, title: "Mijlpaal inLotC", sequence: 3 });
    expect(await itemOf(ids.inLotC!)).toMatchObject({ dueDate: "2027-06-15", sequence: 3, status: "cancelled", lot: { title: "Perceel lotC" }, path: `/w/limburg/aanbestedingen/${ids.jeugd}` });
    // Not in `mine` (Weert made no choice for lot C), and never for another workspace's member.
    expect(await itemOf(ids.inLotC!, true)).toBeUndefined();
    const { token: tiels } = await createCalendarFeed(db.prisma, tiel.id);
    expect((await calendarFeedFor(db.prisma, tiels, { mine: false }))!.items.map((i) => i.id)).toEqual([ids.foreign]);

    // After 180 days it is gone.
    const later = new Date(Date.now() + 181 * 86_400_000);
    expect((await calendarFeedFor(db.prisma, token, { mine: false, now: later }))!.items.some((i) => i.id === ids.inLotC)).toBe(false);
  });

  it("the event UID is made of the milestone id only", () => {
    expect(calendarEventUid("7b0e0a52-6d0e-4d4b-9a39-0d0c8a6f0c11")).toBe("milestone-7b0e0a52-6d0e-4d4b-9a39-0d0c8a6f0c11@regiotafel");
  });
});
