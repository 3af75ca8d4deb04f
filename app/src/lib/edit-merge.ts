/** A form's values as it sends them: text fields as strings, check box groups as lists. */
export type FormValues = Record<string, string | readonly string[]>;

/** A form's values as texts, one per field of an operation's schema output `T` (a list field as a list of texts). */
export type FormTexts<T> = { [K in keyof T]-?: T[K] extends readonly unknown[] | undefined ? string[] : string };

type FormValue = FormValues[string];

const same = (a: FormValue | undefined, b: FormValue | undefined) =>
  Array.isArray(a) || Array.isArray(b) ? [...((a as readonly string[]) ?? [])].sort().join("\n") === [...((b as readonly string[]) ?? [])].sort().join("\n") : a === b;

/**
 * The form after a save was refused as stale: every field the user changed (typed differs from
 * what the form started with) keeps what they typed; every other field takes the value someone
 * else saved in the meantime. So nothing typed is lost, and nothing of the other person's is
 * overwritten unseen.
 */
export function mergeAfterConflict<V extends FormValues>(typed: V, base: V, fresh: V): V {
  const merged = { ...fresh };
  for (const key of Object.keys(typed) as (keyof V)[]) {
    if (!same(typed[key], base[key])) merged[key] = typed[key];
  }
  return merged;
}

/** The fields where the user's change and someone else's change differ (to point them out). */
export function conflictingFields<V extends FormValues>(typed: V, base: V, fresh: V): (keyof V)[] {
  return (Object.keys(typed) as (keyof V)[]).filter((key) => !same(typed[key], base[key]) && !same(fresh[key], base[key]) && !same(typed[key], fresh[key]));
}

/**
 * What a refused form had, as its fields' texts: the values the action kept (Conform's reply,
 * `initialValue`). Conform leaves out empty texts and unticked lists, so a field missing from a
 * kept answer was sent empty; without an answer the fields are as given.
 */
export function keptValues<V extends FormValues>(kept: Readonly<Record<string, unknown>> | null | undefined, fields: V): V {
  if (!kept) return fields;
  const values: FormValues = { ...fields };
  for (const key of Object.keys(fields)) {
    const value = kept[key];
    const texts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    values[key] = Array.isArray(fields[key]) ? texts : (texts[0] ?? "");
  }
  return values as V;
}
