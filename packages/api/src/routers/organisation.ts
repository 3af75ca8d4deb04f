import { DomainError, signInOperations as ops } from "@regiotafel/domain";
import { createScimToken, organisationPeople, organisationPerson, organisationSignIn, resetSecondFactor, setUserActive, removeOidcConnection, revokeScimToken, saveOidcConnection, setOrganisationAdmin, setSsoRequired, type OrganisationActor } from "@regiotafel/db";
import { platformOperationProcedure, router } from "../trpc";
import type { Context } from "../context";

// An organisation's sign-in (issue 20, ADR 0035): platform administrators for any organisation,
// organisation administrators for their own (the service answers NOT_FOUND for any other).

const actorOf = (ctx: { user: { id: string; organisationId: string }; platform: OrganisationActor["standing"] }): OrganisationActor => ({
  userId: ctx.user.id,
  organisationId: ctx.user.organisationId,
  standing: ctx.platform,
});

/** The sealed secret to store: null keeps the stored one (an empty field). */
function sealSecret(ctx: Pick<Context, "singleSignOn">, secret: string): string | null {
  if (secret === "") return null;
  const sealed = ctx.singleSignOn.seal(secret);
  if (sealed === null) throw new DomainError("BAD_REQUEST", "sso.secretKeyMissing", undefined, "clientSecret");
  return sealed;
}

export const organisationRouter = router({
  /** The connection (never its secret), SCIM tokens (never the token) and administrators. */
  signIn: platformOperationProcedure(ops.signInSettings).query(async ({ ctx, input }) => {
    const settings = await organisationSignIn(ctx.prisma, actorOf(ctx), input.organisation);
    const site = new URL(ctx.singleSignOn.redirectUri).origin;
    return { ...settings, redirectUri: ctx.singleSignOn.redirectUri, scimUrl: `${site}/scim/v2`, canEncrypt: ctx.singleSignOn.seal("check") !== null };
  }),

  saveConnection: platformOperationProcedure(ops.saveConnection).mutation(async ({ ctx, input }) => {
    const { organisation, clientSecret, ...fields } = input;
    // Scope first: nothing about another organisation's settings, not even whether its issuer works.
    await organisationSignIn(ctx.prisma, actorOf(ctx), organisation);
    if (fields.issuer.startsWith("http:") && !ctx.singleSignOn.allowHttpIssuers) throw new DomainError("BAD_REQUEST", "sso.issuerInsecure", undefined, "issuer");
    const sealed = sealSecret(ctx, clientSecret);
    if (!(await ctx.singleSignOn.discoverable(fields.issuer))) throw new DomainError("BAD_REQUEST", "sso.discoveryFailed", { issuer: fields.issuer }, "issuer");
    return saveOidcConnection(ctx.prisma, actorOf(ctx), organisation, fields, sealed);
  }),

  removeConnection: platformOperationProcedure(ops.removeConnection).mutation(({ ctx, input }) => removeOidcConnection(ctx.prisma, actorOf(ctx), input.organisation)),

  /** Requiring SSO ends the organisation's password sessions and their live connections at once. */
  requireSso: platformOperationProcedure(ops.requireSso).mutation(({ ctx, input }) => setSsoRequired(ctx.prisma, actorOf(ctx), input.organisation, input.required)),

  /** A SCIM bearer token for the organisation's identity provider: the token is in this answer only. */
  createScimToken: platformOperationProcedure(ops.createScimToken).mutation(async ({ ctx, input }) => {
    await organisationSignIn(ctx.prisma, actorOf(ctx), input.organisation);
    return createScimToken(ctx.prisma, { userId: ctx.user.id, organisationId: ctx.user.organisationId }, { organisationId: input.organisation, label: input.label });
  }),

  revokeScimToken: platformOperationProcedure(ops.revokeScimToken).mutation(async ({ ctx, input }) => {
    await organisationSignIn(ctx.prisma, actorOf(ctx), input.organisation);
    return revokeScimToken(ctx.prisma, { userId: ctx.user.id, organisationId: ctx.user.organisationId }, { organisationId: input.organisation, tokenId: input.tokenId });
  }),

  /** The organisation's people, for its administrators. */
  people: platformOperationProcedure(ops.organisationPeople).query(({ ctx, input }) => organisationPeople(ctx.prisma, actorOf(ctx), input.organisation, input.q)),

  /** Deactivates or reactivates one of the organisation's people: their sessions and live connections end at once. */
  setPersonActive: platformOperationProcedure(ops.setPersonActive).mutation(async ({ ctx, input }) => {
    await organisationPerson(ctx.prisma, actorOf(ctx), input.organisation, input.userId);
    return setUserActive(ctx.prisma, { userId: ctx.user.id, organisationId: ctx.user.organisationId }, input.userId, input.active);
  }),

  /** Removes the second factor of one of the organisation's people, audited. */
  resetSecondFactor: platformOperationProcedure(ops.resetPersonSecondFactor).mutation(async ({ ctx, input }) => {
    await organisationPerson(ctx.prisma, actorOf(ctx), input.organisation, input.userId);
    await resetSecondFactor(ctx.prisma, { userId: ctx.user.id, organisationId: ctx.user.organisationId }, input.userId);
    return { ok: true as const };
  }),

  /** Platform administrators only: makes an account an administrator of its own organisation. */
  setAdmin: platformOperationProcedure(ops.setOrganisationAdmin).mutation(({ ctx, input }) =>
    setOrganisationAdmin(ctx.prisma, { userId: ctx.user.id, organisationId: ctx.user.organisationId }, input.userId, input.admin),
  ),
});
