import * as Y from "yjs";
import { CONTENT_FIELD, plainText, SqlDocumentStorage } from "@regiotafel/collab";
import { openDatabase } from "@regiotafel/db";
import type pg from "pg";

/** What two copies of a document must agree on: the text, the structure and the state vector. */
export interface Fingerprint {
  text: string;
  /** The content fragment as XML (paragraphs and their text). */
  xml: string;
  /** clientID → clock, sorted. */
  stateVector: [number, number][];
}

export function fingerprint(update: Uint8Array): Fingerprint {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((x, y) => x[0] - y[0]);
  const xml = doc.getXmlFragment(CONTENT_FIELD).toString();
  doc.destroy();
  return { text: plainText(update), xml, stateVector };
}

export const fingerprintOf = (doc: Y.Doc) => fingerprint(Y.encodeStateAsUpdate(doc));

/** The document as the app loads it from PostgreSQL (SqlDocumentStorage), in a connection of its own. */
export async function loadFromStorage(databaseUrl: string, documentId: string): Promise<Uint8Array> {
  const db = await openDatabase({ url: databaseUrl, migrate: false, maxConnections: 1 });
  try {
    return (await new SqlDocumentStorage(db.prisma).load(documentId)).state;
  } finally {
    await db.close();
  }
}

/** The document rebuilt from the raw rows: the snapshot (if any), then every logged update in id order. */
export async function rebuildFromLog(pool: pg.Pool, documentId: string): Promise<Uint8Array> {
  const doc = new Y.Doc();
  const { rows: snapshot } = await pool.query<{ state: Buffer }>("SELECT state FROM document_snapshot WHERE document_id = $1", [documentId]);
  if (snapshot[0]) Y.applyUpdate(doc, snapshot[0].state);
  const { rows } = await pool.query<{ data: Buffer }>("SELECT data FROM document_update WHERE document_id = $1 ORDER BY id", [documentId]);
  for (const row of rows) Y.applyUpdate(doc, row.data);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}
