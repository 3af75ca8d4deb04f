// The history's document edit lines (ADR 0031): counted per document, author and hour in the
// statement that stores the updates, kept through compaction, merged with the audit log in one
// time order, a page at a time, and only the workspace's own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { resolveScope, type Scope } from "../scope";
import { seedDemoData } from "../seed";
import { createTestDatabase } from "../testing";
import { listAudit } from "./audit";
import { appendDocumentUpdates, compactDocument } from "./document-store";
import { listHistory } from "./history";

let db: Database;
let weert: Scope;
let tiel: Scope;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma, "hash");
  const scopeOf = async (email: string, slug: string) => resolveScope(db.prisma, (await db.prisma.user.findUniqueOrThrow({ where: { email } })).id, slug);
  weert = await scopeOf("weert@demo.regiotafel.nl", "limburg");
  tiel = await scopeOf("tiel@demo.regiotafel.nl", "rivierenland");
});
afterAll(() => db.close());

const bytes = (n: number) => new Uint8Array([0, n % 256]);
const newDocument = (scope: Scope, title: string) => db.prisma.document.create({ data: { workspaceId: scope.workspaceId, kind: "FREE", title } });
const summaries = (documentId: string) => db.prisma.documentEditSummary.findMany({ where: { documentId }, orderBy: { userId: "asc" } });
const author = (scope: Scope) => ({ userId: scope.userId, organisationId: scope.organisationId });

describe("the document edit summary", () => {
  it("counts an author's updates per document and hour in the append, not the server's own, and keeps them through compaction", async () => {
    const doc = await newDocument(weert, "Gezamenlijke inkoopstrategie");
    const other = await newDocument(weert, "Andere notitie");
    await appendDocumentUpdates(db.prisma, [
      { documentId: doc.id, data: bytes(1), author: author(weert) },
      { documentId: doc.id, data: bytes(2), author: author(weert) },
      { documentId: other.id, data: bytes(3), author: author(weert) },
      { documentId: doc.id, data: bytes(4), author: null }, // a restore by the server
    ]);
    const highest = await appendDocumentUpdates(db.prisma, [{ documentId: doc.id, data: bytes(5), author: author(weert) }]);
    const [row, ...rest] = await summaries(doc.id);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ userId: weert.userId, organisationId: weert.organisationId, workspaceId: weert.workspaceId, updates: 3 });
    expect(row!.hour.getTime() % 3_600_000).toBe(0);
    expect(Date.now() - row!.hour.getTime()).toBeLessThan(3_600_000 + 60_000);
    expect((await summaries(other.id))[0]?.updates).toBe(1);
    // Every update is in the log, the author's and the server's.
    expect(await db.prisma.documentUpdate.count({ where: { documentId: doc.id } })).toBe(4);

    await compactDocument(db.prisma, doc.id, highest.get(doc.id)!, () => ({ state: bytes(9), searchText: "" }));
    expect(await db.prisma.documentUpdate.count({ where: { documentId: doc.id } })).toBe(0);
    expect((await summaries(doc.id))[0]?.updates).toBe(3);
  });

  it("adds up two appends at once for the same document, author and hour", async () => {
    const doc = await newDocument(weert, "Tegelijk bewerkt");
    for (let round = 1; round <= 3; round++) {
      await Promise.all([
        appendDocumentUpdates(db.prisma, [{ documentId: doc.id, data: bytes(1), author: author(weert) }]),
        appendDocumentUpdates(db.prisma, [{ documentId: doc.id, data: bytes(2), author: author(weert) }, { documentId: doc.id, data: bytes(3), author: author(weert) }]),
      ]);
      const rows = await summaries(doc.id);
      expect(rows.map((r) => r.updates)).toEqual([3 * round]);
    }
  });

  it("stores nothing, neither updates nor counts, when one document of the batch does not exist", async () => {
    const doc = await newDocument(weert, "Alles of niets");
    await expect(
      appendDocumentUpdates(db.prisma, [
        { documentId: doc.id, data: bytes(1), author: author(weert) },
        { documentId: "00000000-0000-4000-8000-000000000000", data: bytes(2), author: author(weert) },
      ]),
    ).rejects.toThrow();
    expect(await summaries(doc.id)).toEqual([]);
    expect(await db.prisma.documentUpdate.count({ where: { documentId: doc.id } })).toBe(0);
  });

  it("stores the text also when the author's id is no uuid, counting it for nobody", async () => {
    const doc = await newDocument(weert, "Vreemde auteur");
    await appendDocumentUpdates(db.prisma, [{ documentId: doc.id, data: bytes(1), author: { userId: "u", organisationId: "o" } }]);
    expect(await db.prisma.documentUpdate.count({ where: { documentId: doc.id } })).toBe(1);
    expect(await summaries(doc.id)).toEqual([]);
  });
});

describe("the merged history", () => {
  it("pages through audit events and edit lines in one time order, also when they share a millisecond", async () => {
    const doc = await newDocument(weert, "Tijdlijn");
    const base = Date.now() + 86_400_000; // after everything the seed and the other tests wrote
    const at = (minutes: number) => new Date(base + minutes * 60_000);
    const audit = (minutes: number, title: string) =>
      db.prisma.auditEvent.create({ data: { workspaceId: weert.workspaceId, actorId: weert.userId, action: "tender.updated", entityType: "tender", entityId: doc.id, after: { title }, at: at(minutes) } });
    const users = await Promise.all(["weert", "leudal", "nederweert"].map((name) => db.prisma.user.findUniqueOrThrow({ where: { email: `${name}@demo.regiotafel.nl` } })));
    const edit = (minutes: number, userId: string, updates: number) =>
      db.prisma.documentEditSummary.create({
        data: { documentId: doc.id, userId, workspaceId: weert.workspaceId, hour: new Date(Math.floor(at(minutes).getTime() / 3_600_000) * 3_600_000), updates, lastAt: at(minutes) },
      });
    await audit(1, "een");
    await edit(2, users[0]!.id, 5);
    await audit(3, "drie");
    await edit(3, users[1]!.id, 7); // the same millisecond as the audit event before
    await edit(3, users[2]!.id, 8);
    await audit(4, "vier");
    // A document of another workspace: never in Limburg's history.
    const foreign = await newDocument(tiel, "Rivierenland");
    await db.prisma.documentEditSummary.create({ data: { documentId: foreign.id, userId: tiel.userId, workspaceId: tiel.workspaceId, hour: at(0), updates: 1, lastAt: at(5) } });

    const whole = await listHistory(db.prisma, weert, { limit: 100 });
    const times = [...whole.events.map((e) => e.at.getTime()), ...whole.edits.map((e) => e.at.getTime())];
    const newest = [...times].sort((a, b) => b - a).slice(0, 6);
    expect(newest).toEqual([4, 3, 3, 3, 2, 1].map((m) => at(m).getTime()));
    const mine = whole.edits.filter((e) => e.document.id === doc.id);
    expect(mine.map((e) => e.updates).sort()).toEqual([5, 7, 8]);
    expect(mine.every((e) => e.document.title === "Tijdlijn")).toBe(true);
    expect(whole.edits.some((e) => e.document.id === foreign.id)).toBe(false);
    expect(whole.edits.find((e) => e.updates === 5)?.actor).toEqual({ name: users[0]!.name, organisation: "Weert" });

    // Pages of two: every line once, in the same order as all at once.
    const key = (page: Awaited<ReturnType<typeof listHistory>>) =>
      [...page.events.map((e) => ({ at: e.at.getTime(), id: e.id })), ...page.edits.map((e) => ({ at: e.at.getTime(), id: e.key }))].sort((a, b) => b.at - a.at);
    const all = key(whole);
    const paged: typeof all = [];
    let cursor: string | undefined;
    for (let i = 0; i < 200; i++) {
      const page = await listHistory(db.prisma, weert, { limit: 2, cursor });
      paged.push(...key(page));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(paged.map((p) => p.id).sort()).toEqual(all.map((p) => p.id).sort());
    expect(new Set(paged.map((p) => p.id)).size).toBe(paged.length);
    expect(paged.slice(0, 6).map((p) => p.at)).toEqual(newest);
  });

  it("shows edit lines with the documents filter and without one, not with another", async () => {
    expect((await listHistory(db.prisma, weert, { limit: 100, entityType: "document" })).edits.length).toBeGreaterThan(0);
    expect((await listHistory(db.prisma, weert, { limit: 100, entityType: "tender" })).edits).toEqual([]);
    const rivierenland = await listHistory(db.prisma, tiel, { limit: 100 });
    expect(rivierenland.edits.map((e) => e.document.title)).toEqual(["Rivierenland"]);
  });

  it("answers the audit events as the audit log does", async () => {
    const history = await listHistory(db.prisma, weert, { limit: 10, entityType: "municipality" });
    const audit = await listAudit(db.prisma, weert, { limit: 10, entityType: "municipality" });
    expect(history.events).toEqual(audit.events);
  });
});
