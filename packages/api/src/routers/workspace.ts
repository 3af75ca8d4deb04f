import { workspaceOperations as ops } from "@regiotafel/domain";
import {
  addMember,
  changeMemberRole,
  getAccount,
  listAudit,
  listWorkspacesForUser,
  removeMember,
  updateMunicipalityContact,
  workspaceOverview,
} from "@regiotafel/db";
import { authedProcedure, memberProcedure, operationProcedure, router, withoutWorkspace } from "../trpc";

export const accountRouter = router({
  get: authedProcedure.query(({ ctx }) => getAccount(ctx.prisma, ctx.user.id)),
});

export const workspaceRouter = router({
  /** The workspaces the user belongs to. */
  list: authedProcedure.query(({ ctx }) => listWorkspacesForUser(ctx.prisma, ctx.user.id)),

  overview: memberProcedure("VIEWER").query(({ ctx }) => workspaceOverview(ctx.prisma, ctx.scope)),

  history: operationProcedure(ops.workspaceHistory).query(({ ctx, input }) => listAudit(ctx.prisma, ctx.scope, withoutWorkspace(input))),
});

export const memberRouter = router({
  add: operationProcedure(ops.addMember).mutation(({ ctx, input }) => addMember(ctx.prisma, ctx.scope, input.email, input.role)),
  changeRole: operationProcedure(ops.changeMemberRole).mutation(({ ctx, input }) => changeMemberRole(ctx.prisma, ctx.scope, input.userId, input.role)),
  remove: operationProcedure(ops.removeMember).mutation(({ ctx, input }) => removeMember(ctx.prisma, ctx.scope, input.userId)),
});

export const municipalityRouter = router({
  /** A municipality's own members set its procurement contact. */
  updateContact: operationProcedure(ops.updateMunicipalityContact).mutation(({ ctx, input: { municipalityId, version, contactName, contactEmail, contactPhone } }) =>
    updateMunicipalityContact(ctx.prisma, ctx.scope, municipalityId, { contactName, contactEmail, contactPhone }, version),
  ),
});
