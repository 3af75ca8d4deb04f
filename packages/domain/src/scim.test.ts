import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScimFilter, parseScimListQuery, parseScimPatch, parseScimUser, resolveScimPatch, SCIM_SCHEMAS, ScimProblem, type ScimUserFields } from "./scim";

const current: ScimUserFields = { email: "jan@weert.nl", name: "Jan van der Berg", active: true, externalId: "e-1" };
const patch = (...ops: unknown[]) => ({ schemas: [SCIM_SCHEMAS.patchOp], Operations: ops });
const apply = (...ops: unknown[]) => resolveScimPatch(current, parseScimPatch(patch(...ops)));
const problem = (run: () => unknown) => {
  try {
    run();
    return "accepted";
  } catch (error) {
    if (error instanceof ScimProblem) return `${error.status} ${error.scimType ?? ""}`.trim();
    throw error;
  }
};

describe("parseScimPatch and resolveScimPatch: what Entra ID sends", () => {
  it("deactivates and reactivates with string booleans in any case, with a path or as a value object", () => {
    expect(apply({ op: "Replace", path: "active", value: "False" }).active).toBe(false);
    expect(apply({ op: "replace", path: "active", value: "TRUE" }).active).toBe(true);
    expect(apply({ op: "replace", value: { active: false } }).active).toBe(false);
    expect(apply({ op: "Add", path: "active", value: false }).active).toBe(false);
    expect(apply({ op: "REPLACE", path: "urn:ietf:params:scim:schemas:core:2.0:User:active", value: "false" }).active).toBe(false);
  });

  it("updates names: displayName wins, then formatted, then given and family name over the stored name", () => {
    expect(apply({ op: "Replace", path: "displayName", value: "  Jan  Jansen " }).name).toBe("Jan Jansen");
    expect(apply({ op: "Replace", path: "name.formatted", value: "J. Jansen" }).name).toBe("J. Jansen");
    expect(apply({ op: "Replace", path: "name.givenName", value: "Johan" }).name).toBe("Johan van der Berg");
    expect(apply({ op: "Replace", path: "name.familyName", value: "Smit" }).name).toBe("Jan Smit");
    expect(apply({ op: "Replace", path: "name.givenName", value: "Piet" }, { op: "Replace", path: "name.familyName", value: "de Vries" }).name).toBe("Piet de Vries");
    expect(apply({ op: "replace", value: { name: { givenName: "Piet", familyName: "Smit" }, displayName: "Piet Smit (Weert)" } }).name).toBe("Piet Smit (Weert)");
  });

  it("updates the address through the work e-mail or userName, lower-cased; a malformed address is refused", () => {
    expect(apply({ op: "Replace", path: 'emails[type eq "work"].value', value: "Jan.Nieuw@Weert.nl" }).email).toBe("jan.nieuw@weert.nl");
    expect(apply({ op: "Replace", path: "userName", value: "j@weert.nl" }).email).toBe("j@weert.nl");
    expect(apply({ op: "replace", path: "emails", value: [{ value: "a@weert.nl", type: "home" }, { value: "b@weert.nl", primary: "True" }] }).email).toBe("b@weert.nl");
    // The work address wins over userName (mail goes there).
    expect(apply({ op: "Replace", path: "userName", value: "upn@weert.nl" }, { op: "Replace", path: 'emails[type eq "work"].value', value: "mail@weert.nl" }).email).toBe("mail@weert.nl");
    expect(problem(() => apply({ op: "Replace", path: "userName", value: "geen adres" }))).toBe("400 invalidValue");
  });

  it("sets and removes externalId; ignores attributes Regiotafel does not keep", () => {
    expect(apply({ op: "Add", path: "externalId", value: "obj-2" }).externalId).toBe("obj-2");
    expect(apply({ op: "Remove", path: "externalId" }).externalId).toBeNull();
    const ignored = apply(
      { op: "Add", path: "title", value: "Inkoper" },
      { op: "Replace", path: 'phoneNumbers[type eq "work"].value', value: "+31 6" },
      { op: "Replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Inkoop" },
      { op: "Replace", path: 'addresses[type eq "work"].locality', value: "Weert" },
      { op: "Add", value: { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "X" }, preferredLanguage: "nl-NL" } },
      { op: "Remove", path: "displayName" },
    );
    expect(ignored).toEqual(current);
  });

  it("refuses what is not a PatchOp: each with its scimType", () => {
    expect(problem(() => parseScimPatch(null))).toBe("400 invalidSyntax");
    expect(problem(() => parseScimPatch({ Operations: [] }))).toBe("400 invalidSyntax");
    expect(problem(() => parseScimPatch({ schemas: ["x"], Operations: [{ op: "replace", path: "active", value: true }] }))).toBe("400 invalidSyntax");
    expect(problem(() => parseScimPatch(patch({ op: "move", path: "active", value: true })))).toBe("400 invalidSyntax");
    expect(problem(() => parseScimPatch(patch({ op: "replace", path: "active", value: "ja" })))).toBe("400 invalidValue");
    expect(problem(() => parseScimPatch(patch({ op: "replace", path: "active]]", value: true })))).toBe("400 invalidPath");
    expect(problem(() => parseScimPatch(patch({ op: "remove" })))).toBe("400 invalidPath");
    expect(problem(() => parseScimPatch(patch({ op: "replace", value: "False" })))).toBe("400 invalidValue");
    expect(problem(() => parseScimPatch(patch({ op: "replace", path: "displayName", value: "x".repeat(201) })))).toBe("400 invalidValue");
  });
});

describe("parseScimUser (POST, PUT)", () => {
  it("reads Entra's create request", () => {
    const user = parseScimUser({
      schemas: [SCIM_SCHEMAS.user, SCIM_SCHEMAS.enterpriseUser],
      externalId: "0a1b",
      userName: "Piet@Weert.nl",
      active: true,
      displayName: "Piet Smit",
      emails: [{ primary: true, type: "work", value: "piet.smit@weert.nl" }],
      name: { formatted: "Piet Smit", familyName: "Smit", givenName: "Piet" },
      [SCIM_SCHEMAS.enterpriseUser]: { department: "Inkoop" },
    });
    expect(user).toEqual({ email: "piet.smit@weert.nl", name: "Piet Smit", active: true, externalId: "0a1b" });
    expect(parseScimUser({ userName: "a@b.nl", name: { givenName: "A", familyName: "B" }, active: "False" })).toEqual({ email: "a@b.nl", name: "A B", active: false, externalId: null });
    expect(parseScimUser({ userName: "a@b.nl" }, false)).toEqual({ email: "a@b.nl", name: "a@b.nl", active: false, externalId: null });
  });
  it("refuses a body without a valid userName", () => {
    expect(problem(() => parseScimUser({ displayName: "x" }))).toBe("400 invalidSyntax");
    expect(problem(() => parseScimUser({ userName: "x" }))).toBe("400 invalidValue");
    expect(problem(() => parseScimUser([]))).toBe("400 invalidSyntax");
  });
});

describe("parseScimFilter and parseScimListQuery", () => {
  it("reads the filters Entra sends, with escapes and the schema URN", () => {
    expect(parseScimFilter('userName eq "Jan@Weert.nl"')).toEqual({ attribute: "userName", value: "Jan@Weert.nl" });
    expect(parseScimFilter('externalId EQ "a\\"b"')).toEqual({ attribute: "externalId", value: 'a"b' });
    expect(parseScimFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"')).toEqual({ attribute: "userName", value: "x" });
    expect(parseScimFilter('emails[type eq "work"].value eq "x@y.nl"')).toEqual({ attribute: "email", value: "x@y.nl" });
    expect(parseScimFilter('id eq "abc"')).toEqual({ attribute: "id", value: "abc" });
  });
  it("refuses other operators, attributes and malformed filters with invalidFilter", () => {
    for (const filter of ['userName ne "x"', 'userName co "x"', 'userName eq "x" and active eq true', "userName eq x", 'title eq "x"', 'userName eq "\\u00"', 'userName eq "a', "userName pr", "x".repeat(2000)]) {
      expect(problem(() => parseScimFilter(filter)), filter).toBe("400 invalidFilter");
    }
  });
  it("pages: startIndex at least 1, count between 0 and the maximum; non-integers refused", () => {
    expect(parseScimListQuery({})).toEqual({ filter: null, startIndex: 1, count: 100 });
    expect(parseScimListQuery({ startIndex: "0", count: "5000" })).toEqual({ filter: null, startIndex: 1, count: 200 });
    expect(parseScimListQuery({ count: "-3", filter: "" })).toEqual({ filter: null, startIndex: 1, count: 0 });
    expect(problem(() => parseScimListQuery({ count: "1e3" }))).toBe("400 invalidValue");
    expect(problem(() => parseScimListQuery({ filter: ["a", "b"] }))).toBe("400 invalidValue");
  });
});

describe("properties", () => {
  it("arbitrary JSON never escapes the parsers as anything but a ScimProblem (400)", () => {
    const op = fc.record(
      {
        op: fc.oneof(fc.constantFrom("add", "Replace", "REMOVE", "move"), fc.string()),
        path: fc.oneof(fc.constantFrom("active", "displayName", "name.givenName", 'emails[type eq "work"].value', "externalId", "userName", "name", "emails"), fc.string()),
        value: fc.jsonValue(),
      },
      { requiredKeys: ["op"] },
    );
    const body = fc.oneof(fc.jsonValue(), fc.record({ schemas: fc.constant([SCIM_SCHEMAS.patchOp]), Operations: fc.array(op, { maxLength: 5 }) }));
    fc.assert(
      fc.property(body, (value) => {
        for (const run of [() => resolveScimPatch(current, parseScimPatch(value)), () => parseScimUser(value)]) {
          try {
            run();
          } catch (error) {
            expect(error).toBeInstanceOf(ScimProblem);
            expect((error as ScimProblem).status).toBe(400);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
  it("arbitrary filter text is either read or refused as invalidFilter", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((v) => `userName eq "${v}"`)), (text) => {
        const outcome = problem(() => parseScimFilter(text));
        expect(["accepted", "400 invalidFilter"]).toContain(outcome);
      }),
    );
  });
});
