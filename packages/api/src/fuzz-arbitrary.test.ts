import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { emailSchema, isoDateSchema, lotSchema, slugSchema, tenderSchema } from "@regiotafel/domain";
import { hostileValue, outsideArbitrary, validArbitrary } from "./fuzz-arbitrary";
import { routerProcedures, validInput } from "./fuzz-support";

const SAMPLE = { numRuns: 200, seed: 42 };

/** Share of sampled values that `schema` accepts. */
function acceptedShare(schema: z.ZodType, values: unknown[]): number {
  return values.filter((v) => schema.safeParse(v).success).length / values.length;
}

describe("valid arbitraries", () => {
  const schemas: [string, z.ZodType][] = [
    ["a bounded, trimmed text", z.string().trim().min(3).max(8)],
    ["a slug (regex and length)", slugSchema],
    ["an e-mail address (a string piped into a format)", emailSchema],
    ["a date in range", isoDateSchema],
    ["a bounded whole number", z.number().int().min(-3).max(7)],
    ["a number with exclusive bounds", z.number().gt(0).lt(1)],
    ["an enum", z.enum(["A", "B"])],
    ["a literal or a url", z.union([z.literal(""), z.url({ protocol: /^https?$/ })])],
    ["an array with bounds", z.array(z.boolean()).min(2).max(3)],
    ["a record", z.record(z.string().max(4), z.number())],
    ["a tender (defaults, nullables, arrays of ids)", tenderSchema],
    ["a lot (refinements across fields)", lotSchema],
    ["an intersection", lotSchema.and(z.object({ tenderId: z.uuid() }))],
  ];

  it.each(schemas)("%s: every sampled value is accepted", (_name, schema) => {
    const values = fc.sample(validArbitrary(schema), SAMPLE);
    expect(acceptedShare(schema, values)).toBe(1);
  });

  it("reaches the edges of lengths and ranges", () => {
    const texts = fc.sample(validArbitrary(z.string().max(50)), { numRuns: 500, seed: 1 }) as string[];
    expect(texts.some((t) => t.length === 50)).toBe(true);
    expect(texts.some((t) => t.includes("\u0000"))).toBe(true);
    const numbers = fc.sample(validArbitrary(z.number().int().min(0).max(100)), { numRuns: 500, seed: 1 });
    expect(numbers).toContain(0);
    expect(numbers).toContain(100);
  });

  it("leaves optional fields out as often as it fills them", () => {
    const values = fc.sample(validArbitrary(z.object({ a: z.string().optional(), b: z.number().default(1) })), SAMPLE) as Record<string, unknown>[];
    expect(values.some((v) => !("a" in v))).toBe(true);
    expect(values.some((v) => "a" in v)).toBe(true);
    expect(values.every((v) => Object.values(v).every((x) => x !== undefined))).toBe(true);
  });

  it("uses the hint for the nodes it names", () => {
    const schema = z.object({ tenderId: z.uuid(), ids: z.array(z.uuid()).min(1) });
    const id = "11111111-1111-4111-8111-111111111111";
    const values = fc.sample(validArbitrary(schema, ({ schema: node }) => ((node._zod.def as { format?: string }).format === "uuid" ? fc.constant(id) : undefined)), SAMPLE);
    expect(values.every((v) => JSON.stringify(v).replaceAll(id, "").match(/[0-9a-f]{8}-/) === null)).toBe(true);
  });

  it("does not hang on a refinement it cannot guess", () => {
    const schema = z.string().refine((s) => s === "the one value");
    expect(fc.sample(validArbitrary(schema), { numRuns: 5, seed: 1 })).toHaveLength(5);
  });

  it("refuses schema kinds it does not know, so a new kind cannot pass unfuzzed", () => {
    expect(() => validArbitrary(z.date())).toThrow(/no arbitrary for zod type "date"/);
  });

  it("gives every procedure of the router mostly valid inputs", () => {
    for (const procedure of routerProcedures()) {
      if (procedure.inputs.length === 0) continue;
      const values = fc.sample(validInput(procedure, () => undefined), { numRuns: 50, seed: 7 });
      const share = values.filter((v) => procedure.inputs.every((schema) => (schema as unknown as z.ZodType).safeParse(v).success)).length / values.length;
      expect(share, procedure.path).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe("arbitraries outside the schema", () => {
  it("are mostly refused by the schema", () => {
    const values = fc.sample(outsideArbitrary(validArbitrary(tenderSchema)), { numRuns: 300, seed: 3 });
    expect(acceptedShare(tenderSchema, values)).toBeLessThan(0.3);
  });

  it("include wrong types, huge strings, deep nesting, non-finite numbers and own prototype keys", () => {
    const values = fc.sample(hostileValue(), { numRuns: 2_000, seed: 5 });
    expect(values.some((v) => typeof v === "string" && v.length >= 100_000)).toBe(true);
    expect(values.some((v) => Number.isNaN(v))).toBe(true);
    expect(values).toContain(Number.POSITIVE_INFINITY);
    expect(values.some((v) => typeof v === "string" && v.includes("\u0000"))).toBe(true);
    expect(values.some((v) => typeof v === "object" && v !== null && Object.prototype.hasOwnProperty.call(v, "__proto__"))).toBe(true);
    const depth = (v: unknown): number => (Array.isArray(v) ? 1 + depth(v[0]) : typeof v === "object" && v !== null && "a" in v ? 1 + depth((v as { a: unknown }).a) : 0);
    expect(Math.max(...values.map(depth))).toBeGreaterThanOrEqual(1_000);
  });
});
