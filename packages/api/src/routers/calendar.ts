import { calendarFeedUrl, calendarOperations as ops } from "@regiotafel/domain";
import { calendarFeedStatus, createCalendarFeed, revokeCalendarFeed } from "@regiotafel/db";
import { authedProcedure, router, userOperationProcedure } from "../trpc";

// The signed-in user's own calendar feed (issue 21 point 8, ADR 0037). The feed is served by
// server/src/calendar.ts at the secret address; here it is made, replaced and revoked.

export const calendarRouter = router({
  /** Whether there is an address and since when; the address itself is only shown when made. */
  status: authedProcedure.query(({ ctx }) => calendarFeedStatus(ctx.prisma, ctx.user.id)),

  /** A new address (an earlier one stops working): the full feed and the own organisation's, shown this once. */
  create: userOperationProcedure(ops.createCalendarFeed).mutation(async ({ ctx }) => {
    const { token, createdAt } = await createCalendarFeed(ctx.prisma, ctx.user.id);
    return { url: calendarFeedUrl(ctx.origin, token), mineUrl: calendarFeedUrl(ctx.origin, token, true), createdAt };
  }),

  revoke: userOperationProcedure(ops.revokeCalendarFeed).mutation(({ ctx }) => revokeCalendarFeed(ctx.prisma, ctx.user.id)),
});
