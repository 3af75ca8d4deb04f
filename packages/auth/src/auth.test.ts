import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eventBus, type Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { createAuth, endsSession, hashToken, type Auth, type SessionsEnded } from "./index";

const CHEAP = { log2N: 10, r: 8, p: 1 };
const MINUTE = 60_000;
const client = { ipAddress: "192.0.2.10", userAgent: "vitest" };

let db: Database;
let auth: Auth;
let userId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  auth = createAuth({ prisma: db.prisma, secureCookies: true, idleTimeoutMs: 30 * MINUTE, absoluteLifetimeMs: 8 * 60 * MINUTE, passwordCost: CHEAP });
  const org = await db.prisma.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY" } });
  const user = await db.prisma.user.create({
    data: { email: "weert@demo.regiotafel.nl", name: "Weert", organisationId: org.id, passwordHash: await auth.hashPassword("regiotafel-demo") },
  });
  userId = user.id;
});
afterAll(() => db.close());
beforeEach(async () => {
  await db.prisma.loginThrottle.deleteMany();
  await db.prisma.session.deleteMany();
});
afterEach(() => vi.useRealTimers());

async function login(password = "regiotafel-demo", info = client) {
  return auth.login("weert@demo.regiotafel.nl", password, info);
}
async function token() {
  const result = await login();
  if (!result.ok) throw new Error("login failed");
  return result.token;
}

describe("login and tokens", () => {
  it("issues a token of at least 128 random bits and stores only its hash", async () => {
    const t = await token();
    expect(t.length * 5).toBeGreaterThanOrEqual(128); // base32: 5 bits a character
    const rows = await db.prisma.session.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(hashToken(t));
    expect(JSON.stringify(rows)).not.toContain(t);
    expect(await auth.validate(t)).toMatchObject({ user: { id: userId, email: "weert@demo.regiotafel.nl" } });
  });

  it("gives every login a new session and ends the previous one passed in", async () => {
    const first = await token();
    const second = await auth.login("weert@demo.regiotafel.nl", "regiotafel-demo", client, first);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.token).not.toBe(first);
    expect(await auth.validate(first)).toBeNull();
    expect(await auth.validate(second.token)).not.toBeNull();
  });

  it("refuses a wrong password and an unknown account alike", async () => {
    expect(await login("wrong-password")).toEqual({ ok: false, reason: "invalid" });
    expect(await auth.login("nobody@demo.regiotafel.nl", "regiotafel-demo", client)).toEqual({ ok: false, reason: "invalid" });
    expect(await db.prisma.session.count()).toBe(0);
  });

  it("rejects unknown and tampered tokens", async () => {
    const t = await token();
    expect(await auth.validate(`${t}x`)).toBeNull();
    expect(await auth.validate(hashToken(t))).toBeNull();
  });

  it("sets an HttpOnly, SameSite=Lax, Secure cookie", () => {
    const cookie = auth.sessionCookie("abc");
    expect(cookie).toMatch(/^__Host-regiotafel_session=abc;/);
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Domain");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Secure");
  });
});

describe("expiry", () => {
  it("ends a session left idle past the idle timeout", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t = await token();
    vi.setSystemTime(Date.now() + 31 * MINUTE);
    expect(await auth.validate(t)).toBeNull();
    expect(await db.prisma.session.count()).toBe(0);
  });

  it("keeps an active session alive past the idle timeout, then ends it at the absolute lifetime", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    const t = await token();
    // Use it every 20 minutes: each use past half the idle window extends it.
    let refreshedOnce = false;
    for (let at = 20; at < 8 * 60; at += 20) {
      vi.setSystemTime(start + at * MINUTE);
      const result = await auth.validate(t);
      expect(result, `still valid at minute ${at}`).not.toBeNull();
      refreshedOnce ||= result!.refreshed;
    }
    expect(refreshedOnce).toBe(true);
    vi.setSystemTime(start + 8 * 60 * MINUTE + 1);
    expect(await auth.validate(t)).toBeNull();
  });

  it("never extends the stored idle deadline beyond the absolute lifetime", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    const t = await token();
    // Ten minutes before the absolute end, with five minutes of idle time left: validating
    // extends the idle deadline, which would pass the absolute end if it were not capped.
    vi.setSystemTime(start + (8 * 60 - 10) * MINUTE);
    await db.prisma.session.updateMany({ data: { expiresAt: new Date(start + (8 * 60 - 5) * MINUTE) } });
    expect((await auth.validate(t))?.refreshed).toBe(true);
    const row = await db.prisma.session.findFirstOrThrow();
    expect(row.expiresAt.getTime()).toBe(row.absoluteExpiresAt.getTime());
  });

  it("removes expired sessions in bulk", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    await token();
    vi.setSystemTime(Date.now() + 9 * 60 * MINUTE);
    await auth.deleteExpiredSessions();
    expect(await db.prisma.session.count()).toBe(0);
  });
});

describe("ending sessions", () => {
  it("logout ends that session only", async () => {
    const a = await token();
    const b = await token();
    await auth.logout(a);
    expect(await auth.validate(a)).toBeNull();
    expect(await auth.validate(b)).not.toBeNull();
  });

  it("sign out everywhere ends every session of the user", async () => {
    const a = await token();
    const b = await token();
    await auth.logoutEverywhere(userId);
    expect(await auth.validate(a)).toBeNull();
    expect(await auth.validate(b)).toBeNull();
  });

  it("a password change ends all sessions and hands out a new one", async () => {
    const a = await token();
    const b = await token();
    const result = await auth.changePassword(userId, "regiotafel-demo", "een-nieuw-wachtwoord", client);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await auth.validate(a)).toBeNull();
    expect(await auth.validate(b)).toBeNull();
    expect(await auth.validate(result.token)).not.toBeNull();
    expect((await login("regiotafel-demo")).ok).toBe(false);
    expect((await login("een-nieuw-wachtwoord")).ok).toBe(true);
    // put it back for the other tests
    await auth.changePassword(userId, "een-nieuw-wachtwoord", "regiotafel-demo", client);
  });

  it("refuses a password change with the wrong current password and keeps the sessions", async () => {
    const a = await token();
    expect(await auth.changePassword(userId, "not-my-password", "een-nieuw-wachtwoord", client)).toEqual({ ok: false, reason: "wrongCurrent" });
    expect(await auth.validate(a)).not.toBeNull();
  });
});

describe("ended sessions are announced (for live connections)", () => {
  let events: SessionsEnded[];
  let stop: () => void;
  beforeEach(() => {
    events = [];
    stop = eventBus.subscribe((event) => {
      if (event.type === "sessions.ended") events.push(event);
    });
  });
  afterEach(() => stop());
  const ends = (t: string) => events.some((e) => endsSession(e, t, userId));

  it("on logout: that session only", async () => {
    const a = await token();
    const b = await token();
    await auth.logout(a);
    expect(ends(a)).toBe(true);
    expect(ends(b)).toBe(false);
  });

  it("on sign out everywhere and on a password change: every session of the user", async () => {
    const a = await token();
    await auth.logoutEverywhere(userId);
    expect(ends(a)).toBe(true);
    expect(endsSession(events[0]!, a, "another-user")).toBe(false);

    events.length = 0;
    const b = await token();
    const changed = await auth.changePassword(userId, "regiotafel-demo", "een-nieuw-wachtwoord", client);
    if (!changed.ok) throw new Error(changed.reason);
    expect(ends(b)).toBe(true);
    await auth.changePassword(userId, "een-nieuw-wachtwoord", "regiotafel-demo", client);
  });

  it("when expired sessions are cleaned up, and when an expired token is presented", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const a = await token();
    const b = await token();
    vi.setSystemTime(Date.now() + 31 * MINUTE);
    expect(await auth.validate(a)).toBeNull();
    expect(ends(a)).toBe(true);
    expect(ends(b)).toBe(false);
    await auth.deleteExpiredSessions();
    expect(ends(b)).toBe(true);
  });

  it("when a login replaces the session the browser had", async () => {
    const a = await token();
    await auth.login("weert@demo.regiotafel.nl", "regiotafel-demo", client, a);
    expect(ends(a)).toBe(true);
  });

  it("stillValid tells which tokens have a live session, without extending any", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const a = await token();
    const b = await token();
    await auth.logout(b);
    vi.setSystemTime(Date.now() + 20 * MINUTE);
    const before = (await db.prisma.session.findUniqueOrThrow({ where: { id: hashToken(a) } })).expiresAt;
    expect(await auth.stillValid([a, b, "unknown-token"])).toEqual(new Set([a]));
    expect((await db.prisma.session.findUniqueOrThrow({ where: { id: hashToken(a) } })).expiresAt).toEqual(before);
    vi.setSystemTime(Date.now() + 11 * MINUTE);
    expect(await auth.stillValid([a])).toEqual(new Set());
  });
});

describe("rate limiting", () => {
  it("locks an account after five failures, even for the right password, with a retry time", async () => {
    for (let i = 0; i < 5; i++) expect((await login("wrong-password")).ok).toBe(false);
    const locked = await login();
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    if (locked.ok || locked.reason !== "throttled") return;
    expect(locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it("unlocks after the lock period", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    for (let i = 0; i < 5; i++) await login("wrong-password");
    vi.setSystemTime(Date.now() + 16 * MINUTE);
    expect((await login()).ok).toBe(true);
  });

  it("locks an address that tries many accounts", async () => {
    for (let i = 0; i < 30; i++) await auth.login(`user${i}@demo.regiotafel.nl`, "guess-guess", { ...client, ipAddress: "198.51.100.7" });
    expect(await login("regiotafel-demo", { ...client, ipAddress: "198.51.100.7" })).toMatchObject({ reason: "throttled" });
    expect((await login("regiotafel-demo", { ...client, ipAddress: "198.51.100.8" })).ok).toBe(true);
  });

  it("a success resets the account's failure count", async () => {
    for (let i = 0; i < 4; i++) await login("wrong-password");
    expect((await login()).ok).toBe(true);
    for (let i = 0; i < 4; i++) await login("wrong-password");
    expect((await login()).ok).toBe(true);
  });
});
