import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { emailSchema, newPasswordSchema, passwordInputSchema, DomainError } from "@regiotafel/domain";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  login: publicProcedure
    .input(z.object({ email: emailSchema, password: passwordInputSchema }))
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.auth.login(input.email, input.password, ctx.client, ctx.sessionToken);
      if (!result.ok) {
        if (result.reason === "throttled") {
          throw new TRPCError({
            code: "TOO_MANY_REQUESTS",
            message: "login.throttled",
            cause: new DomainError("BAD_REQUEST", "login.throttled", { minutes: Math.ceil(result.retryAfterSeconds / 60) }),
          });
        }
        throw new TRPCError({ code: "UNAUTHORIZED", message: "login.invalid", cause: new DomainError("BAD_REQUEST", "login.invalid") });
      }
      ctx.setCookie(ctx.auth.sessionCookie(result.token));
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

  changePassword: authedProcedure
    .input(
      z
        .object({ current: passwordInputSchema, next: newPasswordSchema, confirm: z.string().max(200) })
        .refine((v) => v.next === v.confirm, { error: "password.mismatch", path: ["confirm"] }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.auth.changePassword(ctx.user.id, input.current, input.next, ctx.client);
      if (!result.ok) {
        const field = result.reason === "wrongCurrent" ? "current" : "next";
        throw new DomainError("BAD_REQUEST", `password.${result.reason}`, undefined, field);
      }
      ctx.setCookie(ctx.auth.sessionCookie(result.token));
      return { ok: true as const };
    }),
});
