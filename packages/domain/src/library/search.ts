import { z } from "zod";
import { isStorableText, STORABLE_TEXT } from "../text";

/** What a search finds, in the order the search page shows its groups. */
export const SEARCH_HIT_KINDS = ["document", "tender", "lot", "decision", "template"] as const;
export type SearchHitKind = (typeof SEARCH_HIT_KINDS)[number];

export const searchQuerySchema = z.string({ error: "search.tooShort" }).trim().min(2, { error: "search.tooShort" }).max(200, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT);

/** Most words of a query that take part in the search. */
const MAX_TERMS = 8;

/**
 * The words of a query as a PostgreSQL tsquery that matches every word as a prefix
 * ("wmo begel" → "wmo:* & begel:*"), so results appear while typing. Only letters and digits
 * pass, so nothing in a query can change the tsquery's syntax. null when no word remains.
 */
export function prefixTsQuery(query: string): string | null {
  const terms = query
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, MAX_TERMS);
  return terms.length ? terms.map((t) => `${t}:*`).join(" & ") : null;
}

/** A short excerpt of `text` around the first place a query word occurs (for result lists). */
export function excerpt(text: string, query: string, length = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const lower = flat.toLowerCase();
  const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const at = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, Math.min(at - Math.floor(length / 3), flat.length - length));
  return `${start > 0 ? "…" : ""}${flat.slice(start, start + length).trim()}${start + length < flat.length ? "…" : ""}`;
}
