import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { verifyOrigin } from "@regiotafel/auth";
import type { TrustProxy } from "./trust-proxy";

/**
 * What a request says about the site it was sent to: scheme, host and origin. One notion for
 * pages, the API and the WebSocket upgrade. The host is always the Host header (a proxy must
 * pass it through; X-Forwarded-Host is ignored), the scheme is X-Forwarded-Proto only when
 * the peer is a trusted proxy (TRUST_PROXY).
 */
export interface Site {
  protocol: "http" | "https";
  /** The Host header, lower-case, port included ("localhost:3000"). */
  host: string;
  /** The host name without port ("localhost", "[::1]"). */
  hostname: string;
  /** "https://regiotafel.example", as browsers send it in the Origin header. */
  origin: string;
  /**
   * Cookies are Secure (and the session cookie `__Host-` prefixed) everywhere except on
   * plain-http localhost, where the quick start runs without TLS.
   */
  secureCookies: boolean;
}

export interface SiteRules {
  trustProxy: TrustProxy;
  /** Host names the site answers to (ALLOWED_HOSTS, plus the localhost names outside production). */
  allowedHosts: ReadonlySet<string>;
  /** Other origins allowed to send mutations (ALLOWED_ORIGINS), normalised. */
  allowedOrigins: readonly string[];
}

export const LOCAL_HOSTNAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

const HOST = /^([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

/** The request's site, or null when its Host header is missing or not a host name. */
export function siteOf(req: IncomingMessage, trustProxy: TrustProxy): Site | null {
  const host = req.headers.host?.toLowerCase();
  const match = host ? HOST.exec(host) : null;
  if (!host || !match) return null;
  const hostname = match[1]!;
  const protocol = requestProtocol(req, trustProxy);
  return {
    protocol,
    host,
    hostname,
    origin: `${protocol}://${normalisedHost(protocol, hostname, match[2])}`,
    secureCookies: !(protocol === "http" && LOCAL_HOSTNAMES.includes(hostname)),
  };
}

/** Browsers leave the default port out of the Origin header. */
function normalisedHost(protocol: string, hostname: string, port: string | undefined): string {
  if (port === undefined || (protocol === "http" && port === "80") || (protocol === "https" && port === "443")) return hostname;
  return `${hostname}:${port}`;
}

function requestProtocol(req: IncomingMessage, trustProxy: TrustProxy): "http" | "https" {
  if ((req.socket as TLSSocket).encrypted) return "https";
  if (!trustProxy.trusts(req.socket.remoteAddress ?? "", 0)) return "http";
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim().toLowerCase();
  return first === "https" ? "https" : "http";
}

/** DNS rebinding defence: a request must name one of our host names. */
export function isAllowedHost(site: Site | null, rules: SiteRules): site is Site {
  return site !== null && rules.allowedHosts.has(site.hostname);
}

/** CSRF defence: the Origin header must be this site's origin (scheme included) or one of ALLOWED_ORIGINS. */
export function isAllowedOrigin(origin: string | undefined, site: Site, rules: SiteRules): boolean {
  return verifyOrigin(origin, site.origin, rules.allowedOrigins);
}
