import * as Y from "yjs";
import type { Db } from "@regiotafel/db";

export class DocumentLoadError extends Error {
  constructor(documentId: string, cause: unknown) {
    super(`document ${documentId} could not be loaded`, { cause });
    this.name = "DocumentLoadError";
  }
}

export interface LoadedState {
  /** Snapshot and every later update, merged. */
  state: Uint8Array;
  /** Highest update id contained in `state` (0 when there are none). */
  lastUpdateId: bigint;
  updateCount: number;
}

/** The stored form of a document: an append-only update log plus a snapshot. */
export class DocumentStore {
  constructor(private readonly prisma: Db) {}

  /**
   * Reads the snapshot and the updates after it and merges them. Throws DocumentLoadError
   * when the rows cannot be read or do not decode, so the caller serves nothing rather than
   * an empty document that would later be written over the stored one.
   */
  async load(documentId: string): Promise<LoadedState> {
    try {
      const [snapshot] = await this.prisma.$sql<{ state: Buffer; last_update_id: string }>(
        "SELECT state, last_update_id FROM document_snapshot WHERE document_id = $1",
        [documentId],
      );
      const after = snapshot ? BigInt(snapshot.last_update_id) : 0n;
      const rows = await this.prisma.$sql<{ id: string; data: Buffer }>(
        "SELECT id, data FROM document_update WHERE document_id = $1 AND id > $2 ORDER BY id",
        [documentId, after.toString()],
      );
      const parts: Uint8Array[] = snapshot ? [snapshot.state] : [];
      for (const row of rows) parts.push(row.data);
      const state = parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
      // Decoding into a throwaway document proves the state is readable before anyone gets it.
      Y.applyUpdate(new Y.Doc(), state);
      const lastUpdateId = rows.length ? BigInt(rows[rows.length - 1]!.id) : after;
      return { state, lastUpdateId, updateCount: rows.length };
    } catch (error) {
      throw new DocumentLoadError(documentId, error);
    }
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
