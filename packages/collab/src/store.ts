import * as Y from "yjs";
import { plainText } from "./content";
import type { Db } from "@regiotafel/db";

export class DocumentLoadError extends Error {
  constructor(documentId: string, cause: unknown) {
    super(`document ${documentId} could not be loaded`, { cause });
    this.name = "DocumentLoadError";
  }
}

export interface LoadedDocument {
  /** Snapshot and every later update, applied. */
  doc: Y.Doc;
  /** Highest update id contained in `doc` (0 when there are none). */
  lastUpdateId: bigint;
  updateCount: number;
}

export interface LoadedState {
  state: Uint8Array;
  lastUpdateId: bigint;
  updateCount: number;
}

/** The stored form of a document: an append-only update log plus a snapshot. */
export class DocumentStore {
  constructor(private readonly prisma: Db) {}

  /**
   * Reads the snapshot and the updates after it into a Y.Doc. Throws DocumentLoadError when
   * the rows cannot be read or do not decode, so the caller serves nothing rather than an
   * empty document that would later be written over the stored one.
   */
  async loadDoc(documentId: string, origin?: unknown): Promise<LoadedDocument> {
    try {
      const [snapshot] = await this.prisma.$sql<{ state: Buffer; last_update_id: string }>(
        "SELECT state, last_update_id FROM document_snapshot WHERE document_id = $1",
        [documentId],
      );
      const after = snapshot ? BigInt(snapshot.last_update_id) : 0n;
      // One row for the whole log: each update prefixed with its length, concatenated in SQL.
      // Far cheaper than a row per update when a crash left many uncompacted updates.
      const [log] = await this.prisma.$sql<{ last: string | null; count: number; blob: Buffer | null }>(
        `SELECT max(id)::text AS last, count(*)::int AS count,
                string_agg(int4send(length(data)) || data, ''::bytea ORDER BY id) AS blob
         FROM document_update WHERE document_id = $1 AND id > $2`,
        [documentId, after.toString()],
      );
      const updates = log?.blob ? splitLengthPrefixed(log.blob) : [];
      const doc = new Y.Doc({ gc: true });
      // One transaction for all of them: applying 100k small updates takes a few hundred ms
      // this way, while Y.mergeUpdates on as many is super-linear (seconds to minutes).
      doc.transact(() => {
        if (snapshot) Y.applyUpdate(doc, snapshot.state);
        for (const update of updates) Y.applyUpdate(doc, update);
      }, origin);
      // Structs that wait for missing predecessors mean the stored history has a gap.
      if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw new Error("stored updates are incomplete");
      const lastUpdateId = log?.last ? BigInt(log.last) : after;
      return { doc, lastUpdateId, updateCount: updates.length };
    } catch (error) {
      throw new DocumentLoadError(documentId, error);
    }
  }

  /** The stored state as one Yjs update. */
  async load(documentId: string): Promise<LoadedState> {
    const { doc, lastUpdateId, updateCount } = await this.loadDoc(documentId);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return { state, lastUpdateId, updateCount };
  }

  /** Appends updates in one statement; returns the highest new id per document. */
  async append(batch: { documentId: string; data: Uint8Array }[]): Promise<Map<string, bigint>> {
    const rows = await this.prisma.$sql<{ document_id: string; id: string }>(
      `INSERT INTO document_update (document_id, data)
       SELECT * FROM unnest($1::uuid[], $2::bytea[])
       RETURNING document_id, id`,
      [batch.map((b) => b.documentId), batch.map((b) => Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength))],
    );
    const highest = new Map<string, bigint>();
    for (const row of rows) {
      const id = BigInt(row.id);
      if ((highest.get(row.document_id) ?? 0n) < id) highest.set(row.document_id, id);
    }
    return highest;
  }

  /** Replaces the snapshot with `state` and drops the updates it contains, atomically. */
  async compact(documentId: string, state: Uint8Array, lastUpdateId: bigint): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.documentSnapshot.upsert({
        where: { documentId },
        create: { documentId, state: Buffer.from(state), lastUpdateId },
        update: { state: Buffer.from(state), lastUpdateId, updatedAt: new Date() },
      }),
      this.prisma.documentUpdate.deleteMany({ where: { documentId, id: { lte: lastUpdateId } } }),
      // Search reads the text as of the last snapshot.
      this.prisma.document.updateMany({ where: { id: documentId }, data: { searchText: plainText(state) } }),
    ]);
  }

  async latestAutomaticVersionAt(documentId: string): Promise<Date | null> {
    const v = await this.prisma.documentVersion.findFirst({
      where: { documentId, automatic: true },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    return v?.createdAt ?? null;
  }

  async saveVersion(documentId: string, state: Uint8Array, name: string, automatic: boolean, createdById: string | null) {
    return this.prisma.documentVersion.create({
      data: { documentId, state: Buffer.from(state), name, automatic, createdById },
      select: { id: true, name: true, automatic: true, createdAt: true },
    });
  }
}

function splitLengthPrefixed(blob: Buffer): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < blob.length; ) {
    const length = blob.readInt32BE(offset);
    offset += 4;
    parts.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return parts;
}
