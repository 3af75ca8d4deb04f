import { randomBytes } from "node:crypto";
import { hashToken } from "./token-hash";
import { DomainError, type Locale } from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { announceMail } from "../events";
import { recordAudit } from "./audit";
import { acceptOpenInvitationsFor } from "./invitations";
import { enqueueMail } from "./mail-outbox";

// Accounts behind a sign-in through an organisation's provider (issue 20, ADR 0035): the
// identity (connection, subject) is the stable link; the first sign-in creates the account in
// the connection's organisation (just in time) or, when a password account already has the
// address, links it only after the user proves that account is theirs.

/** What the relying party proved: a verified address at one of the connection's domains. */
export interface ProvenIdentity {
  connectionId: string;
  organisationId: string;
  subject: string;
  email: string;
  name: string;
}

export type SsoAccount =
  | { kind: "signedIn"; userId: string; created: boolean; joined: string[] }
  /** A password account has this address: prove it (password or mail) with this token. */
  | { kind: "linkRequired"; userId: string; pendingToken: string }
  | { kind: "deactivated" };

export const LINK_TTL_MS = 30 * 60_000;

export const hashPendingToken = hashToken;

/** An unusable password hash: no password ever matches it (verifyPassword reads only scrypt hashes). */
export const NO_PASSWORD = "sso";

const displayName = (identity: ProvenIdentity) => identity.name.trim().slice(0, 120) || identity.email;

/** The account for a proven identity: linked, created just in time, or a link to confirm first. */
export async function resolveSsoAccount(db: Db, identity: ProvenIdentity, returnTo: string | null): Promise<SsoAccount> {
  return db.$transaction(async (tx): Promise<SsoAccount> => {
    const linked = await tx.userIdentity.findUnique({ where: { connectionId_subject: { connectionId: identity.connectionId, subject: identity.subject } } });
    if (linked) {
      const user = await tx.user.findUniqueOrThrow({ where: { id: linked.userId }, select: { id: true, deactivatedAt: true, name: true } });
      if (user.deactivatedAt) return { kind: "deactivated" };
      await tx.userIdentity.update({ where: { id: linked.id }, data: { lastUsedAt: new Date() } });
      // The provider owns the name; the address stays ours (it may be changed with a confirmation).
      if (user.name !== displayName(identity)) await tx.user.update({ where: { id: user.id }, data: { name: displayName(identity) } });
      return { kind: "signedIn", userId: user.id, created: false, joined: [] };
    }
    const existing = await tx.user.findUnique({ where: { email: identity.email }, select: { id: true, deactivatedAt: true, passwordHash: true, organisationId: true } });
    if (existing) {
      if (existing.deactivatedAt) return { kind: "deactivated" };
      // Provisioned by this organisation (SCIM) and without a password: nothing to prove, the provider vouches.
      if (existing.passwordHash === NO_PASSWORD && existing.organisationId === identity.organisationId) {
        await tx.userIdentity.create({ data: { userId: existing.id, connectionId: identity.connectionId, subject: identity.subject, lastUsedAt: new Date() } });
        return { kind: "signedIn", userId: existing.id, created: false, joined: [] };
      }
      const pendingToken = await createLinkToken(tx, existing.id, identity, returnTo);
      return { kind: "linkRequired", userId: existing.id, pendingToken };
    }
    const user = await tx.user.create({
      data: { email: identity.email, name: displayName(identity), organisationId: identity.organisationId, passwordHash: NO_PASSWORD },
    });
    await tx.userIdentity.create({ data: { userId: user.id, connectionId: identity.connectionId, subject: identity.subject, lastUsedAt: new Date() } });
    await recordAudit(tx, { workspaceId: null, userId: user.id, organisationId: user.organisationId }, {
      action: "account.createdBySso",
      entityType: "user",
      entityId: user.id,
      after: { name: user.name, email: user.email },
    });
    const joined = await acceptOpenInvitationsFor(tx, user, true);
    return { kind: "signedIn", userId: user.id, created: true, joined };
  });
}

async function createLinkToken(tx: Tx, userId: string, identity: ProvenIdentity, returnTo: string | null): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await tx.pendingSignIn.deleteMany({ where: { userId, kind: "LINK_IDENTITY" } });
  await tx.pendingSignIn.create({
    data: {
      tokenHash: hashPendingToken(token),
      kind: "LINK_IDENTITY",
      userId,
      connectionId: identity.connectionId,
      subject: identity.subject,
      returnTo,
      expiresAt: new Date(Date.now() + LINK_TTL_MS),
    },
  });
  return token;
}

/** The link waiting behind a token: whose account, which organisation; null when it does not work (unknown, used, expired). */
export async function pendingLink(db: Db, token: string): Promise<{ userId: string; email: string; organisation: string; returnTo: string | null } | null> {
  if (!token || token.length > 100) return null;
  const rows = await db.$sql<{ userId: string; email: string; organisation: string; returnTo: string | null }>(
    `SELECT p.user_id AS "userId", u.email, o.name AS organisation, p.return_to AS "returnTo"
       FROM pending_sign_in p JOIN app_user u ON u.id = p.user_id
       JOIN oidc_connection c ON c.id = p.connection_id JOIN organisation o ON o.id = c.organisation_id
      WHERE p.token_hash = $1 AND p.kind = 'LINK_IDENTITY' AND p.used_at IS NULL AND p.expires_at > now() AND u.deactivated_at IS NULL`,
    [hashPendingToken(token)],
  );
  return rows[0] ?? null;
}

/**
 * Sends the link to the account's own address (the second way to prove it): a new token, the
 * one in the browser stops working. Returns nothing that tells more than the page already knows.
 */
export async function mailLinkConfirmation(db: Db, token: string, context: { origin: string; locale: Locale }): Promise<void> {
  const link = await pendingLink(db, token);
  if (!link) throw new DomainError("NOT_FOUND", "sso.state");
  await db.$transaction(async (tx) => {
    const pending = await tx.pendingSignIn.findUniqueOrThrow({ where: { tokenHash: hashPendingToken(token) } });
    const fresh = randomBytes(32).toString("base64url");
    await tx.pendingSignIn.delete({ where: { tokenHash: pending.tokenHash } });
    await tx.pendingSignIn.create({ data: { ...pending, tokenHash: hashPendingToken(fresh), createdAt: new Date(), expiresAt: new Date(Date.now() + LINK_TTL_MS) } });
    await enqueueMail(tx, {
      key: `linkIdentity:${hashPendingToken(fresh)}`,
      to: link.email,
      locale: context.locale,
      template: "linkIdentity",
      params: { link: `${context.origin}/inloggen/koppelen/${fresh}`, organisation: link.organisation },
    });
  });
  announceMail();
}

/**
 * Links the identity behind a token to its account (the caller checked the password, or the token
 * came from the mail) and uses the token up; of two at once one wins. Audited.
 */
export async function completeLink(db: Db, token: string): Promise<{ userId: string; connectionId: string; returnTo: string | null }> {
  return db.$transaction(async (tx) => {
    const [claimed] = await tx.$queryRaw<{ userId: string; connectionId: string; subject: string; returnTo: string | null }[]>`
      UPDATE pending_sign_in p SET used_at = now() FROM app_user u
       WHERE p.token_hash = ${hashPendingToken(token)} AND p.kind = 'LINK_IDENTITY' AND p.used_at IS NULL AND p.expires_at > now()
         AND u.id = p.user_id AND u.deactivated_at IS NULL
      RETURNING p.user_id AS "userId", p.connection_id AS "connectionId", p.subject, p.return_to AS "returnTo"`;
    if (!claimed) throw new DomainError("NOT_FOUND", "sso.state");
    const taken = await tx.userIdentity.findUnique({ where: { connectionId_subject: { connectionId: claimed.connectionId, subject: claimed.subject } } });
    if (taken) throw new DomainError("NOT_FOUND", "sso.state");
    await tx.userIdentity.create({ data: { userId: claimed.userId, connectionId: claimed.connectionId, subject: claimed.subject, lastUsedAt: new Date() } });
    const user = await tx.user.findUniqueOrThrow({ where: { id: claimed.userId }, select: { id: true, email: true, name: true, organisationId: true } });
    await recordAudit(tx, { workspaceId: null, userId: user.id, organisationId: user.organisationId }, {
      action: "account.identityLinked",
      entityType: "user",
      entityId: user.id,
      after: { connectionId: claimed.connectionId },
    });
    await acceptOpenInvitationsFor(tx, user, false);
    return { userId: claimed.userId, connectionId: claimed.connectionId, returnTo: claimed.returnTo };
  });
}
