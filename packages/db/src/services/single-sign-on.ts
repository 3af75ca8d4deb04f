import { DomainError, emailDomain, signInOperations, type PlatformStanding } from "@regiotafel/domain";
import type { Db } from "../client";
import { eventBus } from "../events";
import { recordAudit } from "./audit";
import { listScimTokens } from "./scim-tokens";
import { listUsers } from "./account-lifecycle";

// An organisation's OpenID Connect connection and SSO enforcement (issue 20, ADR 0035). The
// client secret arrives sealed (the caller holds the key); nothing here ever returns it.

export interface OrganisationActor {
  userId: string;
  organisationId: string;
  standing: PlatformStanding;
}

/** The organisation, when the actor may manage it; NOT_FOUND otherwise, exactly as an unknown id. */
async function managedOrganisation(db: Db, actor: OrganisationActor, organisationId: string) {
  if (signInOperations.organisationScopeRefusal(actor, actor.standing, organisationId)) throw new DomainError("NOT_FOUND", "notFound");
  const organisation = await db.organisation.findUnique({ where: { id: organisationId }, select: { id: true, name: true } });
  if (!organisation) throw new DomainError("NOT_FOUND", "notFound");
  return organisation;
}

const auditScope = (actor: OrganisationActor) => ({ workspaceId: null, userId: actor.userId, organisationId: actor.organisationId });

/** A connection as the settings page shows it: everything but the secret. */
export interface ConnectionView {
  id: string;
  issuer: string;
  clientId: string;
  domains: string[];
  nameClaim: string;
  emailClaim: string;
  subjectClaim: string;
  requireSso: boolean;
  enabled: boolean;
  updatedAt: Date;
}

async function connectionOf(db: Db, organisationId: string): Promise<ConnectionView | null> {
  const connection = await db.oidcConnection.findUnique({ where: { organisationId } });
  if (!connection) return null;
  const domains = await db.oidcDomain.findMany({ where: { connectionId: connection.id }, orderBy: { domain: "asc" }, select: { domain: true } });
  const { clientSecret: _secret, organisationId: _organisation, version: _version, createdAt: _created, ...view } = connection;
  return { ...view, domains: domains.map((d) => d.domain) };
}

/** The organisation's sign-in settings: connection, SCIM tokens (never the token) and administrators. */
export async function organisationSignIn(db: Db, actor: OrganisationActor, organisationId: string) {
  const organisation = await managedOrganisation(db, actor, organisationId);
  const [connection, scimTokens, admins] = await Promise.all([
    connectionOf(db, organisationId),
    listScimTokens(db, organisationId).then((tokens) => tokens.filter((t) => t.revokedAt === null)),
    db.$sql<{ id: string; name: string; email: string }>(
      `SELECT u.id, u.name, u.email FROM organisation_admin a JOIN app_user u ON u.id = a.user_id
        WHERE u.organisation_id = $1::uuid ORDER BY u.name`,
      [organisationId],
    ),
  ]);
  return { organisation, connection, scimTokens, admins };
}

export interface ConnectionInput {
  issuer: string;
  clientId: string;
  domains: string[];
  nameClaim: string;
  emailClaim: string;
  subjectClaim: string;
  enabled: boolean;
}

/**
 * Creates or changes the organisation's connection. `sealedSecret` null keeps the stored secret
 * (refused when there is none). A domain of another organisation's connection is refused; so is,
 * for an organisation administrator, a domain where another organisation's people have accounts
 * (a platform administrator may assign it: they vouch for who owns a domain).
 */
export async function saveOidcConnection(db: Db, actor: OrganisationActor, organisationId: string, input: ConnectionInput, sealedSecret: string | null): Promise<ConnectionView> {
  await managedOrganisation(db, actor, organisationId);
  await db.$transaction(async (tx) => {
    // One writer of domains at a time, so two organisations cannot claim one domain at once.
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(7201725)) AS l`;
    const existing = await tx.oidcConnection.findUnique({ where: { organisationId }, select: { id: true } });
    if (!existing && sealedSecret === null) throw new DomainError("BAD_REQUEST", "sso.secretRequired", undefined, "clientSecret");
    const taken = await tx.oidcDomain.findFirst({ where: { domain: { in: input.domains }, ...(existing ? { connectionId: { not: existing.id } } : {}) } });
    if (taken) throw new DomainError("CONFLICT", "sso.domainTaken", { domain: taken.domain }, "domains");
    if (!actor.standing.platformAdmin) {
      for (const domain of input.domains) {
        const foreign = await tx.user.findFirst({ where: { email: { endsWith: `@${domain}` }, organisationId: { not: organisationId } }, select: { id: true } });
        if (foreign) throw new DomainError("CONFLICT", "sso.domainOfAnotherOrganisation", { domain }, "domains");
      }
    }
    const fields = {
      issuer: input.issuer,
      clientId: input.clientId,
      nameClaim: input.nameClaim,
      emailClaim: input.emailClaim,
      subjectClaim: input.subjectClaim,
      enabled: input.enabled,
      ...(sealedSecret !== null ? { clientSecret: sealedSecret } : {}),
    };
    const connection = existing
      ? await tx.oidcConnection.update({ where: { id: existing.id }, data: { ...fields, version: { increment: 1 } } })
      : await tx.oidcConnection.create({ data: { ...fields, organisationId, clientSecret: sealedSecret! } });
    await tx.oidcDomain.deleteMany({ where: { connectionId: connection.id } });
    await tx.oidcDomain.createMany({ data: input.domains.map((domain) => ({ domain, connectionId: connection.id })) });
    await recordAudit(tx, auditScope(actor), {
      action: existing ? "sso.connectionChanged" : "sso.connectionCreated",
      entityType: "organisation",
      entityId: organisationId,
      after: { issuer: input.issuer, clientId: input.clientId, domains: input.domains, enabled: input.enabled, secretChanged: sealedSecret !== null },
    });
  });
  return (await connectionOf(db, organisationId))!;
}

/** Removes the connection: its people sign in with passwords again (after a reset if they never had one). */
export async function removeOidcConnection(db: Db, actor: OrganisationActor, organisationId: string): Promise<{ removed: boolean }> {
  await managedOrganisation(db, actor, organisationId);
  return db.$transaction(async (tx) => {
    const connection = await tx.oidcConnection.findUnique({ where: { organisationId }, select: { id: true, issuer: true } });
    if (!connection) return { removed: false };
    await tx.oidcConnection.delete({ where: { id: connection.id } });
    await recordAudit(tx, auditScope(actor), { action: "sso.connectionRemoved", entityType: "organisation", entityId: organisationId, before: { issuer: connection.issuer } });
    return { removed: true };
  });
}

/**
 * Requires SSO for the organisation's people (or no longer). Requiring it ends every password
 * session of theirs at once, live connections included; returns how many ended.
 */
export async function setSsoRequired(db: Db, actor: OrganisationActor, organisationId: string, required: boolean): Promise<{ required: boolean; sessionsEnded: number }> {
  await managedOrganisation(db, actor, organisationId);
  const ended = await db.$transaction(async (tx) => {
    const connection = await tx.oidcConnection.findUnique({ where: { organisationId }, select: { id: true, requireSso: true } });
    if (!connection) throw new DomainError("BAD_REQUEST", "sso.noConnection");
    if (connection.requireSso === required) return [];
    await tx.oidcConnection.update({ where: { id: connection.id }, data: { requireSso: required, version: { increment: 1 } } });
    await recordAudit(tx, auditScope(actor), { action: required ? "sso.required" : "sso.optional", entityType: "organisation", entityId: organisationId });
    if (!required) return [];
    const sessions = await tx.session.findMany({ where: { method: "PASSWORD", user: { organisationId } }, select: { id: true } });
    await tx.session.deleteMany({ where: { id: { in: sessions.map((s) => s.id) } } });
    return sessions.map((s) => s.id);
  });
  if (ended.length > 0) eventBus.publish({ type: "sessions.ended", sessionIds: ended });
  return { required, sessionsEnded: ended.length };
}

/** The enabled connection that covers an address's domain, for the sign-in page; null for any other address. */
export async function connectionForEmail(db: Db, email: string): Promise<{ id: string } | null> {
  const domain = emailDomain(email);
  if (!domain) return null;
  const rows = await db.$sql<{ id: string }>(
    `SELECT c.id FROM oidc_domain d JOIN oidc_connection c ON c.id = d.connection_id WHERE d.domain = $1 AND c.enabled`,
    [domain],
  );
  return rows[0] ?? null;
}

/** Whether the account behind an address must sign in through its organisation (password sign-in and reset refused). */
export async function ssoRequiredForEmail(db: Db, email: string): Promise<boolean> {
  const rows = await db.$sql<{ required: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM app_user u JOIN oidc_connection c ON c.organisation_id = u.organisation_id
        WHERE u.email = $1 AND c.require_sso AND c.enabled) AS required`,
    [email.trim().toLowerCase()],
  );
  return rows[0]?.required === true;
}

/** Makes an account an administrator of its own organisation, or no longer (a platform administrator, audited). */
export async function setOrganisationAdmin(db: Db, actor: { userId: string; organisationId: string }, userId: string, admin: boolean) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, organisationId: true } });
    if (!user) throw new DomainError("NOT_FOUND", "notFound");
    const current = await tx.organisationAdmin.findUnique({ where: { userId } });
    if ((current !== null) === admin) return { userId, admin, changed: false };
    if (admin) await tx.organisationAdmin.create({ data: { userId, grantedBy: actor.userId } });
    else await tx.organisationAdmin.delete({ where: { userId } });
    await recordAudit(tx, { workspaceId: null, ...actor }, {
      action: admin ? "organisationAdmin.granted" : "organisationAdmin.revoked",
      entityType: "user",
      entityId: userId,
      after: { name: user.name, organisationId: user.organisationId },
    });
    return { userId, admin, changed: true };
  });
}

// ---------------------------------------------------------------- the organisation's people

/** The organisation's accounts (searched, at most 200) for its administrators. */
export async function organisationPeople(db: Db, actor: OrganisationActor, organisationId: string, q: string) {
  await managedOrganisation(db, actor, organisationId);
  return listUsers(db, { q, organisationId });
}

/**
 * An account of the organisation, for an action of its administrators: NOT_FOUND for an account
 * of any other organisation, exactly as for an unknown id.
 */
export async function organisationPerson(db: Db, actor: OrganisationActor, organisationId: string, userId: string): Promise<void> {
  await managedOrganisation(db, actor, organisationId);
  const person = await db.user.findUnique({ where: { id: userId }, select: { organisationId: true } });
  if (!person || person.organisationId !== organisationId) throw new DomainError("NOT_FOUND", "notFound");
}
