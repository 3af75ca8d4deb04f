import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { commentBodySchema, commentParts, commentPlainText, mentionedIn } from "./comments";

const weert = "0b5c7f2e-1111-4a4a-8b8b-000000000001";
const jan = "0b5c7f2e-2222-4a4a-8b8b-000000000002";

describe("mentions in a comment", () => {
  it("reads tokens of people and organisations and words typed after a bare @", () => {
    const body = `@[Weert](org:${weert}) en @[Jan Jansen](user:${jan}), klopt dit? Vraag ook @Venlo en @Roermond.`;
    expect(mentionedIn(body)).toEqual({ userIds: [jan], organisationIds: [weert], words: ["venlo", "roermond"] });
    expect(commentPlainText(body)).toBe("@Weert en @Jan Jansen, klopt dit? Vraag ook @Venlo en @Roermond.");
    expect(commentParts(body)[0]).toEqual({ mention: "Weert", kind: "org", id: weert });
  });

  it("an e-mail address is no mention", () => {
    expect(mentionedIn("Mail naar info@venlo.nl").words).toEqual([]);
  });

  it("splitting into parts and joining them again gives the comment back (property)", () => {
    const piece = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(`@[Weert](org:${weert})`, `@[Jan](user:${jan})`, "@[", "](user:", "@Venlo"));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const body = pieces.join("");
        const rebuilt = commentParts(body)
          .map((p) => ("text" in p ? p.text : `@[${p.mention}](${p.kind}:${p.id})`))
          .join("");
        expect(rebuilt).toBe(body);
      }),
    );
  });
});

describe("a comment's text", () => {
  it("is trimmed, required, at most 5,000 characters and storable", () => {
    expect(commentBodySchema.parse("  Klopt dit?  ")).toBe("Klopt dit?");
    expect(commentBodySchema.safeParse("   ").error?.issues[0]?.message).toBe("comment.bodyRequired");
    expect(commentBodySchema.safeParse("x".repeat(5001)).error?.issues[0]?.message).toBe("comment.bodyTooLong");
    expect(commentBodySchema.safeParse("a\u0000b").error?.issues[0]?.message).toBe("text.invalidCharacters");
  });
});
