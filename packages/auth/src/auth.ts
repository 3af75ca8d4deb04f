import { Lucia, TimeSpan } from "lucia";
import { eventBus, NO_PASSWORD, ssoRequiredForEmail, type Db, type SessionsEnded } from "@regiotafel/db";
import { newDeviceId, readDeviceCookie, serializeDeviceCookie, signDevice, verifyDevice } from "./device";
import { createHashLimiter } from "./hash-limiter";
import { hashPassword, verifyPassword, type PasswordCost, DEFAULT_PASSWORD_COST } from "./password";
import { HashedPrismaSessionAdapter, hashToken } from "./session-adapter";
import { createSecondFactor, type SecondFactorProof } from "./second-factor";
import type { SecretBox } from "./secret-box";
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  RESET_ACCOUNT_RULE,
  RESET_ADDRESS_RULE,
  resetAccountKey,
  resetAddressKey,
  DEVICE_RULE,
  PASSWORD_CHANGE_RULE,
  accountKey,
  addressKey,
  countAttempt,
  deviceKey,
  normaliseEmail,
  passwordChangeKey,
  refundAttempt,
  resetThrottle,
  retryAfterSeconds,
} from "./throttle";

/** The session cookie on plain-http localhost (the quick start, development). */
export const SESSION_COOKIE = "regiotafel_session";
/**
 * The session cookie everywhere else. The `__Host-` prefix makes browsers accept it only
 * with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or shadow it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** How passwords are hashed and checked (replaceable in tests, to count and hold hashes). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
}

export interface AuthOptions {
  prisma: Db;
  /** Idle timeout: a session unused for this long ends (Lucia extends it on use). */
  idleTimeoutMs?: number;
  /** Absolute lifetime: no session lives longer than this, used or not. */
  absoluteLifetimeMs?: number;
  /** Secure cookies (required everywhere but http://localhost). */
  secureCookies: boolean;
  passwordCost?: PasswordCost;
  /** Password hashes running at once (each takes 128 MiB at the default cost). Default 2. */
  hashConcurrency?: number;
  /** Hashes that may wait for a slot; past that a sign-in is refused as busy. Default 16. */
  hashQueue?: number;
  hasher?: PasswordHasher;
  /** Seals TOTP secrets at rest; two-step verification is unavailable without one. */
  secretBox?: SecretBox;
  /**
   * Platform administrators signed in with a password must enrol a second factor before
   * anything else (`AuthUser.mustEnrolSecondFactor`). Default true.
   */
  requireSecondFactorForPlatformAdmins?: boolean;
}

/** How a session was signed in: a password, or an organisation's provider (its connection). */
export type SignedInWith = { method: "PASSWORD" } | { method: "SSO"; connectionId: string };

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  /**
   * Present (true) when the account must enrol a second factor before anything else: the app
   * sends every page to the enrolment and the API refuses every other procedure.
   */
  mustEnrolSecondFactor?: true;
}

export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
  /** The known-device cookie's value, when the browser sent one (`readDeviceCookie`). */
  deviceCookie?: string | null;
}

export type Throttled = { ok: false; reason: "throttled"; retryAfterSeconds: number };
/** Too many password hashes running and waiting: try again in a moment. */
export type Busy = { ok: false; reason: "busy" };

export type LoginResult =
  | { ok: true; token: string; user: AuthUser; deviceCookie: string }
  | { ok: false; reason: "invalid" }
  /** The password was right, but a platform administrator deactivated the account (ADR 0024). */
  | { ok: false; reason: "deactivated" }
  /** The password was right, but the account's organisation requires its own sign-in (ADR 0035). */
  | { ok: false; reason: "ssoRequired" }
  /** The password was right and the account has a second factor: `completeSecondFactor` with this token. */
  | { ok: false; reason: "secondFactor"; pendingToken: string }
  | Throttled
  | Busy;

export type SecondFactorResult =
  | { ok: true; token: string; user: AuthUser; deviceCookie: string }
  /** Unknown, used or expired pending sign-in (sign in again). */
  | { ok: false; reason: "expired" }
  | { ok: false; reason: "invalidCode" }
  | Throttled;

export type PasswordCheckResult = { ok: true } | { ok: false; reason: "wrongCurrent" } | Throttled | Busy;

export type ChangePasswordResult =
  | { ok: true; token: string; deviceCookie: string }
  | { ok: false; reason: "wrongCurrent" | "sameAsOld" }
  | Throttled
  | Busy;

function createLucia(prisma: Db, idleTimeoutMs: number, secure: boolean, requireSecondFactor = true) {
  return new Lucia(new HashedPrismaSessionAdapter(prisma, { requireSecondFactorForPlatformAdmins: requireSecondFactor }), {
    sessionExpiresIn: new TimeSpan(Math.round(idleTimeoutMs / 1000), "s"),
    sessionCookie: { name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, expires: true, attributes: { secure, sameSite: "lax" } },
    getUserAttributes: (a) => ({ email: a.email, name: a.name, organisationId: a.organisationId, mustEnrolSecondFactor: a.mustEnrolSecondFactor }),
    getSessionAttributes: (a) => ({ absoluteExpiresAt: a.absoluteExpiresAt, method: a.method, connectionId: a.connectionId }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: {
      absoluteExpiresAt: Date;
      ipAddress: string | null;
      userAgent: string | null;
      /** How the session was signed in (ADR 0035); SSO sessions keep their connection for sign-out. */
      method: "PASSWORD" | "SSO";
      connectionId: string | null;
    };
    DatabaseUserAttributes: { email: string; name: string; organisationId: string; mustEnrolSecondFactor: boolean };
  }
}

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(options: AuthOptions) {
  const { prisma } = options;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60 * 60_000;
  const absoluteLifetimeMs = options.absoluteLifetimeMs ?? 12 * 60 * 60_000;
  const cost = options.passwordCost ?? DEFAULT_PASSWORD_COST;
  const hasher: PasswordHasher = options.hasher ?? { hash: (password) => hashPassword(password, cost), verify: verifyPassword };
  const hashes = createHashLimiter(options.hashConcurrency ?? 2, options.hashQueue ?? 16);
  const lucia = createLucia(prisma, idleTimeoutMs, options.secureCookies, options.requireSecondFactorForPlatformAdmins ?? true);
  const secondFactor = createSecondFactor(prisma, options.secretBox);
  // Verified against when the account does not exist, so both paths take the same time.
  let dummyHash: Promise<string> | null = null;
  const timingEqualiser = () => (dummyHash ??= hasher.hash("regiotafel-timing-equaliser"));

  async function startSession(userId: string, client: ClientInfo, via: { method: "PASSWORD" } | { method: "SSO"; connectionId: string } = { method: "PASSWORD" }): Promise<string> {
    const session = await lucia.createSession(userId, {
      absoluteExpiresAt: new Date(Date.now() + absoluteLifetimeMs),
      ipAddress: client.ipAddress,
      userAgent: client.userAgent?.slice(0, 400) ?? null,
      method: via.method,
      connectionId: via.method === "SSO" ? via.connectionId : null,
    });
    return session.id;
  }

  /** A proven sign-in: a new session (ending `previousToken`) and this browser's device cookie. */
  async function signIn(
    user: { id: string; email: string; name: string; organisationId: string; passwordHash: string },
    knownDevice: string | null,
    client: ClientInfo,
    previousToken: string | null | undefined,
    now: Date,
  ) {
    if (previousToken) await lucia.invalidateSession(previousToken);
    const token = await startSession(user.id, client);
    await prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    return {
      ok: true as const,
      token,
      user: { id: user.id, email: user.email, name: user.name, organisationId: user.organisationId },
      deviceCookie: signDevice(user.id, knownDevice ?? newDeviceId(), user.passwordHash),
    };
  }

  /**
   * Counts this sign-in attempt before any hashing. A browser with a valid device cookie of
   * the account is counted only under that cookie; once the cookie is locked, or without
   * one, the attempt counts for the address and then the account.
   */
  async function admitLogin(email: string, client: ClientInfo, deviceId: string | null, now: Date) {
    if (deviceId) {
      const key = deviceKey(deviceId);
      if ((await countAttempt(prisma, key, DEVICE_RULE, now)).allowed) return { allowed: true as const, trusted: true, counted: [key] };
    }
    const counted: string[] = [];
    if (client.ipAddress) {
      const key = addressKey(client.ipAddress);
      const address = await countAttempt(prisma, key, ADDRESS_RULE, now);
      if (!address.allowed) return address;
      counted.push(key);
    }
    const account = await countAttempt(prisma, accountKey(email), ACCOUNT_RULE, now);
    if (!account.allowed) return account;
    return { allowed: true as const, trusted: false, counted: [...counted, accountKey(email)] };
  }

  return {
    /** Hashes a password outside the sign-in limits (seeding, scripts). */
    hashPassword: (password: string) => hasher.hash(password),

    /**
     * Checks credentials under the throttle rules (ADR 0014). Always starts a new session on
     * success (and ends `previousToken`), so a planted token is never promoted, and hands
     * out a device cookie for this browser (`deviceCookie`).
     */
    async login(email: string, password: string, client: ClientInfo, previousToken?: string | null): Promise<LoginResult> {
      const now = new Date();
      const account = normaliseEmail(email);
      const user = await prisma.user.findUnique({ where: { email: account } });
      const knownDevice = user && client.deviceCookie ? verifyDevice(client.deviceCookie, user.id, user.passwordHash) : null;
      const admission = await admitLogin(account, client, knownDevice, now);
      if (!admission.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: retryAfterSeconds(admission.lockedUntil, now) };

      // An account without a password (created through its organisation's sign-in) takes the unknown account's path and time.
      const withPassword = user && user.passwordHash !== NO_PASSWORD ? user : null;
      const check = hashes.tryRun(async () => (withPassword ? hasher.verify(withPassword.passwordHash, password) : (await hasher.verify(await timingEqualiser(), password), false)));
      if (!check) {
        for (const key of admission.counted) await refundAttempt(prisma, key, now);
        return { ok: false, reason: "busy" };
      }
      if (!(await check) || !user) return { ok: false, reason: "invalid" };
      // Told only after the right password, so it reveals nothing to someone guessing.
      if (user.deactivatedAt) return { ok: false, reason: "deactivated" };
      if (await ssoRequiredForEmail(prisma, user.email)) return { ok: false, reason: "ssoRequired" };

      // The password is proven: this browser's device key starts afresh, and so does the
      // account when it was counted (not when a known device passed its lock); the address
      // only gets this attempt back.
      if (knownDevice) await resetThrottle(prisma, deviceKey(knownDevice));
      if (!admission.trusted) {
        await resetThrottle(prisma, accountKey(account));
        if (client.ipAddress) await refundAttempt(prisma, addressKey(client.ipAddress), now);
      }
      if (await secondFactor.isEnabled(user.id)) return { ok: false, reason: "secondFactor", pendingToken: await secondFactor.beginSignIn(user.id, now) };
      return signIn(user, knownDevice, client, previousToken, now);
    },

    /**
     * Starts a session for a user their organisation's provider just signed in (ADR 0035), ending
     * `previousToken`; the session keeps its connection for signing out at the provider.
     */
    async startSsoSession(userId: string, connectionId: string, client: ClientInfo, previousToken?: string | null): Promise<string> {
      if (previousToken) await lucia.invalidateSession(previousToken);
      const token = await startSession(userId, client, { method: "SSO", connectionId });
      await prisma.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } });
      return token;
    },

    /**
     * The second step of a sign-in (second-factor.ts): a code from the app or a recovery code
     * for the pending sign-in `login` answered with; then the same session and cookies as `login`.
     */
    async completeSecondFactor(pendingToken: string, proof: SecondFactorProof, client: ClientInfo, previousToken?: string | null): Promise<SecondFactorResult> {
      const now = new Date();
      const check = await secondFactor.completeSignIn(pendingToken, proof, now);
      if (!check.ok) return check;
      const user = await prisma.user.findUnique({ where: { id: check.userId } });
      if (!user || user.deactivatedAt) return { ok: false, reason: "expired" };
      const knownDevice = client.deviceCookie ? verifyDevice(client.deviceCookie, user.id, user.passwordHash) : null;
      return signIn(user, knownDevice, client, previousToken, now);
    },

    /** Enrolment, status and recovery codes of the signed-in user's second factor. */
    secondFactor,

    /**
     * The user behind a token, or null when the token is unknown, idle-expired or past its
     * absolute lifetime. `refreshed` is true when the idle deadline moved (re-send the cookie).
     */
    async validate(token: string): Promise<{ user: AuthUser; refreshed: boolean; signedInWith: SignedInWith } | null> {
      const { session, user } = await lucia.validateSession(token);
      if (!session) return null;
      if (session.absoluteExpiresAt.getTime() <= Date.now()) {
        await lucia.invalidateSession(token);
        return null;
      }
      const authUser: AuthUser = { id: user.id, email: user.email, name: user.name, organisationId: user.organisationId };
      if (user.mustEnrolSecondFactor) authUser.mustEnrolSecondFactor = true;
      const signedInWith: SignedInWith = session.method === "SSO" && session.connectionId ? { method: "SSO", connectionId: session.connectionId } : { method: "PASSWORD" };
      return { user: authUser, refreshed: session.fresh, signedInWith };
    },

    /**
     * Which of `tokens` still belong to a live session, in one query and without extending
     * any (an open live stream is not activity). For periodic checks of open connections.
     */
    async stillValid(tokens: readonly string[]): Promise<Set<string>> {
      if (tokens.length === 0) return new Set();
      const byId = new Map(tokens.map((token) => [hashToken(token), token]));
      const now = new Date();
      const rows = await prisma.session.findMany({
        where: { id: { in: [...byId.keys()] }, expiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
        select: { id: true },
      });
      return new Set(rows.map((row) => byId.get(row.id)!));
    },

    async logout(token: string): Promise<void> {
      await lucia.invalidateSession(token);
    },

    async logoutEverywhere(userId: string): Promise<void> {
      await lucia.invalidateUserSessions(userId);
    },

    /**
     * Counts a "Wachtwoord vergeten?" request before anything is looked up: per address asked
     * for and per client, the same for known and unknown addresses (ADR 0024).
     */
    async admitPasswordResetRequest(email: string, client: ClientInfo): Promise<{ ok: true } | Throttled> {
      const now = new Date();
      if (client.ipAddress) {
        const address = await countAttempt(prisma, resetAddressKey(client.ipAddress), RESET_ADDRESS_RULE, now);
        if (!address.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: retryAfterSeconds(address.lockedUntil, now) };
      }
      const account = await countAttempt(prisma, resetAccountKey(email), RESET_ACCOUNT_RULE, now);
      if (!account.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: retryAfterSeconds(account.lockedUntil, now) };
      return { ok: true };
    },

    /** Hashes a new password under the hashing limit (a reset): null when too many hashes run and wait. */
    async hashNewPassword(password: string): Promise<string | null> {
      const work = hashes.tryRun(() => hasher.hash(password));
      return work ? await work : null;
    },

    /**
     * Checks the user's current password (before a change of e-mail address), throttled per
     * account like the current password of a password change.
     */
    async checkPassword(userId: string, password: string): Promise<PasswordCheckResult> {
      const now = new Date();
      const key = passwordChangeKey(userId);
      const admission = await countAttempt(prisma, key, PASSWORD_CHANGE_RULE, now);
      if (!admission.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: retryAfterSeconds(admission.lockedUntil, now) };
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
      const work = hashes.tryRun(() => hasher.verify(user.passwordHash, password));
      if (!work) {
        await refundAttempt(prisma, key, now);
        return { ok: false, reason: "busy" };
      }
      if (!(await work)) return { ok: false, reason: "wrongCurrent" };
      await resetThrottle(prisma, key);
      return { ok: true };
    },

    /**
     * Ends every session of the user and returns a fresh one (and a new device cookie: the
     * old ones were signed with the old hash) for the client that asked. The current-password
     * check is throttled per account.
     */
    async changePassword(userId: string, current: string, next: string, client: ClientInfo): Promise<ChangePasswordResult> {
      const now = new Date();
      const key = passwordChangeKey(userId);
      const admission = await countAttempt(prisma, key, PASSWORD_CHANGE_RULE, now);
      if (!admission.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: retryAfterSeconds(admission.lockedUntil, now) };
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
      const work = hashes.tryRun(async () => {
        if (!(await hasher.verify(user.passwordHash, current))) return { outcome: "wrongCurrent" as const };
        if (current === next) return { outcome: "sameAsOld" as const };
        return { outcome: "ok" as const, passwordHash: await hasher.hash(next) };
      });
      if (!work) {
        await refundAttempt(prisma, key, now);
        return { ok: false, reason: "busy" };
      }
      const result = await work;
      if (result.outcome === "wrongCurrent") return { ok: false, reason: "wrongCurrent" };
      await resetThrottle(prisma, key);
      if (result.outcome === "sameAsOld") return { ok: false, reason: "sameAsOld" };

      const device = client.deviceCookie ? verifyDevice(client.deviceCookie, userId, user.passwordHash) : null;
      await prisma.$transaction([
        prisma.user.update({ where: { id: userId }, data: { passwordHash: result.passwordHash, passwordChangedAt: new Date() } }),
        prisma.session.deleteMany({ where: { userId } }),
      ]);
      eventBus.publish({ type: "sessions.ended", userId, reason: "passwordChanged" });
      return {
        ok: true,
        token: await startSession(userId, client),
        deviceCookie: signDevice(userId, device ?? newDeviceId(), result.passwordHash),
      };
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
    /** The Set-Cookie value for a device cookie from `login` or `changePassword`. */
    deviceCookie(value: string): string {
      return serializeDeviceCookie(value, options.secureCookies);
    },
    readDeviceCookie,
    deleteExpiredSessions: () => lucia.deleteExpiredSessions(),
  };
}

/**
 * Whether a `SessionsEnded` event ends the session of `token` (held by `userId`): for live
 * connections (SSE, WebSocket) that keep the token they were opened with.
 */
export function endsSession(event: SessionsEnded, token: string, userId: string): boolean {
  return "userId" in event ? event.userId === userId : event.sessionIds.includes(hashToken(token));
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
