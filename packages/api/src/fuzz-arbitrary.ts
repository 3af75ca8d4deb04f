// fast-check arbitraries derived from zod 4 schemas: values the schema accepts, and values
// outside it (wrong types, missing and extra fields, hostile strings and numbers, deep
// nesting, prototype keys). Test support only: used by the procedure fuzz tests.
import fc from "fast-check";
import { globalRegistry, type z } from "zod";

type Schema = z.core.$ZodType;
type Path = (string | number)[];

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
}

/**
 * Replaces the arbitrary for one node of the schema (an id field by its name, a workspace
 * slug, a version number). `key` is the object key the node sits under, if any.
 */
export type Hint = (node: { schema: Schema; path: Path; key: string | undefined }) => fc.Arbitrary<unknown> | undefined;

const defOf = (schema: Schema) => schema._zod.def as unknown as Def;
const isOptional = (schema: Schema) => (schema._zod as { optin?: string }).optin === "optional";
const accepts = (schema: Schema) => (value: unknown) => (schema as unknown as z.ZodType).safeParse(value).success;

/**
 * Keeps the values `schema` accepts, but lets one through after 200 refusals in a row, so a
 * refinement no generator can guess (a score of 1, 3 or 5) never hangs generation: such a
 * node then yields some invalid values, which the callers' tests measure.
 */
function onlyAccepted<T>(arbitrary: fc.Arbitrary<T>, schema: Schema): fc.Arbitrary<T> {
  const ok = accepts(schema);
  let refused = 0;
  return arbitrary.filter((value) => {
    if (ok(value) || refused >= 200) {
      refused = 0;
      return true;
    }
    refused++;
    return false;
  });
}

/** Longest string or array generated for a node without a smaller bound (keeps calls cheap). */
const TEXT_CAP = 300;
const ARRAY_CAP = 4;

/** Values `schema` accepts (before its transforms), biased towards the hint's real ids and edge lengths. */
export function validArbitrary(schema: Schema, hint?: Hint): fc.Arbitrary<unknown> {
  return build(schema, [], hint);
}

function build(schema: Schema, path: Path, hint: Hint | undefined): fc.Arbitrary<unknown> {
  const key = path.length > 0 && typeof path[path.length - 1] === "string" ? (path[path.length - 1] as string) : undefined;
  const hinted = hint?.({ schema, path, key });
  if (hinted) return hinted;
  // A schema that names examples (`.meta({ examples })`) is one no generator guesses valid values for.
  const examples = globalRegistry.get(schema as unknown as z.ZodType)?.examples;
  if (Array.isArray(examples) && examples.length > 0) return fc.constantFrom(...(examples as unknown[]));
  const def = defOf(schema);
  const inner = () => build(def.innerType as Schema, path, hint);
  switch (def.type) {
    case "string":
      return stringArbitrary(schema, def);
    case "number":
      return numberArbitrary(schema, def);
    case "boolean":
      return fc.boolean();
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "any":
    case "unknown":
      return fc.jsonValue({ maxDepth: 2 });
    case "optional":
    case "default":
    case "prefault":
      // Leaving the value out is valid (undefined fills in the default).
      return fc.option(inner(), { nil: undefined, freq: 4 });
    case "nullable":
      return fc.option(inner(), { nil: null, freq: 4 });
    case "readonly":
    case "catch":
    case "nonoptional":
      return inner();
    case "lazy":
      return build((def.getter as () => Schema)(), path, hint);
    case "object":
      return onlyAccepted(objectArbitrary(def.shape as Record<string, Schema>, path, hint), schema);
    case "array": {
      const { min, max } = lengthBounds(def, ARRAY_CAP);
      const items = fc.array(build(def.element as Schema, [...path, 0], hint), { minLength: min, maxLength: Math.min(max, min + ARRAY_CAP) });
      // The same item twice (an id listed twice must not break a unique index).
      const withRepeat = items.filter((a) => a.length > 0 && a.length < max).map((a) => [...a, a[0]]);
      return max > min && max > 1 ? fc.oneof({ weight: 3, arbitrary: items }, { weight: 1, arbitrary: withRepeat }) : items;
    }
    case "union":
      return fc.oneof(...(def.options as Schema[]).map((option) => build(option, path, hint)));
    case "intersection":
      return onlyAccepted(
        fc
          .tuple(build(def.left as Schema, path, hint), build(def.right as Schema, path, hint))
          .map(([left, right]) => (isPlainObject(left) && isPlainObject(right) ? { ...left, ...right } : left)),
        schema,
      );
    case "record":
      return fc.dictionary(build(def.keyType as Schema, path, hint) as fc.Arbitrary<string>, build(def.valueType as Schema, [...path, "*"], hint), { maxKeys: 3 });
    case "pipe": {
      const out = def.out as Schema;
      // A transform cannot be generated: its input side can. Otherwise either side may be
      // the more precise one (a plain string piped into an e-mail format).
      if (defOf(out).type === "transform") return build(def.in as Schema, path, hint);
      // A preprocess (form coercion: text in, the schema's value out): the schema's side.
      if (defOf(def.in as Schema).type === "transform") return build(out, path, hint);
      return onlyAccepted(fc.oneof(build(def.in as Schema, path, hint), build(out, path, hint)), schema);
    }
    case "custom":
      // An uploaded file (z.instanceof(Blob), the workspace import): random bytes, a ZIP or not.
      if ((schema as unknown as z.ZodType).safeParse(new Blob([])).success) return fc.uint8Array({ maxLength: 4096 }).map((bytes) => new Blob([bytes]));
      throw new Error(`fuzz-arbitrary: no arbitrary for zod type "custom" at ${path.join(".") || "(root)"}`);
    default:
      throw new Error(`fuzz-arbitrary: no arbitrary for zod type "${def.type}" at ${path.join(".") || "(root)"}`);
  }
}

function objectArbitrary(shape: Record<string, Schema>, path: Path, hint: Hint | undefined): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [key, field] of Object.entries(shape)) {
    model[key] = build(field, [...path, key], hint);
    if (!isOptional(field)) requiredKeys.push(key);
  }
  return fc.record(model, { requiredKeys }).map(withoutUndefined);
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function lengthBounds(def: Def, cap: number): { min: number; max: number } {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.check === "min_length") min = Math.max(min, c.minimum!);
    if (c.check === "max_length") max = Math.min(max, c.maximum!);
    if (c.check === "length_equals") min = max = c.length!;
  }
  return { min, max: Number.isFinite(max) ? max : min + cap };
}

/** Printable text with the occasional edge: spaces only, accents, emoji, right-to-left, control characters. */
function freeText(min: number, max: number): fc.Arbitrary<string> {
  const maxLength = Math.min(max, Math.max(min, TEXT_CAP));
  const arbitraries: fc.Arbitrary<string>[] = [
    fc.string({ minLength: min, maxLength, unit: "grapheme-ascii" }),
    fc.string({ minLength: min, maxLength, unit: "grapheme" }),
    fc.string({ minLength: min, maxLength, unit: "binary" }),
    fc.constantFrom("Jeugdhulp Noord-Limburg", "  Wmo  ", "Zorg & welzijn <b>", "Café ‘t Hoekje", "\u202Eomw", "🙂👩‍👩‍👧", "a\u0000b", "\uD800", "a\r\nb\tc"),
  ];
  if (Number.isFinite(max) && max <= 10_000) arbitraries.push(fc.constantFrom("x".repeat(max), " ".repeat(max), "é".repeat(max)));
  return fc.oneof(...arbitraries);
}

function stringArbitrary(schema: Schema, def: Def): fc.Arbitrary<unknown> {
  const { min, max } = lengthBounds(def, TEXT_CAP);
  const formats = [def as unknown as CheckDef, ...(def.checks ?? []).map((c) => c._zod.def)].filter((c) => c.check === "string_format");
  let base: fc.Arbitrary<string> | undefined;
  for (const f of formats) {
    if (f.format === "email") base = emailAddress();
    else if (f.format === "uuid" || f.format === "guid") base = fc.oneof(fc.uuid({ version: 4 }), fc.uuid(), fc.constant("00000000-0000-0000-0000-000000000000"));
    else if (f.format === "url") base = fc.oneof(fc.webUrl({ validSchemes: ["http", "https"] }), fc.constant("https://www.overheid.nl/"));
    else if (f.format === "date") base = isoDate();
    else if (f.pattern) base = fc.stringMatching(f.pattern, { maxLength: Math.min(max, TEXT_CAP) });
  }
  return onlyAccepted(base ?? freeText(min, max), schema);
}

/** E-mail addresses zod 4's (stricter than RFC) pattern accepts, in mixed case. */
function emailAddress(): fc.Arbitrary<string> {
  const atom = fc.stringMatching(/^[A-Za-z0-9_+-]{1,12}$/);
  const label = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,10}$/);
  return fc
    .tuple(fc.array(atom, { minLength: 1, maxLength: 3 }), fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[A-Za-z]{2,6}$/))
    .map(([local, domain, tld]) => `${local.join(".")}@${domain.join(".")}.${tld}`);
}

/** Calendar dates, mostly around today, sometimes at the ends of the four-digit years. */
function isoDate(): fc.Arbitrary<string> {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return fc.oneof(
    { weight: 4, arbitrary: fc.date({ min: new Date("1990-01-01"), max: new Date("2060-12-31"), noInvalidDate: true }).map(day) },
    { weight: 1, arbitrary: fc.constantFrom("0000-01-01", "0001-01-01", "1000-02-29", "2024-02-29", "9999-12-31") },
  );
}

function numberArbitrary(schema: Schema, def: Def): fc.Arbitrary<unknown> {
  let min = -Number.MAX_VALUE;
  let max = Number.MAX_VALUE;
  let minExcluded = false;
  let maxExcluded = false;
  let integer = false;
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.check === "greater_than" && c.value! >= min) [min, minExcluded] = [c.value!, !c.inclusive];
    if (c.check === "less_than" && c.value! <= max) [max, maxExcluded] = [c.value!, !c.inclusive];
    if (c.check === "number_format" && c.format !== "float32" && c.format !== "float64") integer = true;
    if (c.check === "multiple_of" && c.value === 1) integer = true;
  }
  const anywhere = integer
    ? fc.integer({
        min: Math.max(Math.ceil(min + (minExcluded ? 1 : 0)), Number.MIN_SAFE_INTEGER),
        max: Math.min(Math.floor(max - (maxExcluded ? 1 : 0)), Number.MAX_SAFE_INTEGER),
      })
    : fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true });
  // Small whole numbers are what refinements (a score of 1, 3 or 5) usually allow; the
  // bounds and the limits of database integer columns are where storage breaks.
  const small = fc.integer({ min: 0, max: 10 });
  const edges = [min, max, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, 1e15 + 0.5].filter(
    (n) => Number.isFinite(n) && (minExcluded ? n > min : n >= min) && (maxExcluded ? n < max : n <= max) && (!integer || Number.isInteger(n)),
  );
  return onlyAccepted(edges.length > 0 ? fc.oneof(anywhere, small, fc.constantFrom(...edges)) : fc.oneof(anywhere, small), schema);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ------------------------------------------------------------------ outside the schema

const HUGE = 200_000;

/** Nesting deeper than any schema expects: [[[…]]] or {"a":{"a":…}}. */
function deeplyNested(depth: number, asObject: boolean): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
}

/** An object with an own property named `key` (also "__proto__", which a literal would turn into a prototype). */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "then"];

/** Values no schema field should take silently: wrong types, edges of number and string, hostile text. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      null,
      undefined,
      true,
      false,
      0,
      -0,
      -1,
      0.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      Number.MAX_SAFE_INTEGER + 2,
      -(2 ** 63),
      2 ** 31 - 1,
      2 ** 31,
      -(2 ** 31) - 1,
      1e21,
      "",
      " ",
      "\u0000",
      "a\u0000b",
      "\uD800",
      "\uDFFF\uD800",
      "\uFFFE",
      "🙂‍↔️",
      "\u202E",
      "null",
      "NaN",
      "1",
      "-1",
      "1e999",
      "true",
      "[]",
      "{}",
      "__proto__",
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "<script>alert(1)</script>",
      "' OR 1=1 --",
      "'; DROP TABLE tender; --",
      "../../etc/passwd",
      "%00",
      "0000-00-00",
      "2024-02-30",
      "+275760-09-13",
      "javascript:alert(1)",
      [],
      {},
      [null],
      [[]],
      { length: 1 },
    ),
    fc.constantFrom("x", "é", "\u0000", "🙂", "1").map((unit) => unit.repeat(HUGE)),
    fc.constantFrom(true, false).chain((asObject) => fc.constantFrom(64, 1_000).map((depth) => deeplyNested(depth, asObject))),
    fc.constantFrom(...PROTOTYPE_KEYS).map((key) => withOwnKey({}, key, { polluted: true, isAdmin: true })),
    fc.constant(Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`)),
    fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }),
  );
}

/** The paths of every object key and array element inside `value` (the root is []). */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out));
  else if (isPlainObject(value)) for (const key of Object.keys(value)) pathsOf(value[key], [...path, key], out);
  return out;
}

type Mutation = { kind: "replace"; value: unknown } | { kind: "delete" } | { kind: "extra"; key: string; value: unknown } | { kind: "wrap" } | { kind: "stringify" };

function mutateAt(root: unknown, path: Path, mutation: Mutation): unknown {
  const change = (value: unknown): unknown => {
    switch (mutation.kind) {
      case "replace":
        return mutation.value;
      case "wrap":
        return [value];
      case "stringify":
        try {
          return JSON.stringify(value) ?? "undefined";
        } catch {
          return fc.stringify(value);
        }
      case "extra":
        return isPlainObject(value) ? withOwnKey({ ...value }, mutation.key, mutation.value) : mutation.value;
      case "delete":
        return undefined;
    }
  };
  if (path.length === 0) return change(root);
  // An earlier mutation may have replaced the container: then there is nothing to reach.
  if (typeof root !== "object" || root === null) return root;
  const copy: unknown = Array.isArray(root) ? [...root] : isPlainObject(root) ? { ...root } : root;
  const [head, ...rest] = path as [string | number, ...Path];
  const container = copy as Record<string | number, unknown>;
  if (rest.length === 0 && mutation.kind === "delete") {
    delete container[head];
    return copy;
  }
  container[head] = mutateAt(container[head], rest, mutation);
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: hostileValue().map((value) => ({ kind: "replace" as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: "delete" as const }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, "workspace", "userId", "role", "id"), fc.string()), hostileValue())
      .map(([key, value]) => ({ kind: "extra" as const, key, value })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "wrap" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "stringify" as const }) },
);

/**
 * Inputs outside the schema: a hostile value instead of the whole input, or a valid input
 * with one or two fields replaced, removed, wrapped, stringified or joined by an extra key.
 * (Some mutations happen to stay valid, such as removing an optional field: that is fine.)
 */
export function outsideArbitrary(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const mutated = valid.chain((value) => {
    const paths = pathsOf(value);
    const step = fc.tuple(fc.constantFrom(...paths), mutation);
    return fc.array(step, { minLength: 1, maxLength: 2 }).map((steps) => steps.reduce((v, [path, m]) => mutateAt(v, path, m), value));
  });
  return fc.oneof({ weight: 1, arbitrary: hostileValue() }, { weight: 4, arbitrary: mutated });
}
