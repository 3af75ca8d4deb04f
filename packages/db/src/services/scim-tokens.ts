import { randomBytes } from "node:crypto";
import { DomainError } from "@regiotafel/domain";
import type { Db } from "../client";
import { hashToken } from "./token-hash";
import { recordAudit } from "./audit";

// The bearer tokens an organisation's identity provider uses for SCIM (issue 20 point 5). The
// token is shown once, at creation; only its SHA-256 (hex) is stored, so a request is
// authenticated by looking its hash up (no comparison of secrets whose timing could leak).

/** Recognisable in logs and by secret scanners. */
export const SCIM_TOKEN_PREFIX = "rt_scim_";
const TOKEN_FORMAT = /^rt_scim_[A-Za-z0-9_-]{43}$/;
/** lastUsedAt is written at most this often, not on every request of a provisioning run. */
const LAST_USED_RESOLUTION_MS = 60_000;
export const SCIM_TOKEN_LABEL_MAX = 100;

/** Who acts through a SCIM token: its organisation scopes every request. */
export interface ScimActor {
  organisationId: string;
  tokenId: string;
  label: string;
}

export const hashScimToken = hashToken;

/** A new token for the organisation (`actor` is its administrator); the plain token is returned only here. */
/** Enough for a token per provisioning job and one being rotated in. */
export const MAX_ACTIVE_SCIM_TOKENS = 10;

export async function createScimToken(db: Db, actor: { userId: string; organisationId: string }, input: { organisationId: string; label: string }) {
  const label = input.label.replace(/\s+/g, " ").trim();
  if (label === "" || label.length > SCIM_TOKEN_LABEL_MAX) throw new DomainError("BAD_REQUEST", "input.invalid", undefined, "label");
  const token = SCIM_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const created = await db.$transaction(async (tx) => {
    const active = await tx.scimToken.count({ where: { organisationId: input.organisationId, revokedAt: null } });
    if (active >= MAX_ACTIVE_SCIM_TOKENS) throw new DomainError("CONFLICT", "scim.tooManyTokens");
    const row = await tx.scimToken.create({
      data: { organisationId: input.organisationId, label, tokenHash: hashScimToken(token), createdBy: actor.userId },
      select: { id: true, label: true, createdAt: true },
    });
    await recordAudit(tx, { workspaceId: null, ...actor }, { action: "scimToken.created", entityType: "scimToken", entityId: row.id, after: { label, organisationId: input.organisationId } });
    return row;
  });
  return { ...created, token };
}

/** The organisation's tokens, newest first, revoked ones included; never the token or its hash. */
export async function listScimTokens(db: Db, organisationId: string) {
  const tokens = await db.scimToken.findMany({
    where: { organisationId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, label: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
  const creatorIds = [...new Set(tokens.map((t) => t.createdBy).filter((id): id is string => id !== null))];
  const creators = new Map((await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return tokens.map(({ createdBy, ...t }) => ({ ...t, createdByName: createdBy ? (creators.get(createdBy) ?? null) : null }));
}

/** Revokes a token of the organisation at once; another organisation's (or an unknown) id is NOT_FOUND. Twice changes nothing. */
export async function revokeScimToken(db: Db, actor: { userId: string; organisationId: string }, input: { organisationId: string; tokenId: string }) {
  return db.$transaction(async (tx) => {
    const token = await tx.scimToken.findFirst({ where: { id: input.tokenId, organisationId: input.organisationId }, select: { id: true, label: true, revokedAt: true } });
    if (!token) throw new DomainError("NOT_FOUND", "notFound");
    if (token.revokedAt) return { revoked: false };
    await tx.scimToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { workspaceId: null, ...actor }, { action: "scimToken.revoked", entityType: "scimToken", entityId: token.id, before: { label: token.label, organisationId: input.organisationId } });
    return { revoked: true };
  });
}

/** The organisation a bearer token acts for, or null: unknown, malformed or revoked. */
export async function authenticateScimToken(db: Db, token: string, now = new Date()): Promise<ScimActor | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  const row = await db.scimToken.findUnique({ where: { tokenHash: hashScimToken(token) }, select: { id: true, organisationId: true, label: true, revokedAt: true } });
  if (!row || row.revokedAt) return null;
  await db.scimToken.updateMany({
    where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
    data: { lastUsedAt: now },
  });
  return { organisationId: row.organisationId, tokenId: row.id, label: row.label };
}
