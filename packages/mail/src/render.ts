import type { Locale } from "@regiotafel/domain";

/** What a template says, independent of its form: rendered once as text and once as HTML. */
export interface MailContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  /** The one thing to do: a link whose label says where it goes. */
  action: { label: string; href: string };
  /** Below the action: validity, what to do if unexpected. */
  notes: string[];
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
    `${content.action.label}:`,
    content.action.href,
    "",
    ...content.notes.flatMap((p) => [p, ""]),
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
    `<p style="${STYLE.paragraph}"><a href="${href}" style="${STYLE.action}">${e(content.action.label)}</a></p>`,
    `<p style="${STYLE.fallback}">${e(frame.linkFallback)}<br><a href="${href}">${href}</a></p>`,
    ...content.notes.map(p),
    `<footer style="${STYLE.footer}">${frame.footer.map((line) => `<p style="margin:0 0 8px">${e(line)}</p>`).join("")}</footer>`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
