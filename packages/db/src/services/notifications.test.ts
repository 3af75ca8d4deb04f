// Notification delivery (issue 21, point 7; ADR 0038) on a fresh database (PGlite, or
// PostgreSQL with TEST_DATABASE_URL): preferences decide what is kept and what is mailed at
// once; a dedupe key counts once; the actor and deactivated accounts get nothing; one-click
// unsubscribe changes only its own user and kind.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { createTestDatabase } from "../testing";
import { markMailsSent } from "./mail-outbox";
import {
  createNotifications,
  findUnsubscribe,
  getNotificationPreferences,
  setNotificationPreferences,
  unsubscribe,
  type NewNotification,
} from "./notifications";

let db: Database;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  const region = await p.region.create({ data: { slug: "west", name: "Midden-Limburg West" } });
  const weert = await p.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY", regionId: region.id } });
  const ws = await p.workspace.create({ data: { slug: "limburg", name: "Limburg", regions: { create: [{ regionId: region.id }] } } });
  const mk = (email: string, name: string) => p.user.create({ data: { email, name, organisationId: weert.id, passwordHash: "x" } });
  const anna = await mk("anna@weert.nl", "Anna de Vries");
  const bert = await mk("bert@weert.nl", "Bert Jansen");
  const carla = await mk("carla@weert.nl", "Carla Smit");
  const gone = await mk("gone@weert.nl", "Gone");
  await p.user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });
  Object.assign(ids, { ws: ws.id, anna: anna.id, bert: bert.id, carla: carla.id, gone: gone.id });
});
afterAll(() => db.close());

beforeEach(async () => {
  await db.prisma.notification.deleteMany({});
  await db.prisma.notificationPreference.deleteMany({});
  await db.prisma.notificationMailLocale.deleteMany({});
  await db.prisma.notificationUnsubscribe.deleteMany({});
  await db.prisma.$executeRaw`DELETE FROM mail_outbox`;
});

const item = (userId: string, overrides: Partial<NewNotification> = {}): NewNotification => ({
  userId,
  workspaceId: ids.ws!,
  kind: "mention",
  actorId: ids.anna!,
  path: "/w/limburg/documenten/d1?reactie=c1",
  params: { title: "Gezamenlijke inkoopstrategie", excerpt: "@Bert klopt dit?" },
  ...overrides,
});
const outbox = () =>
  db.prisma.$queryRaw<{ key: string; recipient: string; locale: string; template: string; params: Record<string, unknown> }[]>`
    SELECT idempotency_key AS key, recipient, locale, template, params FROM mail_outbox ORDER BY recipient`;
const create = (items: NewNotification[]) => db.prisma.$transaction((tx) => createNotifications(tx, items));

describe("createNotifications", () => {
  it("keeps what the preferences allow: OFF drops, IMMEDIATE queues exactly one mail with its link, DAILY waits for the digest", async () => {
    await setNotificationPreferences(db.prisma, ids.carla!, { deliveries: { mention: "OFF" } });
    await setNotificationPreferences(db.prisma, ids.bert!, { deliveries: { comment: "DAILY" }, mailLocale: "en" });
    const result = await create([item(ids.bert!), item(ids.carla!), item(ids.bert!, { kind: "comment" })]);
    expect(result.userIds).toEqual([ids.bert]);
    const rows = await db.prisma.notification.findMany({ orderBy: { kind: "asc" } });
    expect(rows.map((r) => [r.userId, r.kind, r.mailedAt !== null])).toEqual([
      [ids.bert, "comment", false],
      [ids.bert, "mention", true],
    ]);
    const mails = await outbox();
    expect(mails).toHaveLength(1);
    const mention = rows.find((r) => r.kind === "mention")!;
    expect(mails[0]).toMatchObject({
      key: `notification:${mention.id}`,
      recipient: "bert@weert.nl",
      locale: "en",
      template: "notification",
      params: { kind: "mention", actor: "Anna de Vries", title: "Gezamenlijke inkoopstrategie", workspace: "Limburg", excerpt: "@Bert klopt dit?", path: "/w/limburg/documenten/d1?reactie=c1" },
    });
    // The mail's token unsubscribes Bert from mentions: it is stored only as its hash.
    const token = mails[0]!.params.unsubscribeToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.prisma.notificationUnsubscribe.findMany();
    expect(stored).toEqual([expect.objectContaining({ userId: ids.bert, scope: "mention", tokenHash: createHash("sha256").update(token).digest("hex") })]);
  });

  it("never notifies the actor, a deactivated account or an unknown user", async () => {
    const result = await create([item(ids.anna!), item(ids.gone!), item("00000000-0000-4000-8000-000000000000"), item(ids.bert!, { actorId: null })]);
    expect(result.userIds).toEqual([ids.bert]);
    expect(await db.prisma.notification.count()).toBe(1);
    expect((await outbox()).map((m) => m.recipient)).toEqual(["bert@weert.nl"]);
  });

  it("a dedupe key counts once, within one call and across calls, and queues one mail", async () => {
    const key = "milestoneDue:m1:bert:2026-12-08";
    const first = await create([item(ids.bert!, { dedupeKey: key }), item(ids.bert!, { dedupeKey: key })]);
    const second = await create([item(ids.bert!, { dedupeKey: key })]);
    expect(first.userIds).toEqual([ids.bert]);
    expect(second).toEqual({ userIds: [], mailed: 0 });
    expect(await db.prisma.notification.count()).toBe(1);
    expect(await outbox()).toHaveLength(1);
  });

  it("rolls back with the caller's transaction: no notification, no mail", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await createNotifications(tx, [item(ids.bert!)]);
        throw new Error("the comment failed");
      }),
    ).rejects.toThrow("the comment failed");
    expect(await db.prisma.notification.count()).toBe(0);
    expect(await outbox()).toHaveLength(0);
  });

  it("refuses a path off this site (a caller's mistake) before writing anything", async () => {
    await expect(create([item(ids.bert!, { path: "https://evil.example/" })])).rejects.toThrow(/path/);
    expect(await db.prisma.notification.count()).toBe(0);
  });

  it("fans out to 1,000 recipients in one call with a constant number of statements", async () => {
    const region = await db.prisma.region.findFirstOrThrow();
    const org = await db.prisma.organisation.create({ data: { slug: "venlo", name: "Venlo", kind: "MUNICIPALITY", regionId: region.id } });
    await db.prisma.user.createMany({ data: Array.from({ length: 1000 }, (_, i) => ({ email: `u${i}@venlo.nl`, name: `U ${i}`, organisationId: org.id, passwordHash: "x" })) });
    const users = await db.prisma.user.findMany({ where: { organisationId: org.id }, select: { id: true } });
    // Half get mentions by mail at once (the default), half chose the daily digest.
    await db.prisma.notificationPreference.createMany({ data: users.slice(0, 500).map((u) => ({ userId: u.id, kind: "mention", delivery: "DAILY" })) });
    let statements = 0;
    const result = await db.prisma.$transaction(async (tx) => {
      const counting = new Proxy(tx, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value === "function" && String(prop).startsWith("$")) return (...a: unknown[]) => (statements++, (value as (...b: unknown[]) => unknown).apply(target, a));
          return value;
        },
      });
      return createNotifications(counting, users.map((u) => item(u.id)));
    });
    expect(result.userIds).toHaveLength(1000);
    expect(result.mailed).toBe(500);
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(6);
    expect(await db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM mail_outbox`).toEqual([{ n: 500 }]);
    await db.prisma.user.deleteMany({ where: { organisationId: org.id } });
    await db.prisma.organisation.delete({ where: { id: org.id } });
  });

  it("once sent, the outbox keeps no working unsubscribe token", async () => {
    await create([item(ids.bert!)]);
    const [row] = await db.prisma.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM mail_outbox`;
    await markMailsSent(db.prisma, [row!.id]);
    expect((await outbox())[0]!.params.unsubscribeToken).toBe("verstuurd");
  });
});

describe("one-click unsubscribe", () => {
  const tokenFor = async (userId: string, kind: NewNotification["kind"] = "mention") => {
    await create([item(userId, { kind })]);
    const mails = await outbox();
    return mails.find((m) => m.params.kind === kind && m.recipient.startsWith(userId === ids.bert ? "bert" : "carla"))!.params.unsubscribeToken as string;
  };

  it("works without signing in, only for its own user and kind, and again without harm", async () => {
    await setNotificationPreferences(db.prisma, ids.bert!, { deliveries: { invitation: "IMMEDIATE" } });
    const bertToken = await tokenFor(ids.bert!);
    await tokenFor(ids.carla!);
    expect(await findUnsubscribe(db.prisma, bertToken)).toEqual({ scope: "mention" });
    expect(await unsubscribe(db.prisma, bertToken)).toEqual({ scope: "mention", kinds: ["mention"] });
    const bert = await getNotificationPreferences(db.prisma, ids.bert!);
    expect(bert.kinds.find((k) => k.kind === "mention")!.delivery).toBe("IN_APP");
    expect(bert.kinds.find((k) => k.kind === "invitation")!.delivery).toBe("IMMEDIATE");
    expect((await getNotificationPreferences(db.prisma, ids.carla!)).kinds.find((k) => k.kind === "mention")!.delivery).toBe("IMMEDIATE");
    expect(await unsubscribe(db.prisma, bertToken)).toEqual({ scope: "mention", kinds: [] });
  });

  it("a garbage, empty or oversized token changes nothing", async () => {
    await tokenFor(ids.bert!);
    const before = await db.prisma.notificationPreference.findMany({ orderBy: [{ userId: "asc" }, { kind: "asc" }] });
    for (const token of ["", "nope", "A".repeat(43), "x".repeat(5000), "' OR 1=1 --"]) {
      expect(await findUnsubscribe(db.prisma, token)).toBeNull();
      expect(await unsubscribe(db.prisma, token)).toBeNull();
    }
    expect(await db.prisma.notificationPreference.findMany({ orderBy: [{ userId: "asc" }, { kind: "asc" }] })).toEqual(before);
  });

  it("a deactivated account's token answers as unknown", async () => {
    const token = await tokenFor(ids.carla!);
    await db.prisma.user.update({ where: { id: ids.carla! }, data: { deactivatedAt: new Date() } });
    try {
      expect(await findUnsubscribe(db.prisma, token)).toBeNull();
      expect(await unsubscribe(db.prisma, token)).toBeNull();
    } finally {
      await db.prisma.user.update({ where: { id: ids.carla! }, data: { deactivatedAt: null } });
    }
  });
});

describe("preferences", () => {
  it("reads defaults, stores changes, and a choice equal to the default removes the row", async () => {
    const initial = await getNotificationPreferences(db.prisma, ids.bert!);
    expect(initial.kinds.find((k) => k.kind === "mention")).toEqual({ kind: "mention", delivery: "IMMEDIATE", isDefault: true });
    expect(initial.milestoneLeadDays).toBe(7);
    expect(initial.mailLocale).toBe("nl");
    const changed = await setNotificationPreferences(db.prisma, ids.bert!, { deliveries: { reply: "WEEKLY", mention: "IMMEDIATE" }, milestoneLeadDays: 14, mailLocale: "en" });
    expect(changed.kinds.find((k) => k.kind === "reply")).toEqual({ kind: "reply", delivery: "WEEKLY", isDefault: false });
    expect(changed.milestoneLeadDays).toBe(14);
    expect(changed.mailLocale).toBe("en");
    expect(await db.prisma.notificationPreference.findMany({ where: { userId: ids.bert! } })).toEqual([{ userId: ids.bert, kind: "reply", delivery: "WEEKLY" }]);
  });

  it("refuses lead days out of bounds and unknown kinds or deliveries, changing nothing", async () => {
    for (const input of [{ deliveries: {}, milestoneLeadDays: 61 }, { deliveries: {}, milestoneLeadDays: -1 }, { deliveries: {}, milestoneLeadDays: 1.5 }, { deliveries: { mention: "LOUD" } }, { deliveries: { gossip: "OFF" } }]) {
      await expect(setNotificationPreferences(db.prisma, ids.bert!, input as never)).rejects.toThrow();
    }
    expect(await db.prisma.notificationPreference.count({ where: { userId: ids.bert! } })).toBe(0);
  });
});
