import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changedFields, comesAfter, decodeTimelineCursor, encodeTimelineCursor, sameValue, timelineCursorSchema } from "./history";

const snapshot = fc.dictionary(fc.oneof(fc.constantFrom("status", "title", "estimatedValue", "__proto__", "constructor"), fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 3 }));
/** Anything an audit snapshot column may hold, also what is no object. */
const anySnapshot = fc.oneof(snapshot, fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));

const own = (state: unknown, key: string) =>
  typeof state === "object" && state !== null && !Array.isArray(state) ? (Object.getOwnPropertyDescriptor(state, key)?.value ?? null) : null;

describe("changedFields", () => {
  it("lists a changed field with its value before and after, and leaves out the unchanged ones", () => {
    expect(changedFields({ title: "Jeugd", status: "PLANNED", estimatedValue: 1_000_000 }, { title: "Jeugd", status: "PUBLISHED", estimatedValue: 1_250_000 })).toEqual([
      { field: "status", before: "PLANNED", after: "PUBLISHED" },
      { field: "estimatedValue", before: 1_000_000, after: 1_250_000 },
    ]);
  });

  it("lists what a create set and what a delete had; absent and null are the same", () => {
    expect(changedFields(null, { title: "Jeugd", procedure: null })).toEqual([{ field: "title", before: null, after: "Jeugd" }]);
    expect(changedFields({ title: "Jeugd" }, undefined)).toEqual([{ field: "title", before: "Jeugd", after: null }]);
    expect(changedFields({ dueDate: null }, {})).toEqual([]);
    expect(changedFields("a", "b")).toEqual([]);
    expect(changedFields([1], [2])).toEqual([]);
  });

  it("compares nested values as JSON, whatever the order of their fields", () => {
    expect(changedFields({ lots: [{ a: 1, b: 2 }] }, { lots: [{ b: 2, a: 1 }] })).toEqual([]);
    expect(changedFields({ lots: [{ a: 1 }] }, { lots: [{ a: 2 }] })).toEqual([{ field: "lots", before: [{ a: 1 }], after: [{ a: 2 }] }]);
  });

  it("treats a field named __proto__ as a field", () => {
    const before = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    const after = JSON.parse('{"__proto__": {"x": 2}}') as unknown;
    expect(changedFields(before, after)).toEqual([{ field: "__proto__", before: { x: 1 }, after: { x: 2 } }]);
  });

  it("for any two snapshots: only differing fields, each once, each side from its own snapshot", () => {
    fc.assert(
      fc.property(anySnapshot, anySnapshot, (before, after) => {
        const diffs = changedFields(before, after);
        const fields = diffs.map((d) => d.field);
        expect(new Set(fields).size).toBe(fields.length);
        for (const d of diffs) {
          expect(sameValue(d.before, d.after)).toBe(false);
          expect(d.before).toEqual(own(before, d.field));
          expect(d.after).toEqual(own(after, d.field));
        }
        // Every field that differs is listed.
        const keys = new Set([before, after].flatMap((s) => (typeof s === "object" && s !== null && !Array.isArray(s) ? Object.keys(s) : [])));
        for (const key of keys) if (!sameValue(own(before, key), own(after, key))) expect(fields).toContain(key);
      }),
    );
  });

  it("finds nothing between a snapshot and itself or a copy of it, and is symmetric", () => {
    fc.assert(
      fc.property(anySnapshot, anySnapshot, (before, after) => {
        expect(changedFields(before, structuredClone(before))).toEqual([]);
        const there = changedFields(before, after);
        const back = changedFields(after, before);
        expect(back.map((d) => d.field).sort()).toEqual(there.map((d) => d.field).sort());
      }),
    );
  });
});

describe("the timeline cursor", () => {
  const position = fc.record({
    at: fc.integer({ min: 0, max: 8_640_000_000_000 }),
    kind: fc.constantFrom("a" as const, "e" as const),
    id: fc.uuid({ version: 4 }),
    user: fc.uuid({ version: 4 }),
  }).map(({ at, kind, id, user }) => ({ at, kind, key: kind === "a" ? id : `${id}:${user}` }));

  it("reads back what it wrote, and nothing else", () => {
    fc.assert(
      fc.property(position, (p) => {
        expect(decodeTimelineCursor(encodeTimelineCursor(p))).toEqual(p);
      }),
    );
    for (const bad of ["", "1.a.x", "1.e.00000000-0000-4000-8000-000000000000", "x.a.00000000-0000-4000-8000-000000000000", "1.a.00000000-0000-4000-8000-000000000000;"]) {
      expect(decodeTimelineCursor(bad)).toBeNull();
      expect(timelineCursorSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("orders positions strictly: newest first, one of any two distinct positions comes after the other", () => {
    fc.assert(
      fc.property(position, position, (x, y) => {
        const same = x.at === y.at && x.kind === y.kind && x.key === y.key;
        expect(comesAfter(x, y) !== comesAfter(y, x) || same).toBe(true);
        if (x.at < y.at) expect(comesAfter(x, y)).toBe(true);
      }),
    );
  });
});
