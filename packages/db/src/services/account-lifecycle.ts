import { randomBytes } from "node:crypto";
import { applyMembershipChange, DomainError, platformOperations, type Locale } from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { announceMail, eventBus, type SessionsEndedReason } from "../events";
import type { Scope } from "../scope";
import { hashToken } from "./token-hash";
import { recordAudit } from "./audit";
import { enqueueMail } from "./mail-outbox";
import { withSecondFactor } from "./second-factor";

// The account's life after it exists (issue 17 point 5, ADR 0024): ending every session and live
// connection at once, password reset and e-mail change by links sent by mail (only the token's
// SHA-256 is stored, single use), deactivation by a platform administrator, leaving a
// workspace, and the user's own data as one JSON document.

/** A reset link works for one hour. */
export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
/** A link confirming a new e-mail address works for 24 hours. */
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60_000;

/** No account has this id: the statements for an unknown address run against it and match nothing. */
const NO_USER = "00000000-0000-0000-0000-000000000000";

/** The SHA-256 (hex) of a token from a mail's link, as stored. */
export const hashAccountToken = hashToken;

/** A new link token: 256 random bits, base64url (43 characters), and its hash. */
export function newAccountToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashAccountToken(token) };
}

// ---------------------------------------------------------------- ending every session

/** Deletes every session of the user, inside the caller's transaction; announce it after the commit (`announceSessionsEnded`). */
export async function deleteAllSessions(tx: Tx | Db, userId: string): Promise<number> {
  const { count } = await tx.session.deleteMany({ where: { userId } });
  return count;
}

/**
 * Tells every live connection of the user that all their sessions ended: their WebSockets in every
 * workspace (server/src/collab.ts) and their SSE streams (server/src/live.ts) close on the spot.
 */
export function announceSessionsEnded(userId: string, reason: SessionsEndedReason): void {
  eventBus.publish({ type: "sessions.ended", userId, reason });
}

/**
 * Ends every session and live connection of a user at once: deletes the sessions, then announces
 * it on the event bus. For callers without a transaction of their own; inside one, use
 * `deleteAllSessions` and, after the commit, `announceSessionsEnded`.
 */
export async function endAllSessions(db: Db, userId: string, reason: SessionsEndedReason): Promise<number> {
  const count = await deleteAllSessions(db, userId);
  announceSessionsEnded(userId, reason);
  return count;
}

const mailQueued = announceMail;

// ---------------------------------------------------------------- password reset

export interface LinkContext {
  /** This site's origin (validated against ALLOWED_HOSTS), for the link in the mail. */
  origin: string;
  /** The language of the mail: the asker's. */
  locale: Locale;
}

/**
 * "Wachtwoord vergeten?": for a known, active account a new reset link (earlier unused ones stop
 * working) and a mail with it; for an unknown or deactivated address nothing. Both run the same
 * statements (against no account for the unknown one) and return nothing, so neither the answer
 * nor much of its time tells them apart. The caller throttles first.
 */
export async function requestPasswordReset(db: Db, email: string, context: LinkContext): Promise<void> {
  const { token, tokenHash } = newAccountToken();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, deactivatedAt: true } });
  const account = user && !user.deactivatedAt ? user : null;
  const ssoOnly = account ? await ssoRequiredOrganisation(db, account.id) : null;
  const queued = await db.$transaction(async (tx) => {
    await tx.accountToken.deleteMany({ where: { userId: account?.id ?? NO_USER, purpose: "PASSWORD_RESET", usedAt: null } });
    if (!account) {
      await tx.$queryRaw`SELECT count(*)::int AS n FROM account_token WHERE token_hash = ${tokenHash}`;
      return false;
    }
    if (ssoOnly) {
      // No password for whoever must sign in through their organisation (ADR 0035): the mail says so.
      await enqueueMail(tx, {
        key: `passwordResetSso:${tokenHash}`,
        to: email,
        locale: context.locale,
        template: "passwordResetSso",
        params: { link: `${context.origin}/login`, organisation: ssoOnly },
      });
      return true;
    }
    await tx.accountToken.create({
      data: { tokenHash, userId: account.id, purpose: "PASSWORD_RESET", expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS) },
    });
    await enqueueMail(tx, {
      key: `passwordReset:${tokenHash}`,
      to: email,
      locale: context.locale,
      template: "passwordReset",
      params: { link: `${context.origin}/wachtwoord-herstellen/${token}` },
    });
    return true;
  });
  if (queued) mailQueued();
}

/** The name of the account's organisation when it requires sign-in through its provider (ADR 0035), else null. */
async function ssoRequiredOrganisation(db: Db, userId: string): Promise<string | null> {
  const rows = await db.$sql<{ name: string }>(
    `SELECT o.name FROM app_user u JOIN organisation o ON o.id = u.organisation_id
       JOIN oidc_connection c ON c.organisation_id = o.id AND c.require_sso AND c.enabled
      WHERE u.id = $1::uuid`,
    [userId],
  );
  return rows[0]?.name ?? null;
}

/** Whether a reset link works now: known, unused, not expired, its account active, its organisation not SSO-only. */
export async function passwordResetValid(db: Db, token: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ valid: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM account_token t JOIN app_user u ON u.id = t.user_id
      WHERE t.token_hash = ${hashAccountToken(token)} AND t.purpose = 'PASSWORD_RESET' AND t.used_at IS NULL
        AND t.expires_at > now() AND u.deactivated_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM oidc_connection c WHERE c.organisation_id = u.organisation_id AND c.require_sso AND c.enabled)) AS valid`;
  return rows[0]!.valid;
}

const RESET_INVALID = () => new DomainError("NOT_FOUND", "reset.invalid");

/**
 * Sets a new password (already hashed by the caller) through a reset link and uses the link up;
 * two submissions at once: one wins, the other is "reset.invalid". Every session of the user
 * ends, with their live connections; a notice goes to the address; audited.
 */
export async function resetPassword(db: Db, token: string, passwordHash: string, context: LinkContext): Promise<{ userId: string }> {
  const user = await db.$transaction(async (tx) => {
    const [claimed] = await tx.$queryRaw<{ userId: string; email: string; name: string; organisationId: string }[]>`
      UPDATE account_token t SET used_at = now()
      FROM app_user u
      WHERE t.token_hash = ${hashAccountToken(token)} AND t.purpose = 'PASSWORD_RESET' AND t.used_at IS NULL
        AND t.expires_at > now() AND u.id = t.user_id AND u.deactivated_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM oidc_connection c WHERE c.organisation_id = u.organisation_id AND c.require_sso AND c.enabled)
      RETURNING u.id AS "userId", u.email, u.name, u.organisation_id AS "organisationId"`;
    if (!claimed) throw RESET_INVALID();
    await tx.user.update({ where: { id: claimed.userId }, data: { passwordHash, passwordChangedAt: new Date() } });
    // Any other reset link sent earlier stops working too.
    await tx.accountToken.deleteMany({ where: { userId: claimed.userId, purpose: "PASSWORD_RESET", usedAt: null } });
    await deleteAllSessions(tx, claimed.userId);
    await recordAudit(
      tx,
      { workspaceId: null, userId: claimed.userId, organisationId: claimed.organisationId },
      { action: "account.passwordReset", entityType: "user", entityId: claimed.userId, after: { name: claimed.name } },
    );
    await enqueueMail(tx, {
      key: `passwordChanged:${hashAccountToken(token)}`,
      to: claimed.email,
      locale: context.locale,
      template: "passwordChanged",
      params: { link: `${context.origin}/wachtwoord-vergeten` },
    });
    return claimed;
  });
  announceSessionsEnded(user.userId, "passwordReset");
  mailQueued();
  return { userId: user.userId };
}

// ---------------------------------------------------------------- change of e-mail address

/**
 * Asks for a new address (the caller checked the current password): a confirmation link to the
 * new address (24 hours; earlier unused ones stop working) and a notice to the old one. Nothing
 * changes yet, and whether another account has the new address is not looked at here.
 */
export async function requestEmailChange(db: Db, userId: string, newEmail: string, context: LinkContext): Promise<void> {
  const { token, tokenHash } = newAccountToken();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, organisationId: true } });
    if (user.email === newEmail) throw new DomainError("BAD_REQUEST", "emailChange.same", undefined, "email");
    await tx.accountToken.deleteMany({ where: { userId, purpose: "EMAIL_CHANGE", usedAt: null } });
    await tx.accountToken.create({
      data: { tokenHash, userId, purpose: "EMAIL_CHANGE", newEmail, expiresAt: new Date(Date.now() + EMAIL_CHANGE_TTL_MS) },
    });
    await enqueueMail(tx, {
      key: `emailChangeConfirm:${tokenHash}`,
      to: newEmail,
      locale: context.locale,
      template: "emailChangeConfirm",
      params: { name: user.name, newEmail, link: `${context.origin}/e-mailadres-bevestigen/${token}` },
    });
    await enqueueMail(tx, {
      key: `emailChangeNotice:${tokenHash}`,
      to: user.email,
      locale: context.locale,
      template: "emailChangeNotice",
      params: { name: user.name, newEmail, link: `${context.origin}/wachtwoord-vergeten` },
    });
    await recordAudit(
      tx,
      { workspaceId: null, userId, organisationId: user.organisationId },
      { action: "account.emailChangeRequested", entityType: "user", entityId: userId, before: { name: user.name, email: user.email }, after: { name: user.name, email: newEmail } },
    );
  });
  mailQueued();
}

const EMAIL_CHANGE_INVALID = () => new DomainError("NOT_FOUND", "emailChange.invalid");
const EMAIL_TAKEN = () => new DomainError("CONFLICT", "emailChange.taken");

/**
 * The link from the new address: the account's address becomes the new one, if no other account
 * has it by now ("emailChange.taken", and the link stays unused). Used, expired and unknown links
 * are "emailChange.invalid". Audited with name and both addresses, so history stays readable.
 */
export async function confirmEmailChange(db: Db, token: string): Promise<{ userId: string; email: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const [claimed] = await tx.$queryRaw<{ userId: string; oldEmail: string; newEmail: string; name: string; organisationId: string }[]>`
        UPDATE account_token t SET used_at = now()
        FROM app_user u
        WHERE t.token_hash = ${hashAccountToken(token)} AND t.purpose = 'EMAIL_CHANGE' AND t.used_at IS NULL
          AND t.expires_at > now() AND u.id = t.user_id AND u.deactivated_at IS NULL
        RETURNING u.id AS "userId", u.email AS "oldEmail", t.new_email AS "newEmail", u.name, u.organisation_id AS "organisationId"`;
      if (!claimed) throw EMAIL_CHANGE_INVALID();
      const other = await tx.user.findUnique({ where: { email: claimed.newEmail }, select: { id: true } });
      if (other && other.id !== claimed.userId) throw EMAIL_TAKEN();
      await tx.user.update({ where: { id: claimed.userId }, data: { email: claimed.newEmail } });
      await tx.accountToken.deleteMany({ where: { userId: claimed.userId, purpose: "EMAIL_CHANGE", usedAt: null } });
      await recordAudit(
        tx,
        { workspaceId: null, userId: claimed.userId, organisationId: claimed.organisationId },
        {
          action: "account.emailChanged",
          entityType: "user",
          entityId: claimed.userId,
          before: { name: claimed.name, email: claimed.oldEmail },
          after: { name: claimed.name, email: claimed.newEmail },
        },
      );
      return { userId: claimed.userId, email: claimed.newEmail };
    });
  } catch (error) {
    // Another account took the address between the check and the update: the unique index says so.
    if ((error as { code?: string }).code === "P2002") throw EMAIL_TAKEN();
    throw error;
  }
}

// ---------------------------------------------------------------- deactivation

/**
 * Every account for the platform's list, searched by name, address or organisation (at most 200);
 * with `organisationId`, only that organisation's (its administrators' list, ADR 0035).
 */
export async function listUsers(db: Db, options: { q: string; organisationId?: string }) {
  const q = options.q.trim();
  const users = await db.user.findMany({
    where: {
      ...(options.organisationId ? { organisationId: options.organisationId } : {}),
      ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { email: { contains: q, mode: "insensitive" } },
            { organisation: { name: { contains: q, mode: "insensitive" } } },
          ],
        }
      : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 201,
    select: {
      id: true,
      name: true,
      email: true,
      deactivatedAt: true,
      lastSignInAt: true,
      organisation: { select: { name: true } },
      platformAdmin: { select: { userId: true } },
    },
  });
  const page = users.slice(0, 200);
  const twoStep = await withSecondFactor(db, page.map((user) => user.id));
  const organisationAdmins = new Set((await db.organisationAdmin.findMany({ where: { userId: { in: page.map((user) => user.id) } }, select: { userId: true } })).map((a) => a.userId));
  return {
    users: page.map(({ platformAdmin, organisation, ...user }) => ({
      ...user,
      organisation: organisation.name,
      platformAdmin: platformAdmin !== null,
      organisationAdmin: organisationAdmins.has(user.id),
      secondFactor: twoStep.has(user.id),
    })),
    more: users.length > 200,
  };
}

/**
 * Deactivates or reactivates an account (a platform administrator, `actor`). Deactivating ends
 * every session and live connection of the account at once and voids its unused links; it cannot
 * hit the actor or the last active platform administrator. Audited; doing it twice changes nothing.
 */
export async function setUserActive(db: Db, actor: { userId: string; organisationId: string }, targetId: string, active: boolean) {
  const changed = await db.$transaction(async (tx) => {
    const target = await changeUserActive(tx, targetId, active, actor.userId);
    if (target) {
      await recordAudit(
        tx,
        { workspaceId: null, userId: actor.userId, organisationId: actor.organisationId },
        { action: active ? "user.reactivated" : "user.deactivated", entityType: "user", entityId: targetId, after: { name: target.name, email: target.email } },
      );
    }
    return target;
  });
  if (changed && !active) announceSessionsEnded(targetId, "deactivated");
  return { userId: targetId, active, changed: changed !== null };
}

/**
 * The change itself, inside the caller's transaction (a platform administrator's, or an
 * organisation's identity provider through SCIM, `actorId` null): null when the account already
 * is so. Deactivating deletes every session and unused link, and is refused for the actor
 * themselves and the last active platform administrator. The caller audits and, after the
 * commit, announces a deactivation (`announceSessionsEnded(id, "deactivated")`).
 */
export async function changeUserActive(tx: Tx, targetId: string, active: boolean, actorId: string | null): Promise<{ name: string; email: string } | null> {
  // Serialises deactivations, so two administrators cannot deactivate each other at once.
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(7201724)) AS l`;
  const target = await tx.user.findUnique({ where: { id: targetId }, select: { id: true, name: true, email: true, deactivatedAt: true, platformAdmin: { select: { userId: true } } } });
  if (!target) throw new DomainError("NOT_FOUND", "notFound");
  if (active === (target.deactivatedAt === null)) return null;
  if (!active) {
    const others = await tx.platformAdmin.count({ where: { userId: { not: targetId }, user: { deactivatedAt: null } } });
    const refusal = platformOperations.deactivationRefusal({ actorId: actorId ?? "", targetId, targetIsPlatformAdmin: target.platformAdmin !== null, otherActivePlatformAdmins: others });
    if (refusal) throw new DomainError("CONFLICT", refusal);
  }
  await tx.user.update({ where: { id: targetId }, data: { deactivatedAt: active ? null : new Date() } });
  if (!active) {
    await deleteAllSessions(tx, targetId);
    await tx.accountToken.deleteMany({ where: { userId: targetId, usedAt: null } });
  }
  return { name: target.name, email: target.email };
}

// ---------------------------------------------------------------- leaving a workspace

/**
 * The member leaves the workspace (`scope` is theirs). The last admin cannot (applyMembershipChange,
 * "member.lastAdmin"); their records stay; audited; their live connections to it close.
 */
export async function leaveWorkspace(db: Db, scope: Scope) {
  const left = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM membership WHERE workspace_id = ${scope.workspaceId}::uuid FOR UPDATE`;
    const members = await tx.membership.findMany({ where: { workspaceId: scope.workspaceId }, select: { userId: true, role: true } });
    const own = members.find((m) => m.userId === scope.userId);
    if (!own) throw new DomainError("NOT_FOUND", "member.notMember");
    if (applyMembershipChange(members, { kind: "remove", userId: scope.userId }) === "LAST_ADMIN") throw new DomainError("CONFLICT", "member.lastAdmin");
    const membership = await tx.membership.findUniqueOrThrow({
      where: { userId_workspaceId: { userId: scope.userId, workspaceId: scope.workspaceId } },
      include: { user: { select: { name: true, email: true } } },
    });
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit(tx, scope, {
      action: "member.left",
      entityType: "membership",
      entityId: membership.id,
      before: { userId: scope.userId, email: membership.user.email, name: membership.user.name, role: own.role },
    });
    return { role: own.role };
  });
  eventBus.publish({ type: "membership.changed", kind: "removed", workspaceId: scope.workspaceId, userId: scope.userId });
  return left;
}

// ---------------------------------------------------------------- own data

const EMAIL_IN_TEXT = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;

/** Every e-mail address in a JSON value but `own` replaced: audit states may name other people's addresses. */
function withoutOtherAddresses(value: unknown, own: string): unknown {
  if (typeof value === "string") return value.replace(EMAIL_IN_TEXT, (address) => (address.toLowerCase() === own ? address : "[verborgen]"));
  if (Array.isArray(value)) return value.map((v) => withoutOtherAddresses(v, own));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutOtherAddresses(v, own)]));
  return value;
}

/**
 * Everything stored about the user, as one JSON-ready document: profile, organisation,
 * memberships and roles, platform role, sessions (never their ids, which are token hashes),
 * pending links (never their hashes), the audit events they caused, and the records they
 * created, changed or reviewed. Other people appear at most by name; their addresses are hidden.
 */
export async function exportOwnData(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      createdAt: true,
      passwordChangedAt: true,
      lastSignInAt: true,
      deactivatedAt: true,
      organisation: { select: { id: true, slug: true, name: true, kind: true } },
      memberships: { select: { role: true, createdAt: true, workspace: { select: { slug: true, name: true } } }, orderBy: { createdAt: "asc" } },
      platformAdmin: { select: { createdAt: true } },
      moderates: { select: { network: { select: { slug: true, name: true } } } },
      sessions: { select: { createdAt: true, expiresAt: true, absoluteExpiresAt: true, ipAddress: true, userAgent: true }, orderBy: { createdAt: "asc" } },
      accountTokens: { select: { purpose: true, newEmail: true, createdAt: true, expiresAt: true, usedAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const workspaceSlugs = new Map((await db.workspace.findMany({ select: { id: true, slug: true } })).map((w) => [w.id, w.slug]));
  const ws = (id: string | null) => (id ? (workspaceSlugs.get(id) ?? null) : null);
  const [audit, documents, versions, decisions, assessments, scores, participations, templates, submitted, reviewed, uses] = await Promise.all([
    db.auditEvent.findMany({ where: { actorId: userId }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    db.document.findMany({ where: { createdById: userId }, select: { id: true, workspaceId: true, title: true, kind: true, createdAt: true } }),
    db.documentVersion.findMany({ where: { createdById: userId }, select: { id: true, documentId: true, name: true, createdAt: true } }),
    db.decision.findMany({ where: { createdById: userId }, select: { id: true, workspaceId: true, date: true, title: true, createdAt: true } }),
    db.assessment.findMany({ where: { OR: [{ createdById: userId }, { lockedById: userId }] }, select: { id: true, workspaceId: true, title: true, createdById: true, lockedById: true, lockedAt: true, createdAt: true } }),
    db.assessmentScore.findMany({ where: { updatedById: userId }, select: { id: true, assessmentId: true, score: true, rationale: true, updatedAt: true } }),
    db.lotParticipation.findMany({ where: { updatedById: userId }, select: { lotId: true, municipalityId: true, participating: true, updatedAt: true } }),
    db.template.findMany({ where: { createdById: userId }, select: { id: true, kind: true, provenance: true, createdAt: true } }),
    db.templateVersion.findMany({ where: { submittedById: userId }, select: { id: true, templateId: true, number: true, title: true, status: true, submittedAt: true } }),
    db.templateVersion.findMany({ where: { reviewedById: userId }, select: { id: true, templateId: true, number: true, title: true, status: true, reviewedAt: true, reviewNote: true } }),
    db.templateUse.findMany({ where: { usedById: userId }, select: { id: true, templateId: true, versionNumber: true, workspaceId: true, createdType: true, usedAt: true } }),
  ]);
  const own = user.email.toLowerCase();
  return {
    format: "regiotafel-own-data/1",
    exportedAt: new Date().toISOString(),
    profile: {
      id: user.id,
      name: user.name,
      email: user.email,
      createdAt: user.createdAt,
      passwordChangedAt: user.passwordChangedAt,
      lastSignInAt: user.lastSignInAt,
      deactivatedAt: user.deactivatedAt,
    },
    organisation: user.organisation,
    memberships: user.memberships.map((m) => ({ workspace: m.workspace.slug, workspaceName: m.workspace.name, role: m.role, since: m.createdAt })),
    platformAdministrator: user.platformAdmin ? { since: user.platformAdmin.createdAt } : null,
    networksModerated: user.moderates.map((m) => m.network),
    sessions: user.sessions,
    pendingLinks: user.accountTokens,
    auditEvents: audit.map((e) => ({
      at: e.at,
      workspace: ws(e.workspaceId),
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: withoutOtherAddresses(e.before, own),
      after: withoutOtherAddresses(e.after, own),
    })),
    records: {
      documents: documents.map(({ workspaceId, ...d }) => ({ ...d, workspace: ws(workspaceId) })),
      documentVersions: versions,
      decisions: decisions.map(({ workspaceId, ...d }) => ({ ...d, workspace: ws(workspaceId) })),
      assessments: assessments.map(({ workspaceId, createdById, lockedById, ...a }) => ({ ...a, workspace: ws(workspaceId), created: createdById === userId, locked: lockedById === userId })),
      assessmentScores: scores,
      lotParticipations: participations,
    },
    library: {
      templatesCreated: templates,
      versionsSubmitted: submitted,
      versionsReviewed: reviewed,
      templatesUsed: uses.map(({ workspaceId, ...u }) => ({ ...u, workspace: ws(workspaceId) })),
    },
  };
}
