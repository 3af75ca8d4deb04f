import { TRPCError } from "@trpc/server";
import type { Busy, SecondFactorProof, Throttled } from "@regiotafel/auth";
import { accountOperations as ops, DomainError, secondFactorOperations, signInOperations as sso, ssoRefusalKey } from "@regiotafel/domain";
import {
  completeLink,
  connectionForEmail,
  mailLinkConfirmation,
  passwordResetValid,
  pendingLink,
  requestPasswordReset,
  resetPassword,
  resolveSsoAccount,
} from "@regiotafel/db";
import { authedProcedure, publicProcedure, router, userOperationProcedure } from "../trpc";
import type { Context } from "../context";

/** 429 with the minutes to wait, or 503 when too many password hashes are running. */
function refusal(result: Throttled | Busy, throttledKey: string, field?: string): TRPCError {
  if (result.reason === "busy") {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "auth.busy", cause: new DomainError("BAD_REQUEST", "auth.busy") });
  }
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: throttledKey, cause: new DomainError("BAD_REQUEST", throttledKey, { minutes }, field) });
}

/** Uses a link token up, links the identity and starts an SSO session for its account. */
async function signInLinked(ctx: Context, token: string) {
  const linked = await completeLink(ctx.prisma, token);
  const session = await ctx.auth.startSsoSession(linked.userId, linked.connectionId, ctx.client, ctx.sessionToken);
  ctx.setCookie(ctx.auth.sessionCookie(session));
  return { kind: "signedIn" as const, returnTo: linked.returnTo };
}

/** Completes a pending sign-in; the refusal names the field that was typed. */
async function completeSecondFactor(ctx: Context, pendingToken: string, proof: SecondFactorProof, field: "code" | "recoveryCode") {
  const result = await ctx.auth.completeSecondFactor(pendingToken, proof, ctx.client, ctx.sessionToken);
  if (!result.ok) {
    if (result.reason === "expired") throw new DomainError("NOT_FOUND", "secondFactor.expired");
    if (result.reason === "throttled") throw refusal(result, "secondFactor.throttled", field);
    throw new DomainError("BAD_REQUEST", field === "code" ? "secondFactor.invalidCode" : "secondFactor.invalidRecoveryCode", undefined, field);
  }
  ctx.setCookie(ctx.auth.sessionCookie(result.token));
  ctx.setCookie(ctx.auth.deviceCookie(result.deviceCookie));
  return { user: result.user };
}

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  login: publicProcedure
    .input(ops.login.input)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.auth.login(input.email, input.password, ctx.client, ctx.sessionToken);
      // The password was right; the sign-in form asks for the second step with this token.
      if (!result.ok && result.reason === "secondFactor") return { user: null, pendingToken: result.pendingToken };
      if (!result.ok) {
        if (result.reason === "invalid") {
          throw new TRPCError({ code: "UNAUTHORIZED", message: "login.invalid", cause: new DomainError("BAD_REQUEST", "login.invalid") });
        }
        if (result.reason === "deactivated") {
          throw new TRPCError({ code: "FORBIDDEN", message: "login.deactivated", cause: new DomainError("FORBIDDEN", "login.deactivated") });
        }
        if (result.reason === "ssoRequired") {
          throw new TRPCError({ code: "FORBIDDEN", message: "sso.required", cause: new DomainError("FORBIDDEN", "sso.required") });
        }
        throw refusal(result, "login.throttled");
      }
      ctx.setCookie(ctx.auth.sessionCookie(result.token));
      ctx.setCookie(ctx.auth.deviceCookie(result.deviceCookie));
      return { user: result.user, pendingToken: null };
    }),

  /** The second step of a sign-in with a code from the app (issue 20): the same cookies as `login`. */
  verifySecondFactor: publicProcedure.input(secondFactorOperations.verifySecondFactor.input).mutation(async ({ ctx, input }) =>
    completeSecondFactor(ctx, input.pendingToken, { code: input.code }, "code"),
  ),

  /** The second step of a sign-in with a single-use recovery code. */
  useRecoveryCode: publicProcedure.input(secondFactorOperations.useRecoveryCode.input).mutation(async ({ ctx, input }) =>
    completeSecondFactor(ctx, input.pendingToken, { recoveryCode: input.recoveryCode }, "recoveryCode"),
  ),

  /**
   * Ends the session here and, for a session signed in through an organisation's provider, gives
   * the provider's sign-out URL (RP-initiated logout) to send the browser to; null otherwise.
   */
  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await ctx.auth.logout(ctx.sessionToken);
    ctx.setCookie(ctx.auth.blankCookie());
    const providerLogout =
      ctx.signedInWith?.method === "SSO" ? await ctx.singleSignOn.endSessionUrl(ctx.signedInWith.connectionId, `${ctx.origin}/login?uitgelogd`) : null;
    return { ok: true as const, providerLogout };
  }),

  // ---------------------------------------------------------------- single sign-on (ADR 0035)

  /** Home realm discovery: the provider's URL for an address at an SSO domain, else the password field. */
  discover: publicProcedure.input(sso.discoverSignIn.input).mutation(async ({ ctx, input }) => {
    const connection = await connectionForEmail(ctx.prisma, input.email);
    if (!connection) return { kind: "password" as const };
    const started = await ctx.singleSignOn.begin(connection.id, input.redirectTo);
    if (!started.ok) throw new DomainError("BAD_REQUEST", ssoRefusalKey(started.reason === "provider_down" ? "provider_down" : "token"));
    return { kind: "sso" as const, url: started.url };
  }),

  /**
   * The provider sent the browser back: checks its answer (the relying party), then signs in the
   * linked or just-created account, or answers `linkRequired` with a token to prove the account.
   */
  completeSso: publicProcedure.input(sso.completeSso.input).mutation(async ({ ctx, input }) => {
    let url: URL;
    try {
      url = new URL(input.callbackUrl);
    } catch {
      throw new DomainError("BAD_REQUEST", "sso.state");
    }
    const outcome = await ctx.singleSignOn.complete(url);
    if (!outcome.ok) throw new DomainError("BAD_REQUEST", ssoRefusalKey(outcome.reason), outcome.error ? { error: outcome.error.slice(0, 60) } : undefined);
    const account = await resolveSsoAccount(ctx.prisma, outcome, outcome.returnTo);
    if (account.kind === "deactivated") throw new DomainError("FORBIDDEN", "login.deactivated");
    if (account.kind === "linkRequired") return { kind: "linkRequired" as const, token: account.pendingToken };
    const token = await ctx.auth.startSsoSession(account.userId, outcome.connectionId, ctx.client, ctx.sessionToken);
    ctx.setCookie(ctx.auth.sessionCookie(token));
    return { kind: "signedIn" as const, returnTo: outcome.returnTo, joined: account.joined };
  }),

  /** The address and organisation a link token is for; NOT_FOUND "sso.state" when it does not work. */
  linkStatus: publicProcedure.input(sso.linkStatus.input).query(async ({ ctx, input }) => {
    const link = await pendingLink(ctx.prisma, input.token);
    if (!link) throw new DomainError("NOT_FOUND", "sso.state");
    return { email: link.email, organisation: link.organisation };
  }),

  /** Proves the existing account with its password (throttled like a password change), links and signs in. */
  linkWithPassword: publicProcedure.input(sso.linkWithPassword.input).mutation(async ({ ctx, input }) => {
    const link = await pendingLink(ctx.prisma, input.token);
    if (!link) throw new DomainError("NOT_FOUND", "sso.state");
    const proof = await ctx.auth.checkPassword(link.userId, input.password);
    if (!proof.ok) {
      if (proof.reason === "wrongCurrent") throw new DomainError("BAD_REQUEST", "password.wrongCurrent", undefined, "password");
      throw refusal(proof, "password.throttled", "password");
    }
    return signInLinked(ctx, input.token);
  }),

  /** Sends the confirmation link to the existing account's own address. */
  linkByMail: publicProcedure.input(sso.linkByMail.input).mutation(async ({ ctx, input }) => {
    await mailLinkConfirmation(ctx.prisma, input.token, { origin: ctx.origin, locale: ctx.locale });
    return { ok: true as const };
  }),

  /** The link from that mail: links and signs in. */
  confirmLink: publicProcedure.input(sso.confirmLink.input).mutation(({ ctx, input }) => signInLinked(ctx, input.token)),

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

  /**
   * "Wachtwoord vergeten?" (ADR 0024): the same answer for every address, known or not; a mail
   * only for a known, active account. Throttled per address asked for and per client.
   */
  requestPasswordReset: publicProcedure.input(ops.requestPasswordReset.input).mutation(async ({ ctx, input }) => {
    const admission = await ctx.auth.admitPasswordResetRequest(input.email, ctx.client);
    if (!admission.ok) throw refusal(admission, "reset.throttled", "email");
    await requestPasswordReset(ctx.prisma, input.email, { origin: ctx.origin, locale: ctx.locale });
    return { ok: true as const };
  }),

  /** Whether a reset link still works; used, expired and unknown links alike are `valid: false`. */
  checkPasswordReset: publicProcedure.input(ops.checkPasswordReset.input).query(async ({ ctx, input }) => ({ valid: await passwordResetValid(ctx.prisma, input.token) })),

  /**
   * A new password through a reset link: every session and live connection of the account ends
   * (this browser then signs in with the new password). Used, expired and unknown links
   * are NOT_FOUND "reset.invalid", whatever the reason.
   */
  resetPassword: publicProcedure.input(ops.resetPassword.input).mutation(async ({ ctx, input }) => {
    // Not worth a password hash: a link that does not work now cannot work after it.
    if (!(await passwordResetValid(ctx.prisma, input.token))) throw new DomainError("NOT_FOUND", "reset.invalid");
    const passwordHash = await ctx.auth.hashNewPassword(input.password);
    if (passwordHash === null) throw refusal({ ok: false, reason: "busy" }, "auth.busy");
    await resetPassword(ctx.prisma, input.token, passwordHash, { origin: ctx.origin, locale: ctx.locale });
    return { ok: true as const };
  }),
});
