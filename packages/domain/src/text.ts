import { z } from "zod";

// Text a person types, as every schema takes it: trimmed, bounded, and storable.

/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when PostgreSQL can store the text as it is: text and jsonb columns refuse a NUL
 * character, jsonb refuses a lone surrogate half (and a text column would silently replace
 * it). No keyboard produces either; a pasted binary or a hostile client does.
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

export const STORABLE_TEXT = { error: "text.invalidCharacters" } as const;

/** A required text field of at most `max` characters after trimming. */
export const requiredText = (max: number) =>
  z.string({ error: "text.required" }).trim().min(1, { error: "text.required" }).max(max, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT);

/** An optional text field of at most `max` characters after trimming; missing is "". */
export const optionalText = (max: number) => z.string().trim().max(max, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT).default("");

/** An optional text field of at most `max` characters after trimming, for a nullable column: empty is null. */
export const nullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "text.tooLong" })
    .refine(isStorableText, STORABLE_TEXT)
    .transform((v) => (v === "" ? null : v))
    .nullable();
