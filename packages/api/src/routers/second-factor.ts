import { TRPCError } from "@trpc/server";
import { DomainError, secondFactorOperations as ops, secondFactorRequired } from "@regiotafel/domain";
import { disableSecondFactor, platformStanding } from "@regiotafel/db";
import { authedProcedure, router, userOperationProcedure } from "../trpc";

// The signed-in user's own two-step verification (issue 20 point 7). The work is in
// packages/auth (second-factor.ts: secrets, codes, throttle) and packages/db (disable, audited).

export const secondFactorRouter = router({
  /** Whether it is on, an enrolment in progress, recovery codes left, and whether the account must have it. */
  status: authedProcedure.query(async ({ ctx }) => {
    const [status, standing] = await Promise.all([ctx.auth.secondFactor.status(ctx.user.id), platformStanding(ctx.prisma, ctx.user.id)]);
    return { ...status, required: secondFactorRequired(standing) };
  }),

  /** The enrolment in progress: its secret and otpauth URI (the page shows them as text and QR code), or null. */
  enrolment: authedProcedure.query(({ ctx }) => ctx.auth.secondFactor.enrolment(ctx.user.id, ctx.user.email)),

  startEnrolment: userOperationProcedure(ops.startEnrolment).mutation(({ ctx }) => ctx.auth.secondFactor.startEnrolment(ctx.user.id, ctx.user.email)),

  /** The first code: on, and the recovery codes shown this once. */
  confirmEnrolment: userOperationProcedure(ops.confirmEnrolment).mutation(({ ctx, input }) => ctx.auth.secondFactor.confirmEnrolment(ctx.user.id, input.code)),

  regenerateRecoveryCodes: userOperationProcedure(ops.regenerateRecoveryCodes).mutation(({ ctx, input }) => ctx.auth.secondFactor.regenerateRecoveryCodes(ctx.user.id, input.code)),

  /** Off, proven by the password (throttled like a password change's). */
  disable: userOperationProcedure(ops.disableSecondFactor).mutation(async ({ ctx, input }) => {
    const check = await ctx.auth.checkPassword(ctx.user.id, input.password);
    if (!check.ok) {
      if (check.reason === "wrongCurrent") throw new DomainError("BAD_REQUEST", "password.wrongCurrent", undefined, "password");
      const minutes = check.reason === "throttled" ? Math.ceil(check.retryAfterSeconds / 60) : 0;
      const key = check.reason === "throttled" ? "password.throttled" : "auth.busy";
      throw new TRPCError({ code: check.reason === "throttled" ? "TOO_MANY_REQUESTS" : "SERVICE_UNAVAILABLE", message: key, cause: new DomainError("BAD_REQUEST", key, { minutes }, "password") });
    }
    await disableSecondFactor(ctx.prisma, { userId: ctx.user.id, organisationId: ctx.user.organisationId });
    return { ok: true as const };
  }),
});
