import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { emptyAsNull, formBoolean, formInteger, formList, formNumber, formWords, parseDutchNumber, splitWords } from "./form-input";

describe("parseDutchNumber", () => {
  it("reads Dutch and plain notation alike for amounts and decimals", () => {
    for (const kind of ["amount", "decimal"] as const) {
      expect(parseDutchNumber("1,5", kind)).toBe(1.5);
      expect(parseDutchNumber("1.5", kind)).toBe(1.5);
      expect(parseDutchNumber("€ 1.234,50", kind)).toBe(1234.5);
      expect(parseDutchNumber("1,234.5", kind)).toBe(1234.5);
      expect(parseDutchNumber("12.900.000", kind)).toBe(12_900_000);
      expect(parseDutchNumber("12 900 000", kind)).toBe(12_900_000);
      expect(parseDutchNumber(" 5 % ", kind)).toBe(5);
      expect(parseDutchNumber("+3", kind)).toBe(3);
      expect(parseDutchNumber(",5", kind)).toBe(0.5);
    }
  });

  it("reads one dot and three digits as thousands in an amount and as a decimal point otherwise", () => {
    expect(parseDutchNumber("12.900", "amount")).toBe(12_900);
    expect(parseDutchNumber("100.000", "amount")).toBe(100_000);
    expect(parseDutchNumber("12.900", "decimal")).toBe(12.9);
    expect(parseDutchNumber("12.90", "amount")).toBe(12.9);
  });

  it("gives null for nothing and NaN for text that is no number", () => {
    expect(parseDutchNumber("", "amount")).toBeNull();
    expect(parseDutchNumber("   ", "decimal")).toBeNull();
    for (const text of ["tien", "1,2,3", "1.2.3,4,5", "PM", "1e5", "0x10", "--1", "1-"]) expect(parseDutchNumber(text, "amount")).toBeNaN();
  });

  it("keeps the sign, so a schema can say a negative number is not possible", () => {
    expect(parseDutchNumber("-1,5", "decimal")).toBe(-1.5);
  });

  it("refuses separators that make no number", () => {
    for (const text of ["1,5,5,", "1.2.3", "1,234.5,6"]) expect(parseDutchNumber(text, "decimal")).toBeNaN();
    expect(parseDutchNumber("32,46%", "decimal")).toBe(32.46);
    expect(parseDutchNumber(" 0,56 ", "decimal")).toBe(0.56);
    expect(parseDutchNumber("12,900,000", "amount")).toBe(12_900_000);
    expect(parseDutchNumber("€ 12 900 000", "amount")).toBe(12_900_000);
  });

  it("reads back every amount as Dutch users format it", () => {
    const nl = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const value = whole + cents / 100;
        expect(parseDutchNumber(nl.format(value), "amount")).toBeCloseTo(value, 2);
      }),
    );
  });

  it("never throws, whatever is typed", () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.constantFrom("amount" as const, "decimal" as const), (text, kind) => {
      const result = parseDutchNumber(text, kind);
      expect(result === null || typeof result === "number").toBe(true);
    }));
  });
});

describe("form coercion in schemas", () => {
  const schema = z.object({
    amount: formNumber("amount", z.number({ error: "number.invalid" }).nullable()),
    choice: emptyAsNull(z.enum(["A", "B"]).nullable()),
    ids: formList(z.array(z.string())).default([]),
    yes: formBoolean,
    version: formInteger(z.number().int()),
  });

  it("reads what a form posts", () => {
    expect(schema.parse({ amount: "12.900", choice: "", ids: "x", yes: "on", version: "7" })).toEqual({ amount: 12_900, choice: null, ids: ["x"], yes: true, version: 7 });
    expect(schema.parse({ amount: "", choice: "B", ids: ["x", "y"], yes: "false", version: "0" })).toEqual({ amount: null, choice: "B", ids: ["x", "y"], yes: false, version: 0 });
  });

  it("passes what a JSON client sends unchanged", () => {
    expect(schema.parse({ amount: 12.9, choice: "A", yes: true, version: 3 })).toEqual({ amount: 12.9, choice: "A", ids: [], yes: true, version: 3 });
  });

  it("refuses text that is no number with the schema's message, and a version that is not digits", () => {
    expect(schema.safeParse({ amount: "veel", choice: null, yes: true, version: 1 }).error?.issues[0]?.message).toBe("number.invalid");
    expect(schema.safeParse({ amount: 1, choice: null, yes: true, version: "1.5" }).success).toBe(false);
    expect(schema.safeParse({ amount: 1, choice: null, yes: "ja", version: 1 }).success).toBe(false);
  });
});

describe("splitWords (tags typed in one box)", () => {
  it("splits on commas and semicolons, trims, lowercases and collapses spaces", () => {
    expect(splitWords(" Wmo, Jeugd ;  inkoop   strategie ")).toEqual(["wmo", "jeugd", "inkoop strategie"]);
  });

  it("leaves out empty words and repeats, keeping the typed order", () => {
    expect(splitWords("jeugd,, ,JEUGD, wmo,jeugd")).toEqual(["jeugd", "wmo"]);
    expect(splitWords("")).toEqual([]);
    expect(splitWords(" , ; ")).toEqual([]);
  });

  it("reads a typed box as a list and passes a JSON list unchanged", () => {
    const tags = formWords(z.array(z.string()));
    expect(tags.parse("wmo, jeugd")).toEqual(["wmo", "jeugd"]);
    expect(tags.parse(["Wmo "])).toEqual(["Wmo "]);
  });
});
