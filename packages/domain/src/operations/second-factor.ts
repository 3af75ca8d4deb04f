import { z } from "zod";
import { idSchema, passwordInputSchema } from "../schemas";
import { recoveryCodeSchema, totpCodeSchema } from "../second-factor";
import { defineOperation } from "./contract";
import { platformAdminsOnly } from "./platform";

// Two-step verification (issue 20 point 7): enrolling an authenticator app, the second step of
// a password sign-in, and turning it off. Outside every workspace (role null).

/**
 * The token of a sign-in waiting for its second step, as the sign-in form posts it back. Any
 * text: unknown, used and expired tokens are refused alike ("secondFactor.expired"); one longer
 * than any token reads as empty (it matches nothing).
 */
export const pendingTokenSchema = z.string({ error: "secondFactor.expired" }).transform((token) => (token.length <= 200 ? token : ""));

/** The second step of a sign-in: a code from the app. Wrong codes are throttled per account. */
export const verifySecondFactor = defineOperation({
  name: "auth.verifySecondFactor",
  input: z.object({ pendingToken: pendingTokenSchema, code: totpCodeSchema }),
  role: null,
  refusals: ["secondFactor.codeFormat", "secondFactor.invalidCode", "secondFactor.throttled", "secondFactor.expired"],
  secret: ["code"],
});

/** The second step of a sign-in with a recovery code instead; each code works once. */
export const useRecoveryCode = defineOperation({
  name: "auth.useRecoveryCode",
  input: z.object({ pendingToken: pendingTokenSchema, recoveryCode: recoveryCodeSchema }),
  role: null,
  refusals: ["secondFactor.recoveryFormat", "secondFactor.invalidRecoveryCode", "secondFactor.throttled", "secondFactor.expired"],
  secret: ["recoveryCode"],
});

/** A new secret for the authenticator app (replacing one not yet confirmed). */
export const startEnrolment = defineOperation({
  name: "secondFactor.startEnrolment",
  input: z.object({}),
  role: null,
  refusals: ["secondFactor.alreadyEnabled"],
});

/** The first code from the app turns two-step verification on and gives the recovery codes (once). */
export const confirmEnrolment = defineOperation({
  name: "secondFactor.confirmEnrolment",
  input: z.object({ code: totpCodeSchema }),
  role: null,
  refusals: ["secondFactor.codeFormat", "secondFactor.invalidCode", "secondFactor.throttled", "secondFactor.notStarted", "secondFactor.alreadyEnabled"],
  secret: ["code"],
});

/** New recovery codes (the old ones stop working), proven by a code from the app. */
export const regenerateRecoveryCodes = defineOperation({
  name: "secondFactor.regenerateRecoveryCodes",
  input: z.object({ code: totpCodeSchema }),
  role: null,
  refusals: ["secondFactor.codeFormat", "secondFactor.invalidCode", "secondFactor.throttled", "secondFactor.notEnabled"],
  secret: ["code"],
});

/** Turns two-step verification off for the own account, proven by the password; audited. */
export const disableSecondFactor = defineOperation({
  name: "secondFactor.disable",
  input: z.object({ password: passwordInputSchema }),
  role: null,
  refusals: ["password.wrongCurrent", "password.throttled", "auth.busy", "secondFactor.notEnabled"],
  secret: ["password"],
});

/**
 * A platform administrator removes someone's second factor (a lost phone and no recovery
 * codes): they enrol again at their next sign-in if they must, or when they choose. Audited.
 */
export const resetSecondFactor = defineOperation({
  name: "platform.resetSecondFactor",
  input: z.object({ userId: idSchema }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden", "notFound", "secondFactor.notEnabled"],
});
