import type { Db } from "./client";
import { DEMO_EMAIL_DOMAIN } from "./seed";

/**
 * The password hash of a demo account outside demo mode. Not a scrypt record, so no password
 * matches it (verifyPassword refuses unknown formats), and recognisable, so demo mode can
 * give the account its published password back.
 */
export const LOCKED_DEMO_PASSWORD = "!locked: demo account outside demo mode";

const demoAccounts = { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` } };

/**
 * Outside demo mode the demo accounts (whose password is published) cannot sign in: their
 * password is replaced and their sessions end. A database that was once a demo is thus not
 * open to anyone who read the README. Returns how many accounts were locked.
 */
export async function lockDemoAccounts(prisma: Db): Promise<number> {
  const accounts = await prisma.user.findMany({ where: { ...demoAccounts, passwordHash: { not: LOCKED_DEMO_PASSWORD } }, select: { id: true } });
  if (accounts.length === 0) return 0;
  const ids = accounts.map((a) => a.id);
  await prisma.$transaction([
    prisma.user.updateMany({ where: { id: { in: ids } }, data: { passwordHash: LOCKED_DEMO_PASSWORD } }),
    prisma.session.deleteMany({ where: { userId: { in: ids } } }),
  ]);
  return ids.length;
}

/** In demo mode, accounts locked by an earlier start without it get the demo password again. */
export async function unlockDemoAccounts(prisma: Db, demoPasswordHash: string): Promise<number> {
  const { count } = await prisma.user.updateMany({ where: { ...demoAccounts, passwordHash: LOCKED_DEMO_PASSWORD }, data: { passwordHash: demoPasswordHash } });
  return count;
}
