import { TRPCError } from "@trpc/server";
import type { Busy, SecondFactorProof, Throttled } from "@regiotafel/auth";
import type { Context } from "../context";
import { accountOperations as ops, DomainError, secondFactorOperations } from "@regiotafel/domain";
import { passwordResetValid, requestPasswordReset, resetPassword } from "@regiotafel/db";
import { authedProcedure, publicProcedure, router, userOperationProcedure } from "../trpc";

/** 429 with the minutes to wait, or 503 when too many password hashes are running. */
function refusal(result: Throttled | Busy, throttledKey: string, field?: string): TRPCError {
  if (result.reason === "busy") {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "auth.busy", cause: new DomainError("BAD_REQUEST", "auth.busy") });
  }
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: throttledKey, cause: new DomainError("BAD_REQUEST", throttledKey, { minutes }, field) });
}

/** Completes a pending sign-in; the refusal names the field that was typed. */
async function completeSecondFactor(ctx: Context, pendingToken: string, proof: SecondFactorProof, field: "code" | "recoveryCode") {
  const result = await ctx.auth.completeSecondFactor(pendingToken, proof, ctx.client, ctx.sessionToken);
  if (!result.ok) {
    if (result.reason === "expired") throw new DomainError("NOT_FOUND", "secondFactor.expired");
    if (result.reason === "throttled") throw refusal(result, "secondFactor.throttled", field);
    throw new DomainError("BAD_REQUEST", field === "code" ? "secondFactor.invalidCode" : "secondFactor.invalidRecoveryCode", undefined, field);
  }
  ctx.setCookie(ctx.auth.sessionCookie(result.token));
  ctx.setCookie(ctx.auth.deviceCookie(result.deviceCookie));
  return { user: result.user };
}

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  login: publicProcedure
    .input(ops.login.input)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.auth.login(input.email, input.password, ctx.client, ctx.sessionToken);
      // The password was right; the sign-in form asks for the second step with this token.
      if (!result.ok && result.reason === "secondFactor") return { user: null, pendingToken: result.pendingToken };
      if (!result.ok) {
        if (result.reason === "invalid") {
          throw new TRPCError({ code: "UNAUTHORIZED", message: "login.invalid", cause: new DomainError("BAD_REQUEST", "login.invalid") });
        }
        if (result.reason === "deactivated") {
          throw new TRPCError({ code: "FORBIDDEN", message: "login.deactivated", cause: new DomainError("FORBIDDEN", "login.deactivated") });
        }
        throw refusal(result, "login.throttled");
      }
      ctx.setCookie(ctx.auth.sessionCookie(result.token));
      ctx.setCookie(ctx.auth.deviceCookie(result.deviceCookie));
      return { user: result.user, pendingToken: null };
    }),

  /** The second step of a sign-in with a code from the app (issue 20): the same cookies as `login`. */
  verifySecondFactor: publicProcedure.input(secondFactorOperations.verifySecondFactor.input).mutation(async ({ ctx, input }) =>
    completeSecondFactor(ctx, input.pendingToken, { code: input.code }, "code"),
  ),

  /** The second step of a sign-in with a single-use recovery code. */
  useRecoveryCode: publicProcedure.input(secondFactorOperations.useRecoveryCode.input).mutation(async ({ ctx, input }) =>
    completeSecondFactor(ctx, input.pendingToken, { recoveryCode: input.recoveryCode }, "recoveryCode"),
  ),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await ctx.auth.logout(ctx.sessionToken);
    ctx.setCookie(ctx.auth.blankCookie());
    return { ok: true as const };
  }),

  logoutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.auth.logoutEverywhere(ctx.user.id);
    ctx.setCookie(ctx.auth.blankCookie());
    return { ok: true as const };
  }),

  changePassword: userOperationProcedure(ops.changePassword).mutation(async ({ ctx, input }) => {
      const result = await ctx.auth.changePassword(ctx.user.id, input.current, input.next, ctx.client);
      if (!result.ok) {
        if (result.reason === "throttled" || result.reason === "busy") throw refusal(result, "password.throttled", "current");
        const field = result.reason === "wrongCurrent" ? "current" : "next";
        throw new DomainError("BAD_REQUEST", `password.${result.reason}`, undefined, field);
      }
      ctx.setCookie(ctx.auth.sessionCookie(result.token));
      ctx.setCookie(ctx.auth.deviceCookie(result.deviceCookie));
      return { ok: true as const };
    }),

  /**
   * "Wachtwoord vergeten?" (ADR 0024): the same answer for every address, known or not; a mail
   * only for a known, active account. Throttled per address asked for and per client.
   */
  requestPasswordReset: publicProcedure.input(ops.requestPasswordReset.input).mutation(async ({ ctx, input }) => {
    const admission = await ctx.auth.admitPasswordResetRequest(input.email, ctx.client);
    if (!admission.ok) throw refusal(admission, "reset.throttled", "email");
    await requestPasswordReset(ctx.prisma, input.email, { origin: ctx.origin, locale: ctx.locale });
    return { ok: true as const };
  }),

  /** Whether a reset link still works; used, expired and unknown links alike are `valid: false`. */
  checkPasswordReset: publicProcedure.input(ops.checkPasswordReset.input).query(async ({ ctx, input }) => ({ valid: await passwordResetValid(ctx.prisma, input.token) })),

  /**
   * A new password through a reset link: every session and live connection of the account ends
   * (this browser then signs in with the new password). Used, expired and unknown links
   * are NOT_FOUND "reset.invalid", whatever the reason.
   */
  resetPassword: publicProcedure.input(ops.resetPassword.input).mutation(async ({ ctx, input }) => {
    // Not worth a password hash: a link that does not work now cannot work after it.
    if (!(await passwordResetValid(ctx.prisma, input.token))) throw new DomainError("NOT_FOUND", "reset.invalid");
    const passwordHash = await ctx.auth.hashNewPassword(input.password);
    if (passwordHash === null) throw refusal({ ok: false, reason: "busy" }, "auth.busy");
    await resetPassword(ctx.prisma, input.token, passwordHash, { origin: ctx.origin, locale: ctx.locale });
    return { ok: true as const };
  }),
});
