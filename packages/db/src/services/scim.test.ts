// SCIM tokens and the users an organisation's identity provider manages through them (issue 20
// point 5), on a fresh database: tokens stored only as their SHA-256, scoped to one organisation;
// deactivation ends sessions and announces it; a refused request changes nothing.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { DomainError, parseScimListQuery, SCIM_SCHEMAS, ScimProblem } from "@regiotafel/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { eventBus, type BusEvent } from "../events";
import { seedDemoData } from "../seed";
import { createTestDatabase } from "../testing";
import { createScimUser, deleteScimUser, getScimUser, listScimUsers, patchScimUser, replaceScimUser } from "./scim";
import { NO_PASSWORD } from "./sso-accounts";
import { authenticateScimToken, createScimToken, listScimTokens, revokeScimToken, SCIM_TOKEN_PREFIX, type ScimActor } from "./scim-tokens";

let db: Database;
let weert: ScimActor;
let tiel: ScimActor;
let weertToken: string;
let admin: { userId: string; organisationId: string };
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma, "scrypt$placeholder");
  const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "weert@demo.regiotafel.nl" } });
  admin = { userId: user.id, organisationId: user.organisationId };
  const created = await createScimToken(db.prisma, admin, { organisationId: user.organisationId, label: "Entra Weert" });
  weertToken = created.token;
  weert = (await authenticateScimToken(db.prisma, weertToken))!;
  const tielOrg = await db.prisma.organisation.findUniqueOrThrow({ where: { slug: "tiel" } });
  const tielToken = await createScimToken(db.prisma, admin, { organisationId: tielOrg.id, label: "Entra Tiel" });
  tiel = (await authenticateScimToken(db.prisma, tielToken.token))!;
});
afterAll(() => db.close());

const problem = async (call: Promise<unknown>) => {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof ScimProblem) return `${error.status} ${error.scimType ?? ""}`.trim();
    if (error instanceof DomainError) return error.messageKey;
    throw error;
  }
};
const patchOf = (...ops: unknown[]) => ({ schemas: [SCIM_SCHEMAS.patchOp], Operations: ops });
let n = 0;
const newUser = (actor: ScimActor, extra: Record<string, unknown> = {}) => {
  n++;
  return createScimUser(db.prisma, actor, { schemas: [SCIM_SCHEMAS.user], userName: `p${n}@example.nl`, displayName: `Persoon ${n}`, externalId: `ext-${n}`, ...extra });
};
async function addSession(userId: string) {
  await db.prisma.session.create({
    data: { id: createHash("sha256").update(`s${++n}`).digest("hex"), userId, expiresAt: new Date(Date.now() + 3600_000), absoluteExpiresAt: new Date(Date.now() + 7200_000) },
  });
}
/** Everything SCIM could change about a user, to compare before and after a refusal. */
const stateOf = async (userId: string) => ({
  user: await db.prisma.user.findUniqueOrThrow({ where: { id: userId } }),
  link: await db.prisma.scimLink.findUnique({ where: { userId } }),
  sessions: await db.prisma.session.count({ where: { userId } }),
});

describe("SCIM tokens", () => {
  it("shows the token once, stores only its SHA-256, and lists tokens without either", async () => {
    const created = await createScimToken(db.prisma, admin, { organisationId: admin.organisationId, label: "  Tweede   token " });
    expect(created.token).toMatch(/^rt_scim_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(SCIM_TOKEN_PREFIX)).toBe(true);
    const row = await db.prisma.scimToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(row.label).toBe("Tweede token");
    expect(JSON.stringify(row)).not.toContain(created.token.slice(SCIM_TOKEN_PREFIX.length));
    const listed = await listScimTokens(db.prisma, admin.organisationId);
    expect(listed.map((t) => t.label)).toEqual(expect.arrayContaining(["Tweede token", "Entra Weert"]));
    expect(listed.every((t) => !("tokenHash" in t) && !("token" in t))).toBe(true);
    expect(listed.find((t) => t.id === created.id)?.createdByName).toBe("Inkoop Weert");
    expect(await db.prisma.auditEvent.count({ where: { action: "scimToken.created", entityId: created.id, actorId: admin.userId } })).toBe(1);
    expect(await problem(createScimToken(db.prisma, admin, { organisationId: admin.organisationId, label: "   " }))).toBe("input.invalid");
  });

  it("authenticates its organisation; an unknown, malformed or revoked token is refused; another organisation cannot revoke it", async () => {
    const created = await createScimToken(db.prisma, admin, { organisationId: admin.organisationId, label: "Intrekken" });
    expect(await authenticateScimToken(db.prisma, created.token)).toEqual({ organisationId: admin.organisationId, tokenId: created.id, label: "Intrekken" });
    expect(await authenticateScimToken(db.prisma, `${SCIM_TOKEN_PREFIX}${"A".repeat(43)}`)).toBeNull();
    expect(await authenticateScimToken(db.prisma, created.token.slice(0, -1))).toBeNull();
    expect(await authenticateScimToken(db.prisma, "")).toBeNull();
    expect(await problem(revokeScimToken(db.prisma, admin, { organisationId: tiel.organisationId, tokenId: created.id }))).toBe("notFound");
    expect(await revokeScimToken(db.prisma, admin, { organisationId: admin.organisationId, tokenId: created.id })).toEqual({ revoked: true });
    expect(await revokeScimToken(db.prisma, admin, { organisationId: admin.organisationId, tokenId: created.id })).toEqual({ revoked: false });
    expect(await authenticateScimToken(db.prisma, created.token)).toBeNull();
  });

  it("writes lastUsedAt at most once a minute", async () => {
    const created = await createScimToken(db.prisma, admin, { organisationId: admin.organisationId, label: "Tijd" });
    const t0 = new Date("2030-01-01T10:00:00Z");
    const lastUsed = async () => (await db.prisma.scimToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt?.toISOString();
    await authenticateScimToken(db.prisma, created.token, t0);
    await authenticateScimToken(db.prisma, created.token, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + 61_000);
    await authenticateScimToken(db.prisma, created.token, later);
    expect(await lastUsed()).toBe(later.toISOString());
  });
});

describe("SCIM users", () => {
  it("creates an account in the token's organisation without a usable password, linked to its externalId, audited", async () => {
    const user = await createScimUser(db.prisma, weert, {
      schemas: [SCIM_SCHEMAS.user],
      userName: "Nieuw.Lid@weert.nl",
      externalId: "obj-nieuw",
      active: true,
      displayName: "Nieuw Lid",
      emails: [{ primary: true, type: "work", value: "nieuw.lid@weert.nl" }],
    });
    expect(user).toMatchObject({ email: "nieuw.lid@weert.nl", name: "Nieuw Lid", deactivatedAt: null, externalId: "obj-nieuw" });
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.organisationId).toBe(weert.organisationId);
    expect(stored.passwordHash).toBe(NO_PASSWORD);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.provisioned", entityId: user.id } });
    expect(audit.actorId).toBeNull();
    expect(audit.actorOrganisationId).toBe(weert.organisationId);
    expect(audit.after).toMatchObject({ scimToken: "Entra Weert", email: "nieuw.lid@weert.nl" });
  });

  it("refuses an address that exists, in this organisation or another, with the same 409, and creates nothing", async () => {
    const before = await db.prisma.user.count();
    expect(await problem(createScimUser(db.prisma, tiel, { userName: "weert@demo.regiotafel.nl" }))).toBe("409 uniqueness");
    expect(await problem(createScimUser(db.prisma, weert, { userName: "WEERT@demo.regiotafel.nl" }))).toBe("409 uniqueness");
    expect(await db.prisma.user.count()).toBe(before);
  });

  it("refuses an address in a domain another organisation's single sign-on covers", async () => {
    const connection = await db.prisma.oidcConnection.create({
      data: { organisationId: tiel.organisationId, issuer: "https://login.tiel.example", clientId: "c", clientSecret: "sealed" },
    });
    await db.prisma.oidcDomain.create({ data: { domain: "tiel.example", connectionId: connection.id } });
    expect(await problem(createScimUser(db.prisma, weert, { userName: "iemand@tiel.example" }))).toBe("409 uniqueness");
    const own = await createScimUser(db.prisma, tiel, { userName: "iemand@tiel.example" });
    expect(own.email).toBe("iemand@tiel.example");
  });

  it("filters by userName (any case) and externalId within the organisation only, and pages", async () => {
    const a = await newUser(weert);
    const query = (filter?: string, extra: Record<string, string> = {}) => parseScimListQuery({ ...(filter ? { filter } : {}), ...extra });
    expect((await listScimUsers(db.prisma, weert, query(`userName eq "${a.email.toUpperCase()}"`))).users.map((u) => u.id)).toEqual([a.id]);
    expect((await listScimUsers(db.prisma, weert, query(`externalId eq "${a.externalId}"`))).users.map((u) => u.id)).toEqual([a.id]);
    expect((await listScimUsers(db.prisma, weert, query(`id eq "${a.id}"`))).total).toBe(1);
    expect(await listScimUsers(db.prisma, weert, query('userName eq "niemand@weert.nl"'))).toEqual({ total: 0, users: [] });
    // Tiel's token does not see Weert's user, by any filter.
    expect((await listScimUsers(db.prisma, tiel, query(`userName eq "${a.email}"`))).total).toBe(0);
    expect((await listScimUsers(db.prisma, tiel, query(`externalId eq "${a.externalId}"`))).total).toBe(0);
    expect((await listScimUsers(db.prisma, tiel, query(`id eq "${a.id}"`))).total).toBe(0);
    const all = await listScimUsers(db.prisma, weert, query());
    expect(all.users.every((u) => u.id)).toBe(true);
    const total = await db.prisma.user.count({ where: { organisationId: weert.organisationId } });
    expect(all.total).toBe(total);
    const page = await listScimUsers(db.prisma, weert, query(undefined, { startIndex: "2", count: "1" }));
    expect(page.users.map((u) => u.id)).toEqual([all.users[1]!.id]);
    expect(page.total).toBe(total);
  });

  it("PATCH active False ends every session and announces it; active True reactivates; both audited", async () => {
    const user = await newUser(weert);
    await addSession(user.id);
    await addSession(user.id);
    const events: BusEvent[] = [];
    const stop = eventBus.subscribe((e) => events.push(e));
    const off = await patchScimUser(db.prisma, weert, user.id, patchOf({ op: "Replace", path: "active", value: "False" }));
    stop();
    expect(off.deactivatedAt).not.toBeNull();
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(events).toContainEqual({ type: "sessions.ended", userId: user.id, reason: "deactivated" });
    const on = await patchScimUser(db.prisma, weert, user.id, patchOf({ op: "replace", value: { active: true } }));
    expect(on.deactivatedAt).toBeNull();
    const actions = (await db.prisma.auditEvent.findMany({ where: { entityId: user.id }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["user.provisioned", "user.deactivated", "user.reactivated"]);
    // Twice changes nothing and records nothing.
    await patchScimUser(db.prisma, weert, user.id, patchOf({ op: "replace", path: "active", value: true }));
    expect(await db.prisma.auditEvent.count({ where: { entityId: user.id } })).toBe(3);
  });

  it("PATCH updates name, address and externalId; a taken address or externalId is 409 and changes nothing", async () => {
    const user = await newUser(weert);
    const other = await newUser(weert);
    const updated = await patchScimUser(
      db.prisma,
      weert,
      user.id,
      patchOf(
        { op: "Replace", path: "name.givenName", value: "Anna" },
        { op: "Replace", path: "name.familyName", value: "de Vries" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "Anna.de.Vries@weert.nl" },
        { op: "Replace", path: "externalId", value: "obj-anna" },
      ),
    );
    expect(updated).toMatchObject({ name: "Anna de Vries", email: "anna.de.vries@weert.nl", externalId: "obj-anna" });
    const before = await stateOf(user.id);
    expect(await problem(patchScimUser(db.prisma, weert, user.id, patchOf({ op: "Replace", path: "userName", value: other.email })))).toBe("409 uniqueness");
    expect(await problem(patchScimUser(db.prisma, weert, user.id, patchOf({ op: "Replace", path: "displayName", value: "X" }, { op: "Replace", path: "externalId", value: other.externalId })))).toBe(
      "409 uniqueness",
    );
    expect(await stateOf(user.id)).toEqual(before);
  });

  it("PUT replaces; DELETE deactivates and keeps the account", async () => {
    const user = await newUser(weert);
    await addSession(user.id);
    const replaced = await replaceScimUser(db.prisma, weert, user.id, { schemas: [SCIM_SCHEMAS.user], userName: user.email, displayName: "Vervangen" });
    expect(replaced).toMatchObject({ name: "Vervangen", externalId: null, deactivatedAt: null });
    await deleteScimUser(db.prisma, weert, user.id);
    const deleted = await getScimUser(db.prisma, weert, user.id);
    expect(deleted.deactivatedAt).not.toBeNull();
    expect(await db.prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("another organisation's user is 404, like an unknown or malformed id, and stays unchanged", async () => {
    const user = await newUser(weert);
    await addSession(user.id);
    const before = await stateOf(user.id);
    const deactivate = patchOf({ op: "Replace", path: "active", value: "False" });
    // One call at a time: started together, the later refusals would reject before anything awaits them.
    for (const call of [
      () => getScimUser(db.prisma, tiel, user.id),
      () => patchScimUser(db.prisma, tiel, user.id, deactivate),
      () => replaceScimUser(db.prisma, tiel, user.id, { userName: "overgenomen@tiel.nl", active: false }),
      () => deleteScimUser(db.prisma, tiel, user.id),
      () => getScimUser(db.prisma, weert, "00000000-0000-0000-0000-000000000000"),
      () => patchScimUser(db.prisma, weert, "niet-een-id", deactivate),
    ]) {
      expect(await problem(call())).toBe("404");
    }
    expect(await stateOf(user.id)).toEqual(before);
  });

  it("cannot deactivate the last active platform administrator", async () => {
    const platform = await db.prisma.user.findFirstOrThrow({ where: { platformAdmin: { isNot: null } } });
    const token = await createScimToken(db.prisma, admin, { organisationId: platform.organisationId, label: "Beheer" });
    const actor = (await authenticateScimToken(db.prisma, token.token))!;
    expect(await problem(patchScimUser(db.prisma, actor, platform.id, patchOf({ op: "replace", path: "active", value: false })))).toBe("400 invalidValue");
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: platform.id } })).deactivatedAt).toBeNull();
  });

  it("property: any JSON body either succeeds or is a 400 that changes nothing", async () => {
    const user = await newUser(weert);
    await addSession(user.id);
    const op = fc.record(
      {
        op: fc.oneof(fc.constantFrom("add", "Replace", "remove", "copy"), fc.string({ maxLength: 8 })),
        path: fc.oneof(fc.constantFrom("active", "displayName", "name.familyName", 'emails[type eq "work"].value', "externalId", "userName", "emails", "title"), fc.string({ maxLength: 12 })),
        value: fc.oneof(fc.constantFrom("False", "True", "x@weert.nl", "", null), fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: ["op"] },
    );
    const body = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ schemas: fc.constant([SCIM_SCHEMAS.patchOp]), Operations: fc.array(op, { minLength: 1, maxLength: 4 }) }));
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const before = await stateOf(user.id);
        try {
          await patchScimUser(db.prisma, weert, user.id, value);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimProblem);
          expect([400, 409]).toContain((error as ScimProblem).status);
          expect(await stateOf(user.id)).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  });
});
