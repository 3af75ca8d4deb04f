import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Database } from "@regiotafel/db";
import { createTestDatabase } from "@regiotafel/db/testing";
import { createAuth, type Auth, type ClientInfo, type PasswordHasher } from "./index";
import { hashPassword, verifyPassword } from "./password";
import { accountKey, normaliseEmail } from "./throttle";

const CHEAP = { log2N: 10, r: 8, p: 1 };
const OWNER = "weert@demo.regiotafel.nl";
const OTHER = "venlo@demo.regiotafel.nl";
const PASSWORD = "regiotafel-demo";
const at = (ipAddress: string, deviceCookie?: string | null): ClientInfo => ({ ipAddress, userAgent: "vitest", deviceCookie });

/** Polls `condition` (no clock in the assertion; the deadline only ends a hung test). */
async function until(condition: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A hasher that counts password checks and can hold them (not hashes) until released. */
function instrumentedHasher() {
  const stats = { verifies: 0, hashes: 0, running: 0, maxRunning: 0 };
  let gate: Promise<void> | null = null;
  let open = () => {};
  const hold = async () => {
    stats.running++;
    stats.maxRunning = Math.max(stats.maxRunning, stats.running);
    try {
      if (gate) await gate;
    } finally {
      stats.running--;
    }
  };
  const hasher: PasswordHasher = {
    async hash(password) {
      stats.hashes++;
      return hashPassword(password, CHEAP);
    },
    async verify(stored, password) {
      stats.verifies++;
      await hold();
      return verifyPassword(stored, password);
    },
  };
  return {
    hasher,
    stats,
    close() {
      gate = new Promise((resolve) => (open = resolve));
    },
    open() {
      gate = null;
      open();
    },
  };
}

let db: Database;
let ownerId: string;
const counting = instrumentedHasher();
let auth: Auth;

beforeAll(async () => {
  db = await createTestDatabase();
  // A line long enough that no burst here is refused as busy (that limit has its own test).
  auth = createAuth({ prisma: db.prisma, secureCookies: true, hasher: counting.hasher, hashQueue: 100 });
  const org = await db.prisma.organisation.create({ data: { slug: "weert", name: "Weert", kind: "MUNICIPALITY" } });
  const passwordHash = await hashPassword(PASSWORD, CHEAP);
  ownerId = (await db.prisma.user.create({ data: { email: OWNER, name: "Weert", organisationId: org.id, passwordHash } })).id;
  await db.prisma.user.create({ data: { email: OTHER, name: "Venlo", organisationId: org.id, passwordHash } });
});
afterAll(() => db.close());
beforeEach(async () => {
  await db.prisma.loginThrottle.deleteMany();
  await db.prisma.session.deleteMany();
  counting.stats.verifies = 0;
});

async function burst(n: number, attempt: (i: number) => ReturnType<Auth["login"]>) {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => attempt(i)));
  return {
    invalid: results.filter((r) => !r.ok && r.reason === "invalid").length,
    throttled: results.filter((r) => !r.ok && r.reason === "throttled").length,
  };
}

async function deviceCookieOf(email: string, client = at("192.0.2.1")): Promise<string> {
  const result = await auth.login(email, PASSWORD, client);
  if (!result.ok) throw new Error(`login failed: ${result.reason}`);
  return result.deviceCookie;
}

describe("throttling concurrent sign-ins", () => {
  it("lets exactly five of 40 concurrent wrong attempts on one account reach the password check, then locks it", async () => {
    const outcome = await burst(40, () => auth.login(OWNER, "wrong-password", at("198.51.100.1")));
    expect(counting.stats.verifies).toBe(5);
    expect(outcome).toEqual({ invalid: 5, throttled: 35 });
    // Locked now, for the right password too, and from any address without a device cookie.
    expect(await auth.login(OWNER, PASSWORD, at("198.51.100.2"))).toMatchObject({ ok: false, reason: "throttled" });
    expect(counting.stats.verifies).toBe(5);
  });

  it("holds the account limit against a burst spread over 40 addresses", async () => {
    const outcome = await burst(40, (i) => auth.login(OWNER, "wrong-password", at(`203.0.113.${i + 1}`)));
    expect(counting.stats.verifies).toBe(5);
    expect(outcome.throttled).toBe(35);
  });

  it("lets exactly 30 attempts from one address through, over any accounts", async () => {
    const outcome = await burst(40, (i) => auth.login(`nobody${i}@demo.regiotafel.nl`, "wrong-password", at("198.51.100.9")));
    expect(counting.stats.verifies).toBe(30);
    expect(outcome).toEqual({ invalid: 30, throttled: 10 });
  });

  it("counts every spelling of an address against the same account", async () => {
    const spellings = [" Weert@Demo.Regiotafel.NL", "WEERT@DEMO.REGIOTAFEL.NL\t", "weert@demo.regiotafel.nl\u00a0", "ｗｅｅｒｔ@demo.regiotafel.nl", "weert@demo.regiotafel.nl"];
    for (const [i, spelling] of spellings.entries()) {
      expect(await auth.login(spelling, "wrong-password", at(`203.0.113.${i + 1}`)), spelling).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await auth.login(OWNER, PASSWORD, at("203.0.113.99"))).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("signs in with any spelling of the address once the limits allow it", async () => {
    expect(await auth.login(" WEERT@demo.Regiotafel.nl ", PASSWORD, at("192.0.2.1"))).toMatchObject({ ok: true, user: { id: ownerId } });
  });
});

describe("the owner's known device (a lockout is no free denial of service)", () => {
  it("lets the owner's browser sign in while an attacker has locked the account", async () => {
    const device = await deviceCookieOf(OWNER);
    await burst(40, () => auth.login(OWNER, "guess", at("198.51.100.1")));
    expect(await auth.login(OWNER, PASSWORD, at("192.0.2.1"))).toMatchObject({ ok: false, reason: "throttled" });
    expect(await auth.login(OWNER, PASSWORD, at("192.0.2.1", device))).toMatchObject({ ok: true, user: { id: ownerId } });
    // ...even from an address that is locked itself (a shared office connection).
    await burst(31, (i) => auth.login(`nobody${i}@demo.regiotafel.nl`, "guess", at("192.0.2.1")));
    expect(await auth.login(OTHER, PASSWORD, at("192.0.2.1"))).toMatchObject({ ok: false, reason: "throttled" });
    expect(await auth.login(OWNER, PASSWORD, at("192.0.2.1", device))).toMatchObject({ ok: true });
  });

  it("gives a device cookie five guesses, after which it counts as an unknown browser", async () => {
    const device = await deviceCookieOf(OWNER);
    counting.stats.verifies = 0;
    const outcome = await burst(20, () => auth.login(OWNER, "guess", at("198.51.100.1", device)));
    // Five under the device cookie; then it is locked and the rest count for address and account.
    expect(counting.stats.verifies).toBe(10);
    expect(outcome).toEqual({ invalid: 10, throttled: 10 });
    expect(await auth.login(OWNER, PASSWORD, at("192.0.2.1", device))).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("accepts a device cookie only for its own account and the current password", async () => {
    const device = await deviceCookieOf(OWNER);
    const parts = device.split(".");
    const tampered = [parts[0], "A".repeat(22), parts[2]].join(".");
    await burst(6, () => auth.login(OTHER, "guess", at("198.51.100.1")));
    expect(await auth.login(OTHER, PASSWORD, at("192.0.2.1", device))).toMatchObject({ ok: false, reason: "throttled" });
    await burst(6, () => auth.login(OWNER, "guess", at("198.51.100.1")));
    expect(await auth.login(OWNER, PASSWORD, at("192.0.2.1", tampered))).toMatchObject({ ok: false, reason: "throttled" });
    expect(await auth.login(OWNER, PASSWORD, at("192.0.2.1", device))).toMatchObject({ ok: true });
  });

  it("revokes every device cookie of the account on a password change, and hands the changer a new one", async () => {
    const device = await deviceCookieOf(OWNER);
    const elsewhere = await deviceCookieOf(OWNER, at("192.0.2.2"));
    const changed = await auth.changePassword(ownerId, PASSWORD, "een-ander-wachtwoord", at("192.0.2.1", device));
    if (!changed.ok) throw new Error(changed.reason);
    await burst(6, () => auth.login(OWNER, "guess", at("198.51.100.1")));
    expect(await auth.login(OWNER, "een-ander-wachtwoord", at("192.0.2.2", elsewhere))).toMatchObject({ ok: false, reason: "throttled" });
    expect(await auth.login(OWNER, "een-ander-wachtwoord", at("192.0.2.1", changed.deviceCookie))).toMatchObject({ ok: true });
    // The same browser keeps its device id across the change (its own guesses stay counted together).
    expect(changed.deviceCookie.split(".")[1]).toBe(device.split(".")[1]);
    const back = await auth.changePassword(ownerId, "een-ander-wachtwoord", PASSWORD, at("192.0.2.1"));
    expect(back.ok).toBe(true);
  });
});

describe("throttling the current-password check of a password change", () => {
  it("allows five wrong current passwords, then refuses even the right one, and keeps the sessions", async () => {
    const session = await auth.login(OWNER, PASSWORD, at("192.0.2.1"));
    if (!session.ok) throw new Error("login");
    counting.stats.verifies = 0;
    const results = await Promise.all(Array.from({ length: 20 }, () => auth.changePassword(ownerId, "not-my-password", "een-nieuw-wachtwoord", at("192.0.2.1"))));
    expect(counting.stats.verifies).toBe(5);
    expect(results.filter((r) => !r.ok && r.reason === "wrongCurrent")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(15);
    const locked = await auth.changePassword(ownerId, PASSWORD, "een-nieuw-wachtwoord", at("192.0.2.1"));
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    if (locked.ok || locked.reason !== "throttled") return;
    expect(locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(await auth.validate(session.token)).not.toBeNull();
    // Signing in is a separate limit: the owner is not locked out of the account.
    expect((await auth.login(OWNER, PASSWORD, at("192.0.2.1"))).ok).toBe(true);
  });

  it("a right current password clears the count", async () => {
    for (let i = 0; i < 4; i++) await auth.changePassword(ownerId, "not-my-password", "een-nieuw-wachtwoord", at("192.0.2.1"));
    expect(await auth.changePassword(ownerId, PASSWORD, PASSWORD, at("192.0.2.1"))).toEqual({ ok: false, reason: "sameAsOld" });
    for (let i = 0; i < 5; i++) expect((await auth.changePassword(ownerId, "not-my-password", "x-y-z-w-v-u-t", at("192.0.2.1"))).ok).toBe(false);
    expect(await auth.changePassword(ownerId, "not-my-password", "x-y-z-w-v-u-t", at("192.0.2.1"))).toMatchObject({ reason: "throttled" });
  });
});

describe("limiting concurrent password hashes", () => {
  it("runs at most `hashConcurrency` hashes at once, queues a few and refuses the rest as busy", async () => {
    const held = instrumentedHasher();
    const limited = createAuth({ prisma: db.prisma, secureCookies: true, hasher: held.hasher, hashConcurrency: 2, hashQueue: 3 });
    held.close();
    const attempts = Array.from({ length: 10 }, (_, i) => limited.login(`queued${i}@demo.regiotafel.nl`, "guess", at(`203.0.113.${i + 1}`)));
    const settled: (string | null)[] = Array.from({ length: 10 }, () => null);
    attempts.forEach((p, i) => void p.then((r) => (settled[i] = r.ok ? "ok" : r.reason)));
    // Wait (without a clock) until the five that do not fit have been answered.
    await until(() => settled.filter((s) => s === "busy").length === 5 && held.stats.running === 2);
    expect(settled.filter((s) => s === null)).toHaveLength(5);
    held.open();
    const results = await Promise.all(attempts);
    expect(held.stats.maxRunning).toBe(2);
    expect(results.map((r) => (r.ok ? "ok" : r.reason)).sort()).toEqual([...Array(5).fill("busy"), ...Array(5).fill("invalid")]);
    // A busy refusal does not count as a failed attempt.
    const busyKeys = results.flatMap((r, i) => (!r.ok && r.reason === "busy" ? [accountKey(`queued${i}@demo.regiotafel.nl`)] : []));
    const rows = await db.prisma.loginThrottle.findMany({ where: { key: { in: busyKeys } } });
    expect(rows.every((row) => row.failures === 0)).toBe(true);
  });
});

describe("e-mail normalisation of throttle keys (property)", () => {
  const spaces = fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "");
  const local = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 });

  it("is a fixed point: normalising twice changes nothing", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => normaliseEmail(normaliseEmail(s)) === normaliseEmail(s)), { numRuns: 2000 });
  });

  it("gives a final, a lunate and a capital sigma one key (a counterexample fast-check found)", () => {
    const keys = new Set(["ϲ", "Ϲ", "ς", "σ", "Σ"].map((sigma) => accountKey(`${sigma}@demo.regiotafel.nl`)));
    expect(keys).toEqual(new Set(["email:σ@demo.regiotafel.nl"]));
    expect(accountKey("straße@demo.regiotafel.nl")).not.toBe(accountKey("strasse@demo.regiotafel.nl"));
  });

  it("keeps an iota subscript combining whatever the case of its letter (another counterexample)", () => {
    const decomposed = "\u03b1\u0300\u0345@demo.regiotafel.nl"; // α, grave, iota subscript
    const capital = "\u0391\u0300\u0345@demo.regiotafel.nl".normalize("NFC"); // Ὰ with the subscript
    expect(accountKey(capital)).toBe(accountKey(decomposed));
    expect(accountKey(decomposed)).toBe("email:\u1fb2@demo.regiotafel.nl");
  });

  it("gives every case, white-space and Unicode spelling of an address the same key", () => {
    fc.assert(
      fc.property(local, fc.array(fc.boolean(), { maxLength: 40 }), spaces, spaces, fc.constantFrom("NFC", "NFD", "NFKC", "NFKD"), (name, upper, before, after, form) => {
        const email = `${name}@demo.regiotafel.nl`;
        // Upper-case only characters that lower-case back (not ß → SS, a different account).
        const cased = [...email].map((c, i) => (upper[i] && c.toUpperCase().toLowerCase() === c.toLowerCase() ? c.toUpperCase() : c)).join("");
        const variant = `${before}${cased.normalize(form)}${after}`;
        expect(accountKey(variant)).toBe(accountKey(email));
      }),
      { numRuns: 2000 },
    );
  });

  it("locks the account after five wrong attempts in any mix of spellings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), spaces), { minLength: 6, maxLength: 6 }), async (spellings) => {
        await db.prisma.loginThrottle.deleteMany();
        const variants = spellings.map(([upper, pad]) => `${pad}${[...OWNER].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("")}${pad}`);
        for (const [i, v] of variants.slice(0, 5).entries()) expect(await auth.login(v, "guess", at(`203.0.113.${i + 1}`))).toEqual({ ok: false, reason: "invalid" });
        expect(await auth.login(variants[5]!, PASSWORD, at("203.0.113.50"))).toMatchObject({ ok: false, reason: "throttled" });
      }),
      { numRuns: 15 },
    );
  });
});
