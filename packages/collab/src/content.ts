import * as Y from "yjs";
import type { OutlineBlock } from "@regiotafel/domain";

/** The Yjs field the editor (TipTap's Collaboration extension) binds to. */
export const CONTENT_FIELD = "default";

/** A complete Yjs state for a new document with `blocks` as its content (ProseMirror node names). */
export function initialState(blocks: OutlineBlock[]): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(CONTENT_FIELD);
  fragment.insert(
    0,
    blocks.map((block) => {
      const element = new Y.XmlElement(block.type);
      if (block.type === "heading") element.setAttribute("level", block.level as unknown as string);
      element.insert(0, [new Y.XmlText(block.text)]);
      return element;
    }),
  );
  return Y.encodeStateAsUpdate(doc);
}

/** Plain text of a document state, one line per block (for tests, search and previews). */
export function plainText(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return docText(doc);
}

/** The plain text of a loaded document: blocks separated by newlines. */
export function docText(doc: Y.Doc): string {
  return blocksText(doc.getXmlFragment(CONTENT_FIELD));
}

/**
 * Yjs text may hold NUL characters (any member can type one through the protocol); PostgreSQL
 * text cannot, and a search text with one made every compaction of the document fail.
 */
function withoutNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}

function blocksText(node: Y.XmlFragment | Y.XmlElement): string {
  return node
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText
        ? (child.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === "string" ? withoutNul(d.insert) : "")).join("")
        : blocksText(child as Y.XmlElement),
    )
    .join("\n");
}

/**
 * Makes `doc`'s content equal to the content in `state`, as one ordinary change: history
 * is kept and every connected editor receives it (restoring a version).
 */
export function replaceContent(doc: Y.Doc, state: Uint8Array): void {
  const source = new Y.Doc();
  Y.applyUpdate(source, state);
  const from = source.getXmlFragment(CONTENT_FIELD);
  const to = doc.getXmlFragment(CONTENT_FIELD);
  doc.transact(() => {
    to.delete(0, to.length);
    to.insert(0, from.toArray().map((node) => (node as Y.XmlElement | Y.XmlText).clone()));
  });
}

/** The top-level blocks of a document state as headings (with level) and paragraphs of plain text. */
export function outlineBlocks(state: Uint8Array): OutlineBlock[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc
    .getXmlFragment(CONTENT_FIELD)
    .toArray()
    .flatMap((node): OutlineBlock[] => {
      if (!(node instanceof Y.XmlElement)) return [];
      const text = blocksText(node);
      if (node.nodeName === "heading") {
        const level = Number(node.getAttribute("level"));
        return [{ type: "heading", level: level === 1 || level === 2 || level === 3 ? level : 3, text }];
      }
      return [{ type: "paragraph", text }];
    });
}
