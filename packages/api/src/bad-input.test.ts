// Malformed and oversized inputs get a clear Dutch error and change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiTestEnv, fingerprint, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
let weertId: string;
beforeAll(async () => {
  env = await createApiTestEnv();
  weertId = (await env.db.prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } })).id;
});
afterAll(() => env.close());

/** A Dutch sentence: starts with a capital, ends with a full stop, no raw message key or zod English. */
const DUTCH_SENTENCE = /^[A-ZÀ-Ý].*\.$/;

const contact = (overrides: Record<string, unknown>) => ({
  workspace: "limburg",
  municipalityId: weertId,
  contactName: "Naam",
  contactEmail: "inkoop@weert.nl",
  contactPhone: "0495 575 000",
  version: 1,
  ...overrides,
});

const cases: { name: string; who: string; path: string; input: () => unknown; field?: string; message?: string; status?: number }[] = [
  { name: "an e-mail without @", who: "admin", path: "member.add", input: () => ({ workspace: "limburg", email: "geen-email", role: "VIEWER" }), field: "email", message: "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl." },
  { name: "an e-mail of 10 000 characters", who: "admin", path: "member.add", input: () => ({ workspace: "limburg", email: `${"a".repeat(10_000)}@x.nl`, role: "VIEWER" }), field: "email", message: "Dit e-mailadres is te lang." },
  { name: "an unknown role", who: "admin", path: "member.add", input: () => ({ workspace: "limburg", email: "tiel@demo.regiotafel.nl", role: "SUPERUSER" }), field: "role", message: "Kies een geldige rol." },
  { name: "a user id that is not a uuid", who: "admin", path: "member.remove", input: () => ({ workspace: "limburg", userId: "not-a-uuid" }), field: "userId", message: "Deze verwijzing is ongeldig." },
  { name: "a workspace slug with a path", who: "admin", path: "member.remove", input: () => ({ workspace: "../limburg", userId: "00000000-0000-4000-8000-000000000000" }), field: "workspace" },
  { name: "a phone number with words", who: "weert", path: "municipality.updateContact", input: () => contact({ contactPhone: "bel me" }), field: "contactPhone", message: "Vul een geldig telefoonnummer in (cijfers, spaties, +, - en haakjes)." },
  { name: "a contact name of 10 000 characters", who: "weert", path: "municipality.updateContact", input: () => contact({ contactName: "x".repeat(10_000) }), field: "contactName", message: "Deze tekst is te lang." },
  { name: "a version that is not a number", who: "weert", path: "municipality.updateContact", input: () => contact({ version: "1; DROP TABLE organisation" }), field: "version" },
  { name: "null instead of an object", who: "admin", path: "member.add", input: () => null },
  { name: "a string instead of an object", who: "admin", path: "member.add", input: () => "limburg" },
  { name: "an array instead of an object", who: "admin", path: "member.changeRole", input: () => [{ workspace: "limburg" }] },
  { name: "a title with a NUL character", who: "admin", path: "document.create", input: () => ({ workspace: "limburg", kind: "FREE", title: "Notulen\u0000" }), field: "title", message: "Deze tekst bevat tekens die niet kunnen worden opgeslagen." },
  { name: "a version name with half an emoji", who: "admin", path: "document.saveVersion", input: () => ({ workspace: "limburg", documentId: "00000000-0000-4000-8000-000000000000", name: "Concept \uD83D" }), field: "name", message: "Deze tekst bevat tekens die niet kunnen worden opgeslagen." },
  { name: "a version beyond the database's integers", who: "weert", path: "municipality.updateContact", input: () => contact({ version: 2 ** 31 }), field: "version" },
  { name: "a password of 10 000 characters", who: "weert", path: "auth.changePassword", input: () => ({ current: "x", next: "y".repeat(10_000), confirm: "y".repeat(10_000) }), field: "next", message: "Dit wachtwoord is te lang (maximaal 200 tekens)." },
];

describe("bad input", () => {
  it.each(cases)("$path with $name → 400, a clear message, nothing changed", async ({ who, path, input, field, message }) => {
    const before = await fingerprint(env.db);
    const { status, body } = await env.http(`${who}@demo.regiotafel.nl`, path, input(), "mutation");
    expect(status).toBe(400);
    expect(body.error?.data.code).toBe("BAD_REQUEST");
    expect(body.error?.message).toMatch(DUTCH_SENTENCE);
    if (field) {
      const messages = body.error?.data.fieldErrors?.[field];
      expect(messages, `field errors: ${JSON.stringify(body.error?.data.fieldErrors)}`).toBeDefined();
      for (const m of messages!) expect(m).toMatch(DUTCH_SENTENCE);
      if (message) expect(messages).toContain(message);
    }
    expect(await fingerprint(env.db)).toBe(before);
  });

  it("answers an oversized history page size with a clear error", async () => {
    const { status, body } = await env.http("weert@demo.regiotafel.nl", "workspace.history", { workspace: "limburg", limit: 10_000 }, "query");
    expect(status).toBe(400);
    expect(body.error?.data.fieldErrors?.limit?.[0]).toMatch(DUTCH_SENTENCE);
  });

  it("answers a date in the year 0 with a clear error", async () => {
    const { status, body } = await env.http("weert@demo.regiotafel.nl", "tender.timeline", { workspace: "limburg", from: "0000-01-01" }, "query");
    expect(status).toBe(400);
    expect(body.error?.data.fieldErrors?.from).toEqual(["Kies een datum tussen 1900 en 2200."]);
  });

  it("gives English messages to English users", async () => {
    const { body } = await env.http("admin@demo.regiotafel.nl", "member.add", { workspace: "limburg", email: "geen-email", role: "VIEWER" }, "mutation", "en");
    expect(body.error?.data.fieldErrors?.email).toEqual(["Enter a valid e-mail address, for example name@municipality.nl."]);
  });
});
