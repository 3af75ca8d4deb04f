export {
  createAuth,
  cookieForPlainHttp,
  endsSession,
  normaliseOrigin,
  readCookieValue,
  verifyOrigin,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  type Auth,
  type AuthOptions,
  type AuthUser,
  type SignedInWith,
  type Busy,
  type ClientInfo,
  type LoginResult,
  type SecondFactorResult,
  type ChangePasswordResult,
  type PasswordCheckResult,
  type PasswordHasher,
  type Throttled,
} from "./auth";
export { DEVICE_COOKIE } from "./device";
export { createHashLimiter, type HashLimiter } from "./hash-limiter";
export { hashPassword, verifyPassword, DEFAULT_PASSWORD_COST, type PasswordCost } from "./password";
export { hashToken } from "./session-adapter";
export { countAttempt, normaliseEmail, type ThrottleRule } from "./throttle";
/** Sessions that ended (a `sessions.ended` event on the bus), for live connections to close (see `endsSession`). */
export type { SessionsEnded } from "@regiotafel/db";
export { createSecretBox, parseSecretKey, SecretBoxError, type SecretBox } from "./secret-box";
export * from "./oidc";
export { createSingleSignOn, type SingleSignOn, type SingleSignOnOptions } from "./single-sign-on";
export { PENDING_SIGN_IN_TTL_MS, type Enrolment, type SecondFactor, type SecondFactorProof, type SecondFactorStatus } from "./second-factor";
export { hashRecoveryCode, otpauthUri, totpCodeAt, TOTP_PERIOD_S } from "./totp";
