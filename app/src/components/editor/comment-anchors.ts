import type { Node as PmNode } from "@tiptap/pm/model";
import type { EditorState } from "@tiptap/pm/state";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

/**
 * Anchors of comment threads on a passage of a document (issue 21 point 1, ADR 0036).
 *
 * An anchor is two Yjs relative positions (base64 of `Y.encodeRelativePosition`) and the
 * quoted text. A relative position names a character of the shared document (its Yjs item
 * id), not an offset, so it moves with every concurrent edit, survives reloads (the ids are
 * in the stored update), and every client resolves it to the same text once synced.
 *
 * Choice: the ProseMirror ↔ Yjs walk is y-tiptap's own (`absolutePositionToRelativePosition`
 * with the sync binding's mapping), the same code that keeps remote carets and selections in
 * place, so our positions agree with what the editor shows. Only the association is ours:
 * y-tiptap ties every position to the character before it; we re-tie the start to the first
 * character OF the passage and the end to its last one. Typing right before or right after
 * the passage then stays outside it, typing inside it stays inside, and when every character
 * of the passage is deleted both ends resolve to the same place: the passage is gone.
 *
 * Restoring a version writes the whole text anew (new characters, see packages/collab's
 * replaceContent): an anchor whose characters are all gone is then looked up by its quote, and
 * found again when the quote is in the text exactly once (`findQuote`).
 */

/** Where a thread sits on a document passage, as stored by the API (`commentAnchorSchema`). */
export interface CommentAnchor {
  start: string;
  end: string;
  quote: string;
}

/** y-tiptap's map from each Yjs type to the ProseMirror node(s) it renders as (not exported by name). */
export type ProsemirrorMapping = Parameters<typeof absolutePositionToRelativePosition>[2];

/** What the anchors need of the Yjs ↔ ProseMirror binding (y-tiptap's, or one built in a test). */
export interface AnchorBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: ProsemirrorMapping;
}

export interface AnchorRange {
  from: number;
  to: number;
}

/**
 * Where an anchor is in the document now: `present` with its range; `removed` when every
 * character of the passage was deleted; `unknown` when its characters are not in this copy of
 * the document (not loaded yet, another document) or the anchor cannot be read. `relocated`:
 * the passage's own characters are gone but its quote is in the text exactly once (see
 * `findQuote`), e.g. after a version was restored (which writes the text anew).
 */
export type AnchorPlacement = ({ status: "present"; relocated?: true } & AnchorRange) | { status: "removed" } | { status: "unknown" };

/** Bytes of one encoded relative position, and characters of the quote (the schema's limits). */
export const ANCHOR_MAX_BYTES = 512;
export const QUOTE_MAX_LENGTH = 1_000;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes of a base64 text, or null for anything that is not canonical base64 of 1–512 bytes. */
export function base64ToBytes(text: unknown): Uint8Array | null {
  if (typeof text !== "string" || text.length === 0 || text.length > Math.ceil(ANCHOR_MAX_BYTES / 3) * 4 || !BASE64.test(text)) return null;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.length > 0 && bytes.length <= ANCHOR_MAX_BYTES ? bytes : null;
  } catch {
    return null;
  }
}

export function encodeRelativePosition(position: Y.RelativePosition): string {
  return bytesToBase64(Y.encodeRelativePosition(position));
}

/** A relative position from its base64 text; null (never a throw) when it is not one. */
export function decodeRelativePosition(text: unknown): Y.RelativePosition | null {
  const bytes = base64ToBytes(text);
  if (!bytes) return null;
  try {
    const position = Y.decodeRelativePosition(bytes);
    // Exactly one of: an item, a root type's name, a nested type's id.
    const kinds = Number(position.item !== null) + Number(position.tname !== null) + Number(position.type !== null);
    if (kinds !== 1) return null;
    if (position.assoc !== null && !Number.isInteger(position.assoc)) return null;
    for (const id of [position.item, position.type]) {
      if (id !== null && !(Number.isSafeInteger(id.client) && Number.isSafeInteger(id.clock) && id.client >= 0 && id.clock >= 0)) return null;
    }
    return position;
  } catch {
    return null;
  }
}

/** The binding of the editor's Yjs sync plugin (null before it exists or without collaboration). */
export function bindingOf(state: EditorState): AnchorBinding | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: AnchorBinding | null } | undefined;
  const binding = sync?.binding;
  return binding?.doc && binding.type && binding.mapping ? binding : null;
}

/** The quoted text of a range: block breaks as new lines, trimmed, at most QUOTE_MAX_LENGTH characters. */
export function quoteOf(doc: PmNode, from: number, to: number): string {
  const text = doc.textBetween(from, to, "\n", " ").trim();
  if (text.length <= QUOTE_MAX_LENGTH) return text;
  let cut = text.slice(0, QUOTE_MAX_LENGTH);
  // Never end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd();
}

/**
 * The relative position of ProseMirror position `pos`: y-tiptap's walk, then tied to the
 * character after it (`assoc` 0, a start) or before it (`assoc` -1, an end) when it lies in text.
 */
function relativeAt(binding: AnchorBinding, pos: number, assoc: 0 | -1): Y.RelativePosition {
  const position = absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as Y.RelativePosition;
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, binding.doc);
  if (absolute && absolute.type instanceof Y.XmlText) return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, assoc);
  return position;
}

/**
 * The anchor of the passage `from`–`to` of `doc` (the editor's document, bound to `binding`),
 * or null when there is nothing to anchor: an empty or blank range, or positions that do not fit.
 */
export function anchorFromSelection(binding: AnchorBinding, doc: PmNode, from: number, to: number): CommentAnchor | null {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi > doc.content.size || lo === hi) return null;
  const quote = quoteOf(doc, lo, hi);
  if (!quote) return null;
  try {
    const start = Y.encodeRelativePosition(relativeAt(binding, lo, 0));
    const end = Y.encodeRelativePosition(relativeAt(binding, hi, -1));
    if (start.length > ANCHOR_MAX_BYTES || end.length > ANCHOR_MAX_BYTES) return null;
    return { start: bytesToBase64(start), end: bytesToBase64(end), quote };
  } catch {
    // The binding's mapping does not describe this document (yet): nothing to anchor.
    return null;
  }
}

/**
 * The ProseMirror position of a relative position in this document: a number; "gone" when
 * this copy has seen the character it names but no longer holds it (deleted with its
 * paragraph and garbage-collected); null when it is not in this document (not loaded yet,
 * another document, nonsense).
 */
function absoluteOf(binding: AnchorBinding, position: Y.RelativePosition): number | "gone" | null {
  // A root-type position names a type by key: only the editor's own fragment (looking up
  // another name would create that type in the document).
  if (position.tname !== null && (binding.doc.share.get(position.tname) as unknown) !== binding.type) return null;
  try {
    const pos = relativePositionToAbsolutePosition(binding.doc, binding.type, position, binding.mapping);
    if (pos !== null) return pos;
    const id = position.item ?? position.type;
    return id !== null && Y.getState(binding.doc.store, id.client) > id.clock ? "gone" : null;
  } catch {
    return null;
  }
}

/** Quotes shorter than this are not looked for again (a word like "de" is no passage). */
export const QUOTE_RELOCATE_MIN_LENGTH = 4;

/** A document's text as `quoteOf` reads it, with the position of every character (documents are immutable: kept per document). */
const textIndexes = new WeakMap<PmNode, { text: string; at: number[] }>();

function textIndex(doc: PmNode): { text: string; at: number[] } {
  const known = textIndexes.get(doc);
  if (known) return known;
  // ProseMirror's textBetween with "\n" between blocks and " " for leaves, position by position.
  let text = "";
  const at: number[] = [];
  let first = true;
  doc.nodesBetween(0, doc.content.size, (node, pos) => {
    const nodeText = node.isText ? node.text! : node.isLeaf ? " " : "";
    if (node.isBlock && ((node.isLeaf && nodeText) || node.isTextblock)) {
      if (first) first = false;
      else {
        text += "\n";
        at.push(pos);
      }
    }
    for (let i = 0; i < nodeText.length; i++) at.push(node.isText ? pos + i : pos);
    text += nodeText;
  });
  const index = { text, at };
  textIndexes.set(doc, index);
  return index;
}

/**
 * The range of the only place where `quote` is in the document's text (blocks separated by a
 * line break, as in the quote), or null when it is nowhere, in more than one place, or too short.
 */
export function findQuote(doc: PmNode, quote: unknown): AnchorRange | null {
  if (typeof quote !== "string" || quote.trim().length < QUOTE_RELOCATE_MIN_LENGTH) return null;
  const { text, at } = textIndex(doc);
  const index = text.indexOf(quote);
  if (index < 0 || text.indexOf(quote, index + 1) >= 0) return null;
  const from = at[index]!;
  const to = at[index + quote.length - 1]! + 1;
  return from < to ? { from, to } : null;
}

/** Where an anchor is now (see AnchorPlacement). Never throws, whatever the anchor holds. */
export function locateAnchor(binding: AnchorBinding, doc: PmNode, anchor: { start: unknown; end: unknown; quote?: unknown } | null | undefined): AnchorPlacement {
  const placement = locateByPositions(binding, doc, anchor);
  if (placement.status !== "removed" || !anchor) return placement;
  const found = findQuote(doc, anchor.quote);
  return found ? { status: "present", relocated: true, ...found } : placement;
}

function locateByPositions(binding: AnchorBinding, doc: PmNode, anchor: { start: unknown; end: unknown } | null | undefined): AnchorPlacement {
  if (!anchor || typeof anchor !== "object") return { status: "unknown" };
  const start = decodeRelativePosition(anchor.start);
  const end = decodeRelativePosition(anchor.end);
  if (!start || !end) return { status: "unknown" };
  let from = absoluteOf(binding, start);
  let to = absoluteOf(binding, end);
  if (from === null || to === null) return { status: "unknown" };
  if (from === "gone" && to === "gone") return { status: "removed" };
  const size = doc.content.size;
  const inside = (pos: number | "gone") => pos === "gone" || (pos >= 0 && pos <= size);
  if (!inside(from) || !inside(to)) return { status: "unknown" };
  try {
    // One end's paragraph was deleted and collected: the passage now starts (ends) with the
    // paragraph of the end (start) that is still there.
    if (from === "gone") from = doc.resolve(to as number).start();
    if (to === "gone") to = doc.resolve(from).end();
  } catch {
    return { status: "unknown" };
  }
  if (from >= to) return { status: "removed" };
  // Only block boundaries left (e.g. the text of both paragraphs deleted): nothing to show.
  if (doc.textBetween(from, to, "\n", " ").trim() === "") return { status: "removed" };
  return { status: "present", from, to };
}

/** The range of an anchor now, or null: the passage was deleted, or the anchor is not (yet) in this document. */
export function resolveAnchor(binding: AnchorBinding, doc: PmNode, anchor: { start: unknown; end: unknown; quote?: unknown } | null | undefined): AnchorRange | null {
  const placement = locateAnchor(binding, doc, anchor);
  return placement.status === "present" ? { from: placement.from, to: placement.to } : null;
}
