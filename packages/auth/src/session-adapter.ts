import { createHash } from "node:crypto";
import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import { eventBus, type Db } from "@regiotafel/db";

/** The database only ever sees the SHA-256 of a session token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

interface SessionRow {
  userId: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  method: "PASSWORD" | "SSO";
  connectionId: string | null;
  email: string;
  name: string;
  organisationId: string;
  mustEnrolSecondFactor: boolean;
}

/**
 * Lucia v3 adapter over Prisma 6 (Lucia's own Prisma adapter stops at Prisma 5).
 * Lucia hands us the raw token as the session id; we store and look up its hash, and give
 * the raw token back as the id so Lucia's later calls (delete, extend) hash it again.
 * Every deletion goes through here and is published (a `sessions.ended` event on the bus), so live
 * connections opened with those sessions can close at once.
 */
export class HashedPrismaSessionAdapter implements Adapter {
  constructor(
    private readonly prisma: Db,
    private readonly options: { requireSecondFactorForPlatformAdmins: boolean } = { requireSecondFactorForPlatformAdmins: true },
  ) {}

  async getSessionAndUser(token: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    // Runs on every request: one round trip, no ORM query planning.
    const rows = await this.prisma.$sql<SessionRow>(
      `SELECT s.user_id AS "userId", s.expires_at AS "expiresAt", s.absolute_expires_at AS "absoluteExpiresAt",
              s.ip_address AS "ipAddress", s.user_agent AS "userAgent", s.method::text AS method, s.connection_id AS "connectionId",
              u.email, u.name, u.organisation_id AS "organisationId",
              -- A platform administrator signed in with a password and no confirmed second factor.
              (s.method = 'PASSWORD' AND EXISTS (SELECT 1 FROM platform_admin p WHERE p.user_id = u.id)
                AND NOT EXISTS (SELECT 1 FROM totp_factor f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL)) AS "mustEnrolSecondFactor"
       FROM "session" s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = $1 AND u.deactivated_at IS NULL`,
      [hashToken(token)],
      { prepare: "session_and_user" },
    );
    const row = rows[0];
    if (!row) return [null, null];
    const session: DatabaseSession = {
      id: token,
      userId: row.userId,
      expiresAt: row.expiresAt,
      attributes: { absoluteExpiresAt: row.absoluteExpiresAt, ipAddress: row.ipAddress, userAgent: row.userAgent, method: row.method, connectionId: row.connectionId },
    };
    const mustEnrolSecondFactor = this.options.requireSecondFactorForPlatformAdmins && row.mustEnrolSecondFactor;
    return [session, { id: row.userId, attributes: { email: row.email, name: row.name, organisationId: row.organisationId, mustEnrolSecondFactor } }];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.prisma.session.findMany({ where: { userId } });
    // Tokens are not recoverable from their hashes; these ids can only be shown, not used.
    return rows.map((row) => ({
      id: row.id,
      userId: row.userId,
      expiresAt: row.expiresAt,
      attributes: { absoluteExpiresAt: row.absoluteExpiresAt, ipAddress: row.ipAddress, userAgent: row.userAgent, method: row.method, connectionId: row.connectionId },
    }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    const { absoluteExpiresAt, ipAddress, userAgent, method, connectionId } = session.attributes;
    await this.prisma.session.create({
      data: {
        id: hashToken(session.id),
        userId: session.userId,
        expiresAt: session.expiresAt < absoluteExpiresAt ? session.expiresAt : absoluteExpiresAt,
        absoluteExpiresAt,
        ipAddress,
        userAgent,
        method,
        connectionId,
      },
    });
  }

  async updateSessionExpiration(token: string, expiresAt: Date): Promise<void> {
    // Never extend past the absolute lifetime.
    await this.prisma.$executeRaw`
      UPDATE "session" SET expires_at = LEAST(${expiresAt}::timestamptz, absolute_expires_at)
      WHERE id = ${hashToken(token)}`;
  }

  async deleteSession(token: string): Promise<void> {
    const id = hashToken(token);
    const { count } = await this.prisma.session.deleteMany({ where: { id } });
    if (count > 0) eventBus.publish({ type: "sessions.ended", sessionIds: [id] });
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { userId } });
    eventBus.publish({ type: "sessions.ended", userId, reason: "signOutEverywhere" });
  }

  async deleteExpiredSessions(): Promise<void> {
    const now = new Date();
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      DELETE FROM "session" WHERE expires_at <= ${now}::timestamptz OR absolute_expires_at <= ${now}::timestamptz
      RETURNING id`;
    if (rows.length > 0) eventBus.publish({ type: "sessions.ended", sessionIds: rows.map((row) => row.id) });
  }
}
