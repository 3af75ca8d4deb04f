import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapClaims } from "./claims";

const mapping = { nameClaim: "name", emailClaim: "email", subjectClaim: "sub" };
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc.tuple(label, fc.constantFrom("nl", "org", "eu")).map(([name, tld]) => `${name}.${tld}`);
const localPart = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,20}$/);
const randomCase = (text: string, flips: boolean[]) =>
  [...text].map((c, i) => (flips[i % Math.max(flips.length, 1)] ? c.toUpperCase() : c)).join("");

describe("mapping a provider's claims", () => {
  it("accepts a verified address in a covered domain in any case, and returns it in lower case", () => {
    fc.assert(
      fc.property(localPart, domain, fc.array(fc.boolean(), { minLength: 1 }), fc.string({ minLength: 1 }), (local, covered, flips, subject) => {
        const email = randomCase(`${local}@${covered}`, flips);
        const mapped = mapClaims({ sub: subject, email, email_verified: true, name: "Jan" }, mapping, [covered]);
        expect(mapped).toEqual({ ok: true, subject, email: `${local}@${covered}`.toLowerCase(), name: "Jan" });
      }),
    );
  });

  it("refuses an address outside the connection's domains, including a subdomain or a look-alike", () => {
    fc.assert(
      fc.property(localPart, domain, domain, (local, covered, other) => {
        fc.pre(other !== covered);
        for (const domainOfAddress of [other, `sub.${covered}`, `${covered}.evil.example`]) {
          const mapped = mapClaims({ sub: "s", email: `${local}@${domainOfAddress}`, email_verified: true }, mapping, [covered]);
          expect(mapped).toEqual({ ok: false, reason: "domain", domain: domainOfAddress.toLowerCase() });
        }
      }),
    );
  });

  it("refuses an address unless email_verified is exactly true", () => {
    fc.assert(
      fc.property(fc.anything().filter((value) => value !== true), (verified) => {
        const mapped = mapClaims({ sub: "s", email: "a@weert.nl", email_verified: verified }, mapping, ["weert.nl"]);
        expect(mapped).toEqual({ ok: false, reason: "email_unverified" });
      }),
    );
    expect(mapClaims({ sub: "s", email: "a@weert.nl" }, mapping, ["weert.nl"])).toEqual({ ok: false, reason: "email_unverified" });
  });

  it("refuses claims without a subject or an address, naming the claim", () => {
    const entra = { nameClaim: "name", emailClaim: "preferred_username", subjectClaim: "oid" };
    expect(mapClaims({ sub: "s", email: "a@weert.nl", email_verified: true }, entra, ["weert.nl"])).toEqual({
      ok: false,
      reason: "claims",
      detail: 'the ID token has no "oid" claim (the subject)',
    });
    for (const address of [undefined, "", "no-at-sign", "@weert.nl", "a@", 42]) {
      expect(mapClaims({ oid: "o", preferred_username: address, email_verified: true }, entra, ["weert.nl"])).toMatchObject({
        ok: false,
        reason: "claims",
        detail: expect.stringContaining('"preferred_username"'),
      });
    }
  });

  it("uses the mapped name claim, and the address when there is no name", () => {
    const claims = { sub: "s", email: "a@weert.nl", email_verified: true, display_name: "  Anna  " };
    expect(mapClaims(claims, { ...mapping, nameClaim: "display_name" }, ["weert.nl"])).toMatchObject({ ok: true, name: "Anna" });
    expect(mapClaims(claims, mapping, ["weert.nl"])).toMatchObject({ ok: true, name: "a@weert.nl" });
  });
});
