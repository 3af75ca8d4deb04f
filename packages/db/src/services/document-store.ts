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
  // Every row left in the log, also one with an id below the snapshot's: with several writers a
  // row can commit after a compaction that recorded a higher id, and compaction deletes exactly
  // the rows it merged. (Applying a row the snapshot contains changes nothing.)
  // One row for the whole log: each update prefixed with its length, concatenated in SQL.
  // Far cheaper than a row per update when a crash left many uncompacted updates.
  const [log] = await prisma.$sql<{ last: string | null; count: number; blob: Buffer | null }>(
    `SELECT max(id)::text AS last, count(*)::int AS count,
            string_agg(int4send(length(data)) || data, ''::bytea ORDER BY id) AS blob
     FROM document_update WHERE document_id = $1`,
    [documentId],
  );
  const last = log?.last ? BigInt(log.last) : 0n;
  return {
    snapshot: snapshot?.state ?? null,
    updates: log?.blob ? splitLengthPrefixed(log.blob) : [],
    lastUpdateId: last > after ? last : after,
  };
}

/** Who sent an update: a member editing over the co-editing connection. */
export interface UpdateAuthor {
  userId: string;
  /** Their organisation at that moment (kept, as the audit log keeps it). */
  organisationId: string | null;
}

/** An update to store; `author` is absent for the server's own changes (restore, recovery). */
export interface AppendedUpdate {
  documentId: string;
  data: Uint8Array;
  author?: UpdateAuthor | null;
}

/**
 * Appends updates in one statement; returns the highest new id per document. The same
 * statement counts the authors' updates per document, author and hour in
 * document_edit_summary (ADR 0031): stored together or not at all, and compaction of the log
 * never loses who edited. Two such statements for one (document, author, hour) at once add up
 * (the upsert waits for the other's row).
 */
export async function appendDocumentUpdates(prisma: Db, batch: AppendedUpdate[]): Promise<Map<string, bigint>> {
  const rows = await prisma.$sql<{ document_id: string; id: string }>(
    `WITH stored AS (
       INSERT INTO document_update (document_id, data)
       SELECT * FROM unnest($1::uuid[], $2::bytea[])
       RETURNING document_id, id
     ), edited AS (
       INSERT INTO document_edit_summary AS s (document_id, user_id, organisation_id, workspace_id, hour, updates, last_at)
       SELECT a.document_id, a.user_id, (array_agg(a.organisation_id))[1], d.workspace_id,
              date_trunc('hour', now(), 'UTC'), count(*)::int, now()
       FROM unnest($1::uuid[], $3::uuid[], $4::uuid[]) AS a(document_id, user_id, organisation_id)
       JOIN document d ON d.id = a.document_id
       WHERE a.user_id IS NOT NULL
       GROUP BY a.document_id, a.user_id, d.workspace_id
       ON CONFLICT (document_id, user_id, hour) DO UPDATE
         SET updates = s.updates + EXCLUDED.updates, last_at = EXCLUDED.last_at, organisation_id = EXCLUDED.organisation_id
       RETURNING 1
     )
     SELECT document_id, id FROM stored`,
    [
      batch.map((b) => b.documentId),
      batch.map((b) => asBuffer(b.data)),
      batch.map((b) => uuidOrNull(b.author?.userId)),
      batch.map((b) => (uuidOrNull(b.author?.userId) ? uuidOrNull(b.author?.organisationId) : null)),
    ],
    { prepare: "append_document_updates_with_authors" },
  );
  const highest = new Map<string, bigint>();
  for (const row of rows) {
    const id = BigInt(row.id);
    if ((highest.get(row.document_id) ?? 0n) < id) highest.set(row.document_id, id);
  }
  return highest;
}

/** What a compaction finds stored, under its lock: the snapshot and the log rows it may drop. */
export interface StoredForCompaction {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

/**
 * Compacts one document's log while several instances write it (issue 19): under a
 * per-document advisory lock (two compactions never interleave) it reads the stored snapshot
 * and the rows up to `upTo`, lets `build` merge them with what the caller holds, writes that as
 * the snapshot and deletes exactly the rows it read. A row committed meanwhile, even with a
 * lower id, stays in the log; a snapshot another instance wrote further ahead is merged, never
 * replaced by an older state. `build` throws to refuse (nothing is written then).
 */
export async function compactDocument(
  prisma: Db,
  documentId: string,
  upTo: bigint,
  build: (stored: StoredForCompaction) => { state: Uint8Array; searchText: string } | Promise<{ state: Uint8Array; searchText: string }>,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`regiotafel.document:${documentId}`}, 0))`;
    const [snapshot] = await tx.$queryRaw<{ state: Buffer; last: string }[]>`
      SELECT state, last_update_id::text AS last FROM document_snapshot WHERE document_id = ${documentId}::uuid`;
    const rows = await tx.$queryRaw<{ id: string; data: Buffer }[]>`
      SELECT id::text AS id, data FROM document_update WHERE document_id = ${documentId}::uuid AND id <= ${upTo.toString()}::bigint ORDER BY id`;
    const built = await build({ snapshot: snapshot?.state ?? null, updates: rows.map((r) => r.data) });
    let last = upTo;
    if (snapshot && BigInt(snapshot.last) > last) last = BigInt(snapshot.last);
    await tx.$executeRaw`
      INSERT INTO document_snapshot (document_id, state, last_update_id, updated_at) VALUES (${documentId}::uuid, ${asBuffer(built.state)}, ${last.toString()}::bigint, now())
      ON CONFLICT (document_id) DO UPDATE SET state = EXCLUDED.state, last_update_id = EXCLUDED.last_update_id, updated_at = EXCLUDED.updated_at`;
    if (rows.length > 0) {
      await tx.$executeRaw`DELETE FROM document_update WHERE document_id = ${documentId}::uuid AND id = ANY(${rows.map((r) => r.id)}::bigint[])`;
    }
    // Search reads the text as of the last snapshot.
    await tx.$executeRaw`UPDATE document SET search_text = ${built.searchText}, updated_at = now() WHERE id = ${documentId}::uuid`;
  });
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

/**
 * An automatic version, unless one was taken less than `minIntervalMs` ago (by any instance):
 * the check and the insert run under a per-document advisory lock, so several instances editing
 * one document take it once. Answers null when one was recent.
 */
export async function insertAutomaticVersionOnce(
  prisma: Db,
  version: { documentId: string; name: string; state: Uint8Array },
  minIntervalMs: number,
): Promise<VersionInfo | null> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`regiotafel.version:${version.documentId}`}, 0))`;
    const rows = await tx.$queryRaw<VersionInfo[]>`
      INSERT INTO document_version (id, document_id, name, automatic, state, created_by_id)
      SELECT gen_random_uuid(), ${version.documentId}::uuid, ${version.name}, true, ${asBuffer(version.state)}, NULL
      WHERE NOT EXISTS (
        SELECT 1 FROM document_version WHERE document_id = ${version.documentId}::uuid AND automatic
          AND created_at > now() - make_interval(secs => ${minIntervalMs / 1000}))
      RETURNING id::text AS id, name, automatic, created_at AS "createdAt"`;
    return rows[0] ?? null;
  });
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * An author's id as the statement takes it. Who edited is worth less than the text: an id that
 * is no uuid (never one from a session) counts for nobody rather than refusing the updates.
 */
const uuidOrNull = (id: string | null | undefined) => (id && UUID.test(id) ? id : null);

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
