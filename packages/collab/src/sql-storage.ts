import {
  appendDocumentUpdates,
  compactDocument,
  insertAutomaticVersionOnce,
  insertVersion,
  latestAutomaticVersionAt,
  readStoredDocument,
  type Db,
} from "@regiotafel/db";
import { plainText } from "./content";
import { assertLoadableState, mergeForCompaction } from "./integrity";
import { DocumentLoadError, documentFromRows, stateOf, type AppendedUpdate, type DocumentStorage, type LoadedDocument, type LoadedState, type SavedVersion } from "./storage";

/**
 * The documents' stored form in PostgreSQL. The statements are @regiotafel/db's document store
 * (plain SQL, the per-keystroke ones prepared: ADR 0010); this adds what they mean as Yjs.
 */
export class SqlDocumentStorage implements DocumentStorage {
  constructor(private readonly prisma: Db) {}

  async loadDoc(documentId: string, origin?: unknown): Promise<LoadedDocument> {
    let rows;
    try {
      rows = await readStoredDocument(this.prisma, documentId);
    } catch (error) {
      throw new DocumentLoadError(documentId, error, false);
    }
    return documentFromRows(documentId, rows, origin);
  }

  async load(documentId: string): Promise<LoadedState> {
    return stateOf(await this.loadDoc(documentId));
  }

  append(batch: AppendedUpdate[]): Promise<Map<string, bigint>> {
    return appendDocumentUpdates(this.prisma, batch);
  }

  /**
   * Refuses (UnloadableStateError) a state that would not load: nothing is written then. The
   * snapshot is the state merged with what is stored under the document's lock (ADR 0032), so
   * rows another instance wrote are never dropped; the search text is then the merged one's.
   */
  async compact(documentId: string, state: Uint8Array, lastUpdateId: bigint, text?: string): Promise<void> {
    assertLoadableState(state);
    await compactDocument(this.prisma, documentId, lastUpdateId, (stored) => {
      const merged = mergeForCompaction(state, stored);
      // The caller's text is its own state's; the merged state may hold more.
      return { state: merged, searchText: stored.updates.length === 0 && text !== undefined ? text : plainText(merged) };
    });
  }

  latestAutomaticVersionAt(documentId: string): Promise<Date | null> {
    return latestAutomaticVersionAt(this.prisma, documentId);
  }

  /** Refuses (UnloadableStateError) a state that would not load. */
  async saveVersion(documentId: string, state: Uint8Array, name: string, automatic: boolean, createdById: string | null): Promise<SavedVersion> {
    assertLoadableState(state);
    return insertVersion(this.prisma, { documentId, name, automatic, state, createdById });
  }

  async saveAutomaticVersion(documentId: string, state: Uint8Array, name: string, minIntervalMs: number): Promise<SavedVersion | null> {
    assertLoadableState(state);
    return insertAutomaticVersionOnce(this.prisma, { documentId, name, state }, minIntervalMs);
  }
}
