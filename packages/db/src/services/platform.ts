import { randomBytes } from "node:crypto";
import { hashToken } from "./token-hash";
import { DomainError, foldSearchText, type PlatformStanding } from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { listFailedMails } from "./mail-outbox";

// Platform administrators and the first run (ADR 0021). A platform administrator is a row in
// platform_admin; it is no workspace role. While the database has no user, each start issues
// one setup token (only its SHA-256 is stored) that creates the first administrator once.

/** The SHA-256 of a setup token, as stored. */
export const hashSetupToken = hashToken;

/** Serialises everything that creates the first administrator (the page and the CLI, several processes). */
async function lockSetup(tx: Tx) {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(7201721)) AS l`;
}

async function anyUser(tx: Tx | Db): Promise<boolean> {
  const rows = await tx.$queryRaw<{ found: boolean }[]>`SELECT EXISTS (SELECT 1 FROM app_user) AS found`;
  return rows[0]!.found;
}

/** Whether the database has any account (then there is no setup link). */
export const hasUsers = (db: Db) => anyUser(db);

/**
 * At start: when no user exists, a new setup token (256 random bits, base64url) replaces any
 * earlier one, which stops working; only its hash is stored. Null once a user exists (and any
 * leftover token is deleted).
 */
export async function issueSetupToken(db: Db): Promise<string | null> {
  const token = randomBytes(32).toString("base64url");
  return db.$transaction(async (tx) => {
    await lockSetup(tx);
    await tx.setupToken.deleteMany({});
    if (await anyUser(tx)) return null;
    await tx.setupToken.create({ data: { tokenHash: hashSetupToken(token) } });
    return token;
  });
}

/** Whether a setup link works: its token is the current one and still no user exists. */
export async function setupTokenValid(db: Db, token: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ valid: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM setup_token WHERE token_hash = ${hashSetupToken(token)})
       AND NOT EXISTS (SELECT 1 FROM app_user) AS valid`;
  return rows[0]!.valid;
}

export interface NewPlatformAdmin {
  name: string;
  /** Normalised (lower case, trimmed) by the contract's schema. */
  email: string;
  /** The organisation's name: an existing organisation of that name (any case), or a new one. */
  organisation: string;
  passwordHash: string;
}

export type SetupAuthority =
  /** The setup link: valid only while no user exists, used once. */
  | { token: string }
  /** The command line on the server: refused once a platform administrator exists, unless `add`. */
  | { cli: true; add: boolean };

const SETUP_INVALID = () => new DomainError("NOT_FOUND", "setup.invalid");

/**
 * Creates a platform administrator with a new account, as the first run allows: through the
 * setup link (which it uses up) or from the command line. Serialised, so two requests at once
 * create exactly one. A wrong, used or outdated token is refused alike ("setup.invalid").
 */
export async function createPlatformAdmin(db: Db, authority: SetupAuthority, admin: NewPlatformAdmin): Promise<{ userId: string; organisationId: string }> {
  return db.$transaction(async (tx) => {
    await lockSetup(tx);
    if ("token" in authority) {
      const used = await tx.setupToken.deleteMany({ where: { tokenHash: hashSetupToken(authority.token) } });
      if (used.count !== 1 || (await anyUser(tx))) throw SETUP_INVALID();
    } else if (!authority.add && (await tx.platformAdmin.count()) > 0) {
      throw new DomainError("CONFLICT", "setup.exists");
    }
    if (await tx.user.findUnique({ where: { email: admin.email }, select: { id: true } })) throw new DomainError("CONFLICT", "setup.emailTaken", undefined, "email");
    const organisation = await findOrCreateOrganisation(tx, admin.organisation);
    const user = await tx.user.create({ data: { email: admin.email, name: admin.name, organisationId: organisation.id, passwordHash: admin.passwordHash } });
    await tx.platformAdmin.create({ data: { userId: user.id } });
    // A user exists now: no setup link works any more.
    await tx.setupToken.deleteMany({});
    return { userId: user.id, organisationId: organisation.id };
  });
}

/** Makes an existing account a platform administrator (the command line's `--add` for a known address). */
export async function grantPlatformAdmin(db: Db, email: string): Promise<{ userId: string; already: boolean } | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, platformAdmin: { select: { userId: true } } } });
  if (!user) return null;
  if (user.platformAdmin) return { userId: user.id, already: true };
  await db.platformAdmin.create({ data: { userId: user.id } });
  return { userId: user.id, already: false };
}

/** The user's standing on the platform, for the platform tier. */
export async function platformStanding(db: Db, userId: string): Promise<PlatformStanding> {
  const rows = await db.$sql<PlatformStanding>(
    `SELECT EXISTS (SELECT 1 FROM platform_admin WHERE user_id = $1::uuid) AS "platformAdmin",
            EXISTS (SELECT 1 FROM workspace_creator WHERE user_id = $1::uuid) AS "workspaceCreator",
            EXISTS (SELECT 1 FROM organisation_admin WHERE user_id = $1::uuid) AS "organisationAdmin"`,
    [userId],
  );
  return rows[0]!;
}

/**
 * The organisation the setup page named: a current directory organisation by CBS code ("GM0988")
 * or by name (any case, accents and punctuation folded as the directory's search folds them),
 * else any organisation of exactly this name (any case), else a new one of kind OTHER (an
 * organisation the directory does not hold yet: the platform's own maintainer, a supplier).
 */
async function findOrCreateOrganisation(tx: Tx, name: string) {
  const typed = name.trim();
  const code = /^gm\s?(\d{4})$/i.exec(typed);
  if (code) {
    const byCode = await tx.organisation.findFirst({ where: { cbsCode: `GM${code[1]}`, endedOn: null } });
    if (byCode) return byCode;
  }
  const folded = foldSearchText(typed).trim();
  const [directory] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM organisation WHERE ended_on IS NULL AND btrim(search_name) = ${folded}
    ORDER BY (kind = 'MUNICIPALITY') DESC, created_at, id LIMIT 1`;
  if (directory) return tx.organisation.findUniqueOrThrow({ where: { id: directory.id } });
  const existing = await tx.organisation.findFirst({ where: { name: { equals: typed, mode: "insensitive" } }, orderBy: { createdAt: "asc" } });
  if (existing) return existing;
  const base = slugify(name);
  let slug = base;
  for (let n = 2; await tx.organisation.findUnique({ where: { slug }, select: { id: true } }); n++) slug = `${base}-${n}`;
  // Not in the directory: an organisation of another kind (migration 0009).
  return tx.organisation.create({ data: { slug, name: typed, kind: "OTHER" } });
}

/** The directory's current organisations as the setup page offers them (name, kind, CBS code). */
export async function directoryChoices(db: Db) {
  return db.organisation.findMany({ where: { endedOn: null }, select: { name: true, kind: true, cbsCode: true }, orderBy: { name: "asc" } });
}

/** "Gemeente 's-Hertogenbosch" → "gemeente-s-hertogenbosch". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 56)
    .replace(/-+$/g, "");
  return slug || "organisatie";
}

/** What platform administrators see first: how much there is, and the mails given up on. */
export async function platformOverview(db: Db, options: { failedMails: number }) {
  const [counts] = await db.$sql<{ workspaces: number; organisations: number; users: number; platformAdmins: number }>(
    `SELECT (SELECT count(*) FROM workspace)::int AS workspaces, (SELECT count(*) FROM organisation)::int AS organisations,
            (SELECT count(*) FROM app_user)::int AS users, (SELECT count(*) FROM platform_admin)::int AS "platformAdmins"`,
  );
  const failedMails = options.failedMails > 0 ? await listFailedMails(db, { limit: options.failedMails }) : [];
  const [failed] = await db.$sql<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE state = 'FAILED'`);
  return {
    ...counts!,
    failedMailCount: failed!.n,
    failedMails: failedMails.map((m) => ({ id: m.id, recipient: m.recipient, template: m.template, attempts: m.attempts, lastError: m.lastError, createdAt: m.createdAt })),
  };
}
