import { randomBytes } from "node:crypto";
import { DomainError } from "@regiotafel/domain";
import { recordAudit, type Db } from "@regiotafel/db";
import { hashToken } from "./session-adapter";
import { countAttempt, resetThrottle, retryAfterSeconds, SECOND_FACTOR_RULE, secondFactorKey } from "./throttle";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, verifyTotp } from "./totp";
import type { SecretBox } from "./secret-box";

// Two-step verification of password accounts (issue 20 point 7). A sign-in whose password was
// right waits as a PendingSignIn (only its token's SHA-256 stored, 5 minutes, single use) until a
// code from the app or a recovery code completes it. Every code attempt is counted per account
// before it is checked (SECOND_FACTOR_RULE), like passwords. A TOTP code works once: the factor
// keeps the last step used and only a later one is accepted.

/** A sign-in waiting for its second step lives this long. */
export const PENDING_SIGN_IN_TTL_MS = 5 * 60_000;

export type SecondFactorProof = { code: string } | { recoveryCode: string };

export type SecondFactorCheck =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalidCode" | "expired" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export interface SecondFactorStatus {
  /** A confirmed factor: sign-ins ask for a code. */
  enabled: boolean;
  /** A secret was made but no code confirmed it yet. */
  enrolmentStarted: boolean;
  /** Unused recovery codes. */
  recoveryCodesLeft: number;
}

export interface Enrolment {
  /** The base32 secret, for typing into an app by hand. */
  secret: string;
  /** The otpauth:// URI, for the QR code. */
  uri: string;
}

const throttledError = (lockedUntil: Date, now: Date) =>
  new DomainError("BAD_REQUEST", "secondFactor.throttled", { minutes: Math.ceil(retryAfterSeconds(lockedUntil, now) / 60) }, "code");
const invalidCode = () => new DomainError("BAD_REQUEST", "secondFactor.invalidCode", undefined, "code");

export type SecondFactor = ReturnType<typeof createSecondFactor>;

export function createSecondFactor(prisma: Db, secretBox: SecretBox | undefined) {
  function box(): SecretBox {
    if (!secretBox) throw new Error("two-step verification needs AuthOptions.secretBox (a key from the environment)");
    return secretBox;
  }

  /** The code checked against the confirmed (or, when enrolling, unconfirmed) factor; its step stored when it is new. */
  async function consumeCode(userId: string, code: string, now: Date, confirmed: boolean): Promise<"ok" | "invalid" | "missing"> {
    const factor = await prisma.totpFactor.findUnique({ where: { userId } });
    if (!factor || (factor.confirmedAt !== null) !== confirmed) return "missing";
    const check = await verifyTotp(box().open(factor.secret), code, now, factor.lastStep).catch(() => ({ valid: false as const }));
    if (!check.valid) return "invalid";
    // Two requests with the same code at once: only one moves the step on.
    const { count } = await prisma.totpFactor.updateMany({
      where: { userId, OR: [{ lastStep: null }, { lastStep: { lt: check.step } }] },
      data: { lastStep: check.step },
    });
    return count === 1 ? "ok" : "invalid";
  }

  /** Counts a code attempt of the account; a DomainError when it is locked. */
  async function admitCode(userId: string, now: Date): Promise<void> {
    const admission = await countAttempt(prisma, secondFactorKey(userId), SECOND_FACTOR_RULE, now);
    if (!admission.allowed) throw throttledError(admission.lockedUntil, now);
  }

  async function replaceRecoveryCodes(userId: string, audit: { action: string; organisationId: string }): Promise<string[]> {
    const codes = newRecoveryCodes();
    await prisma.$transaction(async (tx) => {
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
      await recordAudit(tx, { workspaceId: null, userId, organisationId: audit.organisationId }, { action: audit.action, entityType: "user", entityId: userId });
    });
    return codes;
  }

  async function organisationOf(userId: string): Promise<string> {
    return (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { organisationId: true } })).organisationId;
  }

  return {
    /** Whether a sign-in of the account needs a second step. */
    async isEnabled(userId: string): Promise<boolean> {
      return (await prisma.totpFactor.count({ where: { userId, confirmedAt: { not: null } } })) > 0;
    },

    async status(userId: string): Promise<SecondFactorStatus> {
      const [factor, recoveryCodesLeft] = await Promise.all([
        prisma.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }),
        prisma.recoveryCode.count({ where: { userId, usedAt: null } }),
      ]);
      return { enabled: factor?.confirmedAt != null, enrolmentStarted: factor !== null && factor.confirmedAt === null, recoveryCodesLeft };
    },

    /** A sign-in whose password was right, waiting for its second step: the token for the form. */
    async beginSignIn(userId: string, now = new Date()): Promise<string> {
      const token = randomBytes(32).toString("base64url");
      await prisma.$transaction([
        // The account's earlier attempts that were never finished go.
        prisma.pendingSignIn.deleteMany({ where: { userId, kind: "SECOND_FACTOR", OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] } }),
        prisma.pendingSignIn.create({ data: { tokenHash: hashToken(token), kind: "SECOND_FACTOR", userId, createdAt: now, expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_TTL_MS) } }),
      ]);
      return token;
    },

    /**
     * The second step: the pending sign-in is used up when the code or recovery code is right
     * (both in one transaction, so neither is spent without the other). A wrong code leaves the
     * pending sign-in as it is, counted against the account's throttle.
     */
    async completeSignIn(pendingToken: string, proof: SecondFactorProof, now = new Date()): Promise<SecondFactorCheck> {
      const tokenHash = hashToken(pendingToken);
      const pending = await prisma.pendingSignIn.findUnique({ where: { tokenHash } });
      if (!pending || pending.kind !== "SECOND_FACTOR" || pending.usedAt || pending.expiresAt <= now) return { ok: false, reason: "expired" };
      const { userId } = pending;
      const admission = await countAttempt(prisma, secondFactorKey(userId), SECOND_FACTOR_RULE, now);
      if (!admission.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: retryAfterSeconds(admission.lockedUntil, now) };

      if ("code" in proof) {
        const consumed = await consumeCode(userId, proof.code, now, true);
        if (consumed === "missing") return { ok: false, reason: "expired" };
        if (consumed === "invalid") return { ok: false, reason: "invalidCode" };
      }
      const outcome = await prisma.$transaction(async (tx) => {
        const claimed = await tx.pendingSignIn.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
        if (claimed.count !== 1) return "expired" as const;
        if ("recoveryCode" in proof) {
          const used = await tx.recoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(proof.recoveryCode), usedAt: null }, data: { usedAt: now } });
          if (used.count !== 1) throw new WrongRecoveryCode();
        }
        return "ok" as const;
      }).catch((error: unknown) => {
        if (error instanceof WrongRecoveryCode) return "invalidCode" as const;
        throw error;
      });
      if (outcome !== "ok") return { ok: false, reason: outcome };
      await resetThrottle(prisma, secondFactorKey(userId));
      return { ok: true, userId };
    },

    /** A new secret for the app, replacing one not yet confirmed. `account` names the account in the app. */
    async startEnrolment(userId: string, account: string): Promise<Enrolment> {
      const existing = await prisma.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } });
      if (existing?.confirmedAt) throw new DomainError("BAD_REQUEST", "secondFactor.alreadyEnabled");
      const secret = newTotpSecret();
      const sealed = box().seal(secret);
      await prisma.totpFactor.upsert({
        where: { userId },
        create: { userId, secret: sealed },
        update: { secret: sealed, lastStep: null, createdAt: new Date() },
      });
      return { secret, uri: otpauthUri(secret, account) };
    },

    /** The enrolment in progress (its secret and URI again, for the page), or null. */
    async enrolment(userId: string, account: string): Promise<Enrolment | null> {
      const factor = await prisma.totpFactor.findUnique({ where: { userId } });
      if (!factor || factor.confirmedAt) return null;
      const secret = box().open(factor.secret);
      return { secret, uri: otpauthUri(secret, account) };
    },

    /** The first code from the app turns the factor on; the recovery codes are returned this once. Audited. */
    async confirmEnrolment(userId: string, code: string, now = new Date()): Promise<{ recoveryCodes: string[] }> {
      const factor = await prisma.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } });
      if (!factor) throw new DomainError("BAD_REQUEST", "secondFactor.notStarted");
      if (factor.confirmedAt) throw new DomainError("BAD_REQUEST", "secondFactor.alreadyEnabled");
      await admitCode(userId, now);
      const consumed = await consumeCode(userId, code, now, false);
      if (consumed === "missing") throw new DomainError("BAD_REQUEST", "secondFactor.notStarted");
      if (consumed === "invalid") throw invalidCode();
      await resetThrottle(prisma, secondFactorKey(userId));
      const { count } = await prisma.totpFactor.updateMany({ where: { userId, confirmedAt: null }, data: { confirmedAt: now } });
      if (count !== 1) throw new DomainError("BAD_REQUEST", "secondFactor.alreadyEnabled");
      return { recoveryCodes: await replaceRecoveryCodes(userId, { action: "account.secondFactorEnabled", organisationId: await organisationOf(userId) }) };
    },

    /** New recovery codes for a confirmed factor, proven by a current code; the old ones stop working. Audited. */
    async regenerateRecoveryCodes(userId: string, code: string, now = new Date()): Promise<{ recoveryCodes: string[] }> {
      if (!(await prisma.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }))) throw new DomainError("BAD_REQUEST", "secondFactor.notEnabled");
      await admitCode(userId, now);
      const consumed = await consumeCode(userId, code, now, true);
      if (consumed === "missing") throw new DomainError("BAD_REQUEST", "secondFactor.notEnabled");
      if (consumed === "invalid") throw invalidCode();
      await resetThrottle(prisma, secondFactorKey(userId));
      return { recoveryCodes: await replaceRecoveryCodes(userId, { action: "account.recoveryCodesRenewed", organisationId: await organisationOf(userId) }) };
    },
  };
}

/** Rolls back the claim of the pending sign-in when the recovery code was wrong. */
class WrongRecoveryCode extends Error {}
