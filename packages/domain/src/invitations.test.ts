// The invitation form's address list (issue 17, point 4): one field, several separators, one
// message per entry that is no address, repeats kept once. Properties with fast-check.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error";
import { INVITATION_MAX_ADDRESSES, invitationState, parseAddressList } from "./invitations";
import { createInvitations } from "./operations/invitations";
import { emailSchema } from "./schemas";

/** Addresses the e-mail schema accepts (fast-check's are RFC-valid, ours a little stricter: filter by the schema). */
const address = fc
  .emailAddress({ size: "small" })
  .filter((a) => a.length <= 254 && emailSchema.safeParse(a).success && !/[,;<>]/.test(a));
const separator = fc.constantFrom(",", ";", "\n", "\r\n", ", ", " ; ", "\n\n", ",\n");

describe("parseAddressList", () => {
  it("reads every address back, whatever separators and spacing join them", () => {
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 20 }), fc.array(separator, { minLength: 20, maxLength: 20 }), fc.array(fc.constantFrom("", " ", "\t"), { minLength: 20, maxLength: 20 }), (list, seps, pads) => {
        const text = list.map((a, i) => `${pads[i]}${a}${pads[i]}`).reduce((acc, a, i) => (i === 0 ? a : `${acc}${seps[i]}${a}`), "");
        const parsed = parseAddressList(text);
        const normalised = list.map((a) => emailSchema.parse(a));
        expect(parsed.refused).toEqual([]);
        expect(parsed.addresses).toEqual([...new Set(normalised)]);
        expect(parsed.duplicates.sort()).toEqual([...new Set(normalised.filter((a, i) => normalised.indexOf(a) !== i))].sort());
      }),
    );
  });

  it("keeps each address once, case ignored, and reports the repeat", () => {
    fc.assert(
      fc.property(address, fc.nat(3), (a, extra) => {
        const text = [a, a.toUpperCase(), ...Array.from({ length: extra }, () => ` ${a} `)].join(";");
        const parsed = parseAddressList(text);
        expect(parsed.addresses).toEqual([emailSchema.parse(a)]);
        expect(parsed.duplicates).toEqual([emailSchema.parse(a)]);
      }),
    );
  });

  it("refuses each entry that is no address on its own, and keeps the good ones", () => {
    fc.assert(
      fc.property(fc.array(address, { maxLength: 5 }), fc.array(fc.stringMatching(/^[a-z ]{1,12}$/).filter((s) => s.trim() !== ""), { minLength: 1, maxLength: 5 }), (good, bad) => {
        const parsed = parseAddressList([...good, ...bad].join(","));
        expect(parsed.refused.map((r) => r.entry)).toEqual(bad.map((b) => b.trim()));
        expect(parsed.addresses).toEqual([...new Set(good.map((a) => emailSchema.parse(a)))]);
      }),
    );
  });

  it("never throws, and what it accepts is an address the e-mail schema accepts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const parsed = parseAddressList(text);
        for (const a of parsed.addresses) expect(emailSchema.parse(a)).toBe(a);
      }),
    );
  });

  it("reads 'Name <address>' as the address and skips empty entries", () => {
    const parsed = parseAddressList("Anna de Vries <Anna@Weert.nl>;;\n , bob@venlo.nl\n\n");
    expect(parsed).toEqual({ all: ["anna@weert.nl", "bob@venlo.nl"], addresses: ["anna@weert.nl", "bob@venlo.nl"], duplicates: [], refused: [] });
  });
});

describe("the invitation contract's address field", () => {
  const fixed = { organisationId: "7a0c4c36-95c5-4c54-8d0b-1f6b8d1f0e11", role: "EDITOR" };

  it("names each bad address in its own message", () => {
    const result = createInvitations.input.safeParse({ ...fixed, emails: "goed@weert.nl, fout-adres; ook fout@" });
    expect(result.success).toBe(false);
    const { fieldErrors } = describeError(result.error, "nl");
    expect(fieldErrors?.emails).toEqual(["‘fout-adres’ is geen geldig e-mailadres.", "‘ook fout@’ is geen geldig e-mailadres."]);
    const en = describeError(result.error, "en");
    expect(en.fieldErrors?.emails).toEqual(["‘fout-adres’ is not a valid e-mail address.", "‘ook fout@’ is not a valid e-mail address."]);
  });

  it(`refuses more than ${INVITATION_MAX_ADDRESSES} addresses, and an empty list`, () => {
    const many = Array.from({ length: INVITATION_MAX_ADDRESSES + 1 }, (_, i) => `p${i}@weert.nl`).join("\n");
    const tooMany = createInvitations.input.safeParse({ ...fixed, emails: many });
    expect(tooMany.success).toBe(false);
    expect(describeError(tooMany.error, "nl").fieldErrors?.emails).toEqual([`Je kunt maximaal ${INVITATION_MAX_ADDRESSES} adressen tegelijk uitnodigen (dit zijn er ${INVITATION_MAX_ADDRESSES + 1}).`]);
    const exactly = createInvitations.input.parse({ ...fixed, emails: many.split("\n").slice(1).join(",") });
    expect(exactly.emails).toHaveLength(INVITATION_MAX_ADDRESSES);
    const empty = createInvitations.input.safeParse({ ...fixed, emails: " ,\n; " });
    expect(describeError(empty.error, "nl").fieldErrors?.emails).toEqual(["Vul minstens één e-mailadres in."]);
  });

  it("takes a list from a JSON client too, and Dutch is the default language", () => {
    const parsed = createInvitations.input.parse({ ...fixed, emails: ["a@weert.nl", "A@weert.nl"] });
    expect(parsed.emails).toEqual(["a@weert.nl", "a@weert.nl"]);
    expect(parsed.locale).toBe("nl");
  });

  it("reads its own output back as the same list (the page's action parses, then the procedure again)", () => {
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 10 }), fc.array(separator, { minLength: 10, maxLength: 10 }), (list, seps) => {
        const text = list.reduce((acc, a, i) => (i === 0 ? a : `${acc}${seps[i]}${a}`), "");
        const once = createInvitations.input.parse({ ...fixed, emails: text });
        const twice = createInvitations.input.parse(once);
        expect(twice).toEqual(once);
      }),
    );
  });
});

describe("invitationState", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  const later = new Date("2026-12-08T12:00:00Z");
  const earlier = new Date("2026-12-06T12:00:00Z");
  it("accepted and revoked are final; otherwise pending until it expires", () => {
    expect(invitationState({ acceptedAt: earlier, revokedAt: null, expiresAt: earlier }, now)).toBe("ACCEPTED");
    expect(invitationState({ acceptedAt: null, revokedAt: earlier, expiresAt: later }, now)).toBe("REVOKED");
    expect(invitationState({ acceptedAt: null, revokedAt: null, expiresAt: later }, now)).toBe("PENDING");
    expect(invitationState({ acceptedAt: null, revokedAt: null, expiresAt: now }, now)).toBe("EXPIRED");
  });
});
