// Test support: the DocumentStorage contract kept in memory, for hub tests that need no
// PostgreSQL (storage-contract.test.ts holds it to the same cases as SqlDocumentStorage).
import { randomUUID } from "node:crypto";
import { plainText } from "./content";
import { assertLoadableState, mergeForCompaction } from "./integrity";
import { documentFromRows, stateOf, type AppendedUpdate, type DocumentStorage, type LoadedDocument, type LoadedState, type SavedVersion, type UpdateAuthor } from "./storage";

export interface StoredVersion extends SavedVersion {
  state: Uint8Array;
  createdById: string | null;
}

/** One document's rows, as the SQL storage keeps them in its three tables. */
export interface StoredDocument {
  snapshot: { state: Uint8Array; lastUpdateId: bigint } | null;
  /** In id order. */
  updates: { id: bigint; data: Uint8Array; author: UpdateAuthor | null }[];
  versions: StoredVersion[];
  /** The plain text as of the last compaction (search). */
  searchText: string;
}

export interface MemoryStorageOptions {
  /**
   * How long each read or write takes. By default one turn of the event loop (setImmediate),
   * so that the hub's other work interleaves with storage as it does with a database.
   */
  latencyMs?: number;
}

export class MemoryDocumentStorage implements DocumentStorage {
  private readonly documents = new Map<string, StoredDocument>();
  /** One sequence for every document, as the SQL log's bigserial. */
  private lastId = 0n;
  private readonly latencyMs: number | undefined;

  constructor(options: MemoryStorageOptions = {}) {
    this.latencyMs = options.latencyMs;
  }

  /** A new document (the row in `document`), with `state` as its first snapshot unless null; returns its id. */
  create(state: Uint8Array | null, documentId: string = randomUUID()): string {
    if (this.documents.has(documentId)) throw new Error(`document ${documentId} exists`);
    this.documents.set(documentId, {
      snapshot: state ? { state: state.slice(), lastUpdateId: 0n } : null,
      updates: [],
      versions: [],
      searchText: "",
    });
    return documentId;
  }

  /** What is stored for a document (for assertions); throws when there is no such document. */
  stored(documentId: string): Readonly<StoredDocument> {
    return this.existing(documentId);
  }

  async loadDoc(documentId: string, origin?: unknown): Promise<LoadedDocument> {
    await this.io();
    const document = this.documents.get(documentId);
    const after = document?.snapshot?.lastUpdateId ?? 0n;
    // Every row left, as the SQL store reads them (a compaction drops exactly what it merged).
    const updates = document?.updates ?? [];
    const last = updates.at(-1)?.id ?? 0n;
    const rows = { snapshot: document?.snapshot?.state ?? null, updates: updates.map((u) => u.data), lastUpdateId: last > after ? last : after };
    return documentFromRows(documentId, rows, origin);
  }

  async load(documentId: string): Promise<LoadedState> {
    return stateOf(await this.loadDoc(documentId));
  }

  async append(batch: AppendedUpdate[]): Promise<Map<string, bigint>> {
    await this.io();
    // All or nothing, as one INSERT: a document that does not exist refuses the whole batch.
    const targets = batch.map((b) => this.existing(b.documentId));
    const highest = new Map<string, bigint>();
    batch.forEach((b, i) => {
      const id = ++this.lastId;
      targets[i]!.updates.push({ id, data: b.data.slice(), author: b.author ?? null });
      highest.set(b.documentId, id);
    });
    return highest;
  }

  /** As the SQL store: the state merged with the stored snapshot and the rows it drops. */
  async compact(documentId: string, state: Uint8Array, lastUpdateId: bigint, text?: string): Promise<void> {
    assertLoadableState(state);
    await this.io();
    const document = this.existing(documentId);
    const dropped = document.updates.filter((u) => u.id <= lastUpdateId);
    const merged = mergeForCompaction(state, { snapshot: document.snapshot?.state ?? null, updates: dropped.map((u) => u.data) });
    const previous = document.snapshot?.lastUpdateId ?? 0n;
    document.snapshot = { state: merged, lastUpdateId: previous > lastUpdateId ? previous : lastUpdateId };
    document.updates = document.updates.filter((u) => u.id > lastUpdateId);
    document.searchText = dropped.length === 0 && text !== undefined ? text : plainText(merged);
  }

  async latestAutomaticVersionAt(documentId: string): Promise<Date | null> {
    await this.io();
    let latest: Date | null = null;
    for (const v of this.documents.get(documentId)?.versions ?? []) if (v.automatic && (!latest || v.createdAt > latest)) latest = v.createdAt;
    return latest;
  }

  async saveVersion(documentId: string, state: Uint8Array, name: string, automatic: boolean, createdById: string | null): Promise<SavedVersion> {
    assertLoadableState(state);
    await this.io();
    const version: StoredVersion = { id: randomUUID(), name, automatic, createdAt: new Date(), state: state.slice(), createdById };
    this.existing(documentId).versions.push(version);
    return { id: version.id, name, automatic, createdAt: version.createdAt };
  }

  async saveAutomaticVersion(documentId: string, state: Uint8Array, name: string, minIntervalMs: number): Promise<SavedVersion | null> {
    assertLoadableState(state);
    await this.io();
    const versions = this.existing(documentId).versions;
    if (versions.some((v) => v.automatic && Date.now() - v.createdAt.getTime() < minIntervalMs)) return null;
    const version: StoredVersion = { id: randomUUID(), name, automatic: true, createdAt: new Date(), state: state.slice(), createdById: null };
    versions.push(version);
    return { id: version.id, name, automatic: true, createdAt: version.createdAt };
  }

  private existing(documentId: string): StoredDocument {
    const document = this.documents.get(documentId);
    if (!document) throw new Error(`document ${documentId} does not exist`);
    return document;
  }

  private io(): Promise<void> {
    const ms = this.latencyMs;
    return new Promise((resolve) => (ms === undefined ? setImmediate(resolve) : setTimeout(resolve, ms)));
  }
}
