import type { Db } from "@regiotafel/db";

// Attempts are counted *before* the password is hashed, by one atomic statement per key, so
// a burst of concurrent attempts cannot all pass a check made before any of them failed
// (ADR 0014). A success takes its own attempt back (or clears the key).

export interface ThrottleRule {
  /** Attempts allowed inside the window; the next one locks the key. */
  maxAttempts: number;
  windowMs: number;
  lockMs: number;
}

const MINUTES_15 = 15 * 60_000;

/** Sign-in attempts for one account from clients it does not know (no device cookie). */
export const ACCOUNT_RULE: ThrottleRule = { maxAttempts: 5, windowMs: MINUTES_15, lockMs: MINUTES_15 };
/** Sign-in attempts from one address, for any account, without a device cookie. */
export const ADDRESS_RULE: ThrottleRule = { maxAttempts: 30, windowMs: MINUTES_15, lockMs: MINUTES_15 };
/** Sign-in attempts with one known-device cookie (the owner's own browser). */
export const DEVICE_RULE: ThrottleRule = { maxAttempts: 5, windowMs: MINUTES_15, lockMs: MINUTES_15 };
/** Current-password checks of a password change, per account. */
export const PASSWORD_CHANGE_RULE: ThrottleRule = { maxAttempts: 5, windowMs: MINUTES_15, lockMs: MINUTES_15 };

/** Codes of the second step (sign-in, enrolment, new recovery codes), per account: like its passwords. */
export const SECOND_FACTOR_RULE: ThrottleRule = { maxAttempts: 5, windowMs: MINUTES_15, lockMs: MINUTES_15 };

/** "Wachtwoord vergeten?" requests for one address (known or not), so nobody floods a mailbox. */
export const RESET_ACCOUNT_RULE: ThrottleRule = { maxAttempts: 3, windowMs: MINUTES_15, lockMs: MINUTES_15 };
/** "Wachtwoord vergeten?" requests from one client address, for any e-mail address. */
export const RESET_ADDRESS_RULE: ThrottleRule = { maxAttempts: 10, windowMs: MINUTES_15, lockMs: MINUTES_15 };

/**
 * The form of an e-mail address that accounts are looked up by and throttled under: every
 * spelling that reaches the same account (case, surrounding white space, Unicode
 * compatibility forms) shares one throttle key.
 */
export function normaliseEmail(email: string): string {
  let current = email;
  // Case-folded a character at a time: String#toLowerCase depends on context (a Greek
  // capital sigma becomes final or not), which would split one spelling into two keys.
  // Lower-casing can leave a string that normalises further (and the other way round):
  // repeat until nothing changes, so the result is a fixed point.
  for (let i = 0; i < 4; i++) {
    const lower = Array.from(current.normalize("NFKC"), foldCase).join("");
    const next = lower.normalize("NFKC").trim();
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * One character's case-insensitive form: through its upper case where that is one character,
 * so that a final sigma "ς" (and the lunate "ϲ", which NFKC makes one) and "σ" agree, as their
 * capital "Σ" does; "ß" keeps its own form (its upper case "SS" is another address). Combining
 * marks only lower-case: the iota subscript's upper case is a capital iota, a letter of its own
 * that would no longer combine ("ᾲ" would become "ὰι").
 */
function foldCase(c: string): string {
  if (COMBINING_MARK.test(c)) return c.toLowerCase();
  const upper = c.toUpperCase();
  return (upper.length === c.length ? upper : c).toLowerCase();
}
const COMBINING_MARK = /^\p{M}$/u;

export const accountKey = (email: string) => `email:${normaliseEmail(email)}`;
export const addressKey = (address: string) => `ip:${address}`;
export const deviceKey = (deviceId: string) => `device:${deviceId}`;
export const passwordChangeKey = (userId: string) => `password:${userId}`;
export const secondFactorKey = (userId: string) => `second-factor:${userId}`;
export const resetAccountKey = (email: string) => `reset:email:${normaliseEmail(email)}`;
export const resetAddressKey = (address: string) => `reset:ip:${address}`;

export type Admission = { allowed: true } | { allowed: false; lockedUntil: Date };

/**
 * Counts one attempt on `key` and says whether it may go ahead, in one statement: the row
 * lock of the upsert orders concurrent attempts, so exactly `maxAttempts` of any burst pass.
 * The attempt after the last allowed one locks the key for `lockMs`; attempts while it is
 * locked are refused without being counted (and without extending the lock).
 */
export async function countAttempt(prisma: Db, key: string, rule: ThrottleRule, now: Date): Promise<Admission> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  const rows = await prisma.$queryRaw<{ lockedUntil: Date | null }[]>`
    INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
    VALUES (${key}, 1, ${now}::timestamptz, CASE WHEN 1 > ${rule.maxAttempts}::int THEN ${lockUntil}::timestamptz END)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE
        WHEN t.locked_until > ${now}::timestamptz THEN t.failures
        WHEN t.window_start <= ${windowStart}::timestamptz OR t.locked_until IS NOT NULL THEN 1
        ELSE t.failures + 1 END,
      window_start = CASE
        WHEN t.locked_until > ${now}::timestamptz THEN t.window_start
        WHEN t.window_start <= ${windowStart}::timestamptz OR t.locked_until IS NOT NULL THEN ${now}::timestamptz
        ELSE t.window_start END,
      locked_until = CASE
        WHEN t.locked_until > ${now}::timestamptz THEN t.locked_until
        WHEN t.window_start <= ${windowStart}::timestamptz OR t.locked_until IS NOT NULL THEN NULL
        WHEN t.failures + 1 > ${rule.maxAttempts}::int THEN ${lockUntil}::timestamptz
        ELSE NULL END
    RETURNING locked_until AS "lockedUntil"`;
  const lockedUntil = rows[0]?.lockedUntil ?? null;
  return lockedUntil && lockedUntil.getTime() > now.getTime() ? { allowed: false, lockedUntil } : { allowed: true };
}

/** Takes back one counted attempt that turned out not to be a failed guess (a success, a busy refusal). */
export async function refundAttempt(prisma: Db, key: string, now: Date): Promise<void> {
  await prisma.$executeRaw`
    UPDATE login_throttle SET failures = failures - 1
    WHERE key = ${key} AND failures > 0 AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)`;
}

/** Forgets every attempt on `key` (the account's owner proved the password). */
export async function resetThrottle(prisma: Db, key: string): Promise<void> {
  await prisma.loginThrottle.deleteMany({ where: { key } });
}

export function retryAfterSeconds(lockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}
