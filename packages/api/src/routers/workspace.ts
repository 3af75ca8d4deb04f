import { z } from "zod";
import { contactSchema, emailSchema, idSchema, roleSchema, versionSchema } from "@regiotafel/domain";
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
import { authedProcedure, memberProcedure, ownMunicipalityProcedure, router } from "../trpc";

export const accountRouter = router({
  get: authedProcedure.query(({ ctx }) => getAccount(ctx.prisma, ctx.user.id)),
});

export const workspaceRouter = router({
  /** The workspaces the user belongs to. */
  list: authedProcedure.query(({ ctx }) => listWorkspacesForUser(ctx.prisma, ctx.user.id)),

  overview: memberProcedure("VIEWER").query(({ ctx }) => workspaceOverview(ctx.prisma, ctx.scope)),

  history: memberProcedure("VIEWER")
    .input(
      z.object({
        entityType: z.string().max(40).regex(/^[a-zA-Z]+$/).optional(),
        limit: z.number().int().min(1).max(100).default(50),
        cursor: idSchema.optional(),
      }),
    )
    .query(({ ctx, input }) => listAudit(ctx.prisma, ctx.scope, input)),
});

export const memberRouter = router({
  add: memberProcedure("ADMIN")
    .input(z.object({ email: emailSchema, role: roleSchema }))
    .mutation(({ ctx, input }) => addMember(ctx.prisma, ctx.scope, input.email, input.role)),

  changeRole: memberProcedure("ADMIN")
    .input(z.object({ userId: idSchema, role: roleSchema }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.prisma, ctx.scope, input.userId, input.role)),

  remove: memberProcedure("ADMIN")
    .input(z.object({ userId: idSchema }))
    .mutation(({ ctx, input }) => removeMember(ctx.prisma, ctx.scope, input.userId)),
});

export const municipalityRouter = router({
  /** A municipality's own members set its procurement contact. */
  updateContact: ownMunicipalityProcedure("EDITOR")
    .input(contactSchema.extend({ version: versionSchema.min(1) }))
    .mutation(({ ctx, input }) => {
      const { version, contactName, contactEmail, contactPhone } = input;
      return updateMunicipalityContact(ctx.prisma, ctx.scope, ctx.municipality.id, { contactName, contactEmail, contactPhone }, version);
    }),
});
