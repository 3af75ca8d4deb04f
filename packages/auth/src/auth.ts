import { Lucia, TimeSpan } from "lucia";
import type { Db } from "@regiotafel/db";
import { hashPassword, verifyPassword, type PasswordCost, DEFAULT_PASSWORD_COST } from "./password";
import { HashedPrismaSessionAdapter } from "./session-adapter";
import { ACCOUNT_RULE, ADDRESS_RULE, accountKey, addressKey, lockedUntil, recordFailure, resetThrottle } from "./throttle";

/** The session cookie on plain-http localhost (the quick start, development). */
export const SESSION_COOKIE = "regiotafel_session";
/**
 * The session cookie everywhere else. The `__Host-` prefix makes browsers accept it only
 * with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or shadow it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export interface AuthOptions {
  prisma: Db;
  /** Idle timeout: a session unused for this long ends (Lucia extends it on use). */
  idleTimeoutMs?: number;
  /** Absolute lifetime: no session lives longer than this, used or not. */
  absoluteLifetimeMs?: number;
  /** Secure cookies (required everywhere but http://localhost). */
  secureCookies: boolean;
  passwordCost?: PasswordCost;
}

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  organisationId: string;
}

export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
}

export type LoginResult =
  | { ok: true; token: string; user: AuthUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export type ChangePasswordResult =
  | { ok: true; token: string }
  | { ok: false; reason: "wrongCurrent" | "sameAsOld" };

function createLucia(prisma: Db, idleTimeoutMs: number, secure: boolean) {
  return new Lucia(new HashedPrismaSessionAdapter(prisma), {
    sessionExpiresIn: new TimeSpan(Math.round(idleTimeoutMs / 1000), "s"),
    sessionCookie: { name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, expires: true, attributes: { secure, sameSite: "lax" } },
    getUserAttributes: (a) => ({ email: a.email, name: a.name, organisationId: a.organisationId }),
    getSessionAttributes: (a) => ({ absoluteExpiresAt: a.absoluteExpiresAt }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { absoluteExpiresAt: Date; ipAddress: string | null; userAgent: string | null };
    DatabaseUserAttributes: { email: string; name: string; organisationId: string };
  }
}

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(options: AuthOptions) {
  const { prisma } = options;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60 * 60_000;
  const absoluteLifetimeMs = options.absoluteLifetimeMs ?? 12 * 60 * 60_000;
  const cost = options.passwordCost ?? DEFAULT_PASSWORD_COST;
  const lucia = createLucia(prisma, idleTimeoutMs, options.secureCookies);
  // Verified against when the account does not exist, so both paths take the same time.
  const dummyHash = hashPassword("regiotafel-timing-equaliser", cost);

  async function startSession(userId: string, client: ClientInfo): Promise<string> {
    const session = await lucia.createSession(userId, {
      absoluteExpiresAt: new Date(Date.now() + absoluteLifetimeMs),
      ipAddress: client.ipAddress,
      userAgent: client.userAgent?.slice(0, 400) ?? null,
    });
    return session.id;
  }

  return {
    hashPassword: (password: string) => hashPassword(password, cost),

    /**
     * Checks credentials under the per-account and per-address limits. Always starts a new
     * session on success (and ends `previousToken`), so a planted token is never promoted.
     */
    async login(email: string, password: string, client: ClientInfo, previousToken?: string | null): Promise<LoginResult> {
      const now = new Date();
      const keys = [accountKey(email), ...(client.ipAddress ? [addressKey(client.ipAddress)] : [])];
      const locked = await lockedUntil(prisma, keys, now);
      if (locked) {
        return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil((locked.getTime() - now.getTime()) / 1000) };
      }
      const user = await prisma.user.findUnique({ where: { email } });
      const valid = user ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash, password), false);
      if (!user || !valid) {
        await recordFailure(prisma, accountKey(email), ACCOUNT_RULE, now);
        if (client.ipAddress) await recordFailure(prisma, addressKey(client.ipAddress), ADDRESS_RULE, now);
        return { ok: false, reason: "invalid" };
      }
      await resetThrottle(prisma, accountKey(email));
      if (previousToken) await lucia.invalidateSession(previousToken);
      const token = await startSession(user.id, client);
      return { ok: true, token, user: { id: user.id, email: user.email, name: user.name, organisationId: user.organisationId } };
    },

    /**
     * The user behind a token, or null when the token is unknown, idle-expired or past its
     * absolute lifetime. `refreshed` is true when the idle deadline moved (re-send the cookie).
     */
    async validate(token: string): Promise<{ user: AuthUser; refreshed: boolean } | null> {
      const { session, user } = await lucia.validateSession(token);
      if (!session) return null;
      if (session.absoluteExpiresAt.getTime() <= Date.now()) {
        await lucia.invalidateSession(token);
        return null;
      }
      return { user: { id: user.id, email: user.email, name: user.name, organisationId: user.organisationId }, refreshed: session.fresh };
    },

    async logout(token: string): Promise<void> {
      await lucia.invalidateSession(token);
    },

    async logoutEverywhere(userId: string): Promise<void> {
      await lucia.invalidateUserSessions(userId);
    },

    /** Ends every session of the user and returns a fresh one for the client that asked. */
    async changePassword(userId: string, current: string, next: string, client: ClientInfo): Promise<ChangePasswordResult> {
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
      if (!(await verifyPassword(user.passwordHash, current))) return { ok: false, reason: "wrongCurrent" };
      if (current === next) return { ok: false, reason: "sameAsOld" };
      const passwordHash = await hashPassword(next, cost);
      await prisma.$transaction([
        prisma.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } }),
        prisma.session.deleteMany({ where: { userId } }),
      ]);
      return { ok: true, token: await startSession(userId, client) };
    },

    /**
     * The session token from a Cookie header: only the cookie name that belongs to the
     * request (`__Host-regiotafel_session` where cookies are secure, `regiotafel_session` on
     * plain-http localhost). Malformed headers and values that cannot be a token are ignored.
     */
    readToken(cookieHeader: string | undefined | null, request: { secureCookies: boolean }): string | null {
      const value = readCookieValue(cookieHeader, request.secureCookies ? SECURE_SESSION_COOKIE : SESSION_COOKIE);
      return value !== undefined && TOKEN.test(value) ? value : null;
    },
    /** Set-Cookie values in their secure form; the server relaxes them for plain-http localhost (`cookieForRequest`). */
    sessionCookie(token: string): string {
      return lucia.createSessionCookie(token).serialize();
    },
    blankCookie(): string {
      return lucia.createBlankSessionCookie().serialize();
    },
    deleteExpiredSessions: () => lucia.deleteExpiredSessions(),
  };
}

/** Lucia's tokens: base32 (a–z, 2–7), 40 characters for 200 bits; anything else is not looked up. */
const TOKEN = /^[a-z0-9]{20,100}$/;

/** A cookie's raw value (the first one of that name), without decoding: never throws. */
export function readCookieValue(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Turns a session Set-Cookie value (secure form) into the one for plain-http localhost:
 * without Secure and without the `__Host-` prefix, which browsers refuse on http.
 */
export function cookieForPlainHttp(cookie: string): string {
  return cookie.replace(/^__Host-/, "").replace(/; Secure/gi, "");
}

/**
 * CSRF defence for every state-changing request: the Origin header must be exactly the
 * request's own origin (scheme, host and port: `siteOrigin`) or one of `extraOrigins`.
 * A missing, "null" or malformed Origin is refused.
 */
export function verifyOrigin(origin: string | undefined | null, siteOrigin: string, extraOrigins: readonly string[] = []): boolean {
  const normalised = origin ? normaliseOrigin(origin) : null;
  return normalised !== null && (normalised === siteOrigin || extraOrigins.includes(normalised));
}

/** "https://Example.org:443" → "https://example.org"; null for anything that is not an http(s) origin. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
    return url.origin;
  } catch {
    return null;
  }
}
