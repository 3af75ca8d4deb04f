// What the hub needs of the stored form of its documents (ADR 0007, amendment of issue 16): an
// append-only update log plus a snapshot, and versions. SqlDocumentStorage keeps it in
// PostgreSQL (through @regiotafel/db's document store); MemoryDocumentStorage (testing) in memory.
import type { AppendedUpdate } from "@regiotafel/db";
import * as Y from "yjs";
import { hasPending } from "./integrity";

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

/** An update to store and who sent it: the document store's own types (one home). */
export type { AppendedUpdate, UpdateAuthor } from "@regiotafel/db";

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

export interface SavedVersion {
  id: string;
  name: string;
  automatic: boolean;
  createdAt: Date;
}

/**
 * The contract both implementations keep (storage-contract.test.ts runs it against each):
 * - update ids increase, also across documents and calls; `append` answers the highest new id
 *   per document, and stores the whole batch or nothing;
 * - `compact` replaces the snapshot and drops the updates up to the id it is given, keeping later ones;
 * - `compact` and `saveVersion` refuse a state that would not load (UnloadableStateError), writing nothing;
 * - `loadDoc` throws DocumentLoadError: damaged when the stored rows do not form a whole document,
 *   not damaged when they could not be read; a document with no rows loads empty;
 * - writes for a document that does not exist are refused.
 */
export interface DocumentStorage {
  /**
   * Reads the snapshot and the updates after it into a Y.Doc (their changes carry `origin`).
   * Throws DocumentLoadError when the rows cannot be read or do not decode, so the caller serves
   * nothing rather than an empty document that would later be written over the stored one.
   */
  loadDoc(documentId: string, origin?: unknown): Promise<LoadedDocument>;
  /** The stored state as one Yjs update. */
  load(documentId: string): Promise<LoadedState>;
  /**
   * Appends updates in one write; returns the highest new id per document. An update with an
   * author is counted for that author's edit line in the history (ADR 0031), in the same write.
   */
  append(batch: AppendedUpdate[]): Promise<Map<string, bigint>>;
  /**
   * Replaces the snapshot with `state` and drops the updates up to `lastUpdateId`, atomically.
   * `text` is the document's plain text for search, when the caller has it.
   */
  compact(documentId: string, state: Uint8Array, lastUpdateId: bigint, text?: string): Promise<void>;
  /** When the newest automatic version was taken, or null. */
  latestAutomaticVersionAt(documentId: string): Promise<Date | null>;
  saveVersion(documentId: string, state: Uint8Array, name: string, automatic: boolean, createdById: string | null): Promise<SavedVersion>;
  /**
   * An automatic version unless one was taken less than `minIntervalMs` ago, by this process or
   * another writing the same store: several instances take it once. Null when one was recent.
   */
  saveAutomaticVersion(documentId: string, state: Uint8Array, name: string, minIntervalMs: number): Promise<SavedVersion | null>;
}

/**
 * Applies stored rows into a new Y.Doc; throws DocumentLoadError (damaged) when they do not
 * decode or leave structs pending. Every DocumentStorage loads through this.
 */
export function documentFromRows(
  documentId: string,
  rows: { snapshot: Uint8Array | null; updates: Uint8Array[]; lastUpdateId: bigint },
  origin?: unknown,
): LoadedDocument {
  const { snapshot, updates } = rows;
  const doc = new Y.Doc({ gc: true });
  try {
    // One transaction for all of them: applying 100k small updates takes a few hundred ms
    // this way, while Y.mergeUpdates on as many is super-linear (seconds to minutes).
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const update of updates) Y.applyUpdate(doc, update);
    }, origin);
    // Structs that wait for missing predecessors mean the stored history has a gap.
    if (hasPending(doc)) throw new Error("stored updates are incomplete");
    let storedBytes = snapshot?.length ?? 0;
    for (const update of updates) storedBytes += update.length;
    return { doc, lastUpdateId: rows.lastUpdateId, updateCount: updates.length, storedBytes };
  } catch (error) {
    doc.destroy();
    throw new DocumentLoadError(documentId, error, true);
  }
}

/** A loaded document as one Yjs update (the document is destroyed). */
export function stateOf(loaded: LoadedDocument): LoadedState {
  const state = Y.encodeStateAsUpdate(loaded.doc);
  loaded.doc.destroy();
  return { state, lastUpdateId: loaded.lastUpdateId, updateCount: loaded.updateCount };
}
