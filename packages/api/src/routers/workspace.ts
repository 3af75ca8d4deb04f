import { accountOperations, DomainError, workspaceOperations as ops } from "@regiotafel/domain";
import {
  addMember,
  changeMemberRole,
  confirmEmailChange,
  exportOwnData,
  getAccount,
  leaveWorkspace,
  requestEmailChange,
  listHistory,
  listWorkspacesForUser,
  attentionAcrossWorkspaces,
  needsMe,
  removeMember,
  updateMunicipalityContact,
  workspaceOverview,
} from "@regiotafel/db";
import { TRPCError } from "@trpc/server";
import { authedProcedure, memberProcedure, operationProcedure, publicProcedure, router, userOperationProcedure, withoutWorkspace } from "../trpc";

export const accountRouter = router({
  get: authedProcedure.query(({ ctx }) => getAccount(ctx.prisma, ctx.user.id)),

  /** The user's own data as one JSON document (ADR 0024): /account/mijn-gegevens.json. */
  myData: authedProcedure.query(({ ctx }) => exportOwnData(ctx.prisma, ctx.user.id)),

  /**
   * A new e-mail address, proven by the current password: a confirmation link to the new address
   * and a notice to the old one; the address changes only on confirmation.
   */
  requestEmailChange: userOperationProcedure(accountOperations.requestEmailChange).mutation(async ({ ctx, input }) => {
    const check = await ctx.auth.checkPassword(ctx.user.id, input.password);
    if (!check.ok) {
      if (check.reason === "wrongCurrent") throw new DomainError("BAD_REQUEST", "password.wrongCurrent", undefined, "password");
      const minutes = check.reason === "throttled" ? Math.ceil(check.retryAfterSeconds / 60) : 0;
      const key = check.reason === "throttled" ? "password.throttled" : "auth.busy";
      throw new TRPCError({ code: check.reason === "throttled" ? "TOO_MANY_REQUESTS" : "SERVICE_UNAVAILABLE", message: key, cause: new DomainError("BAD_REQUEST", key, { minutes }, "password") });
    }
    await requestEmailChange(ctx.prisma, ctx.user.id, input.email, { origin: ctx.origin, locale: ctx.locale });
    return { ok: true as const, email: input.email };
  }),

  /** The link sent to the new address; it works without being signed in (it proves the new mailbox). */
  confirmEmailChange: publicProcedure.input(accountOperations.confirmEmailChange.input).mutation(({ ctx, input }) => confirmEmailChange(ctx.prisma, input.token)),
});

export const workspaceRouter = router({
  /** The workspaces the user belongs to. */
  list: authedProcedure.query(({ ctx }) => listWorkspacesForUser(ctx.prisma, ctx.user.id)),

  /** Per workspace of the user, how many things wait for them there: the platform home's cards. */
  attention: authedProcedure.query(({ ctx }) => attentionAcrossWorkspaces(ctx.prisma, ctx.user.id)),

  overview: memberProcedure("VIEWER").query(({ ctx }) => workspaceOverview(ctx.prisma, ctx.scope)),

  /** What needs the member now: the workspace home's first section (issue 18, point 1). */
  needsMe: operationProcedure(ops.needsMe).query(({ ctx }) => needsMe(ctx.prisma, ctx.scope)),

  history: operationProcedure(ops.workspaceHistory).query(({ ctx, input }) => listHistory(ctx.prisma, ctx.scope, withoutWorkspace(input))),
});

export const memberRouter = router({
  add: operationProcedure(ops.addMember).mutation(({ ctx, input }) => addMember(ctx.prisma, ctx.scope, input.email, input.role)),
  changeRole: operationProcedure(ops.changeMemberRole).mutation(({ ctx, input }) => changeMemberRole(ctx.prisma, ctx.scope, input.userId, input.role)),
  remove: operationProcedure(ops.removeMember).mutation(({ ctx, input }) => removeMember(ctx.prisma, ctx.scope, input.userId)),
  /** The member leaves the workspace themselves (not the last admin). */
  leave: operationProcedure(ops.leaveWorkspace).mutation(({ ctx }) => leaveWorkspace(ctx.prisma, ctx.scope)),
});

export const municipalityRouter = router({
  /** A municipality's own members set its procurement contact. */
  updateContact: operationProcedure(ops.updateMunicipalityContact).mutation(({ ctx, input: { municipalityId, version, contactName, contactEmail, contactPhone } }) =>
    updateMunicipalityContact(ctx.prisma, ctx.scope, municipalityId, { contactName, contactEmail, contactPhone }, version),
  ),
});
