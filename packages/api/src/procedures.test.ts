import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { DEMO_PASSWORD } from "@regiotafel/db";
import { createAuth, hashPassword, verifyPassword } from "@regiotafel/auth";
import { describeError } from "@regiotafel/domain";
import { createCaller } from "./router";
import { CHEAP_PASSWORD_COST, createApiTestEnv, fingerprint, type ApiTestEnv } from "./test-support";

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}
const userId = async (email: string) => (await env.userByEmail(email)).id;

describe("auth", () => {
  it("login sets a session cookie and returns the user", async () => {
    const caller = await env.session(null);
    const result = await caller.api.auth.login({ email: " Weert@Demo.Regiotafel.nl ", password: DEMO_PASSWORD });
    expect(result.user?.email).toBe("weert@demo.regiotafel.nl");
    // The session, and a device cookie that lets this browser past a lockout of the account (ADR 0014).
    expect(caller.cookies).toHaveLength(2);
    expect(caller.cookies[1]).toMatch(/^regiotafel_device=v1\.[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/);
    const token = caller.cookies[0]!.match(/^regiotafel_session=([^;]+)/)![1]!;
    expect(await env.auth.validate(token)).toMatchObject({ user: { email: "weert@demo.regiotafel.nl" } });
  });

  it("refuses a wrong password with a Dutch message, then throttles the account", async () => {
    const wrong = await env.http(null, "auth.login", { email: "venray@demo.regiotafel.nl", password: "fout-wachtwoord" }, "mutation");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toBe("Het e-mailadres of wachtwoord klopt niet.");
    for (let i = 0; i < 4; i++) await env.http(null, "auth.login", { email: "venray@demo.regiotafel.nl", password: "fout-wachtwoord" }, "mutation");
    const locked = await env.http(null, "auth.login", { email: "venray@demo.regiotafel.nl", password: DEMO_PASSWORD }, "mutation");
    expect(locked.status).toBe(429);
    expect(locked.body.error?.message).toMatch(/^Te veel mislukte inlogpogingen\. Probeer het over 15 minuten opnieuw\.$/);
    const english = await env.http(null, "auth.login", { email: "venray@demo.regiotafel.nl", password: DEMO_PASSWORD }, "mutation", "en");
    expect(english.body.error?.message).toContain("Try again in 15 minutes");
  });

  it("throttles the current-password check of a password change, with the message next to the field", async () => {
    const input = { current: "niet-goed", next: "nieuw-wachtwoord-123", confirm: "nieuw-wachtwoord-123" };
    for (let i = 0; i < 5; i++) expect((await env.http("horst-aan-de-maas@demo.regiotafel.nl", "auth.changePassword", input, "mutation")).status).toBe(400);
    const locked = await env.http("horst-aan-de-maas@demo.regiotafel.nl", "auth.changePassword", { ...input, current: DEMO_PASSWORD }, "mutation");
    expect(locked.status).toBe(429);
    expect(locked.body.error?.data.fieldErrors).toEqual({ current: ["Te veel pogingen met een onjuist huidig wachtwoord. Probeer het over 15 minuten opnieuw."] });
    const english = await env.http("horst-aan-de-maas@demo.regiotafel.nl", "auth.changePassword", input, "mutation", "en");
    expect(english.body.error?.message).toBe("Too many attempts with a wrong current password. Try again in 15 minutes.");
  });

  it("answers 503 'busy' when too many password hashes are running, and counts no failure", async () => {
    let release = () => {};
    let entered = false;
    const held = new Promise<void>((resolve) => (release = resolve));
    const limited = createAuth({
      prisma: env.db.prisma,
      secureCookies: false,
      hashConcurrency: 1,
      hashQueue: 0,
      hasher: { hash: (p) => hashPassword(p, CHEAP_PASSWORD_COST), verify: async (stored, p) => ((entered = true), await held, verifyPassword(stored, p)) },
    });
    const ctx = { ...(await env.contextFor(null)), auth: limited };
    const first = createCaller(ctx).auth.login({ email: "venlo@demo.regiotafel.nl", password: DEMO_PASSWORD });
    while (!entered) await new Promise((r) => setTimeout(r, 5));
    const busy = await createCaller(ctx).auth.login({ email: "bergen@demo.regiotafel.nl", password: DEMO_PASSWORD }).catch((e: unknown) => e);
    release();
    await first;
    expect(busy).toBeInstanceOf(TRPCError);
    expect(describeError(busy, "nl")).toMatchObject({ httpStatus: 503, message: "Het is nu erg druk op de server. Probeer het over een paar seconden opnieuw." });
    expect(await env.db.prisma.loginThrottle.findUnique({ where: { key: "email:bergen@demo.regiotafel.nl" } })).toMatchObject({ failures: 0 });
  });

  it("logout ends the session and clears the cookie", async () => {
    const result = await env.auth.login("gennep@demo.regiotafel.nl", DEMO_PASSWORD, { ipAddress: null, userAgent: null });
    if (!result.ok) throw new Error("login");
    const caller = await env.session("gennep@demo.regiotafel.nl", { sessionToken: result.token });
    await caller.api.auth.logout();
    expect(await env.auth.validate(result.token)).toBeNull();
    expect(caller.cookies[0]).toMatch(/^regiotafel_session=;/);
  });

  it("auth.me answers the signed-in user, or null", async () => {
    expect(await (await env.callerFor(null)).auth.me()).toBeNull();
    expect(await (await env.callerFor("bergen@demo.regiotafel.nl")).auth.me()).toMatchObject({ email: "bergen@demo.regiotafel.nl" });
  });

  it("changePassword explains a wrong current password and a mismatch, next to the fields", async () => {
    const wrong = await env.http("beesel@demo.regiotafel.nl", "auth.changePassword", { current: "niet-goed", next: "nieuw-wachtwoord-123", confirm: "nieuw-wachtwoord-123" }, "mutation");
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.data.fieldErrors).toEqual({ current: ["Je huidige wachtwoord klopt niet."] });
    const mismatch = await env.http("beesel@demo.regiotafel.nl", "auth.changePassword", { current: DEMO_PASSWORD, next: "nieuw-wachtwoord-123", confirm: "anders-wachtwoord-1" }, "mutation");
    expect(mismatch.body.error?.data.fieldErrors?.confirm).toEqual(["De twee nieuwe wachtwoorden zijn niet gelijk."]);
    const short = await env.http("beesel@demo.regiotafel.nl", "auth.changePassword", { current: DEMO_PASSWORD, next: "kort", confirm: "kort" }, "mutation");
    expect(short.body.error?.data.fieldErrors?.next).toEqual(["Kies een wachtwoord van minstens 12 tekens."]);
  });

  it("changePassword ends the old sessions and sets a new cookie", async () => {
    const old = await env.auth.login("peel-en-maas@demo.regiotafel.nl", DEMO_PASSWORD, { ipAddress: null, userAgent: null });
    if (!old.ok) throw new Error("login");
    const caller = await env.session("peel-en-maas@demo.regiotafel.nl", { sessionToken: old.token });
    await caller.api.auth.changePassword({ current: DEMO_PASSWORD, next: "nieuw-wachtwoord-123", confirm: "nieuw-wachtwoord-123" });
    expect(await env.auth.validate(old.token)).toBeNull();
    const fresh = caller.cookies[0]!.match(/^regiotafel_session=([^;]+)/)![1]!;
    expect(await env.auth.validate(fresh)).not.toBeNull();
  });

  it("logoutEverywhere ends every session of the user", async () => {
    const a = await env.auth.login("roerdalen@demo.regiotafel.nl", DEMO_PASSWORD, { ipAddress: null, userAgent: null });
    const b = await env.auth.login("roerdalen@demo.regiotafel.nl", DEMO_PASSWORD, { ipAddress: null, userAgent: null });
    if (!a.ok || !b.ok) throw new Error("login");
    await (await env.callerFor("roerdalen@demo.regiotafel.nl", { sessionToken: a.token })).auth.logoutEverywhere();
    expect(await env.auth.validate(a.token)).toBeNull();
    expect(await env.auth.validate(b.token)).toBeNull();
  });
});

describe("workspaces", () => {
  it("lists only the user's own workspaces", async () => {
    const list = await (await env.callerFor("weert@demo.regiotafel.nl")).workspace.list();
    expect(list.map((w) => w.slug)).toEqual(["limburg"]);
    expect(list[0]!.regions).toEqual(["Midden-Limburg Oost", "Midden-Limburg West", "Noord-Limburg"]);
    expect(list[0]!.role).toBe("EDITOR");
    const admin = await (await env.callerFor("admin@demo.regiotafel.nl")).workspace.list();
    expect(admin.map((w) => w.slug).sort()).toEqual(["limburg", "rivierenland"]);
  });

  it("shows the overview: three regions, 14 municipalities, members and the caller's own municipality", async () => {
    const overview = await (await env.callerFor("weert@demo.regiotafel.nl")).workspace.overview({ workspace: "limburg" });
    expect(overview.name).toBe("Samenwerking inkoop sociaal domein Limburg");
    expect(overview.regions.map((r) => [r.name, r.municipalities.length])).toEqual([
      ["Midden-Limburg Oost", 4],
      ["Midden-Limburg West", 3],
      ["Noord-Limburg", 7],
    ]);
    expect(overview.regions[1]!.municipalities.map((m) => m.name)).toEqual(["Leudal", "Nederweert", "Weert"]);
    expect(overview.regions[1]!.bodies.map((b) => b.name)).toEqual(["Convenant Midden-Limburg West"]);
    const own = overview.regions.flatMap((r) => r.municipalities).filter((m) => m.isOwn);
    expect(own.map((m) => m.name)).toEqual(["Weert"]);
    expect(overview.members.find((m) => m.email === "coordinator.west@demo.regiotafel.nl")?.role).toBe("COORDINATOR");
    expect(overview.members.find((m) => m.email === "admin@demo.regiotafel.nl")?.role).toBe("ADMIN");
    expect(overview.members.some((m) => m.email === "tiel@demo.regiotafel.nl")).toBe(false);
    expect(overview.me.role).toBe("EDITOR");
  });
});

describe("members", () => {
  it("adds an existing account by e-mail and records the change", async () => {
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    const added = await admin.member.add({ workspace: "limburg", email: "Culemborg@demo.regiotafel.nl", role: "VIEWER" });
    expect(added.role).toBe("VIEWER");
    const overview = await admin.workspace.overview({ workspace: "limburg" });
    expect(overview.members.find((m) => m.email === "culemborg@demo.regiotafel.nl")?.role).toBe("VIEWER");
    const history = await admin.workspace.history({ workspace: "limburg", limit: 1 });
    expect(history.events[0]).toMatchObject({
      action: "member.added",
      before: null,
      after: { email: "culemborg@demo.regiotafel.nl", role: "VIEWER" },
      actor: { name: "Beheerder Regiotafel" },
    });
  });

  it("explains an unknown e-mail on the e-mail field and refuses a second add", async () => {
    const unknown = await env.http("admin@demo.regiotafel.nl", "member.add", { workspace: "limburg", email: "niemand@demo.regiotafel.nl", role: "VIEWER" }, "mutation");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.data.fieldErrors?.email).toEqual(["Er is geen account met het e-mailadres niemand@demo.regiotafel.nl."]);
    const twice = await env.http("admin@demo.regiotafel.nl", "member.add", { workspace: "limburg", email: "weert@demo.regiotafel.nl", role: "VIEWER" }, "mutation");
    expect(twice.status).toBe(409);
    expect(twice.body.error?.message).toBe("weert@demo.regiotafel.nl is al lid van deze werkruimte.");
  });

  it("changes a role and removes a member, with audit events", async () => {
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    const leudal = await userId("leudal@demo.regiotafel.nl");
    await admin.member.changeRole({ workspace: "limburg", userId: leudal, role: "COORDINATOR" });
    const removed = await admin.member.remove({ workspace: "limburg", userId: leudal });
    expect(removed).toMatchObject({ email: "leudal@demo.regiotafel.nl", role: "COORDINATOR" });
    const overview = await admin.workspace.overview({ workspace: "limburg" });
    expect(overview.members.some((m) => m.userId === leudal)).toBe(false);
    const history = await admin.workspace.history({ workspace: "limburg", entityType: "membership", limit: 2 });
    expect(history.events.map((e) => e.action)).toEqual(["member.removed", "member.roleChanged"]);
    expect(history.events[1]).toMatchObject({ before: { role: "EDITOR" }, after: { role: "COORDINATOR" } });
    // undo = add again with the former role
    await admin.member.add({ workspace: "limburg", email: "leudal@demo.regiotafel.nl", role: removed.role });
    expect((await admin.workspace.overview({ workspace: "limburg" })).members.find((m) => m.userId === leudal)?.role).toBe("COORDINATOR");
  });

  it("never leaves a workspace without an admin", async () => {
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    const adminId = await userId("admin@demo.regiotafel.nl");
    const before = await fingerprint(env.db);
    const demote = await env.http("admin@demo.regiotafel.nl", "member.changeRole", { workspace: "rivierenland", userId: adminId, role: "EDITOR" }, "mutation");
    expect(demote.status).toBe(409);
    expect(demote.body.error?.message).toBe("Een werkruimte houdt minstens één beheerder. Maak eerst iemand anders beheerder.");
    expect(await codeOf(admin.member.remove({ workspace: "rivierenland", userId: adminId }))).toBe("CONFLICT");
    expect(await fingerprint(env.db)).toBe(before);
    // with a second admin the first may step down
    await admin.member.changeRole({ workspace: "rivierenland", userId: await userId("tiel@demo.regiotafel.nl"), role: "ADMIN" });
    expect(await codeOf(admin.member.changeRole({ workspace: "rivierenland", userId: adminId, role: "EDITOR" }))).toBe("OK");
  });
});

describe("municipality contact", () => {
  it("updates the own municipality, bumps the version and records before/after", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const own = (await weert.workspace.overview({ workspace: "limburg" })).regions.flatMap((r) => r.municipalities).find((m) => m.isOwn)!;
    const saved = await weert.municipality.updateContact({
      workspace: "limburg",
      municipalityId: own.id,
      contactName: "  Inkoopadviseur Weert ",
      contactEmail: "Inkoop@Weert.nl",
      contactPhone: "",
      version: own.version,
    });
    expect(saved).toMatchObject({ contactName: "Inkoopadviseur Weert", contactEmail: "inkoop@weert.nl", contactPhone: null, version: own.version + 1 });
    const history = await weert.workspace.history({ workspace: "limburg", entityType: "municipality", limit: 1 });
    expect(history.events[0]).toMatchObject({
      action: "municipality.contactUpdated",
      entityId: own.id,
      before: { contactName: null },
      after: { contactName: "Inkoopadviseur Weert" },
    });
  });

  it("refuses a stale version with a clear message and keeps the stored contact", async () => {
    const weert = await env.callerFor("weert@demo.regiotafel.nl");
    const own = (await weert.workspace.overview({ workspace: "limburg" })).regions.flatMap((r) => r.municipalities).find((m) => m.isOwn)!;
    const stale = await env.http(
      "weert@demo.regiotafel.nl",
      "municipality.updateContact",
      { workspace: "limburg", municipalityId: own.id, contactName: "Iemand anders", contactEmail: "", contactPhone: "", version: own.version - 1 },
      "mutation",
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error?.message).toBe(
      "Iemand anders heeft dit intussen gewijzigd. Je wijziging is niet opgeslagen; laad de pagina opnieuw en probeer het nog eens.",
    );
    const after = (await weert.workspace.overview({ workspace: "limburg" })).regions.flatMap((r) => r.municipalities).find((m) => m.isOwn)!;
    expect(after.contactName).toBe(own.contactName);
    expect(after.version).toBe(own.version);
  });
});

describe("history", () => {
  it("pages newest first with a cursor", async () => {
    const admin = await env.callerFor("admin@demo.regiotafel.nl");
    const all = await admin.workspace.history({ workspace: "limburg", limit: 100 });
    expect(all.events.length).toBeGreaterThanOrEqual(4);
    const times = all.events.map((e) => new Date(e.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const first = await admin.workspace.history({ workspace: "limburg", limit: 2 });
    const second = await admin.workspace.history({ workspace: "limburg", limit: 2, cursor: first.nextCursor! });
    expect([...first.events, ...second.events].map((e) => e.id)).toEqual(all.events.slice(0, 4).map((e) => e.id));
  });

  it("shows nothing of another workspace", async () => {
    const tiel = await env.callerFor("tiel@demo.regiotafel.nl");
    const events = (await tiel.workspace.history({ workspace: "rivierenland", limit: 100 })).events;
    const limburgEntities = new Set((await env.db.prisma.auditEvent.findMany({ where: { workspace: { slug: "limburg" } } })).map((e) => e.id));
    expect(events.some((e) => limburgEntities.has(e.id))).toBe(false);
  });
});

describe("account", () => {
  it("returns the user's own details with the organisation", async () => {
    const account = await (await env.callerFor("echt-susteren@demo.regiotafel.nl")).account.get();
    expect(account).toMatchObject({ email: "echt-susteren@demo.regiotafel.nl", organisation: { name: "Echt-Susteren", kind: "MUNICIPALITY" } });
    expect(account).not.toHaveProperty("passwordHash");
  });
});
