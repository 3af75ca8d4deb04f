import { z } from "zod";
import { canEditDocument, DOCUMENT_KINDS, documentTitleSchema, newDocumentRights, versionNameSchema, type DocumentKind, type DocumentRights } from "../documents";
import { emptyAsNull, formInteger } from "../form-input";
import type { RecordMember } from "../procurement/permissions";
import { idSchema, versionSchema } from "../schemas";
import { defineOperation } from "./contract";

// The workspace's co-edited documents (ADR 0003): everyone in the workspace reads them; who
// changes one follows its rights (canEditDocument); who creates which kind, newDocumentRights.

const documentRef = z.object({ documentId: idSchema });

export const listDocuments = defineOperation({ name: "document.list", input: z.object({ archived: z.boolean().default(false) }), role: "VIEWER", refusals: [] });
export const getDocument = defineOperation({ name: "document.get", input: documentRef, role: "VIEWER", refusals: [] });
export const listVersions = defineOperation({ name: "document.versions", input: documentRef, role: "VIEWER", refusals: [] });
export const readVersion = defineOperation({ name: "document.version", input: documentRef.extend({ versionId: idSchema }), role: "VIEWER", refusals: [] });
/** Whether the document loads, and when it does not, the version it can be recovered from. */
export const documentLoadStatus = defineOperation({ name: "document.loadStatus", input: documentRef, role: "VIEWER", refusals: [] });

const REGION_NOT_OWN = "document.regionNotOwn";
/**
 * Free documents by editors, for the workspace or their own region; the strategy and governance
 * texts by coordinators (newDocumentRights). A kind the member may create, but not for that
 * region, is refused next to the region.
 */
export const createDocument = defineOperation({
  name: "document.create",
  input: z.object({
    kind: z.enum(DOCUMENT_KINDS, { error: "input.invalid" }),
    title: documentTitleSchema,
    ownerRegionId: emptyAsNull(idSchema.nullable()).default(null),
  }),
  role: "EDITOR",
  rule: (member, { kind, ownerRegionId }: { kind: DocumentKind; ownerRegionId: string | null }) => {
    if (newDocumentRights(member, kind, ownerRegionId) !== "FORBIDDEN") return null;
    return ownerRegionId !== null && newDocumentRights(member, kind, null) !== "FORBIDDEN" ? REGION_NOT_OWN : "forbidden";
  },
  refusals: ["forbidden", REGION_NOT_OWN],
});

/** The kinds of document `member` may create for the workspace as a whole (what the documents page offers). */
export function creatableDocumentKinds(member: RecordMember): DocumentKind[] {
  return DOCUMENT_KINDS.filter((kind) => createDocument.rule!(member, { kind, ownerRegionId: null }) === null);
}

const NOT_EDITABLE = "document.notEditable";
/** Changing a document, its title or its versions: only who may edit its text. Archived: CONFLICT "document.archived" (a state, not a right). */
const documentEditors = {
  role: "EDITOR" as const,
  rule: (member: RecordMember, rights: DocumentRights) => (canEditDocument(member, rights) ? null : NOT_EDITABLE),
  refusals: [NOT_EDITABLE],
};

export const renameDocument = defineOperation({
  name: "document.rename",
  input: documentRef.extend({ title: documentTitleSchema, version: formInteger(versionSchema.min(1)) }),
  ...documentEditors,
});
/** Archives (read-only, out of the list) or brings back a document. */
export const setDocumentArchived = defineOperation({ name: "document.setArchived", input: documentRef.extend({ archived: z.boolean() }), ...documentEditors });
export const saveVersion = defineOperation({ name: "document.saveVersion", input: documentRef.extend({ name: versionNameSchema }), ...documentEditors });
/** Restores a version as a new change (history is kept) and records it as a new version. */
export const restoreVersion = defineOperation({ name: "document.restoreVersion", input: documentRef.extend({ versionId: idSchema }), ...documentEditors });
/** Recovers a damaged document from its newest version that loads (audited). Workspace admins only. */
export const recoverDocument = defineOperation({
  name: "document.recover",
  input: documentRef,
  role: "ADMIN",
  refusals: ["document.notDamaged", "document.noGoodVersion"],
});
