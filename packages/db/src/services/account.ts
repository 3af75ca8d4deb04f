import type { Db } from "../client";

export async function getAccount(prisma: Db, userId: string) {
  const { platformAdmin, ...account } = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      passwordChangedAt: true,
      organisation: { select: { id: true, name: true, kind: true } },
      platformAdmin: { select: { userId: true } },
    },
  });
  /** A platform administrator (ADR 0021): the platform page is theirs; it is no workspace role. */
  return { ...account, platformAdmin: platformAdmin !== null };
}
