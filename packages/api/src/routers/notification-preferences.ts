import { DomainError, notificationPreferenceOperations as ops } from "@regiotafel/domain";
import { findUnsubscribe, getNotificationPreferences, setNotificationPreferences, unsubscribe } from "@regiotafel/db";
import { publicProcedure, router, userOperationProcedure } from "../trpc";

// A user's own notification preferences, and the one-click unsubscribe from a mail (issue 21,
// point 7; ADR 0038). The unsubscribe procedures are public: the token alone names the user and
// the kind, and an unknown token answers NOT_FOUND without changing anything.

export const notificationPreferencesRouter = router({
  get: userOperationProcedure(ops.get).query(({ ctx }) => getNotificationPreferences(ctx.prisma, ctx.user.id)),

  set: userOperationProcedure(ops.set).mutation(({ ctx, input }) => setNotificationPreferences(ctx.prisma, ctx.user.id, input)),

  checkUnsubscribe: publicProcedure.input(ops.checkUnsubscribe.input).query(async ({ ctx, input }) => {
    const found = await findUnsubscribe(ctx.prisma, input.token);
    if (!found) throw new DomainError("NOT_FOUND", "unsubscribe.invalid");
    return found;
  }),

  unsubscribe: publicProcedure.input(ops.unsubscribe.input).mutation(async ({ ctx, input }) => {
    const done = await unsubscribe(ctx.prisma, input.token);
    if (!done) throw new DomainError("NOT_FOUND", "unsubscribe.invalid");
    return done;
  }),
});
