export { createAuth, cookieForPlainHttp, normaliseOrigin, readCookieValue, verifyOrigin, SECURE_SESSION_COOKIE, SESSION_COOKIE, type Auth, type AuthOptions, type AuthUser, type ClientInfo, type LoginResult, type ChangePasswordResult } from "./auth";
export { hashPassword, verifyPassword, DEFAULT_PASSWORD_COST, type PasswordCost } from "./password";
export { hashToken } from "./session-adapter";
