import * as Y from "yjs";
import { readStoredDocument, type Db } from "@regiotafel/db";

/**
 * A document's state as stored (snapshot and the updates after it), for an export without a
 * running co-editing hub (tests, the command line). The server passes the hub's `currentState`,
 * which includes edits not yet written.
 */
export async function storedState(prisma: Db, documentId: string): Promise<Uint8Array> {
  const rows = await readStoredDocument(prisma, documentId);
  const parts = [...(rows.snapshot ? [rows.snapshot] : []), ...rows.updates];
  return parts.length ? Y.mergeUpdates(parts) : Y.encodeStateAsUpdate(new Y.Doc());
}
