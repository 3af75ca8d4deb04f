import { z } from "zod";

// Form coercion, in the input schemas themselves: a Remix form posts every field as text, a
// tRPC client sends JSON. These wrappers read the text the way Dutch (and English) users type
// it and pass JSON values through, so one schema serves both and every page reads "12.900" alike.

/**
 * How a typed number is meant. `amount` (euros, counts) reads "12.900" — one dot and three
 * digits — as twelve thousand nine hundred, as Dutch users write amounts; `decimal` (fte,
 * percentages, weights) reads it as 12.9.
 */
export type NumberKind = "amount" | "decimal";

/**
 * A number as typed: "1,5" and "1.5" are one and a half; "12.900.000", "12 900 000" and
 * "12,900,000" twelve point nine million; with both separators the last one is the decimal
 * sign ("1.234,5", "1,234.5"); spaces, "€", "%" and a leading "+" are ignored.
 * Returns null for an empty text and NaN for text that is not a number (schemas refuse it).
 */
export function parseDutchNumber(text: string, kind: NumberKind): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€%]/g, "").replace(/^\+/, "");
  if (cleaned === "") return null;
  let normal: string;
  const commas = (cleaned.match(/,/g) ?? []).length;
  const dots = (cleaned.match(/\./g) ?? []).length;
  if (commas > 0 && dots > 0) {
    const decimal = cleaned.lastIndexOf(",") > cleaned.lastIndexOf(".") ? "," : ".";
    const grouping = decimal === "," ? "." : ",";
    if (cleaned.indexOf(decimal) !== cleaned.lastIndexOf(decimal)) return Number.NaN;
    normal = cleaned.split(grouping).join("").replace(",", ".");
  } else if (commas > 1 || dots > 1) {
    const separator = commas > 1 ? "," : ".";
    normal = /^-?\d{1,3}(?:[.,]\d{3})+$/.test(cleaned) ? cleaned.split(separator).join("") : "x";
  } else if (dots === 1 && kind === "amount" && /^-?\d{1,3}\.\d{3}$/.test(cleaned)) {
    normal = cleaned.replace(".", "");
  } else {
    normal = cleaned.replace(",", ".");
  }
  return /^-?(?:\d+\.?\d*|\.\d+)$/.test(normal) ? Number(normal) : Number.NaN;
}

/** A number field: typed text is read with parseDutchNumber (empty → null), numbers pass. */
export const formNumber = <T extends z.ZodType>(kind: NumberKind, schema: T) =>
  z.preprocess((value) => (typeof value === "string" ? parseDutchNumber(value, kind) : value), schema);

/** A field where an empty text means "none" (a select's empty option, an empty date). */
export const emptyAsNull = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? null : value), schema);

/** A list field (checkboxes, a multiple select): one posted value arrives as a text, several as a list. */
export const formList = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === "string" ? [value] : value), schema);

/**
 * Words typed in one box, separated by commas or semicolons (tags): trimmed, inner spaces
 * collapsed, lower case, empty ones and repeats left out, in the order typed.
 */
export function splitWords(text: string): string[] {
  const words = text
    .split(/[,;]/)
    .map((word) => word.trim().replace(/\s+/g, " ").toLowerCase())
    .filter(Boolean);
  return [...new Set(words)];
}

/** A list typed in one box (splitWords); a JSON client sends the list itself. */
export const formWords = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === "string" ? splitWords(value) : value), schema);

/** A yes/no field: a form posts "true"/"false" (or "on" for a ticked checkbox). */
export const formBoolean = z.preprocess(
  (value) => (value === "true" || value === "on" ? true : value === "false" ? false : value),
  z.boolean({ error: "input.invalid" }),
);

/** A whole number sent as text by a form (a record's version): only digits are read. */
export const formInteger = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : value), schema);

/** The names of an object schema's fields, in their order: a form's fields, a read model's columns. */
export function fieldNames<S extends z.ZodObject>(schema: S): (keyof S["shape"] & string)[] {
  return Object.keys(schema.shape) as (keyof S["shape"] & string)[];
}

/** A record's values of the schema's fields (a stored lot as its form and its snapshot take it). */
export function pickFields<S extends z.ZodObject, R extends { [K in keyof S["shape"]]: unknown }>(schema: S, record: R): Pick<R, keyof S["shape"]> {
  const picked = {} as Pick<R, keyof S["shape"]>;
  for (const name of fieldNames(schema)) picked[name] = record[name];
  return picked;
}
