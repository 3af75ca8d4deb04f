import { TRPCError } from "@trpc/server";
import { DomainError, invitationOperations as ops } from "@regiotafel/domain";
import {
  acceptInvitation,
  createAccountFromInvitation,
  createInvitations,
  findOpenInvitation,
  invitationOrganisations,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "@regiotafel/db";
import { memberProcedure, operationProcedure, publicProcedure, router, userOperationProcedure, withoutWorkspace } from "../trpc";

// Invitations (issue 17, point 4; ADR 0023). The admins' procedures are workspace procedures
// (another workspace's invitation id is NOT_FOUND); the link's procedures take only the token,
// and the workspace they join is the invitation's own.

/** The hourly cap is "too many requests" (429), with the minutes to wait. */
async function throttled<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.messageKey === "invitation.hourlyLimit") {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.messageKey, cause: error });
    }
    throw error;
  }
}

const invalid = () => new DomainError("NOT_FOUND", "invitation.invalid");

/**
 * What the link's holder may do: "create" an account (no account for the address, nobody
 * signed in), "accept" (signed in as the address's account), "signIn" (the address has an
 * account; sign in with it first), "otherAccount" (signed in as someone else).
 */
export type InvitationNextStep = "create" | "accept" | "signIn" | "otherAccount";

export const invitationRouter = router({
  /** Invites addresses (at most 50) with one organisation, role and mail language. */
  create: operationProcedure(ops.createInvitations).mutation(({ ctx, input }) =>
    throttled(() => createInvitations(ctx.prisma, ctx.scope, withoutWorkspace(input), { origin: ctx.origin })),
  ),

  /** The workspace's invitations with their state, and the organisations an invitation may name. Admins only. */
  list: memberProcedure("ADMIN").query(async ({ ctx }) => ({
    invitations: await listInvitations(ctx.prisma, ctx.scope),
    organisations: await invitationOrganisations(ctx.prisma, ctx.scope),
  })),

  resend: operationProcedure(ops.resendInvitation).mutation(({ ctx, input }) =>
    throttled(() => resendInvitation(ctx.prisma, ctx.scope, input.invitationId, { origin: ctx.origin })),
  ),

  revoke: operationProcedure(ops.revokeInvitation).mutation(({ ctx, input }) => revokeInvitation(ctx.prisma, ctx.scope, input.invitationId)),

  /** What a link opens; every link that does not work now is NOT_FOUND "invitation.invalid", whatever the reason. */
  check: publicProcedure.input(ops.checkInvitation.input).query(async ({ ctx, input }) => {
    const open = await findOpenInvitation(ctx.prisma, input.token);
    if (!open) throw invalid();
    let next: InvitationNextStep;
    if (ctx.user) next = ctx.user.email === open.email ? "accept" : "otherAccount";
    else next = open.hasAccount ? "signIn" : "create";
    return {
      workspace: open.workspaceName,
      email: open.email,
      role: open.role,
      organisation: open.organisationName,
      inviterName: open.inviterName,
      expiresAt: open.expiresAt,
      next,
      signedInAs: ctx.user?.email ?? null,
    };
  }),

  /** Accepts for the signed-in account, which must be the invited address's. */
  accept: userOperationProcedure(ops.acceptInvitation).mutation(({ ctx, input }) => acceptInvitation(ctx.prisma, input.token, ctx.user)),

  /** Creates the invited address's account, adds the membership and signs the new user in. */
  createAccount: publicProcedure.input(ops.createAccountFromInvitation.input).mutation(async ({ ctx, input }) => {
    // Not worth a password hash: a link that does not work now cannot work after it.
    const open = await findOpenInvitation(ctx.prisma, input.token);
    if (!open) throw invalid();
    if (ctx.user) throw new DomainError("FORBIDDEN", "invitation.signedIn");
    if (open.hasAccount) throw new DomainError("CONFLICT", "invitation.hasAccount");
    const passwordHash = await ctx.auth.hashPassword(input.password);
    const created = await createAccountFromInvitation(ctx.prisma, input.token, { name: input.name, passwordHash });
    const login = await ctx.auth.login(created.email, input.password, ctx.client, ctx.sessionToken);
    if (login.ok) {
      ctx.setCookie(ctx.auth.sessionCookie(login.token));
      ctx.setCookie(ctx.auth.deviceCookie(login.deviceCookie));
    }
    return { workspaceSlug: created.workspaceSlug, signedIn: login.ok };
  }),
});
