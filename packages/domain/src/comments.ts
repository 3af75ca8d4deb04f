import { z } from "zod";
import { COMMENT_MAX_LENGTH } from "./notifications";
import { isStorableText, STORABLE_TEXT } from "./text";

// Comments and mentions (issue 21, ADR 0036). A comment is plain text in which a mention is
// written `@[label](user:<id>)` or `@[label](org:<id>)` (what the "@" search inserts), or
// typed as `@Name` where Name is an organisation of the workspace. The server decides whom a
// mention reaches: an id that is not a member (or organisation) of the workspace reaches
// nobody and is shown as its label only, so a comment never reveals who exists elsewhere.

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const MENTION = new RegExp(`@\\[([^\\]\\n]{1,120})\\]\\((user|org):(${UUID})\\)`, "g");

/** One piece of a comment as shown: text, or a mention with its label. */
export type CommentPart = { text: string } | { mention: string; kind: "user" | "org"; id: string };

/** The comment split into text and mentions (in order; the labels as written). */
export function commentParts(body: string): CommentPart[] {
  const parts: CommentPart[] = [];
  let at = 0;
  for (const match of body.matchAll(MENTION)) {
    const index = match.index ?? 0;
    if (index > at) parts.push({ text: body.slice(at, index) });
    parts.push({ mention: match[1]!, kind: match[2] as "user" | "org", id: match[3]! });
    at = index + match[0].length;
  }
  if (at < body.length) parts.push({ text: body.slice(at) });
  return parts;
}

/** The comment as plain text: mentions become "@label" (for e-mails, notifications and quotes). */
export function commentPlainText(body: string): string {
  return commentParts(body)
    .map((part) => ("text" in part ? part.text : `@${part.mention}`))
    .join("");
}

/** The ids a comment's mention tokens name, and the words typed after a bare "@" (candidates for organisation names). */
export function mentionedIn(body: string): { userIds: string[]; organisationIds: string[]; words: string[] } {
  const userIds = new Set<string>();
  const organisationIds = new Set<string>();
  for (const part of commentParts(body)) {
    if ("mention" in part) (part.kind === "user" ? userIds : organisationIds).add(part.id);
  }
  const words = new Set<string>();
  const plain = commentParts(body)
    .filter((part): part is { text: string } => "text" in part)
    .map((part) => part.text)
    .join(" ");
  for (const match of plain.matchAll(/(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}][\p{L}\p{N}'-]{0,79})/gu)) words.add(match[1]!.toLocaleLowerCase("nl"));
  return { userIds: [...userIds], organisationIds: [...organisationIds], words: [...words] };
}

/** A comment's text: trimmed, not empty, at most COMMENT_MAX_LENGTH characters, only characters that can be stored. */
export const commentBodySchema = z
  .string({ error: "comment.bodyRequired" })
  .trim()
  .min(1, { error: "comment.bodyRequired" })
  .max(COMMENT_MAX_LENGTH, { error: "comment.bodyTooLong" })
  .refine(isStorableText, STORABLE_TEXT);

/** The anchor of a thread on a document passage: two encoded Yjs relative positions (base64) and the quoted text. */
export const COMMENT_ANCHOR_MAX_BYTES = 512;
const base64 = z
  .string({ error: "comment.anchorInvalid" })
  .max(Math.ceil((COMMENT_ANCHOR_MAX_BYTES * 4) / 3) + 4, { error: "comment.anchorInvalid" })
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: "comment.anchorInvalid" });
export const commentAnchorSchema = z.object({
  start: base64,
  end: base64,
  quote: z.string({ error: "comment.anchorInvalid" }).max(1_000, { error: "comment.anchorInvalid" }),
});
export type CommentAnchor = z.infer<typeof commentAnchorSchema>;
