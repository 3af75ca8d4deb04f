import {
  appendDocumentUpdates,
  compactDocument,
  insertVersion,
  latestAutomaticVersionAt,
  readStoredDocument,
  type Db,
} from "@regiotafel/db";
import { plainText } from "./content";
import { assertLoadableState } from "./integrity";
import { DocumentLoadError, documentFromRows, stateOf, type DocumentStorage, type LoadedDocument, type LoadedState, type SavedVersion } from "./storage";

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

  append(batch: { documentId: string; data: Uint8Array }[]): Promise<Map<string, bigint>> {
    return appendDocumentUpdates(this.prisma, batch);
  }

  /** Refuses (UnloadableStateError) a state that would not load: nothing is written then. */
  async compact(documentId: string, state: Uint8Array, lastUpdateId: bigint, text?: string): Promise<void> {
    assertLoadableState(state); // before the text is read from it
    await compactDocument(this.prisma, documentId, state, lastUpdateId, text ?? plainText(state));
  }

  latestAutomaticVersionAt(documentId: string): Promise<Date | null> {
    return latestAutomaticVersionAt(this.prisma, documentId);
  }

  /** Refuses (UnloadableStateError) a state that would not load. */
  async saveVersion(documentId: string, state: Uint8Array, name: string, automatic: boolean, createdById: string | null): Promise<SavedVersion> {
    assertLoadableState(state);
    return insertVersion(this.prisma, { documentId, name, automatic, state, createdById });
  }
}
