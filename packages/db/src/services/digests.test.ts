// Digests (issue 21, point 7; ADR 0038) on a fresh database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): the notifications of a day give exactly one digest per user and period,
// grouped by workspace, however often and however concurrently runDigests runs; what came in
// after 08:00 waits for the next one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { createTestDatabase } from "../testing";
import { runDigests } from "./digests";
import { createNotifications, getNotificationPreferences, setNotificationPreferences, unsubscribe, type NewNotification } from "./notifications";

let db: Database;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  const region = await p.region.create({ data: { slug: "west", name: "Midden-Limburg West" } });
  const weert = await p.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY", regionId: region.id } });
  const limburg = await p.workspace.create({ data: { slug: "limburg", name: "Limburg", regions: { create: [{ regionId: region.id }] } } });
  const rivier = await p.workspace.create({ data: { slug: "rivierenland", name: "Rivierenland", regions: { create: [{ regionId: region.id }] } } });
  const mk = (email: string, name: string) => p.user.create({ data: { email, name, organisationId: weert.id, passwordHash: "x" } });
  const anna = await mk("anna@weert.nl", "Anna de Vries");
  const bert = await mk("bert@weert.nl", "Bert Jansen");
  const carla = await mk("carla@weert.nl", "Carla Smit");
  const dirk = await mk("dirk@weert.nl", "Dirk Gone");
  Object.assign(ids, { limburg: limburg.id, rivier: rivier.id, anna: anna.id, bert: bert.id, carla: carla.id, dirk: dirk.id });
  for (const user of [bert, carla, dirk]) await p.membership.createMany({ data: [limburg, rivier].map((w) => ({ userId: user.id, workspaceId: w.id, role: "EDITOR" as const })) });
  await setNotificationPreferences(p, carla.id, { deliveries: { reply: "WEEKLY" }, mailLocale: "en" });
});
afterAll(() => db.close());

beforeEach(async () => {
  await db.prisma.notification.deleteMany({});
  await db.prisma.digestRun.deleteMany({});
  await db.prisma.notificationUnsubscribe.deleteMany({});
  await db.prisma.$executeRaw`DELETE FROM mail_outbox`;
  await db.prisma.user.update({ where: { id: ids.dirk! }, data: { deactivatedAt: null } });
});

/** A notification from Anna created at `at` (the clock of the events is set afterwards). */
async function event(userId: string, at: string, overrides: Partial<NewNotification> = {}) {
  const n: NewNotification = { userId, workspaceId: ids.limburg!, kind: "comment", actorId: ids.anna!, path: `/w/limburg/documenten/d1?at=${encodeURIComponent(at)}`, params: { title: `Stuk ${at}` }, ...overrides };
  await db.prisma.$transaction((tx) => createNotifications(tx, [n]));
  await db.prisma.$executeRaw`UPDATE notification SET created_at = ${new Date(at)} WHERE path = ${n.path} AND user_id = ${userId}::uuid`;
}

const digests = () =>
  db.prisma.$queryRaw<{ key: string; recipient: string; locale: string; params: { period: string; more: number; groups: { workspace?: string; items: { kind: string; title?: string; actor?: string; path: string }[] }[] } }[]>`
    SELECT idempotency_key AS key, recipient, locale, params FROM mail_outbox WHERE template = 'digest' ORDER BY recipient, idempotency_key`;

// Tuesday 8 December 2026, 09:00 in Amsterdam: today's daily digest (2026-12-08) and this
// week's weekly one (2026-W50, due Monday 7 December 08:00) are due.
const NOW = new Date("2026-12-08T08:00:00Z");

async function dayOfEvents() {
  // Over Monday: comments for Bert in two workspaces, a mention (mailed at once, not in a digest).
  await event(ids.bert!, "2026-12-07T09:15:00Z");
  await event(ids.bert!, "2026-12-07T13:00:00Z", { workspaceId: ids.rivier!, path: "/w/rivierenland/aanbestedingen/t1" });
  await event(ids.bert!, "2026-12-07T16:45:00Z", { kind: "milestoneDue", actorId: null, params: { title: "Gunning", due: "2026-12-15" } });
  await event(ids.bert!, "2026-12-07T17:00:00Z", { kind: "mention" });
  // Carla: a reply (weekly, before Monday 08:00) and a comment (daily).
  await event(ids.carla!, "2026-12-06T20:00:00Z", { kind: "reply" });
  await event(ids.carla!, "2026-12-07T10:00:00Z");
  // Dirk's account is deactivated before the digest.
  await event(ids.dirk!, "2026-12-07T10:00:00Z");
  // After 08:00 local on Tuesday: for tomorrow's digest.
  await event(ids.bert!, "2026-12-08T07:30:00Z", { kind: "participation", actorId: null });
  await db.prisma.user.update({ where: { id: ids.dirk! }, data: { deactivatedAt: new Date() } });
}

describe("runDigests", () => {
  it("gives each user exactly one daily digest with that day's notifications grouped by workspace, even run twice and concurrently", async () => {
    await dayOfEvents();
    const runs = await Promise.all([runDigests(db.prisma, { now: NOW, period: "daily" }), runDigests(db.prisma, { now: NOW, period: "daily" })]);
    const again = await runDigests(db.prisma, { now: new Date(NOW.getTime() + 3_600_000), period: "daily" });
    expect(runs.reduce((n, r) => n + r.mailed, 0)).toBe(2);
    expect(again.mailed).toBe(0);
    expect(runs[0]!.periodKey).toBe("2026-12-08");

    const mails = await digests();
    expect(mails.map((m) => [m.key, m.recipient, m.locale])).toEqual([
      [`digest:${ids.bert}:daily:2026-12-08`, "bert@weert.nl", "nl"],
      [`digest:${ids.carla}:daily:2026-12-08`, "carla@weert.nl", "en"],
    ]);
    const bert = mails[0]!.params;
    expect(bert.period).toBe("daily");
    expect(bert.groups.map((g) => [g.workspace, g.items.map((i) => i.kind)])).toEqual([
      ["Limburg", ["comment", "milestoneDue"]],
      ["Rivierenland", ["comment"]],
    ]);
    expect(bert.groups[0]!.items[0]).toEqual({ kind: "comment", actor: "Anna de Vries", title: "Stuk 2026-12-07T09:15:00Z", path: "/w/limburg/documenten/d1?at=2026-12-07T09%3A15%3A00Z" });
    expect(bert.groups[0]!.items[1]).toMatchObject({ kind: "milestoneDue", title: "Gunning", due: "2026-12-15" });
    expect(mails[1]!.params.groups.flatMap((g) => g.items.map((i) => i.kind))).toEqual(["comment"]);

    // What was mailed is marked with its digest; the mention (at once) and Tuesday's participation are not in it.
    const marked = await db.prisma.notification.findMany({ where: { digestKey: "daily:2026-12-08" } });
    expect(marked).toHaveLength(4);
    expect(marked.every((n) => n.mailedAt !== null)).toBe(true);
    expect(await db.prisma.digestRun.count({ where: { period: "daily", periodKey: "2026-12-08" } })).toBe(2);
    expect(await db.prisma.notificationUnsubscribe.findMany({ select: { userId: true, scope: true }, orderBy: { userId: "asc" }, where: { scope: "digest:daily" } })).toHaveLength(2);
  });

  it("the weekly digest collects the weekly kinds; tomorrow's daily digest has what came after 08:00 and nothing sent before", async () => {
    await dayOfEvents();
    await runDigests(db.prisma, { now: NOW, period: "daily" });
    const weekly = await runDigests(db.prisma, { now: NOW, period: "weekly" });
    expect(weekly).toMatchObject({ periodKey: "2026-W50", mailed: 1, notifications: 1 });
    const tomorrow = await runDigests(db.prisma, { now: new Date("2026-12-09T07:05:00Z"), period: "daily" });
    expect(tomorrow).toMatchObject({ periodKey: "2026-12-09", mailed: 1, notifications: 1 });
    const mails = await digests();
    expect(mails.map((m) => m.key)).toEqual([
      `digest:${ids.bert}:daily:2026-12-08`,
      `digest:${ids.bert}:daily:2026-12-09`,
      `digest:${ids.carla}:daily:2026-12-08`,
      `digest:${ids.carla}:weekly:2026-W50`,
    ]);
    expect(mails[1]!.params.groups[0]!.items.map((i) => i.kind)).toEqual(["participation"]);
    expect(mails[3]!.params.groups[0]!.items.map((i) => i.kind)).toEqual(["reply"]);
  });

  it("read notifications stay out; a user whose notifications are all read gets no mail", async () => {
    await event(ids.bert!, "2026-12-07T09:15:00Z");
    await db.prisma.notification.updateMany({ data: { readAt: new Date("2026-12-07T10:00:00Z") } });
    expect(await runDigests(db.prisma, { now: NOW, period: "daily" })).toMatchObject({ mailed: 0 });
    expect(await digests()).toEqual([]);
  });

  it("many users in small batches: one digest each, a second run on another 'instance' adds none", async () => {
    for (let i = 0; i < 7; i++) await event(i % 2 === 0 ? ids.bert! : ids.carla!, `2026-12-07T1${i}:00:00Z`);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => runDigests(db.prisma, { now: NOW, period: "daily", batchSize: 1 })));
    expect(a!.mailed + b!.mailed + c!.mailed).toBe(2);
    expect(a!.notifications + b!.notifications + c!.notifications).toBe(7);
    expect((await digests()).map((m) => m.params.groups[0]!.items.length)).toEqual([4, 3]);
  });

  it("a digest's unsubscribe link moves exactly the kinds in that digest to the app, for its user only", async () => {
    await dayOfEvents();
    await runDigests(db.prisma, { now: NOW, period: "daily" });
    const [carla] = await db.prisma.$queryRaw<{ token: string }[]>`SELECT params->>'unsubscribeToken' AS token FROM mail_outbox WHERE recipient = 'carla@weert.nl' AND template = 'digest'`;
    const result = await unsubscribe(db.prisma, carla!.token);
    expect(result).toEqual({ scope: "digest:daily", kinds: ["comment", "participation", "milestoneDue", "templateVersion"] });
    const deliveries = Object.fromEntries((await getNotificationPreferences(db.prisma, ids.carla!)).kinds.map((k) => [k.kind, k.delivery]));
    expect(deliveries).toEqual({ mention: "IMMEDIATE", reply: "WEEKLY", comment: "IN_APP", participation: "IN_APP", milestoneDue: "IN_APP", templateVersion: "IN_APP", invitation: "IMMEDIATE" });
    expect((await getNotificationPreferences(db.prisma, ids.bert!)).kinds.every((k) => k.isDefault)).toBe(true);
    // Nothing is left for Carla's next daily digest.
    await event(ids.carla!, "2026-12-08T12:00:00Z");
    expect(await runDigests(db.prisma, { now: new Date("2026-12-09T07:05:00Z"), period: "daily" })).toMatchObject({ mailed: 1 }); // Bert's participation only
    expect((await digests()).filter((m) => m.recipient === "carla@weert.nl").map((m) => m.key)).toEqual([`digest:${ids.carla}:daily:2026-12-08`]);
  });

  it("a user removed from a workspace gets none of its notifications by mail", async () => {
    await event(ids.bert!, "2026-12-07T09:15:00Z");
    await event(ids.bert!, "2026-12-07T13:00:00Z", { workspaceId: ids.rivier!, path: "/w/rivierenland/aanbestedingen/t1" });
    await db.prisma.membership.delete({ where: { userId_workspaceId: { userId: ids.bert!, workspaceId: ids.rivier! } } });
    try {
      await runDigests(db.prisma, { now: NOW, period: "daily" });
      const [bert] = await digests();
      expect(bert!.params.groups.map((g) => g.workspace)).toEqual(["Limburg"]);
    } finally {
      await db.prisma.membership.create({ data: { userId: ids.bert!, workspaceId: ids.rivier!, role: "EDITOR" } });
    }
  });
});
