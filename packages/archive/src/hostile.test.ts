import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { crc32, deflateRawSync } from "node:zlib";
import fc from "fast-check";
import yazl from "yazl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { ARCHIVE_LIMITS, DomainError } from "@regiotafel/domain";
import { collect, importer, seedDemo } from "./testing";
import { workspaceArchive } from "./export";
import { importWorkspaceArchive } from "./import";
import { openArchive, type ArchiveLimits } from "./read";
import { storedState } from "./stored-state";

// Hostile and broken archives: each is refused with a clear message that names the file, the
// database is exactly as before, and the process goes on. And the export streams.

let db: Database;
let limburg: string;
let actorId: string;
let valid: Map<string, Buffer>;
beforeAll(async () => {
  db = await createTestDatabase();
  limburg = await seedDemo(db.prisma);
  actorId = await importer(db.prisma);
  const zip = await collect(workspaceArchive(db.prisma, limburg, { currentState: (id) => storedState(db.prisma, id), origin: "https://test" }));
  const archive = await openArchive(new Blob([zip]));
  valid = new Map();
  for (const name of archive.names()) valid.set(name, await archive.read(name));
  archive.close();
});
afterAll(() => db?.close());

/** A ZIP (by yazl) of these entries. */
async function zipOf(entries: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  return collect(zip.outputStream as Readable);
}

/** The valid archive with some entries replaced (a null removes one). */
async function changed(changes: Record<string, Buffer | string | null>): Promise<Buffer> {
  const entries = new Map(valid);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) entries.delete(name);
    else entries.set(name, typeof value === "string" ? Buffer.from(value) : value);
  }
  return zipOf(entries);
}

/**
 * A ZIP written by hand, for what a well-behaved writer refuses to write: any names (also
 * "../x" and duplicates), and sizes that lie. Each entry is deflated unless `stored`.
 */
function rawZip(entries: { name: string; data: Buffer; claimSize?: number; stored?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const body = entry.stored ? entry.data : deflateRawSync(entry.data);
    const size = entry.claimSize ?? entry.data.length;
    const method = entry.stored ? 0 : 8;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function snapshotCounts() {
  const p = db.prisma;
  return [await p.workspace.count(), await p.user.count(), await p.organisation.count(), await p.region.count(), await p.auditEvent.count(), await p.document.count(), await p.tender.count()];
}

/** Imports `zip`, expecting a refusal: its message key and parameters; the database unchanged. */
async function refusal(zip: Buffer, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<{ key: string; params: Record<string, string | number> | undefined }> {
  const before = await snapshotCounts();
  const error = await importWorkspaceArchive(db.prisma, new Blob([zip]), { actorId, limits }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(await snapshotCounts()).toEqual(before);
  return { key: (error as DomainError).messageKey, params: (error as DomainError).params };
}

const json = (name: string) => JSON.parse(valid.get(name)!.toString("utf8")) as unknown;

describe("importing a hostile or broken archive", () => {
  it("refuses what is not a ZIP at all, whatever the bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const { key } = await refusal(Buffer.from(bytes));
        expect(["archive.notZip", "archive.damaged", "archive.missingFile"]).toContain(key);
      }),
      { numRuns: 30 },
    );
  });

  it("refuses entry names that climb out or are absolute, and names given twice", async () => {
    for (const name of ["../../etc/passwd", "/etc/passwd", "records/../../x.json", "C:\\windows\\x", "a\\..\\b"]) {
      const { key } = await refusal(rawZip([{ name, data: Buffer.from("x") }]));
      expect(key, name).toBe("archive.entryName");
    }
    const twice = await refusal(rawZip([{ name: "manifest.json", data: Buffer.from("{}") }, { name: "manifest.json", data: Buffer.from("{}") }]));
    expect(twice).toEqual({ key: "archive.duplicateEntry", params: { file: "manifest.json" } });
  });

  it("stops zip bombs: too many entries, too large in total, an entry inflating far beyond its compressed size, an entry larger than it says", async () => {
    const many = rawZip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.json`, data: Buffer.from("1") })));
    expect((await refusal(many, { ...ARCHIVE_LIMITS, maxEntries: 10 })).key).toBe("archive.tooManyEntries");

    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const big = rawZip([{ name: "a.json", data: zeros }, { name: "b.json", data: zeros }]);
    expect((await refusal(big, { ...ARCHIVE_LIMITS, maxTotalBytes: 6 * 1024 * 1024 })).key).toBe("archive.tooLarge");
    expect((await refusal(big, { ...ARCHIVE_LIMITS, maxRatio: 100 })).key).toBe("archive.entryTooLarge");

    // The directory claims 10 bytes; inflating gives 4 MiB: caught while reading, never held.
    const lying = rawZip([{ name: "manifest.json", data: zeros, claimSize: 10 }]);
    expect(await refusal(lying)).toEqual({ key: "archive.damagedFile", params: { file: "manifest.json" } });
  });

  it("refuses another format or an unknown version, naming the manifest", async () => {
    const manifest = json("manifest.json") as Record<string, unknown>;
    expect(await refusal(await changed({ "manifest.json": JSON.stringify({ ...manifest, version: 2 }) }))).toEqual({
      key: "archive.version",
      params: { file: "manifest.json", version: "2" },
    });
    expect((await refusal(await changed({ "manifest.json": JSON.stringify({ ...manifest, format: "something.else" }) }))).key).toBe("archive.format");
    expect(await refusal(await changed({ "manifest.json": null }))).toEqual({ key: "archive.missingFile", params: { file: "manifest.json" } });
  });

  it("refuses malformed JSON and rows that do not fit the format, naming the file", async () => {
    expect(await refusal(await changed({ "records/tenders.json": "[{" }))).toEqual({ key: "archive.badJson", params: { file: "records/tenders.json" } });
    const tenders = json("records/tenders.json") as Record<string, unknown>[];
    const wrong = [{ ...tenders[0], status: "WHATEVER" }, ...tenders.slice(1)];
    expect(await refusal(await changed({ "records/tenders.json": JSON.stringify(wrong) }))).toEqual({
      key: "archive.invalidFile",
      params: { file: "records/tenders.json", path: "0.status" },
    });
    const state = `documents/${(json("documents.json") as { id: string }[])[0]!.id}.yjs`;
    expect(await refusal(await changed({ [state]: Buffer.from([1, 2, 3, 250]) }))).toEqual({ key: "archive.badState", params: { file: state } });
  });

  it("refuses an id given twice and a reference to nothing", async () => {
    const tenders = json("records/tenders.json") as Record<string, unknown>[];
    const manifest = json("manifest.json") as { counts: Record<string, number> };
    const counts = { ...manifest, counts: { ...manifest.counts, "records/tenders.json": tenders.length + 1 } };
    const twice = await refusal(await changed({ "records/tenders.json": JSON.stringify([...tenders, tenders[0]]), "manifest.json": JSON.stringify(counts) }));
    expect(twice).toEqual({ key: "archive.duplicateId", params: { file: "records/tenders.json", id: tenders[0]!.id as string } });

    const lots = json("records/lots.json") as Record<string, unknown>[];
    const stray = "00000000-0000-4000-8000-000000000000";
    const dangling = await refusal(await changed({ "records/lots.json": JSON.stringify([{ ...lots[0], tenderId: stray }, ...lots.slice(1)]) }));
    expect(dangling).toEqual({ key: "archive.unknownReference", params: { file: "records/lots.json", field: "tenderId", id: stray } });
  });

  it("refuses any damage to any JSON file with a refusal of its own, never a crash", async () => {
    const names = [...valid.keys()].filter((n) => n.endsWith(".json"));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.nat(), fc.string({ maxLength: 20 }), async (name, at, junk) => {
        const original = valid.get(name)!.toString("utf8");
        const cut = at % (original.length + 1);
        const damaged = original.slice(0, cut) + junk + original.slice(cut + 1);
        fc.pre(damaged !== original);
        const zip = await changed({ [name]: damaged });
        const before = await snapshotCounts();
        const outcome = await importWorkspaceArchive(db.prisma, new Blob([zip]), { actorId }).then(
          async (result) => {
            // Some damage leaves valid JSON of the format (a changed title): then it imports. Undo it.
            await db.prisma.workspace.delete({ where: { id: result.workspaceId } });
            return "imported";
          },
          (e: unknown) => e,
        );
        if (outcome !== "imported") {
          expect(outcome).toBeInstanceOf(DomainError);
          expect(await snapshotCounts()).toEqual(before);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("the export", () => {
  it("streams: the first bytes come before the last rows are read, and reading stops while nobody takes the bytes", async () => {
    const actor = await db.prisma.membership.findFirstOrThrow({ where: { workspaceId: limburg } });
    await db.prisma.auditEvent.createMany({
      data: Array.from({ length: 3000 }, (_, i) => ({ workspaceId: limburg, actorId: actor.userId, action: "test.event", entityType: "test", entityId: String(i), after: { text: randomBytes(150).toString("hex") } })),
    });
    let read = 0;
    const stream = workspaceArchive(db.prisma, limburg, {
      currentState: (id) => storedState(db.prisma, id),
      origin: "https://test",
      pageSize: 100,
      onRead: (file, rows) => {
        if (file === "history.json") read += rows;
      },
    });
    const total = await db.prisma.auditEvent.count({ where: { workspaceId: limburg } });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    expect((first.value as Buffer).subarray(0, 4).readUInt32LE(0)).toBe(0x04034b50);
    // Take bytes until the history is being read, then stop taking them for a while.
    while (read === 0) expect((await iterator.next()).done).toBe(false);
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    // The export did not read ahead to the end: a page at a time, as the bytes are taken.
    expect(read).toBeLessThan(total);
    // Taking the rest reads every row.
    for (let next = await iterator.next(); !next.done; next = await iterator.next());
    expect(read).toBe(total);
  });
});
