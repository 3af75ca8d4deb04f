import type { Locale } from "@regiotafel/domain";

/** What a template says, independent of its form: rendered once as text and once as HTML. */
export interface MailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  /** A quotation below the paragraphs (a comment's words). */
  quote?: string;
  /** Lists of links under headings (a digest: one list per workspace). */
  sections?: { heading: string; lines: { text: string; href: string }[] }[];
  /** The one thing to do: a link whose label says where it goes. */
  action: { label: string; href: string };
  /** Below the action: validity, what to do if unexpected. */
  notes: string[];
  /** Links below the notes (the notification preferences, unsubscribe). */
  links?: { label: string; href: string }[];
  /** The one-click unsubscribe address (RFC 8058): becomes the List-Unsubscribe header. */
  unsubscribe?: string;
}

/** The fixed parts of every mail in one language. */
export interface MailFrame {
  locale: Locale;
  product: string;
  tagline: string;
  linkFallback: string;
  footer: string[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Extra headers: List-Unsubscribe and List-Unsubscribe-Post for a mail with a one-click unsubscribe. */
  headers?: Record<string, string>;
}

/** RFC 8058: the address a mail client POSTs "List-Unsubscribe=One-Click" to, with no user interaction. */
export function unsubscribeHeaders(href: string): Record<string, string> {
  return { "List-Unsubscribe": `<${href}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The text version: plain, readable in any mail client, the link on a line of its own. */
export function renderText(content: MailContent, frame: MailFrame): string {
  return [
    `${frame.product} — ${frame.tagline}`,
    "",
    content.heading,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    ...(content.quote ? [...content.quote.split("\n").map((line) => `> ${line}`), ""] : []),
    ...(content.sections ?? []).flatMap((section) => [section.heading, "", ...section.lines.flatMap((line) => [`- ${line.text}`, `  ${line.href}`]), ""]),
    `${content.action.label}:`,
    content.action.href,
    "",
    ...content.notes.flatMap((p) => [p, ""]),
    ...(content.links ?? []).flatMap((link) => [`${link.label}:`, link.href, ""]),
    "-- ",
    ...frame.footer,
    "",
  ].join("\n");
}

// Inline styles only (mail clients drop <style> and external sheets), no layout tables, one
// column; the link is a real link with a descriptive label, the address repeated as text.
const STYLE = {
  body: "margin:0;padding:24px 16px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5",
  main: "max-width:600px;margin:0 auto",
  product: "margin:0 0 24px;font-weight:bold;color:#154273",
  heading: "margin:0 0 16px;font-size:24px;line-height:1.25",
  paragraph: "margin:0 0 16px",
  action:
    "display:inline-block;padding:12px 20px;background:#154273;color:#ffffff;font-weight:bold;text-decoration:underline;border-radius:4px",
  fallback: "margin:0 0 16px;font-size:14px;word-break:break-all",
  quote: "margin:0 0 16px;padding:8px 16px;border-left:4px solid #154273;background:#f3f6f9",
  section: "margin:24px 0 8px;font-size:18px;line-height:1.3",
  list: "margin:0 0 16px;padding-left:20px",
  footer: "margin-top:32px;padding-top:16px;border-top:1px solid #cccccc;font-size:14px;color:#4a4a4a",
};

/** The HTML version: a document with its language, a real heading and a link that says where it goes. */
export function renderHtml(content: MailContent, frame: MailFrame): string {
  const e = escapeHtml;
  const p = (text: string) => `<p style="${STYLE.paragraph}">${e(text)}</p>`;
  const href = e(content.action.href);
  return [
    "<!DOCTYPE html>",
    `<html lang="${frame.locale}" dir="ltr">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(content.subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<main style="${STYLE.main}">`,
    `<p style="${STYLE.product}">${e(frame.product)} <span style="font-weight:normal">— ${e(frame.tagline)}</span></p>`,
    `<h1 style="${STYLE.heading}">${e(content.heading)}</h1>`,
    ...content.paragraphs.map(p),
    ...(content.quote ? [`<blockquote style="${STYLE.quote}">${e(content.quote)}</blockquote>`] : []),
    ...(content.sections ?? []).flatMap((section) => [
      `<h2 style="${STYLE.section}">${e(section.heading)}</h2>`,
      `<ul style="${STYLE.list}">${section.lines.map((line) => `<li style="margin:0 0 8px"><a href="${e(line.href)}">${e(line.text)}</a></li>`).join("")}</ul>`,
    ]),
    `<p style="${STYLE.paragraph}"><a href="${href}" style="${STYLE.action}">${e(content.action.label)}</a></p>`,
    `<p style="${STYLE.fallback}">${e(frame.linkFallback)}<br><a href="${href}">${href}</a></p>`,
    ...content.notes.map(p),
    ...(content.links ?? []).map((link) => `<p style="${STYLE.paragraph}"><a href="${e(link.href)}">${e(link.label)}</a></p>`),
    `<footer style="${STYLE.footer}">${frame.footer.map((line) => `<p style="margin:0 0 8px">${e(line)}</p>`).join("")}</footer>`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
