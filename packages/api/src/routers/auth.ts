import { TRPCError } from "@trpc/server";
import type { Busy, Throttled } from "@regiotafel/auth";
import { accountOperations as ops, DomainError } from "@regiotafel/domain";
import { authedProcedure, publicProcedure, router, userOperationProcedure } from "../trpc";

/** 429 with the minutes to wait, or 503 when too many password hashes are running. */
function refusal(result: Throttled | Busy, throttledKey: string, field?: string): TRPCError {
  if (result.reason === "busy") {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "auth.busy", cause: new DomainError("BAD_REQUEST", "auth.busy") });
  }
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: throttledKey, cause: new DomainError("BAD_REQUEST", throttledKey, { minutes }, field) });
}

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  login: publicProcedure
    .input(ops.login.input)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.auth.login(input.email, input.password, ctx.client, ctx.sessionToken);
      if (!result.ok) {
        if (result.reason === "invalid") {
          throw new TRPCError({ code: "UNAUTHORIZED", message: "login.invalid", cause: new DomainError("BAD_REQUEST", "login.invalid") });
        }
        throw refusal(result, "login.throttled");
      }
      ctx.setCookie(ctx.auth.sessionCookie(result.token));
      ctx.setCookie(ctx.auth.deviceCookie(result.deviceCookie));
      return { user: result.user };
    }),

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
});
