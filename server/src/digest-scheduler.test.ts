// The digest scheduler (ADR 0038): several instances checking at once, and again after a
// restart, queue one digest per user and period; before 08:00 Amsterdam time nothing of the
// new day goes out; a period is run again at the next check only when its slot changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifications, type Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { startDigestScheduler, type DigestScheduler } from "./digest-scheduler";

let db: Database;
const users: string[] = [];
const schedulers: DigestScheduler[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  const region = await p.region.create({ data: { slug: "west", name: "West" } });
  const org = await p.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY", regionId: region.id } });
  const ws = await p.workspace.create({ data: { slug: "limburg", name: "Limburg", regions: { create: [{ regionId: region.id }] } } });
  const actor = await p.user.create({ data: { email: "anna@weert.nl", name: "Anna", organisationId: org.id, passwordHash: "x" } });
  for (let i = 0; i < 5; i++) users.push((await p.user.create({ data: { email: `u${i}@weert.nl`, name: `U${i}`, organisationId: org.id, passwordHash: "x" } })).id);
  await p.membership.createMany({ data: users.map((userId) => ({ userId, workspaceId: ws.id, role: "VIEWER" as const })) });
  await p.$transaction((tx) => createNotifications(tx, users.map((userId) => ({ userId, workspaceId: ws.id, kind: "comment" as const, actorId: actor.id, path: "/w/limburg", params: { title: "Strategie" } }))));
  await p.notification.updateMany({ data: { createdAt: new Date("2026-12-07T12:00:00Z") } });
});
afterAll(async () => {
  for (const s of schedulers) await s.stop();
  await db.close();
});

function instance(now: () => Date): DigestScheduler {
  const s = startDigestScheduler({ prisma: db.prisma, intervalMs: 3_600_000, firstCheckMs: 3_600_000, now, log: () => undefined });
  schedulers.push(s);
  return s;
}
const digestKeys = async () => (await db.prisma.$queryRaw<{ key: string }[]>`SELECT idempotency_key AS key FROM mail_outbox WHERE template = 'digest' ORDER BY 1`).map((r) => r.key);

describe("digest scheduler", () => {
  it("three instances and a restart: one digest per user, only once 08:00 has passed", async () => {
    let now = new Date("2026-12-08T06:59:00Z"); // 07:59 in Amsterdam: yesterday's slot is current, the events are after its moment
    const clock = () => now;
    const instances = [instance(clock), instance(clock), instance(clock)];
    await Promise.all(instances.map((s) => s.check()));
    expect(await digestKeys()).toEqual([]);
    now = new Date("2026-12-08T07:00:00Z"); // 08:00
    await Promise.all(instances.map((s) => s.check()));
    await Promise.all(instances.map((s) => s.check()));
    const restarted = instance(clock);
    await restarted.check();
    expect(await digestKeys()).toEqual(users.map((u) => `digest:${u}:daily:2026-12-08`).sort());
    expect(await db.prisma.digestRun.count({ where: { period: "daily" } })).toBe(5);
  });
});
