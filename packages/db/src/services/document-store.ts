// The stored form of documents: a snapshot, the update log after it, and versions (ADR 0007).
// The only module that reads or writes document_snapshot, document_update and document_version:
// the co-editing hub (through collab's SqlDocumentStorage), the document services and the demo
// seed all go through it. It deals in bytes; what they mean as Yjs is the collab package's.
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../client";

type Tx = Prisma.TransactionClient | Db;

// ---------------------------------------------------------------- the hub's statements
// Plain SQL on the shared pool, the per-keystroke append and the compaction prepared once per
// connection: Prisma's per-query CPU would sit on the event loop that relays every keystroke
// (ADR 0010).

export interface StoredRows {
  /** The snapshot's state, when there is one. */
  snapshot: Uint8Array | null;
  /** Every update after the snapshot, in id order. */
  updates: Uint8Array[];
  /** The highest update id the rows contain (the snapshot's when the log is empty; 0 when neither). */
  lastUpdateId: bigint;
}

/** The snapshot and the updates after it. A document that does not exist reads as no rows. */
export async function readStoredDocument(prisma: Db, documentId: string): Promise<StoredRows> {
  const [snapshot] = await prisma.$sql<{ state: Buffer; last_update_id: string }>(
    "SELECT state, last_update_id FROM document_snapshot WHERE document_id = $1",
    [documentId],
  );
  const after = snapshot ? BigInt(snapshot.last_update_id) : 0n;
  // One row for the whole log: each update prefixed with its length, concatenated in SQL.
  // Far cheaper than a row per update when a crash left many uncompacted updates.
  const [log] = await prisma.$sql<{ last: string | null; count: number; blob: Buffer | null }>(
    `SELECT max(id)::text AS last, count(*)::int AS count,
            string_agg(int4send(length(data)) || data, ''::bytea ORDER BY id) AS blob
     FROM document_update WHERE document_id = $1 AND id > $2`,
    [documentId, after.toString()],
  );
  return {
    snapshot: snapshot?.state ?? null,
    updates: log?.blob ? splitLengthPrefixed(log.blob) : [],
    lastUpdateId: log?.last ? BigInt(log.last) : after,
  };
}

/** Appends updates in one statement; returns the highest new id per document. */
export async function appendDocumentUpdates(prisma: Db, batch: { documentId: string; data: Uint8Array }[]): Promise<Map<string, bigint>> {
  const rows = await prisma.$sql<{ document_id: string; id: string }>(
    `INSERT INTO document_update (document_id, data)
     SELECT * FROM unnest($1::uuid[], $2::bytea[])
     RETURNING document_id, id`,
    [batch.map((b) => b.documentId), batch.map((b) => asBuffer(b.data))],
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
 * Replaces the snapshot with `state` and drops the updates up to `lastUpdateId`, in one
 * statement (so atomically), and sets the document's search text. Whoever calls this checked
 * that `state` loads.
 */
export async function compactDocument(prisma: Db, documentId: string, state: Uint8Array, lastUpdateId: bigint, searchText: string): Promise<void> {
  await prisma.$sql(
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
    [documentId, asBuffer(state), lastUpdateId.toString(), searchText],
    { prepare: "compact_document" },
  );
}

export async function latestAutomaticVersionAt(prisma: Db, documentId: string): Promise<Date | null> {
  const [row] = await prisma.$sql<{ at: Date | null }>(
    "SELECT max(created_at) AS at FROM document_version WHERE document_id = $1 AND automatic",
    [documentId],
  );
  return row?.at ?? null;
}

export interface VersionInfo {
  id: string;
  name: string;
  automatic: boolean;
  createdAt: Date;
}

/** Stores a version (the hub's automatic ones). Whoever calls this checked that `state` loads. */
export async function insertVersion(
  prisma: Db,
  version: { documentId: string; name: string; automatic: boolean; state: Uint8Array; createdById: string | null },
): Promise<VersionInfo> {
  const [row] = await prisma.$sql<VersionInfo>(
    `INSERT INTO document_version (id, document_id, name, automatic, state, created_by_id)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)
     RETURNING id, name, automatic, created_at AS "createdAt"`,
    [version.documentId, version.name, version.automatic, asBuffer(version.state), version.createdById],
  );
  return row!;
}

// ---------------------------------------------------------------- the services' steps
// Prisma, inside the services' transactions (next to their audit records).

/** The first snapshot of a new document: its initial content. */
export async function createInitialSnapshot(tx: Tx, documentId: string, state: Uint8Array): Promise<void> {
  await tx.documentSnapshot.create({ data: { documentId, state: Buffer.from(state), lastUpdateId: 0n } });
}

/** A document's versions, newest first, without their states. */
export function listVersionRows(prisma: Db, documentId: string) {
  return prisma.documentVersion.findMany({
    where: { documentId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, automatic: true, createdAt: true, createdById: true },
  });
}

export interface VersionState {
  id: string;
  name: string;
  createdAt: Date;
  state: Uint8Array;
}

/** One version of the document with its state; null when the document has no such version. */
export function findVersion(prisma: Db, documentId: string, versionId: string): Promise<VersionState | null> {
  return prisma.documentVersion.findFirst({ where: { id: versionId, documentId }, select: { id: true, name: true, createdAt: true, state: true } });
}

/** The newest version whose state `accept` takes, or null. Reads one version's state at a time. */
export async function newestVersionWhere(prisma: Db, documentId: string, accept: (state: Uint8Array) => boolean): Promise<VersionState | null> {
  const versions = await prisma.documentVersion.findMany({ where: { documentId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
  for (const { id } of versions) {
    const version = await prisma.documentVersion.findUnique({ where: { id }, select: { id: true, name: true, createdAt: true, state: true } });
    if (version && accept(version.state)) return version;
  }
  return null;
}

/** Stores a version named by a member. */
export function createNamedVersion(tx: Tx, documentId: string, name: string, state: Uint8Array, createdById: string) {
  return tx.documentVersion.create({
    data: { documentId, name, automatic: false, state: Buffer.from(state), createdById },
    select: { id: true, name: true, createdAt: true },
  });
}

/**
 * Replaces the whole stored state (snapshot and log) with `state`. Later updates get higher ids
 * than any removed one, so the new snapshot is marked as covering all of those.
 */
export async function replaceStoredState(tx: Tx, documentId: string, state: Uint8Array): Promise<{ droppedUpdates: number; hadSnapshot: boolean }> {
  const snapshot = await tx.documentSnapshot.findUnique({ where: { documentId }, select: { lastUpdateId: true } });
  const log = await tx.documentUpdate.aggregate({ where: { documentId }, _max: { id: true }, _count: true });
  const lastUpdateId = [snapshot?.lastUpdateId ?? 0n, log._max.id ?? 0n].reduce((a, b) => (a > b ? a : b));
  await tx.documentUpdate.deleteMany({ where: { documentId } });
  const bytes = Buffer.from(state);
  await tx.documentSnapshot.upsert({
    where: { documentId },
    create: { documentId, state: bytes, lastUpdateId },
    update: { state: bytes, lastUpdateId, updatedAt: new Date() },
  });
  return { droppedUpdates: log._count, hadSnapshot: snapshot !== null };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
