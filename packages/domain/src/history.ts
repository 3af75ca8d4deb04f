import { z } from "zod";

// Which fields an audited change changed (issue 18 point 5, ADR 0031). Audit events keep the
// record's state before and after as JSON snapshots; the history shows "field: before → after"
// for the fields that differ. Pure: the app labels and formats the fields.

/** One field an event changed: its value before and after (null when that side had none). */
export interface FieldDiff {
  field: string;
  before: unknown;
  after: unknown;
}

/** Money fields of the record snapshots (amounts in euros), formatted as such in the history. */
export const MONEY_FIELDS: ReadonlySet<string> = new Set(["estimatedValue", "expectedValue", "sroiThreshold", "spend"]);

/** A snapshot's own fields, or null when it is no object (an array, a value or nothing). */
function fieldsOf(state: unknown): Map<string, unknown> | null {
  if (typeof state !== "object" || state === null || Array.isArray(state)) return null;
  // Own properties only, read by descriptor: a key such as "__proto__" is an ordinary field.
  return new Map(Object.keys(state).map((key) => [key, Object.getOwnPropertyDescriptor(state, key)?.value]));
}

/** Absent and null both mean "no value". */
const orNull = (value: unknown) => (value === undefined ? null : value);

/** Equal as JSON values: arrays element by element, objects field by field whatever their order. */
export function sameValue(a: unknown, b: unknown): boolean {
  a = orNull(a);
  b = orNull(b);
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const x = fieldsOf(a);
  const y = fieldsOf(b);
  if (!x || !y) return false;
  const keys = new Set([...x.keys(), ...y.keys()]);
  for (const key of keys) if (!sameValue(x.get(key), y.get(key))) return false;
  return true;
}

/**
 * The fields whose value differs between two snapshots, in the order they first appear (the
 * before side's fields first). A side that is no object (a create has no before, a delete no
 * after) counts as all fields empty: a create lists the fields it set, a delete those it had.
 * Two sides that are both no object have no fields.
 */
export function changedFields(before: unknown, after: unknown): FieldDiff[] {
  const from = fieldsOf(before);
  const to = fieldsOf(after);
  if (!from && !to) return [];
  const keys = new Set([...(from?.keys() ?? []), ...(to?.keys() ?? [])]);
  const diffs: FieldDiff[] = [];
  for (const field of keys) {
    const b = orNull(from?.get(field));
    const a = orNull(to?.get(field));
    if (!sameValue(b, a)) diffs.push({ field, before: b, after: a });
  }
  return diffs;
}

// ---------------------------------------------------------------- the timeline's cursor
// The history merges audit events and document text edits (one line per document, author and
// hour) in one order: newest first; at the same millisecond edit lines ("e") before audit
// events ("a"), then by key descending (an audit event's id; an edit line's
// "documentId:userId"). A page ends at its last line; the next page starts after it.

export type TimelineKind = "a" | "e";

export interface TimelinePosition {
  /** Milliseconds since 1970. */
  at: number;
  kind: TimelineKind;
  key: string;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const CURSOR = new RegExp(`^(\\d{1,15})\\.(?:a\\.(${UUID})|e\\.(${UUID}:${UUID}))$`);

/** A cursor as the history procedure takes it (what `encodeTimelineCursor` made). */
export const timelineCursorSchema = z.string().max(100).regex(CURSOR, { error: "id.invalid" });

export function encodeTimelineCursor(position: TimelinePosition): string {
  return `${position.at}.${position.kind}.${position.key}`;
}

/** The position a cursor names, or null when the text is no cursor. */
export function decodeTimelineCursor(text: string): TimelinePosition | null {
  const match = CURSOR.exec(text);
  if (!match) return null;
  const at = Number(match[1]);
  return match[2] ? { at, kind: "a", key: match[2] } : { at, kind: "e", key: match[3]! };
}

/** Whether `x` comes after `y` in the timeline (is older, or later among equals). */
export function comesAfter(x: TimelinePosition, y: TimelinePosition): boolean {
  if (x.at !== y.at) return x.at < y.at;
  if (x.kind !== y.kind) return x.kind < y.kind;
  return x.key < y.key;
}
