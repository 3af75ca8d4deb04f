import Heading from "@tiptap/extension-heading";

/**
 * On the document page the document's title is the page's `h1` and the editor sits right below
 * it: the text's own headings (levels 1–3 in the editor, "H1"–"H3" on the toolbar) render one
 * level lower, as h2–h4, so the page keeps one `h1` and an outline without gaps (ADR 0028). A
 * stored version's preview sits below its own `h3`: its headings render as h4–h6. `data-level`
 * keeps the look. The content model is unchanged (levels 1–3 in Yjs and in exports).
 */
export const HEADING_OFFSET = 1;
export const PREVIEW_HEADING_OFFSET = 3;

export function headingTag(level: number, offset = HEADING_OFFSET): `h${1 | 2 | 3 | 4 | 5 | 6}` {
  const shifted = Math.min(Math.max(Math.trunc(level), 1) + offset, 6);
  return `h${shifted as 1 | 2 | 3 | 4 | 5 | 6}`;
}

function nestedHeading(offset: number) {
  return Heading.extend({
    renderHTML({ node, HTMLAttributes }) {
      const level = Number(node.attrs.level);
      return [headingTag(level, offset), { ...this.options.HTMLAttributes, ...HTMLAttributes, "data-level": String(level) }, 0];
    },
  }).configure({ levels: [1, 2, 3] });
}

/** The editor's headings, below the page's `h1`. */
export const NestedHeading = nestedHeading(HEADING_OFFSET);
/** A version preview's headings, below the preview's `h3`. */
export const PreviewHeading = nestedHeading(PREVIEW_HEADING_OFFSET);

/**
 * The accessible name of a toolbar button contains its visible text (WCAG 2.5.3 label in name):
 * a button showing "H1" is named "H1 (Kop 1)"; one showing only a symbol ("¶", "⊞") keeps its label.
 */
export function toolName(visible: string, label: string): string {
  const text = visible.trim();
  if (!/[\p{L}\p{N}]/u.test(text) || label.startsWith(text)) return label;
  return `${text} (${label})`;
}
