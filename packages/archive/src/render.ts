import * as Y from "yjs";
import { CONTENT_FIELD } from "@regiotafel/collab";

// A document's Yjs state as readable HTML and Markdown (the editor's ProseMirror node names:
// paragraph, heading, bulletList, orderedList, listItem, blockquote, codeBlock, horizontalRule,
// hardBreak, table…; marks bold, italic, strike, code, underline, link). Unknown nodes keep
// their text, so nothing typed is lost from the readable form.

interface Delta {
  insert: unknown;
  attributes?: Record<string, unknown>;
}

/** The content of a state; a state that does not apply (damaged) reads as empty. */
function fragmentOf(state: Uint8Array): Y.XmlFragment {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
  } catch {
    return new Y.Doc().getXmlFragment(CONTENT_FIELD);
  }
  return doc.getXmlFragment(CONTENT_FIELD);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function safeHref(value: unknown): string | null {
  if (typeof value !== "string") return null;
  return /^(https?:|mailto:)/i.test(value.trim()) ? value.trim() : null;
}

function linkOf(attributes: Record<string, unknown> | undefined): string | null {
  const link = attributes?.link as { href?: unknown } | undefined;
  return link ? safeHref(link.href) : null;
}

// ---------------------------------------------------------------- HTML

function textHtml(node: Y.XmlText): string {
  return (node.toDelta() as Delta[])
    .map(({ insert, attributes }) => {
      if (typeof insert !== "string") return "";
      let out = escapeHtml(insert.replaceAll("\u0000", ""));
      if (attributes?.code) out = `<code>${out}</code>`;
      if (attributes?.bold) out = `<strong>${out}</strong>`;
      if (attributes?.italic) out = `<em>${out}</em>`;
      if (attributes?.underline) out = `<u>${out}</u>`;
      if (attributes?.strike) out = `<s>${out}</s>`;
      const href = linkOf(attributes);
      if (href) out = `<a href="${escapeHtml(href)}">${out}</a>`;
      return out;
    })
    .join("");
}

const HTML_TAGS: Record<string, string> = {
  paragraph: "p",
  bulletList: "ul",
  orderedList: "ol",
  listItem: "li",
  blockquote: "blockquote",
  table: "table",
  tableRow: "tr",
  tableCell: "td",
  tableHeader: "th",
};

function nodeHtml(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) return textHtml(node);
  if (!(node instanceof Y.XmlElement)) return "";
  const inner = () => node.toArray().map((child) => nodeHtml(child as Y.XmlElement)).join("");
  switch (node.nodeName) {
    case "heading": {
      const level = Math.min(6, Math.max(1, Number(node.getAttribute("level")) || 1));
      return `<h${level}>${inner()}</h${level}>\n`;
    }
    case "codeBlock":
      return `<pre><code>${inner()}</code></pre>\n`;
    case "horizontalRule":
      return "<hr>\n";
    case "hardBreak":
      return "<br>";
    default: {
      const tag = HTML_TAGS[node.nodeName] ?? "div";
      return `<${tag}>${inner()}</${tag}>\n`;
    }
  }
}

/** A whole HTML page of the document's content, titled. */
export function documentHtml(title: string, state: Uint8Array, lang = "nl"): string {
  const body = fragmentOf(state)
    .toArray()
    .map((node) => nodeHtml(node as Y.XmlElement))
    .join("");
  return `<!DOCTYPE html>\n<html lang="${lang}">\n<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n${body}</body>\n</html>\n`;
}

// ---------------------------------------------------------------- Markdown

const escapeMd = (s: string) => s.replace(/([\\`*_[\]#<>|])/g, "\\$1");

function textMd(node: Y.XmlText, raw = false): string {
  return (node.toDelta() as Delta[])
    .map(({ insert, attributes }) => {
      if (typeof insert !== "string") return "";
      const plain = insert.replaceAll("\u0000", "");
      if (raw) return plain;
      let out = attributes?.code ? `\`${plain.replaceAll("`", "")}\`` : escapeMd(plain);
      if (attributes?.bold) out = `**${out}**`;
      if (attributes?.italic) out = `*${out}*`;
      if (attributes?.strike) out = `~~${out}~~`;
      const href = linkOf(attributes);
      if (href) out = `[${out}](${href.replace(/[()\s]/g, encodeURIComponent)})`;
      return out;
    })
    .join("");
}

function inlineMd(node: Y.XmlElement, raw = false): string {
  return node
    .toArray()
    .map((child) => (child instanceof Y.XmlText ? textMd(child, raw) : child instanceof Y.XmlElement ? (child.nodeName === "hardBreak" ? "  \n" : blockMd(child, "").trim()) : ""))
    .join("");
}

function blockMd(node: Y.XmlElement, indent: string): string {
  const children = () => node.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
  switch (node.nodeName) {
    case "heading": {
      const level = Math.min(6, Math.max(1, Number(node.getAttribute("level")) || 1));
      return `${indent}${"#".repeat(level)} ${inlineMd(node)}\n\n`;
    }
    case "bulletList":
    case "orderedList":
      return (
        children()
          .map((item, i) => {
            const marker = node.nodeName === "orderedList" ? `${i + 1}. ` : "- ";
            const body = item
              .toArray()
              .map((c) => (c instanceof Y.XmlElement ? blockMd(c, indent + "   ").trimStart() : ""))
              .join("")
              .trimEnd();
            return `${indent}${marker}${body}\n`;
          })
          .join("") + "\n"
      );
    case "blockquote":
      return (
        children()
          .map((c) => blockMd(c, "").trimEnd())
          .join("\n\n")
          .split("\n")
          .map((line) => `${indent}> ${line}`)
          .join("\n") + "\n\n"
      );
    case "codeBlock":
      return `${indent}\`\`\`\n${inlineMd(node, true)}\n${indent}\`\`\`\n\n`;
    case "horizontalRule":
      return `${indent}---\n\n`;
    case "paragraph":
      return `${indent}${inlineMd(node)}\n\n`;
    default: {
      const inner = children();
      return inner.length ? inner.map((c) => blockMd(c, indent)).join("") : `${indent}${inlineMd(node)}\n\n`;
    }
  }
}

/** The document's content as Markdown, under its title. */
export function documentMarkdown(title: string, state: Uint8Array): string {
  const body = fragmentOf(state)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? blockMd(node, "") : node instanceof Y.XmlText ? `${textMd(node)}\n\n` : ""))
    .join("");
  return `# ${escapeMd(title)}\n\n${body}`.replace(/\n{3,}/g, "\n\n");
}

/** A Yjs state in one canonical encoding (the same content gives the same bytes). */
export function canonicalState(state: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return Y.encodeStateAsUpdate(doc);
}
