import type { Request, Response } from "express";
import { createCaller, type CollabService, type Context } from "@regiotafel/api";
import type { Auth, AuthUser } from "@regiotafel/auth";
import type { Db } from "@regiotafel/db";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@regiotafel/domain";

export const LOCALE_COOKIE = "regiotafel_lang";

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** Dutch unless the user chose English with the language switch. */
export function requestLocale(req: Request): Locale {
  const chosen = readCookie(req.headers.cookie, LOCALE_COOKIE);
  return isLocale(chosen) ? chosen : DEFAULT_LOCALE;
}

/** What the session middleware leaves on the request. */
export interface SessionState {
  user: AuthUser | null;
  sessionToken: string | null;
}

export function sessionState(res: Response): SessionState {
  return (res.locals.session as SessionState | undefined) ?? { user: null, sessionToken: null };
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * Session cookies are Secure everywhere except on plain-http localhost, where a developer
 * or the quick start runs without TLS.
 */
export function cookieForRequest(req: Request, cookie: string): string {
  return LOCAL_HOSTS.has(req.hostname) && req.protocol === "http" ? cookie.replace(/; Secure/gi, "") : cookie;
}

export interface ContextDeps {
  prisma: Db;
  auth: Auth;
  collab: CollabService;
}

export function createContext(deps: ContextDeps, req: Request, res: Response): Context {
  const { user, sessionToken } = sessionState(res);
  return {
    prisma: deps.prisma,
    auth: deps.auth,
    locale: requestLocale(req),
    user,
    sessionToken,
    client: { ipAddress: req.ip ?? null, userAgent: req.get("user-agent") ?? null, deviceCookie: deps.auth.readDeviceCookie(req.headers.cookie) },
    setCookie: (cookie) => res.append("Set-Cookie", cookieForRequest(req, cookie)),
    collab: deps.collab,
    origin: `${req.protocol}://${req.get("host") ?? "localhost"}`,
  };
}

/** What Remix loaders and actions get: the same procedures the HTTP API exposes. */
export function createLoadContext(deps: ContextDeps, req: Request, res: Response) {
  const ctx = createContext(deps, req, res);
  return { api: createCaller(ctx), user: ctx.user, locale: ctx.locale };
}
export type RegiotafelLoadContext = ReturnType<typeof createLoadContext>;
