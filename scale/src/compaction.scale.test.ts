// Several writers on one document log, on a real PostgreSQL (issue 19 point 3): a compaction
// paused between reading and writing its snapshot while other instances store updates, one of
// them with a lower id that commits only after the compaction read the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import * as Y from "yjs";
import { CONTENT_FIELD, mergeForCompaction, plainText, SqlDocumentStorage } from "@regiotafel/collab";
import { compactDocument, openDatabase, type Database } from "@regiotafel/db";
import { startPostgres, type PostgresServer } from "./postgres";

let server: PostgresServer;
let database: { url: string; drop(): Promise<void> };
let a: Database;
let b: Database;
let raw: pg.Pool;

beforeAll(async () => {
  server = await startPostgres();
  database = await server.createDatabase("regiotafel_compaction");
  a = await openDatabase({ url: database.url, maxConnections: 3 });
  b = await openDatabase({ url: database.url, maxConnections: 3 });
  raw = new pg.Pool({ connectionString: database.url, max: 2 });
});

afterAll(async () => {
  await raw?.end();
  await a?.close();
  await b?.close();
  await database?.drop();
  await server?.stop();
});

/** An update that adds one paragraph `text`, from a client of its own (it depends on nothing). */
function paragraph(text: string): Uint8Array {
  const doc = new Y.Doc();
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(CONTENT_FIELD).push([p]);
  return Y.encodeStateAsUpdate(doc);
}

describe("compaction with several writers", () => {
  it("keeps an update with a lower id committed after its read, and updates stored during its pause", async () => {
    const workspace = await a.prisma.workspace.create({ data: { slug: `compactie-${Date.now()}`, name: "Compactie" } });
    const document = await a.prisma.document.create({ data: { workspaceId: workspace.id, kind: "FREE", title: "Race" } });
    const storeA = new SqlDocumentStorage(a.prisma);
    const storeB = new SqlDocumentStorage(b.prisma);
    await storeA.append(["een", "twee"].map((t) => ({ documentId: document.id, data: paragraph(t), author: null })));

    // Instance B's INSERT takes its id now and commits later (a slow transaction).
    const late = await raw.connect();
    await late.query("BEGIN");
    await late.query("INSERT INTO document_update (document_id, data) VALUES ($1, $2)", [document.id, Buffer.from(paragraph("laat vastgelegd"))]);
    // Instance A stores one more (a higher id, committed) and compacts up to it.
    const highest = await storeA.append([{ documentId: document.id, data: paragraph("drie"), author: null }]);
    const upTo = highest.get(document.id)!;
    const inMemory = (await storeA.load(document.id)).state; // what A's hub holds: without the late row

    await compactDocument(a.prisma, document.id, upTo, async (stored) => {
      // Paused between reading and writing: the late row commits, and B stores a newer one.
      await late.query("COMMIT");
      await storeB.append([{ documentId: document.id, data: paragraph("tijdens de pauze"), author: null }]);
      return { state: mergeForCompaction(inMemory, stored), searchText: "" };
    });
    late.release();

    const text = plainText((await storeB.load(document.id)).state);
    for (const word of ["een", "twee", "drie", "laat vastgelegd", "tijdens de pauze"]) expect(text).toContain(word);
    const rows = await raw.query<{ n: string }>("SELECT count(*) AS n FROM document_update WHERE document_id = $1", [document.id]);
    expect(Number(rows.rows[0]!.n)).toBe(2); // the late row and the one from the pause stay in the log
  });

  it("runs two compactions of one document one after the other, and the later one keeps what the first merged", async () => {
    const workspace = await a.prisma.workspace.create({ data: { slug: `compactie2-${Date.now()}`, name: "Compactie 2" } });
    const document = await a.prisma.document.create({ data: { workspaceId: workspace.id, kind: "FREE", title: "Twee" } });
    const storeA = new SqlDocumentStorage(a.prisma);
    const storeB = new SqlDocumentStorage(b.prisma);
    const idsA = await storeA.append([{ documentId: document.id, data: paragraph("van A"), author: null }]);
    const idsB = await storeB.append([{ documentId: document.id, data: paragraph("van B"), author: null }]);
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstMayWrite = new Promise<void>((resolve) => (releaseFirst = resolve));
    // A's compaction holds the lock, paused; B's (with a state that lacks A's row) waits for it.
    const first = compactDocument(a.prisma, document.id, idsA.get(document.id)!, async (stored) => {
      order.push("A read");
      await firstMayWrite;
      order.push("A writes");
      return { state: mergeForCompaction(paragraph("van A"), stored), searchText: "" };
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = compactDocument(b.prisma, document.id, idsB.get(document.id)!, (stored) => {
      order.push("B read");
      return { state: mergeForCompaction(paragraph("van B"), stored), searchText: "" };
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(order).toEqual(["A read"]); // B waits for A's lock
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["A read", "A writes", "B read"]);
    const text = plainText((await storeA.load(document.id)).state);
    expect(text).toContain("van A");
    expect(text).toContain("van B");
  });
});
