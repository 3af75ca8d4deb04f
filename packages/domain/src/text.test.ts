import { describe, expect, it } from "vitest";
import { contactSchema, documentTitleSchema, isStorableText, nullableText, optionalText, requiredText, searchQuerySchema, templateMetaSchema, tenderSchema } from "./index";

const NUL = "a\u0000b";
const LONE_HIGH = "a\uD800b";
const LONE_LOW = "\uDC00b";

describe("storable text", () => {
  it("refuses a NUL character and lone surrogate halves, and accepts emoji, accents and line breaks", () => {
    for (const bad of [NUL, LONE_HIGH, LONE_LOW, "x\uD83D"]) expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ["Café ‘t Hoekje", "👩‍👩‍👧 🙂", "regel 1\nregel 2\tkolom", "", "\u202Erechts"]) expect(isStorableText(good), good).toBe(true);
  });

  it("is part of every required and optional text field, with its own message", () => {
    expect(requiredText(20).safeParse(NUL).error?.issues[0]?.message).toBe("text.invalidCharacters");
    expect(optionalText(20).safeParse(LONE_HIGH).error?.issues[0]?.message).toBe("text.invalidCharacters");
    expect(requiredText(20).parse("  Wmo  ")).toBe("Wmo");
    expect(nullableText(20).safeParse(NUL).error?.issues[0]?.message).toBe("text.invalidCharacters");
  });

  it("stores an empty or missing text of a nullable column as null, and bounds it after trimming", () => {
    const name = nullableText(5);
    expect(name.parse("   ")).toBeNull();
    expect(name.parse(null)).toBeNull();
    expect(name.parse(" Weert ")).toBe("Weert");
    expect(name.safeParse("Venray").error?.issues[0]?.message).toBe("text.tooLong");
  });

  it("guards the texts that reach the database: records, titles, search, templates, contacts", () => {
    const tender = { title: "Wmo", domain: "WMO", level: "REGIONAAL", procedure: "OPEN_HOUSE", procuringEntityId: "11111111-1111-4111-8111-111111111111" };
    expect(tenderSchema.safeParse(tender).success).toBe(true);
    expect(tenderSchema.safeParse({ ...tender, title: NUL }).success).toBe(false);
    expect(tenderSchema.safeParse({ ...tender, description: LONE_HIGH }).success).toBe(false);
    expect(documentTitleSchema.safeParse(NUL).success).toBe(false);
    expect(searchQuerySchema.safeParse(`in${NUL}`).success).toBe(false);
    expect(templateMetaSchema.safeParse({ title: "Opzet", description: LONE_LOW }).success).toBe(false);
    expect(contactSchema.safeParse({ contactName: NUL, contactEmail: null, contactPhone: null }).success).toBe(false);
  });
});
