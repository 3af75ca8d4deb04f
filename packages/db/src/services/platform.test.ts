// The first run and platform administrators (ADR 0021): the setup token is random, stored only
// as its SHA-256, replaced on each start, used once and dead once any account exists; two
// setups at once create exactly one administrator.
import { createHash } from "node:crypto";
import fc from "fast-check";
import pg from "pg";
import { DomainError, slugSchema } from "@regiotafel/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../database";
import { createTestDatabase } from "../testing";
import { createPlatformAdmin, grantPlatformAdmin, hasUsers, issueSetupToken, platformOverview, platformStanding, setupTokenValid, slugify, type NewPlatformAdmin } from "./platform";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

/** Back to an empty installation. */
beforeEach(async () => {
  await db.prisma.setupToken.deleteMany({});
  await db.prisma.platformAdmin.deleteMany({});
  await db.prisma.user.deleteMany({});
  await db.prisma.organisation.deleteMany({});
});

let n = 0;
const admin = (overrides: Partial<NewPlatformAdmin> = {}): NewPlatformAdmin => ({
  name: "Eerste Beheerder",
  email: `beheer${++n}@regio.example`,
  organisation: "Regio Noord-Limburg",
  passwordHash: "scrypt$placeholder",
  ...overrides,
});
const outcome = (r: PromiseSettledResult<unknown>) => (r.status === "fulfilled" ? "OK" : r.reason instanceof DomainError ? r.reason.messageKey : r.reason);

describe("the setup token", () => {
  it("is 256 random bits in base64url, and only its SHA-256 is stored", async () => {
    const token = await issueSetupToken(db.prisma);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token!, "base64url")).toHaveLength(32);
    const rows = await db.prisma.setupToken.findMany();
    expect(rows).toEqual([{ tokenHash: createHash("sha256").update(token!).digest("hex"), createdAt: expect.any(Date) }]);
    // Nothing in the table is the token itself.
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await setupTokenValid(db.prisma, token!)).toBe(true);
  });

  it("is replaced on each start: the old one stops working", async () => {
    const first = (await issueSetupToken(db.prisma))!;
    const second = (await issueSetupToken(db.prisma))!;
    expect(second).not.toBe(first);
    expect(await setupTokenValid(db.prisma, first)).toBe(false);
    expect(await setupTokenValid(db.prisma, second)).toBe(true);
    await expect(createPlatformAdmin(db.prisma, { token: first }, admin())).rejects.toMatchObject({ code: "NOT_FOUND", messageKey: "setup.invalid" });
    expect(await hasUsers(db.prisma)).toBe(false);
  });

  it("creates the first platform administrator once; the used token is then refused like a wrong one", async () => {
    const token = (await issueSetupToken(db.prisma))!;
    const created = await createPlatformAdmin(db.prisma, { token }, admin({ email: "eerste@regio.example" }));
    expect(await platformStanding(db.prisma, created.userId)).toEqual({ platformAdmin: true, workspaceCreator: false, organisationAdmin: false });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: created.userId }, include: { organisation: true, memberships: true } });
    expect(user).toMatchObject({ email: "eerste@regio.example", organisation: { name: "Regio Noord-Limburg", slug: "regio-noord-limburg" }, memberships: [] });
    expect(await db.prisma.setupToken.count()).toBe(0);

    const again = createPlatformAdmin(db.prisma, { token }, admin());
    const wrong = createPlatformAdmin(db.prisma, { token: "x".repeat(43) }, admin());
    for (const refused of await Promise.allSettled([again, wrong])) expect(outcome(refused)).toBe("setup.invalid");
    expect(await db.prisma.user.count()).toBe(1);
  });

  it("is not issued, and an issued one stops working, once any account exists", async () => {
    const token = (await issueSetupToken(db.prisma))!;
    await createPlatformAdmin(db.prisma, { cli: true, add: false }, admin());
    expect(await setupTokenValid(db.prisma, token)).toBe(false);
    await expect(createPlatformAdmin(db.prisma, { token }, admin())).rejects.toMatchObject({ messageKey: "setup.invalid" });
    expect(await issueSetupToken(db.prisma)).toBeNull();
    expect(await db.prisma.setupToken.count()).toBe(0);
  });

  it("a token of the right form and an existing row's hash in place of the token are refused", async () => {
    await issueSetupToken(db.prisma);
    const stored = (await db.prisma.setupToken.findFirstOrThrow()).tokenHash;
    expect(await setupTokenValid(db.prisma, stored)).toBe(false);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (guess) => {
        expect(await setupTokenValid(db.prisma, guess)).toBe(false);
      }),
      { numRuns: 30 },
    );
  });
});

describe("two setups at once", () => {
  it("with the same link create exactly one administrator", async () => {
    const token = (await issueSetupToken(db.prisma))!;
    const results = await Promise.allSettled([createPlatformAdmin(db.prisma, { token }, admin()), createPlatformAdmin(db.prisma, { token }, admin())]);
    expect(results.map(outcome).sort()).toEqual(["OK", "setup.invalid"]);
    expect(await db.prisma.user.count()).toBe(1);
    expect(await db.prisma.platformAdmin.count()).toBe(1);
  });

  it("from the command line (without --add) and the link create exactly one administrator", async () => {
    const token = (await issueSetupToken(db.prisma))!;
    // On PostgreSQL the three really overlap: a lock on app_user lets each read (and pass its
    // checks, were they not serialised) but holds its insert until all three are waiting.
    // PGlite is one session: there they run one after the other anyway.
    const blocker = db.kind === "postgres" ? new pg.Client({ connectionString: db.url }) : null;
    if (blocker) {
      await blocker.connect();
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE app_user IN EXCLUSIVE MODE");
    }
    // Each of its own organisation, so that nothing but the setup's own guard can stop one.
    const racing = Promise.allSettled([
      createPlatformAdmin(db.prisma, { cli: true, add: false }, admin({ organisation: "Regio A" })),
      createPlatformAdmin(db.prisma, { cli: true, add: false }, admin({ organisation: "Regio B" })),
      createPlatformAdmin(db.prisma, { token }, admin({ organisation: "Regio C" })),
    ]);
    if (blocker) {
      for (let waiting = 0; waiting < 3; ) {
        await new Promise((r) => setTimeout(r, 20));
        const rows = await blocker.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        waiting = rows.rows[0].n;
      }
      await blocker.query("COMMIT");
      await blocker.end();
    }
    const results = await racing;
    expect(results.map(outcome).filter((o) => o === "OK")).toHaveLength(1);
    expect(await db.prisma.platformAdmin.count()).toBe(1);
    expect(await db.prisma.user.count()).toBe(1);
  });
});

describe("the command line", () => {
  it("refuses a second administrator without --add, adds one with it, and refuses a taken address", async () => {
    await createPlatformAdmin(db.prisma, { cli: true, add: false }, admin({ email: "a@regio.example" }));
    await expect(createPlatformAdmin(db.prisma, { cli: true, add: false }, admin())).rejects.toMatchObject({ code: "CONFLICT", messageKey: "setup.exists" });
    // The same organisation name (other case) is the same organisation.
    await createPlatformAdmin(db.prisma, { cli: true, add: true }, admin({ email: "b@regio.example", organisation: "  regio noord-limburg " }));
    expect(await db.prisma.organisation.count()).toBe(1);
    await expect(createPlatformAdmin(db.prisma, { cli: true, add: true }, admin({ email: "b@regio.example" }))).rejects.toMatchObject({ messageKey: "setup.emailTaken" });
    expect(await db.prisma.platformAdmin.count()).toBe(2);
  });

  it("grants an existing account, once", async () => {
    const org = await db.prisma.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY" } });
    const user = await db.prisma.user.create({ data: { email: "weert@regio.example", name: "Weert", organisationId: org.id, passwordHash: "x" } });
    expect(await platformStanding(db.prisma, user.id)).toEqual({ platformAdmin: false, workspaceCreator: false, organisationAdmin: false });
    expect(await grantPlatformAdmin(db.prisma, "weert@regio.example")).toEqual({ userId: user.id, already: false });
    expect(await grantPlatformAdmin(db.prisma, "weert@regio.example")).toEqual({ userId: user.id, already: true });
    expect(await grantPlatformAdmin(db.prisma, "niemand@regio.example")).toBeNull();
    expect(await platformStanding(db.prisma, user.id)).toEqual({ platformAdmin: true, workspaceCreator: false, organisationAdmin: false });
  });
});

describe("the administrator's organisation (ADR 0022)", () => {
  it("is the directory's by name (accents, case, punctuation folded) or CBS code; one not in the directory is new, of kind OTHER", async () => {
    const bosch = await db.prisma.organisation.create({ data: { slug: "s-hertogenbosch", name: "'s-Hertogenbosch", kind: "MUNICIPALITY", cbsCode: "GM0796", province: "Noord-Brabant" } });
    const weert = await db.prisma.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY", cbsCode: "GM0988", province: "Limburg" } });
    const a = await createPlatformAdmin(db.prisma, { cli: true, add: true }, admin({ organisation: "S HERTOGENBOSCH" }));
    const b = await createPlatformAdmin(db.prisma, { cli: true, add: true }, admin({ organisation: "gm0988" }));
    const c = await createPlatformAdmin(db.prisma, { cli: true, add: true }, admin({ organisation: "Stichting Inkoopbureau" }));
    expect([a.organisationId, b.organisationId]).toEqual([bosch.id, weert.id]);
    expect(await db.prisma.organisation.findUniqueOrThrow({ where: { id: c.organisationId } })).toMatchObject({ name: "Stichting Inkoopbureau", kind: "OTHER" });
  });
});

describe("the platform overview", () => {
  it("counts workspaces, organisations, users and lists the failed mails", async () => {
    await createPlatformAdmin(db.prisma, { cli: true, add: false }, admin());
    await db.prisma.workspace.create({ data: { slug: "limburg", name: "Limburg" } });
    const mail = (key: string, state: "FAILED" | "SENT") =>
      db.prisma.mailOutbox.create({ data: { idempotencyKey: key, recipient: `${key}@regio.example`, locale: "nl", template: "invitation", params: {}, state, attempts: 8, lastError: state === "FAILED" ? "550 no such user" : null } });
    const failed = await mail("kapot", "FAILED");
    await mail("goed", "SENT");
    const overview = await platformOverview(db.prisma, { failedMails: 10 });
    expect(overview).toMatchObject({ workspaces: 1, organisations: 1, users: 1, platformAdmins: 1, failedMailCount: 1 });
    expect(overview.failedMails).toEqual([expect.objectContaining({ id: failed.id, recipient: "kapot@regio.example", lastError: "550 no such user", attempts: 8 })]);
    expect((await platformOverview(db.prisma, { failedMails: 0 })).failedMails).toEqual([]);
    await db.prisma.workspace.deleteMany({});
    await db.prisma.mailOutbox.deleteMany({});
  });
});

describe("slugs of new organisations", () => {
  it("are always valid slugs", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (name) => slugSchema.safeParse(slugify(name)).success));
    expect(slugify("Gemeente 's-Hertogenbosch")).toBe("gemeente-s-hertogenbosch");
    expect(slugify("Súdwest-Fryslân")).toBe("sudwest-fryslan");
  });
});
