import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { eventBus, notifyMilestonesDue, type BusEvent } from "@regiotafel/db";
import { createApiTestEnv, fingerprint, refusal, type ApiTestEnv } from "./test-support";

// Comments, mentions, following and the notification centre (issue 21, points 1–6), on the
// Limburg demo: Weert and Venlo are members of the Limburg workspace, Tiel only of Rivierenland.
let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

const limburg = { workspace: "limburg" };
const userId = async (email: string) => (await env.db.prisma.user.findUniqueOrThrow({ where: { email } })).id;

async function aTender() {
  const weert = await env.callerFor("weert@demo.regiotafel.nl");
  const board = await weert.tender.board(limburg);
  return board.tenders.find((t) => t.title === "Wmo-begeleiding Midden-Limburg West")!;
}

describe("comments on a record", () => {
  it("weert@ asks '@Venlo klopt dit?': every Venlo member of the workspace is told, Weert follows the tender, the thread is listed and counted", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const venlo = await env.callerFor("venlo@demo.regiotafel.nl");
    const tender = await aTender();
    const venloId = await userId("venlo@demo.regiotafel.nl");
    const before = (await venlo.inbox.unread()).unread;
    const events: BusEvent[] = [];
    const stop = eventBus.subscribe((e) => events.push(e));
    const { id: threadId } = await weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tender.id, body: "@Venlo klopt dit?" });
    stop();

    expect((await venlo.inbox.unread()).unread).toBe(before + 1);
    const { items } = await venlo.inbox.list({});
    expect(items[0]).toMatchObject({ kind: "mention", actorName: expect.any(String), workspace: { slug: "limburg" } });
    expect(items[0]!.path).toBe(`/w/limburg/aanbestedingen/${tender.id}?discussie=${threadId}&onderwerp=tender:${tender.id}#discussie-${threadId}`);
    expect(items[0]!.params).toMatchObject({ title: tender.title, excerpt: "@Venlo klopt dit?" });
    expect(events.some((e) => e.type === "notifications.created" && e.userIds.includes(venloId))).toBe(true);
    expect(events.some((e) => e.type === "record.changed" && e.entityType === "comment" && e.parentId === tender.id)).toBe(true);

    expect(await weert.follow.status({ ...limburg, subjectType: "tender", subjectId: tender.id })).toEqual({ following: true });
    const threads = await venlo.comment.threads({ ...limburg, subjectType: "tender", subjectId: tender.id });
    expect(threads.find((t) => t.id === threadId)?.comments.map((c) => c.body)).toEqual(["@Venlo klopt dit?"]);
    expect((await venlo.comment.counts({ ...limburg, subjectType: "tender" }))[tender.id]).toBeGreaterThanOrEqual(1);
  });

  it("a reply tells the thread's author; resolving hides it from the open count; a reply reopens it", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const venlo = await env.callerFor("venlo@demo.regiotafel.nl");
    const tender = await aTender();
    const { id: threadId } = await weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tender.id, body: "Wie neemt perceel S2b?" });
    const open = (await weert.comment.counts({ ...limburg, subjectType: "tender" }))[tender.id]!;
    const unread = (await weert.inbox.unread()).unread;
    await venlo.comment.reply({ ...limburg, threadId, body: "Venlo doet mee." });
    const newest = (await weert.inbox.list({})).items[0]!;
    expect((await weert.inbox.unread()).unread).toBe(unread + 1);
    expect(newest.kind).toBe("reply");

    expect((await weert.comment.open(limburg)).find((th) => th.id === threadId)).toMatchObject({ title: tender.title, comments: 2, last: { body: "Venlo doet mee." } });
    await weert.comment.resolve({ ...limburg, threadId });
    expect((await weert.comment.open(limburg)).map((th) => th.id)).not.toContain(threadId);
    expect((await weert.comment.counts({ ...limburg, subjectType: "tender" }))[tender.id] ?? 0).toBe(open - 1);
    const resolved = (await weert.comment.threads({ ...limburg, subjectType: "tender", subjectId: tender.id })).find((t) => t.id === threadId)!;
    expect(resolved.resolvedAt).not.toBeNull();
    await venlo.comment.reply({ ...limburg, threadId, body: "Toch nog een vraag." });
    expect((await weert.comment.threads({ ...limburg, subjectType: "tender", subjectId: tender.id })).find((t) => t.id === threadId)!.resolvedAt).toBeNull();

    await weert.inbox.markRead({ ids: [newest.id] });
    expect((await weert.inbox.list({ unreadOnly: true })).items.map((i) => i.id)).not.toContain(newest.id);
    await weert.inbox.markAllRead({});
    expect((await weert.inbox.unread()).unread).toBe(0);
  });

  it("edits and deletes only one's own comment; a delete is soft and audited", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const venlo = await env.callerFor("venlo@demo.regiotafel.nl");
    const tender = await aTender();
    const { id: threadId, commentId } = await weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tender.id, body: "Eerste versie" });
    const untouched = await fingerprint(env.db);
    expect(await refusal(venlo.comment.edit({ ...limburg, commentId, body: "Gekaapt" }))).toBe("FORBIDDEN comment.notYours");
    expect(await refusal(venlo.comment.delete({ ...limburg, commentId }))).toBe("FORBIDDEN comment.notYours");
    expect(await fingerprint(env.db)).toBe(untouched);

    await weert.comment.edit({ ...limburg, commentId, body: "Tweede versie" });
    let comment = (await venlo.comment.threads({ ...limburg, subjectType: "tender", subjectId: tender.id })).find((t) => t.id === threadId)!.comments[0]!;
    expect(comment).toMatchObject({ body: "Tweede versie", deleted: false });
    expect(comment.editedAt).not.toBeNull();

    await weert.comment.delete({ ...limburg, commentId });
    comment = (await venlo.comment.threads({ ...limburg, subjectType: "tender", subjectId: tender.id })).find((t) => t.id === threadId)!.comments[0]!;
    expect(comment).toMatchObject({ body: "", deleted: true });
    const audit = await env.db.prisma.auditEvent.findFirstOrThrow({ where: { entityType: "comment", entityId: commentId, action: "comment.delete" } });
    expect(audit.before).toMatchObject({ body: "Tweede versie" });
    expect(await refusal(weert.comment.edit({ ...limburg, commentId, body: "Terug" }))).toBe("CONFLICT comment.deleted");
  });

  it("a mention of someone who is no member of the workspace reaches nobody and reveals nothing", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const tielId = await userId("tiel@demo.regiotafel.nl");
    const tender = await aTender();
    const before = await env.db.prisma.notification.count({ where: { userId: tielId } });
    const body = `@[Tiel](user:${tielId}) en @Tiel, weten jullie dit?`;
    const { id: threadId } = await weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tender.id, body });
    expect(await env.db.prisma.notification.count({ where: { userId: tielId } })).toBe(before);
    // The comment keeps what its author wrote; nothing says whether "Tiel" exists.
    const thread = (await weert.comment.threads({ ...limburg, subjectType: "tender", subjectId: tender.id })).find((t) => t.id === threadId)!;
    expect(thread.comments[0]!.body).toBe(body);
    expect(JSON.stringify(thread)).not.toContain("tiel@");
    // The "@" search offers the workspace's members and organisations only.
    const found = await weert.comment.mentionables({ ...limburg, query: "ti" });
    expect(found.people.map((p) => p.id)).not.toContain(tielId);
    expect(found.organisations.map((o) => o.name)).not.toContain("Tiel");
    expect((await weert.comment.mentionables({ ...limburg, query: "Venlo" })).organisations.map((o) => o.name)).toContain("Venlo");
  });

  it("commenting on a lot follows the lot; followers are told of later comments; unfollowing stops it", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const venlo = await env.callerFor("venlo@demo.regiotafel.nl");
    const tender = await weert.tender.get({ ...limburg, tenderId: (await aTender()).id });
    const lotId = tender.lots[0]!.id;
    await venlo.comment.start({ ...limburg, subjectType: "lot", subjectId: lotId, body: "Venlo volgt dit perceel." });
    expect(await venlo.follow.status({ ...limburg, subjectType: "lot", subjectId: lotId })).toEqual({ following: true });
    const venloId = await userId("venlo@demo.regiotafel.nl");
    const count = () => env.db.prisma.notification.count({ where: { userId: venloId, kind: "comment" } });
    const before = await count();
    await weert.comment.start({ ...limburg, subjectType: "lot", subjectId: lotId, body: "Nieuwe marktcijfers zijn binnen." });
    expect(await count()).toBe(before + 1);
    await venlo.follow.set({ ...limburg, subjectType: "lot", subjectId: lotId, following: false });
    await weert.comment.start({ ...limburg, subjectType: "lot", subjectId: lotId, body: "Nog een." });
    expect(await count()).toBe(before + 1);
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const tender = await aTender();
    const before = await fingerprint(env.db);
    expect(await refusal(weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tender.id, body: "   " }))).toBe("BAD_REQUEST input.invalid body");
    expect(await refusal(weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tender.id, body: "x".repeat(5001) }))).toBe("BAD_REQUEST input.invalid body");
    expect(
      await refusal(weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tender.id, body: "Hier", anchor: { start: "AAAA", end: "AAAA", quote: "x" } })),
    ).toBe("BAD_REQUEST comment.anchorOnlyOnDocuments");
    expect(await refusal(weert.comment.start({ ...limburg, subjectType: "template" as "tender", subjectId: tender.id, body: "Hier" }))).toBe("BAD_REQUEST input.invalid subjectType");
    const tielTender = await env.db.prisma.tender.findFirstOrThrow({ where: { workspace: { slug: "rivierenland" } } });
    expect(await refusal(weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tielTender.id, body: "Hier" }))).toBe("NOT_FOUND comment.subjectUnknown");
    expect(await fingerprint(env.db)).toBe(before);
  });

  it("any text a member sends as a comment is stored exactly or refused, never a server error (property)", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const tender = await aTender();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), async (body) => {
        const outcome = await refusal(weert.comment.start({ ...limburg, subjectType: "tender", subjectId: tender.id, body }));
        expect(outcome).toMatch(/^(OK|BAD_REQUEST input\.invalid body)$/);
        if (outcome === "OK") {
          const stored = await env.db.prisma.comment.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
          expect(stored.body).toBe(body.trim());
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("notifications of record changes", () => {
  it("a milestone of a followed tender is announced once per due date, within the follower's lead time, and again when it moves", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const west = await env.callerFor("coordinator.west@demo.regiotafel.nl");
    const tender = await aTender();
    await weert.follow.set({ ...limburg, subjectType: "tender", subjectId: tender.id, following: true });
    const { id: milestoneId } = await west.milestone.add({ ...limburg, tenderId: tender.id, type: "ENGAGEMENT", title: "Marktconsultatie sluit", dueDate: "2099-01-10" });
    const weertId = await userId("weert@demo.regiotafel.nl");
    const due = () => env.db.prisma.notification.findMany({ where: { userId: weertId, kind: "milestoneDue", dedupeKey: { contains: milestoneId } } });

    await notifyMilestonesDue(env.db.prisma, "2098-12-01");
    expect(await due()).toHaveLength(0);
    await notifyMilestonesDue(env.db.prisma, "2099-01-05");
    await notifyMilestonesDue(env.db.prisma, "2099-01-06");
    const once = await due();
    expect(once).toHaveLength(1);
    expect(once[0]!.params).toMatchObject({ title: "Marktconsultatie sluit", tender: tender.title, days: 5, due: "2099-01-10" });

    const milestone = await env.db.prisma.milestone.findUniqueOrThrow({ where: { id: milestoneId } });
    await west.milestone.update({ ...limburg, tenderId: tender.id, milestoneId, version: milestone.version, type: "ENGAGEMENT", title: "Marktconsultatie sluit", dueDate: "2099-01-12" });
    await notifyMilestonesDue(env.db.prisma, "2099-01-06");
    expect(await due()).toHaveLength(2);
  });

  it("a change of a municipality's participation in a lot tells its other members, not the one who made it", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const weertOrg = await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } });
    const colleague = await env.db.prisma.user.create({
      data: { email: "collega.weert@demo.regiotafel.nl", name: "Collega Weert", organisationId: weertOrg.id, passwordHash: env.demoPasswordHash },
    });
    const limburgId = (await env.db.prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } })).id;
    await env.db.prisma.membership.create({ data: { userId: colleague.id, workspaceId: limburgId, role: "EDITOR" } });
    const other = await env.callerFor(colleague.email);
    const tender = await weert.tender.get({ ...limburg, tenderId: (await aTender()).id });
    const lot = tender.lots[0]!;
    const weertId = await userId("weert@demo.regiotafel.nl");
    const count = () => env.db.prisma.notification.count({ where: { userId: weertId, kind: "participation" } });
    const before = await count();
    const was = lot.myParticipation ?? false;
    await other.lot.setParticipation({ ...limburg, lotId: lot.id, municipalityId: tender.ownMunicipalityId!, participating: !was });
    expect(await count()).toBe(before + 1);
    await weert.lot.setParticipation({ ...limburg, lotId: lot.id, municipalityId: tender.ownMunicipalityId!, participating: was });
    expect(await count()).toBe(before + 1);
  });
});
