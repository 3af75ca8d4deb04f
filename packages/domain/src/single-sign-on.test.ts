import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { domainListSchema, emailDomain, emailVerifiedByProvider, identityRefusal, issuerSchema, signInRoute, splitDomains } from "./single-sign-on";

describe("e-mail domains", () => {
  it("takes the domain after the last @, lower case", () => {
    expect(emailDomain("Jan.Jansen@Weert.NL")).toBe("weert.nl");
    expect(emailDomain("a@b@tiel.nl")).toBe("tiel.nl");
    expect(emailDomain("geen-adres")).toBeNull();
    expect(emailDomain("@weert.nl")).toBeNull();
    expect(emailDomain("jan@")).toBeNull();
    expect(emailDomain("jan@localhost")).toBeNull();
  });

  it("splits a typed list on commas, semicolons and white space, drops @ and duplicates", () => {
    expect(splitDomains(" weert.nl, @Weert.NL;\n gemeenteweert.nl ")).toEqual(["weert.nl", "gemeenteweert.nl"]);
  });

  it("refuses an empty list, an invalid host name and too many domains", () => {
    expect(domainListSchema.safeParse("").error?.issues[0]?.message).toBe("sso.domainRequired");
    expect(domainListSchema.safeParse("weert").error?.issues[0]?.message).toBe("sso.domainInvalid");
    expect(domainListSchema.safeParse("we_ert.nl").error?.issues[0]?.message).toBe("sso.domainInvalid");
    const many = Array.from({ length: 21 }, (_, i) => `d${i}.nl`).join(",");
    expect(domainListSchema.safeParse(many).error?.issues[0]?.message).toBe("sso.domainTooMany");
    expect(domainListSchema.parse("weert.nl gemeenteweert.nl")).toEqual(["weert.nl", "gemeenteweert.nl"]);
  });

  it("never throws on any text and yields only valid lower-case domains", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = domainListSchema.safeParse(text);
        if (result.success) for (const d of result.data) expect(d).toBe(d.toLowerCase());
      }),
    );
  });
});

describe("issuer", () => {
  it("accepts https without query or fragment and drops a trailing slash", () => {
    expect(issuerSchema(false).parse("https://login.microsoftonline.com/abc/v2.0/")).toBe("https://login.microsoftonline.com/abc/v2.0");
    expect(issuerSchema(false).safeParse("http://idp.weert.nl").success).toBe(false);
    expect(issuerSchema(true).safeParse("http://127.0.0.1:4000").success).toBe(true);
    expect(issuerSchema(false).safeParse("https://idp.weert.nl/?x=1").success).toBe(false);
    expect(issuerSchema(false).safeParse("https://user:pw@idp.weert.nl").success).toBe(false);
    expect(issuerSchema(false).safeParse("javascript:alert(1)").success).toBe(false);
  });
});

describe("home realm discovery", () => {
  const connections: Record<string, string> = { "weert.nl": "c-weert", "tiel.nl": "c-tiel" };
  const lookup = (domain: string) => connections[domain] ?? null;

  it("sends an address at an SSO domain to its provider, any other to the password field", () => {
    expect(signInRoute("piet@weert.nl", lookup)).toEqual({ kind: "sso", connectionId: "c-weert" });
    expect(signInRoute("PIET@TIEL.NL", lookup)).toEqual({ kind: "sso", connectionId: "c-tiel" });
    expect(signInRoute("piet@roermond.nl", lookup)).toEqual({ kind: "password" });
    expect(signInRoute("rubbish", lookup)).toEqual({ kind: "password" });
  });

  it("depends on the domain alone: two addresses at one domain always get the same answer", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9.]{1,20}$/), fc.stringMatching(/^[a-z0-9.]{1,20}$/), fc.constantFrom("weert.nl", "tiel.nl", "venlo.nl"), (a, b, domain) => {
        expect(signInRoute(`${a}@${domain}`, lookup)).toEqual(signInRoute(`${b}@${domain}`, lookup));
      }),
    );
  });
});

describe("the provider's identity", () => {
  it("takes an address as verified only for email_verified or Entra ID's xms_edov exactly true", () => {
    expect(emailVerifiedByProvider({ email_verified: true })).toBe(true);
    expect(emailVerifiedByProvider({ xms_edov: true })).toBe(true);
    expect(emailVerifiedByProvider({ email_verified: "true" })).toBe(false);
    expect(emailVerifiedByProvider({ xms_edov: 1 })).toBe(false);
    expect(emailVerifiedByProvider({})).toBe(false);
    expect(emailVerifiedByProvider({ email_verified: false, xms_edov: false })).toBe(false);
  });

  const domains = ["weert.nl"];
  it("needs a subject, an address, email_verified exactly true and a covered domain", () => {
    expect(identityRefusal({ email: "a@weert.nl", emailVerified: true, subject: "s1" }, domains)).toBeNull();
    expect(identityRefusal({ email: "a@weert.nl", emailVerified: false, subject: "s1" }, domains)).toBe("sso.emailUnverified");
    expect(identityRefusal({ email: "a@tiel.nl", emailVerified: true, subject: "s1" }, domains)).toBe("sso.domainNotCovered");
    expect(identityRefusal({ email: null, emailVerified: true, subject: "s1" }, domains)).toBe("sso.claimsMissing");
    expect(identityRefusal({ email: "a@weert.nl", emailVerified: true, subject: null }, domains)).toBe("sso.claimsMissing");
  });
});
