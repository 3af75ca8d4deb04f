// Presence (Yjs awareness): who is in a document and where their caret is. The server owns
// the identity part of every entry; a client contributes only its caret. No Node imports.
import { z } from "zod";

/** Caret colours dark enough for white label text (WCAG AA). */
const PALETTE = ["#0b5c7a", "#8a3b12", "#5b3e96", "#1e6b32", "#9b1c4a", "#6b5200", "#2f4f9e", "#7a2e7a"];

/** A stable colour per user, so everyone sees the same colour for the same person. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

/** Who a connection is, as the server knows it from the session and membership. */
export const presenceUserSchema = z.object({
  name: z.string().min(1).max(200),
  organisation: z.string().max(200),
  /** Only ever a #rrggbb colour: it ends up in a style attribute of every other editor. */
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
});
export type PresenceUser = z.infer<typeof presenceUserSchema>;

const yId = z.object({ client: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), clock: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

/**
 * A Yjs relative position as JSON, as y-tiptap's caret plugin sends it (a serialised
 * Y.RelativePosition): `{ type, tname, item, assoc }`.
 */
const relativePosition = z.object({
  type: yId.nullish(),
  tname: z.string().max(100).nullish(),
  item: yId.nullish(),
  assoc: z.number().int().min(-(2 ** 31)).max(2 ** 31).optional(),
});

/** What a client may put in its own presence entry: its caret (or none). Other fields are dropped. */
const clientEntrySchema = z.object({
  cursor: z.object({ anchor: relativePosition, head: relativePosition }).nullish(),
});

export interface PresenceEntry {
  user?: PresenceUser;
  cursor?: z.infer<typeof clientEntrySchema>["cursor"];
}

/**
 * The entry the server relays for a client's presence JSON: the client's caret, validated,
 * with the identity the server knows. Null for a removal, undefined when it is not valid.
 */
export function presenceEntry(json: string, user: PresenceUser | undefined): PresenceEntry | null | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (raw === null) return null;
  const parsed = clientEntrySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const entry: PresenceEntry = {};
  if (user) entry.user = user;
  if (parsed.data.cursor !== undefined) entry.cursor = parsed.data.cursor;
  return entry;
}
