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
  const organisationAdmin = (await prisma.organisationAdmin.count({ where: { userId } })) > 0;
  /** A platform administrator (ADR 0021): the platform page is theirs; it is no workspace role. An organisation administrator (ADR 0035) manages its sign-in. */
  return { ...account, platformAdmin: platformAdmin !== null, organisationAdmin };
}
