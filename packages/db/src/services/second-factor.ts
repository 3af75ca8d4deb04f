import { DomainError } from "@regiotafel/domain";
import type { Db } from "../client";
import { recordAudit } from "./audit";

// Removing a second factor (issue 20 point 7): by its owner after proving the password (the
// caller checks it), or by a platform administrator for someone who lost the phone and the
// recovery codes. Either way the secret, the recovery codes and sign-ins waiting for a code go,
// in one transaction with the audit event. Sessions stay: the person signed in with both steps.

export interface SecondFactorActor {
  userId: string;
  organisationId: string;
}

async function removeSecondFactor(db: Db, actor: SecondFactorActor, targetId: string, action: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.totpFactor.deleteMany({ where: { userId: targetId } });
    if (count === 0) throw new DomainError("BAD_REQUEST", "secondFactor.notEnabled");
    await tx.recoveryCode.deleteMany({ where: { userId: targetId } });
    await tx.pendingSignIn.deleteMany({ where: { userId: targetId, kind: "SECOND_FACTOR" } });
    await recordAudit(tx, { workspaceId: null, userId: actor.userId, organisationId: actor.organisationId }, { action, entityType: "user", entityId: targetId });
  });
}

/** The owner turns two-step verification off (password already proven by the caller). */
export async function disableSecondFactor(db: Db, actor: SecondFactorActor): Promise<void> {
  const confirmed = await db.totpFactor.count({ where: { userId: actor.userId, confirmedAt: { not: null } } });
  if (confirmed === 0) throw new DomainError("BAD_REQUEST", "secondFactor.notEnabled");
  await removeSecondFactor(db, actor, actor.userId, "account.secondFactorDisabled");
}

/**
 * A platform administrator (checked by the procedure tier) resets anyone's second factor, an
 * enrolment in progress included. An unknown account is NOT_FOUND; one without a factor
 * "secondFactor.notEnabled".
 */
export async function resetSecondFactor(db: Db, actor: SecondFactorActor, targetId: string): Promise<void> {
  const target = await db.user.findUnique({ where: { id: targetId }, select: { id: true } });
  if (!target) throw new DomainError("NOT_FOUND", "notFound");
  await removeSecondFactor(db, actor, targetId, "account.secondFactorReset");
}

/** Of `userIds`, those with a confirmed second factor (the platform's user list). */
export async function withSecondFactor(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.totpFactor.findMany({ where: { userId: { in: [...userIds] }, confirmedAt: { not: null } }, select: { userId: true } });
  return new Set(rows.map((row) => row.userId));
}
