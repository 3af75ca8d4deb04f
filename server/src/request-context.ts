import type { IncomingMessage } from "node:http";
import Negotiator from "negotiator";
import type { Request, Response } from "express";
import { createCaller, type CollabService, type Context, type SingleSignOnService } from "@regiotafel/api";
import { cookieForPlainHttp, readCookieValue, type Auth, type AuthUser, type SignedInWith } from "@regiotafel/auth";
import type { Db } from "@regiotafel/db";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "@regiotafel/domain";
import type { Site } from "./site";

export const LOCALE_COOKIE = "regiotafel_lang";

/**
 * The language switch's choice; without one (or with a malformed cookie) the browser's preferred
 * language of ours (Accept-Language), else Dutch.
 */
export function requestLocale(req: IncomingMessage): Locale {
  const chosen = readCookieValue(req.headers.cookie, LOCALE_COOKIE);
  if (isLocale(chosen)) return chosen;
  const preferred = new Negotiator(req).language([...LOCALES]);
  return isLocale(preferred) ? preferred : DEFAULT_LOCALE;
}

/** The request's site, set by the host check that runs before every route but /healthz. */
export function requestSite(res: Response): Site {
  const site = res.locals.site as Site | undefined;
  if (!site) throw new Error("the host check did not run for this request");
  return site;
}

/** What the session middleware leaves on the request. */
export interface SessionState {
  user: AuthUser | null;
  sessionToken: string | null;
  signedInWith: SignedInWith | null;
}

const NO_SESSION: SessionState = { user: null, sessionToken: null, signedInWith: null };

export function sessionState(res: Response): SessionState {
  return (res.locals.session as SessionState | undefined) ?? NO_SESSION;
}

/**
 * Session cookies are Secure and `__Host-` prefixed everywhere except on plain-http
 * localhost, where a developer or the quick start runs without TLS.
 */
export function cookieForRequest(site: Site, cookie: string): string {
  return site.secureCookies ? cookie : cookieForPlainHttp(cookie);
}

/** Reads the session cookie that belongs to this request and validates it (refreshing or clearing the cookie). */
export async function readSession(auth: Auth, req: Request, res: Response): Promise<SessionState> {
  const site = requestSite(res);
  const token = auth.readToken(req.headers.cookie, site);
  if (!token) return NO_SESSION;
  const result = await auth.validate(token);
  if (!result) {
    res.append("Set-Cookie", cookieForRequest(site, auth.blankCookie()));
    return NO_SESSION;
  }
  if (result.refreshed) res.append("Set-Cookie", cookieForRequest(site, auth.sessionCookie(token)));
  return { user: result.user, sessionToken: token, signedInWith: result.signedInWith };
}

export interface ContextDeps {
  prisma: Db;
  auth: Auth;
  singleSignOn: SingleSignOnService;
  collab: CollabService;
}

export function createContext(deps: ContextDeps, req: Request, res: Response): Context {
  const { user, sessionToken, signedInWith } = sessionState(res);
  const site = requestSite(res);
  return {
    prisma: deps.prisma,
    auth: deps.auth,
    locale: requestLocale(req),
    user,
    sessionToken,
    signedInWith,
    client: { ipAddress: req.ip ?? null, userAgent: req.get("user-agent") ?? null, deviceCookie: deps.auth.readDeviceCookie(req.headers.cookie) },
    setCookie: (cookie) => res.append("Set-Cookie", cookieForRequest(site, cookie)),
    collab: deps.collab,
    origin: site.origin,
    singleSignOn: deps.singleSignOn,
  };
}

/**
 * What Remix loaders and actions get: the same procedures the HTTP API exposes, whether the
 * demo accounts exist, the nonce
 * of this response's Content-Security-Policy, and — only when the server renders an error
 * page itself — the status of that failure.
 */
export function createLoadContext(deps: ContextDeps & { demo: boolean; importMaxBytes?: number; accessibilityContact?: string }, req: Request, res: Response, failure?: number) {
  const ctx = createContext(deps, req, res);
  return {
    api: createCaller(ctx),
    user: ctx.user,
    locale: ctx.locale,
    /** Demo mode: the demo accounts exist and the login page may name them. */
    demo: deps.demo,
    /** The largest workspace archive the import page takes (IMPORT_MAX_MB). */
    importMaxBytes: deps.importMaxBytes ?? 200 * 1024 * 1024,
    /** Where accessibility problems are reported (ACCESSIBILITY_CONTACT), for the accessibility statement. */
    accessibilityContact: deps.accessibilityContact ?? "toegankelijkheid@regiotafel.nl",
    cspNonce: res.locals.cspNonce as string | undefined,
    failure,
  };
}
export type RegiotafelLoadContext = ReturnType<typeof createLoadContext>;
