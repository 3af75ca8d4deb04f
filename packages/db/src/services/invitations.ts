import { randomBytes } from "node:crypto";
import {
  DomainError,
  INVITATION_VALID_MS,
  INVITATIONS_PER_HOUR,
  invitationState,
  notFound,
  type InvitationState,
  type Locale,
  type OrganisationKind,
  type Role,
} from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { announceMail } from "../events";
import type { Scope } from "../scope";
import { hashToken } from "./token-hash";
import { recordAudit } from "./audit";
import { enqueueMail } from "./mail-outbox";
import { refusingLostRaces } from "./races";

// Invitations to a workspace (issue 17, point 4; ADR 0023). The link's token is 256 random
// bits (base64url); only its SHA-256 is stored, and a token is found by that hash alone. A
// token works while its invitation is open (neither accepted nor revoked) and unexpired;
// accepting uses it up in the same statement that checks it, so it works once. The mail is
// queued in the transaction that writes the invitation (the outbox, ADR 0019).

/** The SHA-256 (hex) of an invitation token, as stored. */
export const hashInvitationToken = hashToken;

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The link in the mail. */
export function invitationLink(origin: string, token: string): string {
  return `${origin}/uitnodiging/${token}`;
}

/** Serialises invitation writes of one workspace (the hourly cap, renewing an open invitation). */
async function lockWorkspaceInvitations(tx: Tx, workspaceId: string) {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(7201723, hashtext(${workspaceId}))) AS l`;
}

/** Refuses when `adding` more mails would take the workspace over its hourly cap. */
async function assertWithinHourlyCap(tx: Tx, workspaceId: string, adding: number, limit: number) {
  const [row] = await tx.$queryRaw<{ sent: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS sent, min(at) AS oldest FROM audit_event
    WHERE workspace_id = ${workspaceId}::uuid AND action IN ('invitation.created', 'invitation.resent') AND at > now() - interval '1 hour'`;
  if (row!.sent + adding <= limit) return;
  const freeAt = (row!.oldest ?? new Date()).getTime() + 60 * 60_000;
  const minutes = Math.max(1, Math.ceil((freeAt - Date.now()) / 60_000));
  throw new DomainError("CONFLICT", "invitation.hourlyLimit", { limit, minutes }, "emails");
}

export interface InvitationSender {
  /** This site's origin (the request's, checked against ALLOWED_HOSTS): the link's start. */
  origin: string;
  /** Mails per workspace and hour (default INVITATIONS_PER_HOUR). */
  hourlyLimit?: number;
}

interface MailContext {
  workspace: string;
  inviterName: string;
  inviterOrganisation: string;
}

async function mailContext(tx: Tx, scope: Scope): Promise<MailContext> {
  const [row] = await tx.$queryRaw<MailContext[]>`
    SELECT w.name AS workspace, u.name AS "inviterName", o.name AS "inviterOrganisation"
    FROM workspace w, app_user u JOIN organisation o ON o.id = u.organisation_id
    WHERE w.id = ${scope.workspaceId}::uuid AND u.id = ${scope.userId}::uuid`;
  return row!;
}

async function queueInvitationMail(
  tx: Tx,
  context: MailContext,
  invitation: { id: string; email: string; locale: string; role: Role; sends: number; organisationName: string; expiresAt: Date },
  link: string,
) {
  await enqueueMail(tx, {
    key: `invitation:${invitation.id}:${invitation.sends}`,
    to: invitation.email,
    locale: invitation.locale === "en" ? "en" : "nl",
    template: "invitation",
    params: {
      inviterName: context.inviterName,
      organisation: context.inviterOrganisation,
      forOrganisation: invitation.organisationName,
      workspace: context.workspace,
      role: invitation.role,
      link,
      expiresAt: invitation.expiresAt.toISOString(),
    },
  });
}


export interface OrganisationChoice {
  id: string;
  name: string;
  kind: OrganisationKind;
}

/**
 * The organisations an invitation may name: first the workspace's own (the municipalities and
 * regional bodies of its regions), then every other current organisation of the directory
 * (a national network, a province, a municipality joining later). A municipality that merged
 * away is no choice.
 */
export async function invitationOrganisations(db: Db, scope: Scope): Promise<{ workspace: OrganisationChoice[]; other: OrganisationChoice[] }> {
  const rows = await db.$sql<OrganisationChoice & { own: boolean }>(
    `SELECT o.id::text AS id, o.name, o.kind::text AS kind,
            EXISTS (SELECT 1 FROM workspace_region wr WHERE wr.workspace_id = $1::uuid AND wr.region_id = o.region_id) AS own
     FROM organisation o
     WHERE o.ended_on IS NULL OR o.ended_on > current_date
     ORDER BY o.name`,
    [scope.workspaceId],
  );
  const byName = (a: OrganisationChoice, b: OrganisationChoice) => a.name.localeCompare(b.name, "nl");
  const pick = (own: boolean) => rows.filter((r) => r.own === own).map(({ id, name, kind }) => ({ id, name, kind })).sort(byName);
  return { workspace: pick(true), other: pick(false) };
}

async function currentOrganisation(tx: Tx | Db, organisationId: string) {
  const [row] = await tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT id::text AS id, name FROM organisation WHERE id = ${organisationId}::uuid AND (ended_on IS NULL OR ended_on > current_date)`;
  return row ?? null;
}

export interface CreateInvitationsInput {
  /** Normalised addresses as typed, repeats included (each is invited once; repeats are reported). */
  emails: readonly string[];
  organisationId: string;
  role: Role;
  locale: Locale;
}

export interface CreateInvitationsResult {
  /** New invitations, one mail each. */
  invited: string[];
  /** Addresses that had an open invitation: renewed (new link and expiry, the old link no longer works). */
  renewed: string[];
  /** Addresses of members of this workspace: skipped. */
  alreadyMembers: string[];
  /** Addresses typed more than once (invited once). */
  duplicates: string[];
}

/**
 * Invites addresses to the workspace with one organisation, role and mail language. Members
 * are skipped (the page already lists them); whether an address has an account elsewhere is
 * never looked at here, so the answer says nothing about accounts outside the workspace. All or
 * nothing: over the hourly cap nothing is sent.
 */
export async function createInvitations(db: Db, scope: Scope, input: CreateInvitationsInput, sender: InvitationSender): Promise<CreateInvitationsResult> {
  const organisation = await currentOrganisation(db, input.organisationId);
  if (!organisation) throw new DomainError("BAD_REQUEST", "invitation.organisationUnknown", undefined, "organisationId");
  const addresses = [...new Set(input.emails)];
  const duplicates = addresses.filter((a) => input.emails.indexOf(a) !== input.emails.lastIndexOf(a));
  const result = await db.$transaction(async (tx) => {
    await lockWorkspaceInvitations(tx, scope.workspaceId);
    const members = new Set(
      (
        await tx.$queryRaw<{ email: string }[]>`
          SELECT u.email FROM membership m JOIN app_user u ON u.id = m.user_id
          WHERE m.workspace_id = ${scope.workspaceId}::uuid AND u.email = ANY(${addresses}::text[])`
      ).map((r) => r.email),
    );
    const alreadyMembers = addresses.filter((a) => members.has(a));
    const toInvite = addresses.filter((a) => !members.has(a));
    await assertWithinHourlyCap(tx, scope.workspaceId, toInvite.length, sender.hourlyLimit ?? INVITATIONS_PER_HOUR);
    const open = new Map(
      (
        await tx.invitation.findMany({
          where: { workspaceId: scope.workspaceId, email: { in: toInvite }, acceptedAt: null, revokedAt: null },
          select: { id: true, email: true, sends: true },
        })
      ).map((i) => [i.email, i]),
    );
    const context = await mailContext(tx, scope);
    const invited: string[] = [];
    const renewed: string[] = [];
    for (const email of toInvite) {
      const token = newToken();
      const expiresAt = new Date(Date.now() + INVITATION_VALID_MS);
      const fields = { organisationId: organisation.id, role: input.role, locale: input.locale, tokenHash: hashInvitationToken(token), expiresAt, lastSentAt: new Date() };
      const earlier = open.get(email);
      const row = earlier
        ? await tx.invitation.update({ where: { id: earlier.id }, data: { ...fields, sends: earlier.sends + 1 } })
        : await tx.invitation.create({ data: { ...fields, workspaceId: scope.workspaceId, email, invitedBy: scope.userId } });
      await queueInvitationMail(tx, context, { ...row, organisationName: organisation.name }, invitationLink(sender.origin, token));
      await recordAudit(tx, scope, {
        action: earlier ? "invitation.resent" : "invitation.created",
        entityType: "invitation",
        entityId: row.id,
        after: { email, role: input.role, organisation: organisation.name, locale: input.locale, expiresAt: expiresAt.toISOString() },
      });
      (earlier ? renewed : invited).push(email);
    }
    return { invited, renewed, alreadyMembers, duplicates };
  });
  if (result.invited.length + result.renewed.length > 0) announceMail();
  return result;
}

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  locale: Locale;
  organisation: string;
  invitedBy: string | null;
  state: InvitationState;
  createdAt: Date;
  lastSentAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  /** Resend and revoke are offered for open invitations (pending or expired). */
  open: boolean;
}

/** The workspace's invitations, newest first (the last 200), with their state now. */
export async function listInvitations(db: Db, scope: Scope): Promise<InvitationRow[]> {
  const rows = await db.$sql<Omit<InvitationRow, "state" | "open">>(
    `SELECT i.id::text AS id, i.email, i.role::text AS role, i.locale, o.name AS organisation, u.name AS "invitedBy",
            i.created_at AS "createdAt", i.last_sent_at AS "lastSentAt", i.expires_at AS "expiresAt",
            i.accepted_at AS "acceptedAt", i.revoked_at AS "revokedAt"
     FROM invitation i JOIN organisation o ON o.id = i.organisation_id LEFT JOIN app_user u ON u.id = i.invited_by
     WHERE i.workspace_id = $1::uuid
     ORDER BY i.last_sent_at DESC, i.id LIMIT 200`,
    [scope.workspaceId],
  );
  const now = new Date();
  return rows.map((r) => ({ ...r, state: invitationState(r, now), open: r.acceptedAt === null && r.revokedAt === null }));
}

/** An invitation of this workspace, or NOT_FOUND (another workspace's id too). */
async function ownInvitation(tx: Tx, scope: Scope, invitationId: string) {
  const invitation = await tx.invitation.findFirst({ where: { id: invitationId, workspaceId: scope.workspaceId } });
  if (!invitation) throw notFound();
  return invitation;
}

const closed = () => new DomainError("CONFLICT", "invitation.closed");

/** Sends an open invitation again: a new token and expiry (the old link stops working), one more mail. */
export async function resendInvitation(db: Db, scope: Scope, invitationId: string, sender: InvitationSender) {
  const result = await db.$transaction(async (tx) => {
    await lockWorkspaceInvitations(tx, scope.workspaceId);
    const invitation = await ownInvitation(tx, scope, invitationId);
    if (invitation.acceptedAt || invitation.revokedAt) throw closed();
    await assertWithinHourlyCap(tx, scope.workspaceId, 1, sender.hourlyLimit ?? INVITATIONS_PER_HOUR);
    const token = newToken();
    const expiresAt = new Date(Date.now() + INVITATION_VALID_MS);
    const row = await tx.invitation.update({
      where: { id: invitation.id },
      data: { tokenHash: hashInvitationToken(token), expiresAt, lastSentAt: new Date(), sends: invitation.sends + 1 },
    });
    const organisation = await tx.organisation.findUniqueOrThrow({ where: { id: row.organisationId }, select: { name: true } });
    await queueInvitationMail(tx, await mailContext(tx, scope), { ...row, organisationName: organisation.name }, invitationLink(sender.origin, token));
    await recordAudit(tx, scope, {
      action: "invitation.resent",
      entityType: "invitation",
      entityId: row.id,
      after: { email: row.email, role: row.role, organisation: organisation.name, locale: row.locale, expiresAt: expiresAt.toISOString() },
    });
    return { id: row.id, email: row.email, expiresAt };
  });
  announceMail();
  return result;
}

/** Withdraws an open invitation: its link stops working at once. */
export async function revokeInvitation(db: Db, scope: Scope, invitationId: string) {
  return db.$transaction(async (tx) => {
    await lockWorkspaceInvitations(tx, scope.workspaceId);
    const invitation = await ownInvitation(tx, scope, invitationId);
    if (invitation.acceptedAt || invitation.revokedAt) throw closed();
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date(), revokedBy: scope.userId } });
    await recordAudit(tx, scope, { action: "invitation.revoked", entityType: "invitation", entityId: invitation.id, before: { email: invitation.email, role: invitation.role } });
    return { id: invitation.id, email: invitation.email };
  });
}

// ---------------------------------------------------------------- the link's holder

export interface OpenInvitation {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  inviterName: string | null;
  expiresAt: Date;
  /** Whether an account with the invited address exists (shown only to the link's holder). */
  hasAccount: boolean;
}

const INVALID = () => new DomainError("NOT_FOUND", "invitation.invalid");

/** SQL: the open, unexpired invitation whose token has this hash. */
// An archived workspace is read-only, its membership included (ADR 0022): its invitations do not work until it is reactivated.
const OPEN_BY_HASH = `i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
  AND NOT EXISTS (SELECT 1 FROM workspace aw WHERE aw.id = i.workspace_id AND aw.archived_at IS NOT NULL)`;

/**
 * The invitation a token opens, or null for every token that does not work now: unknown,
 * malformed, used, revoked, expired, replaced by a resend, or of an archived workspace. Found by
 * the token's hash only.
 */
export async function findOpenInvitation(db: Db, token: string): Promise<OpenInvitation | null> {
  if (token === "") return null;
  const rows = await db.$sql<OpenInvitation>(OPEN_INVITATION, [hashInvitationToken(token)]);
  return rows[0] ?? null;
}

/** findOpenInvitation inside a transaction (on its connection, not the pool's). */
async function findOpenInvitationIn(tx: Tx, token: string): Promise<OpenInvitation | null> {
  if (token === "") return null;
  const rows = await tx.$queryRawUnsafe<OpenInvitation[]>(OPEN_INVITATION, hashInvitationToken(token));
  return rows[0] ?? null;
}

const OPEN_INVITATION = `SELECT i.id::text AS id, i.workspace_id::text AS "workspaceId", w.slug AS "workspaceSlug", w.name AS "workspaceName",
            i.email, i.role::text AS role, o.id::text AS "organisationId", o.name AS "organisationName", u.name AS "inviterName",
            i.expires_at AS "expiresAt", EXISTS (SELECT 1 FROM app_user a WHERE a.email = i.email) AS "hasAccount"
     FROM invitation i JOIN workspace w ON w.id = i.workspace_id JOIN organisation o ON o.id = i.organisation_id
     LEFT JOIN app_user u ON u.id = i.invited_by
     WHERE ${OPEN_BY_HASH}`;

/**
 * Uses the token up: marks its invitation accepted by `userId` in the same statement that
 * checks it is open, so of two accepts at once exactly one succeeds. Inside the caller's
 * transaction: a refusal after this rolls the acceptance back.
 */
async function consume(tx: Tx, token: string, userId: string): Promise<{ id: string; workspaceId: string; email: string; role: Role; organisationId: string }> {
  const rows = await tx.$queryRawUnsafe<{ id: string; workspaceId: string; email: string; role: Role; organisationId: string }[]>(
    `UPDATE invitation i SET accepted_at = now(), accepted_by = $2::uuid
     WHERE ${OPEN_BY_HASH}
     RETURNING i.id::text AS id, i.workspace_id::text AS "workspaceId", i.email, i.role::text AS role, i.organisation_id::text AS "organisationId"`,
    hashInvitationToken(token),
    userId,
  );
  if (!rows[0]) throw INVALID();
  return rows[0];
}

/** Adds the membership (kept as it is when the user is a member already) and records the acceptance. */
async function join(tx: Tx, invitation: { id: string; workspaceId: string; email: string; role: Role }, user: { id: string; name: string; organisationId: string }, newAccount: boolean) {
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO membership (id, user_id, workspace_id, role) VALUES (gen_random_uuid(), ${user.id}::uuid, ${invitation.workspaceId}::uuid, ${invitation.role}::"Role")
    ON CONFLICT (user_id, workspace_id) DO NOTHING RETURNING id::text AS id`;
  await recordAudit(tx, { workspaceId: invitation.workspaceId, userId: user.id, organisationId: user.organisationId }, {
    action: "invitation.accepted",
    entityType: "invitation",
    entityId: invitation.id,
    after: { userId: user.id, email: invitation.email, name: user.name, role: invitation.role, newAccount, alreadyMember: inserted.length === 0 },
  });
  const [workspace] = await tx.$queryRaw<{ slug: string }[]>`SELECT slug FROM workspace WHERE id = ${invitation.workspaceId}::uuid`;
  return { workspaceSlug: workspace!.slug };
}

/**
 * Accepts an invitation for the signed-in user's existing account, which must be the invited
 * address's. Another account is refused ("invitation.otherAccount") and nothing changes; an
 * address without an account is told to create one ("invitation.needsAccount").
 */
export async function acceptInvitation(db: Db, token: string, user: { id: string }): Promise<{ workspaceSlug: string }> {
  return db.$transaction(async (tx) => {
    const account = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, email: true, name: true, organisationId: true } });
    const invitation = await consume(tx, token, account.id);
    if (invitation.email !== account.email) {
      const invitee = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
      throw new DomainError("FORBIDDEN", invitee ? "invitation.otherAccount" : "invitation.needsAccount");
    }
    return join(tx, invitation, account, false);
  });
}

/**
 * Accepts an invitation for an address without an account: creates the account in the
 * invitation's organisation with the given name and password hash, and adds the membership.
 * An address that has an account meanwhile is refused ("invitation.hasAccount"), nothing changes.
 */
export async function createAccountFromInvitation(db: Db, token: string, account: { name: string; passwordHash: string }): Promise<{ email: string; userId: string; workspaceSlug: string }> {
  // Two posts of one link at once: the second meets the unique address (or the used token) and is refused like a used link.
  return refusingLostRaces(() => db.$transaction(async (tx) => {
    // Locks the invitation first: a second accept waits here, then finds it used (not "has an account").
    if (token === "") throw INVALID();
    await tx.$queryRawUnsafe(`SELECT i.id FROM invitation i WHERE ${OPEN_BY_HASH} FOR UPDATE OF i`, hashInvitationToken(token));
    const open = await findOpenInvitationIn(tx, token);
    if (!open) throw INVALID();
    if (await tx.user.findUnique({ where: { email: open.email }, select: { id: true } })) throw new DomainError("CONFLICT", "invitation.hasAccount");
    const user = await tx.user.create({ data: { email: open.email, name: account.name, organisationId: open.organisationId, passwordHash: account.passwordHash } });
    const invitation = await consume(tx, token, user.id);
    const joined = await join(tx, invitation, user, true);
    return { email: user.email, userId: user.id, ...joined };
  }), INVALID);
}

/**
 * Accepts every open invitation for the user's address (single sign-on, ADR 0035: the first
 * sign-in through an organisation's provider proves the address). Inside the caller's
 * transaction; returns the workspaces joined.
 */
export async function acceptOpenInvitationsFor(tx: Tx, user: { id: string; email: string; name: string; organisationId: string }, newAccount: boolean): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ id: string; workspaceId: string; email: string; role: Role }[]>(
    `UPDATE invitation i SET accepted_at = now(), accepted_by = $2::uuid
     WHERE i.email = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
       AND NOT EXISTS (SELECT 1 FROM workspace aw WHERE aw.id = i.workspace_id AND aw.archived_at IS NOT NULL)
     RETURNING i.id::text AS id, i.workspace_id::text AS "workspaceId", i.email, i.role::text AS role`,
    user.email,
    user.id,
  );
  const joined: string[] = [];
  for (const invitation of rows) joined.push((await join(tx, invitation, user, newAccount)).workspaceSlug);
  return joined;
}
