import { TRPCError } from "@trpc/server";
import { DomainError, platformOperations as ops, secondFactorOperations } from "@regiotafel/domain";
import { createPlatformAdmin, directoryChoices, hasUsers, listUsers, platformOverview, resetSecondFactor, setUserActive, setupTokenValid } from "@regiotafel/db";
import { platformOperationProcedure, publicProcedure, router } from "../trpc";

export const platformRouter = router({
  /** Counts of workspaces, organisations and users; the mails given up on. Platform administrators only. */
  overview: platformOperationProcedure(ops.platformOverview).query(({ ctx, input }) => platformOverview(ctx.prisma, input)),
  /** Every account with organisation, state and last sign-in, searched (ADR 0024). */
  users: platformOperationProcedure(ops.listUsers).query(({ ctx, input }) => listUsers(ctx.prisma, input)),
  /** Deactivates or reactivates an account; deactivation ends its sessions and live connections at once. */
  setUserActive: platformOperationProcedure(ops.setUserActive).mutation(({ ctx, input }) =>
    setUserActive(ctx.prisma, { userId: ctx.user.id, organisationId: ctx.user.organisationId }, input.userId, input.active),
  ),
  /** Removes an account's second factor (a lost phone); audited. The account enrols again when it must or wants to. */
  resetSecondFactor: platformOperationProcedure(secondFactorOperations.resetSecondFactor).mutation(async ({ ctx, input }) => {
    await resetSecondFactor(ctx.prisma, { userId: ctx.user.id, organisationId: ctx.user.organisationId }, input.userId);
    return { ok: true as const };
  }),
});

/** Once any account exists the first run is over: every setup call is NOT_FOUND. */
const setupOver = () => new TRPCError({ code: "NOT_FOUND", message: "notFound", cause: new DomainError("NOT_FOUND", "notFound") });

export const setupRouter = router({
  /** Whether the setup link still works; NOT_FOUND once any user exists (the page is then 404). */
  check: publicProcedure.input(ops.checkSetup.input).query(async ({ ctx, input }) => {
    if (await hasUsers(ctx.prisma)) throw setupOver();
    const valid = await setupTokenValid(ctx.prisma, input.token);
    // The directory to pick the administrator's organisation from (only for a working link).
    return { valid, organisations: valid ? await directoryChoices(ctx.prisma) : [] };
  }),

  /**
   * Creates the first platform administrator with the setup link's token and signs them in.
   * A wrong, used or outdated token is NOT_FOUND "setup.invalid", whatever the reason.
   */
  complete: publicProcedure.input(ops.completeSetup.input).mutation(async ({ ctx, input }) => {
    // Not worth a password hash: a token that does not work now cannot work after it.
    if (!(await setupTokenValid(ctx.prisma, input.token))) throw new DomainError("NOT_FOUND", "setup.invalid");
    const passwordHash = await ctx.auth.hashPassword(input.password);
    const created = await createPlatformAdmin(ctx.prisma, { token: input.token }, { name: input.name, email: input.email, organisation: input.organisation, passwordHash });
    const login = await ctx.auth.login(input.email, input.password, ctx.client, ctx.sessionToken);
    if (login.ok) {
      ctx.setCookie(ctx.auth.sessionCookie(login.token));
      ctx.setCookie(ctx.auth.deviceCookie(login.deviceCookie));
    }
    return { userId: created.userId, signedIn: login.ok };
  }),
});
