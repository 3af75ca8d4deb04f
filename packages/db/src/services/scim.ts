import {
  DomainError,
  parseScimPatch,
  parseScimUser,
  resolveScimPatch,
  ScimProblem,
  scimNotFound,
  scimUserNameTaken,
  type ScimFilter,
  type ScimListQuery,
  type ScimUserFields,
  type ScimUserRecord,
} from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { announceSessionsEnded, changeUserActive } from "./account-lifecycle";
import { NO_PASSWORD } from "./sso-accounts";
import { recordAudit } from "./audit";
import type { ScimActor } from "./scim-tokens";

// The users an organisation's identity provider manages through SCIM (issue 20 point 5): every
// account of the token's organisation, found, created, updated, deactivated and reactivated.
// Another organisation's user is not found, exactly like an unknown id. A body is read in full
// (packages/domain/src/scim.ts) before anything is stored, so a refused request changes nothing.


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_FIELDS = { id: true, email: true, name: true, createdAt: true, deactivatedAt: true } as const;

type UserRow = { id: string; email: string; name: string; createdAt: Date; deactivatedAt: Date | null };

async function withExternalIds(db: Db | Tx, organisationId: string, users: UserRow[]): Promise<ScimUserRecord[]> {
  const links = users.length ? await db.scimLink.findMany({ where: { organisationId, userId: { in: users.map((u) => u.id) } } }) : [];
  const byUser = new Map(links.map((l) => [l.userId, l.externalId]));
  return users.map((u) => ({ ...u, externalId: byUser.get(u.id) ?? null }));
}

/** Which of the organisation's users a filter matches (a where clause on app_user). */
async function filterWhere(db: Db, organisationId: string, filter: ScimFilter | null) {
  if (!filter) return { organisationId };
  switch (filter.attribute) {
    case "id":
      return UUID.test(filter.value) ? { organisationId, id: filter.value } : null;
    // userName and the address are one; SCIM compares userName case-insensitively.
    case "userName":
    case "email":
      return { organisationId, email: filter.value.trim().toLowerCase() };
    case "externalId": {
      // externalId is compared exactly (caseExact in RFC 7643).
      const link = await db.scimLink.findUnique({ where: { organisationId_externalId: { organisationId, externalId: filter.value } } });
      return link ? { organisationId, id: link.userId } : null;
    }
  }
}

/** GET /Users: a page of the organisation's users, oldest first, with the total the filter matches. */
export async function listScimUsers(db: Db, actor: ScimActor, query: ScimListQuery): Promise<{ total: number; users: ScimUserRecord[] }> {
  const where = await filterWhere(db, actor.organisationId, query.filter);
  if (!where) return { total: 0, users: [] };
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    query.count === 0 ? [] : db.user.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: query.startIndex - 1, take: query.count, select: USER_FIELDS }),
  ]);
  return { total, users: await withExternalIds(db, actor.organisationId, users) };
}

async function findOwnUser(db: Db | Tx, actor: ScimActor, id: string): Promise<ScimUserRecord> {
  const user = UUID.test(id) ? await db.user.findFirst({ where: { id, organisationId: actor.organisationId }, select: USER_FIELDS }) : null;
  if (!user) throw scimNotFound();
  return (await withExternalIds(db, actor.organisationId, [user]))[0]!;
}

/** GET /Users/:id */
export function getScimUser(db: Db, actor: ScimActor, id: string): Promise<ScimUserRecord> {
  return findOwnUser(db, actor, id);
}

const auditScope = (actor: ScimActor) => ({ workspaceId: null, userId: null, organisationId: actor.organisationId });
const auditState = (actor: ScimActor, fields: ScimUserFields) => ({ ...fields, scimToken: actor.label });

/**
 * An address in a domain that another organisation's single sign-on covers belongs to that
 * organisation: a SCIM token cannot claim it (and so keep its real owner from being provisioned).
 */
async function refuseForeignDomain(tx: Tx, actor: ScimActor, email: string) {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  const [row] = await tx.$queryRaw<{ organisationId: string }[]>`
    SELECT c.organisation_id AS "organisationId" FROM oidc_domain d JOIN oidc_connection c ON c.id = d.connection_id WHERE d.domain = ${domain}`;
  if (row && row.organisationId !== actor.organisationId) throw scimUserNameTaken();
}

async function refuseTakenAddress(tx: Tx, actor: ScimActor, email: string, userId: string | null) {
  const other = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (other && other.id !== userId) throw scimUserNameTaken();
  await refuseForeignDomain(tx, actor, email);
}

async function setExternalId(tx: Tx, actor: ScimActor, userId: string, externalId: string | null) {
  if (externalId === null) return void (await tx.scimLink.deleteMany({ where: { userId } }));
  const other = await tx.scimLink.findUnique({ where: { organisationId_externalId: { organisationId: actor.organisationId, externalId } } });
  if (other && other.userId !== userId) throw new ScimProblem(409, "externalId is already in use.", "uniqueness");
  await tx.scimLink.upsert({ where: { userId }, create: { userId, externalId, organisationId: actor.organisationId }, update: { externalId, organisationId: actor.organisationId } });
}

/** The unique indexes answer when a concurrent request took the address or externalId between check and write. */
async function uniquely<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw scimUserNameTaken();
    throw error;
  }
}

/** POST /Users: a new account in the token's organisation, without a usable password. Audited. */
export async function createScimUser(db: Db, actor: ScimActor, body: unknown): Promise<ScimUserRecord> {
  const fields = parseScimUser(body);
  const id = await uniquely(() =>
    db.$transaction(async (tx) => {
      await refuseTakenAddress(tx, actor, fields.email, null);
      const user = await tx.user.create({
        data: { email: fields.email, name: fields.name, organisationId: actor.organisationId, passwordHash: NO_PASSWORD, deactivatedAt: fields.active ? null : new Date() },
        select: { id: true },
      });
      await setExternalId(tx, actor, user.id, fields.externalId);
      await recordAudit(tx, auditScope(actor), { action: "user.provisioned", entityType: "user", entityId: user.id, after: auditState(actor, fields) });
      return user.id;
    }),
  );
  return findOwnUser(db, actor, id);
}

/**
 * Applies a change computed from the stored user: address, name and externalId as given;
 * `active` through changeUserActive, so a deactivation ends every session at once and, after
 * the commit, every live stream and socket (the `sessions.ended` event). Audited with the
 * token's label; nothing is written when nothing changes.
 */
async function updateScimUser(db: Db, actor: ScimActor, id: string, change: (current: ScimUserFields) => ScimUserFields): Promise<ScimUserRecord> {
  const deactivated = await uniquely(() =>
    db.$transaction(async (tx) => {
      const stored = await findOwnUser(tx, actor, id);
      const before: ScimUserFields = { email: stored.email, name: stored.name, active: stored.deactivatedAt === null, externalId: stored.externalId };
      const after = change(before);
      if (after.email !== before.email) await refuseTakenAddress(tx, actor, after.email, id);
      if (after.externalId !== before.externalId) await setExternalId(tx, actor, id, after.externalId);
      if (after.email !== before.email || after.name !== before.name) await tx.user.update({ where: { id }, data: { email: after.email, name: after.name } });
      if (after.active !== before.active) await changeActive(tx, id, after.active);
      const changed = (Object.keys(after) as (keyof ScimUserFields)[]).some((key) => after[key] !== before[key]);
      if (changed) {
        const action = after.active === before.active ? "user.updated" : after.active ? "user.reactivated" : "user.deactivated";
        await recordAudit(tx, auditScope(actor), { action, entityType: "user", entityId: id, before: auditState(actor, before), after: auditState(actor, after) });
      }
      return before.active && !after.active;
    }),
  );
  if (deactivated) announceSessionsEnded(id, "deactivated");
  return findOwnUser(db, actor, id);
}

async function changeActive(tx: Tx, id: string, active: boolean) {
  try {
    await changeUserActive(tx, id, active, null);
  } catch (error) {
    // The last active platform administrator stays: the platform would have nobody to run it.
    if (error instanceof DomainError && error.code === "CONFLICT") throw new ScimProblem(400, "This user cannot be deactivated: the platform needs an active administrator.", "invalidValue");
    throw error;
  }
}

/** PATCH /Users/:id (Entra's deactivation: `{"op":"Replace","path":"active","value":"False"}`). */
export async function patchScimUser(db: Db, actor: ScimActor, id: string, body: unknown): Promise<ScimUserRecord> {
  const patch = parseScimPatch(body);
  return updateScimUser(db, actor, id, (current) => resolveScimPatch(current, patch));
}

/** PUT /Users/:id: the whole user replaced; `active` left out stays as it is. */
export async function replaceScimUser(db: Db, actor: ScimActor, id: string, body: unknown): Promise<ScimUserRecord> {
  // Read once without the stored state, so that a malformed body is refused before the transaction.
  parseScimUser(body);
  return updateScimUser(db, actor, id, (current) => parseScimUser(body, current.active));
}

/**
 * DELETE /Users/:id deactivates, it does not delete: the account's records, decisions and audit
 * history must keep their author (ADR 0024), and an account deleted by mistake in the provider
 * comes back by reactivation. A later GET still finds the (inactive) user; RFC 7644 §3.6 would
 * answer 404, but Entra does not read a user after deleting it, and finding it again by
 * userName lets Entra reactivate the same account when the person returns.
 */
export async function deleteScimUser(db: Db, actor: ScimActor, id: string): Promise<void> {
  await updateScimUser(db, actor, id, (current) => ({ ...current, active: false }));
}
