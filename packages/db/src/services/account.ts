import type { Db } from "../client";

export async function getAccount(prisma: Db, userId: string) {
  return prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      passwordChangedAt: true,
      organisation: { select: { id: true, name: true, kind: true } },
    },
  });
}
