import * as Y from "yjs";
import { plainText } from "./content";
import { assertLoadableState, hasPending } from "./integrity";
import type { Db } from "@regiotafel/db";

export class DocumentLoadError extends Error {
  /**
   * True when the stored rows were read but do not form a whole document (they do not
   * decode, or refer to changes that are not stored): only recovery from a version helps.
   * False when the rows could not be read (the database), which may pass.
   */
  readonly damaged: boolean;

  constructor(documentId: string, cause: unknown, damaged: boolean) {
    super(`document ${documentId} could not be loaded`, { cause });
    this.name = "DocumentLoadError";
    this.damaged = damaged;
  }
}

export interface LoadedDocument {
  /** Snapshot and every later update, applied. */
  doc: Y.Doc;
  /** Highest update id contained in `doc` (0 when there are none). */
  lastUpdateId: bigint;
  updateCount: number;
  /** Bytes of the stored form: the snapshot plus every update after it. */
  storedBytes: number;
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
    let rows;
    try {
      rows = await this.readRows(documentId);
    } catch (error) {
      throw new DocumentLoadError(documentId, error, false);
    }
    const { snapshot, updates, last } = rows;
    const doc = new Y.Doc({ gc: true });
    try {
      // One transaction for all of them: applying 100k small updates takes a few hundred ms
      // this way, while Y.mergeUpdates on as many is super-linear (seconds to minutes).
      doc.transact(() => {
        if (snapshot) Y.applyUpdate(doc, snapshot.state);
        for (const update of updates) Y.applyUpdate(doc, update);
      }, origin);
      // Structs that wait for missing predecessors mean the stored history has a gap.
      if (hasPending(doc)) throw new Error("stored updates are incomplete");
      let storedBytes = snapshot?.state.length ?? 0;
      for (const update of updates) storedBytes += update.length;
      return { doc, lastUpdateId: last, updateCount: updates.length, storedBytes };
    } catch (error) {
      doc.destroy();
      throw new DocumentLoadError(documentId, error, true);
    }
  }

  private async readRows(documentId: string) {
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
    return { snapshot, updates, last: log?.last ? BigInt(log.last) : after };
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
      { prepare: "append_document_updates" },
    );
    const highest = new Map<string, bigint>();
    for (const row of rows) {
      const id = BigInt(row.id);
      if ((highest.get(row.document_id) ?? 0n) < id) highest.set(row.document_id, id);
    }
    return highest;
  }

  /**
   * Replaces the snapshot with `state` and drops the updates it contains, in one statement
   * (so atomically). `text` is the document's plain text for search, when the caller has it.
   * Refuses (UnloadableStateError) a state that would not load: nothing is written then.
   */
  async compact(documentId: string, state: Uint8Array, lastUpdateId: bigint, text: string = plainText(state)): Promise<void> {
    assertLoadableState(state);
    await this.prisma.$sql(
      `WITH snapshot AS (
         INSERT INTO document_snapshot (document_id, state, last_update_id, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (document_id) DO UPDATE
           SET state = EXCLUDED.state, last_update_id = EXCLUDED.last_update_id, updated_at = EXCLUDED.updated_at
         RETURNING 1
       ), compacted AS (
         DELETE FROM document_update WHERE document_id = $1 AND id <= $3 RETURNING 1
       )
       -- Search reads the text as of the last snapshot.
       UPDATE document SET search_text = $4, updated_at = now() WHERE id = $1`,
      [documentId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), lastUpdateId.toString(), text],
      { prepare: "compact_document" },
    );
  }

  // The hub's own statements are plain SQL: Prisma's per-query CPU would sit on the event
  // loop that relays every keystroke (ADR 0010).
  async latestAutomaticVersionAt(documentId: string): Promise<Date | null> {
    const [row] = await this.prisma.$sql<{ at: Date | null }>(
      "SELECT max(created_at) AS at FROM document_version WHERE document_id = $1 AND automatic",
      [documentId],
    );
    return row?.at ?? null;
  }

  /** Stores a version; refuses (UnloadableStateError) a state that would not load. */
  async saveVersion(documentId: string, state: Uint8Array, name: string, automatic: boolean, createdById: string | null) {
    assertLoadableState(state);
    const [version] = await this.prisma.$sql<{ id: string; name: string; automatic: boolean; createdAt: Date }>(
      `INSERT INTO document_version (id, document_id, name, automatic, state, created_by_id)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)
       RETURNING id, name, automatic, created_at AS "createdAt"`,
      [documentId, name, automatic, Buffer.from(state.buffer, state.byteOffset, state.byteLength), createdById],
    );
    return version!;
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
