import type { Db } from "@regiotafel/db";

export interface ThrottleRule {
  /** Failures allowed inside the window before the key is locked. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export const accountKey = (email: string) => `email:${email}`;
export const addressKey = (address: string) => `ip:${address}`;

/** The latest moment any of `keys` stays locked, or null when none is locked now. */
export async function lockedUntil(prisma: Db, keys: string[], now: Date): Promise<Date | null> {
  const rows = await prisma.loginThrottle.findMany({
    where: { key: { in: keys }, lockedUntil: { gt: now } },
    select: { lockedUntil: true },
  });
  const times = rows.map((r) => r.lockedUntil!.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

/** Counts one failure atomically (concurrent attempts cannot slip past the limit). */
export async function recordFailure(prisma: Db, key: string, rule: ThrottleRule, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  await prisma.$executeRaw`
    INSERT INTO login_throttle (key, failures, window_start) VALUES (${key}, 1, ${now}::timestamptz)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttle.window_start < ${windowStart}::timestamptz THEN 1
                      ELSE login_throttle.failures + 1 END,
      window_start = CASE WHEN login_throttle.window_start < ${windowStart}::timestamptz THEN ${now}::timestamptz
                          ELSE login_throttle.window_start END`;
  await prisma.$executeRaw`
    UPDATE login_throttle SET locked_until = ${lockUntil}::timestamptz, failures = 0, window_start = ${now}::timestamptz
    WHERE key = ${key} AND failures >= ${rule.maxFailures}`;
}

export async function resetThrottle(prisma: Db, key: string): Promise<void> {
  await prisma.loginThrottle.deleteMany({ where: { key } });
}
