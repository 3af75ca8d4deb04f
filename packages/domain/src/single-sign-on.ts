import { z } from "zod";
import { isStorableText, STORABLE_TEXT } from "./text";

// Single sign-on per organisation (issue 20, ADR 0035): the rules that do not need a database.

/** A host name as an e-mail domain: labels of letters, digits and hyphens, at least one dot (at most 253 characters, checked apart). */
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_DOMAIN_LENGTH = 253;

/** The domain of an e-mail address, lower case; null when the address has none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return null;
  const domain = email.slice(at + 1).trim().toLowerCase();
  return domain.length <= MAX_DOMAIN_LENGTH && DOMAIN.test(domain) ? domain : null;
}

/** "weert.nl, @Weert.NL\n gemeenteweert.nl" → ["weert.nl", "gemeenteweert.nl"] (unique, in order). */
export function splitDomains(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[\s,;]+/)) {
    const domain = part.trim().replace(/^@/, "").replace(/\.$/, "").toLowerCase();
    if (domain) seen.add(domain);
  }
  return [...seen];
}

export const MAX_DOMAINS_PER_CONNECTION = 20;

/** The domains field: text as the form sends it, or a list; each a valid host name. */
export const domainListSchema = z
  .preprocess((value) => (typeof value === "string" ? splitDomains(value) : value), z.array(z.string().max(MAX_DOMAIN_LENGTH, { error: "sso.domainInvalid" })))
  .pipe(
    z
      .array(z.string().regex(DOMAIN, { error: "sso.domainInvalid" }))
      .min(1, { error: "sso.domainRequired" })
      .max(MAX_DOMAINS_PER_CONNECTION, { error: "sso.domainTooMany" }),
  );

/**
 * An issuer identifier (OpenID Connect Discovery 1.0 §2): an https URL without query or
 * fragment. Plain http only where the server allows it (tests, a provider on localhost).
 */
export function issuerSchema(allowHttp: boolean) {
  return z
    .string({ error: "sso.issuerInvalid" })
    .trim()
    .max(500, { error: "sso.issuerInvalid" })
    // The shape of every issuer: scheme, host, optional port and path (Entra ID, Keycloak, Google, …).
    .regex(/^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]*)*$/, { error: "sso.issuerInvalid" })
    .refine((value) => {
      try {
        const url = new URL(value);
        const schemeOk = url.protocol === "https:" || (allowHttp && url.protocol === "http:");
        return schemeOk && !url.search && !url.hash && !url.username && !url.password;
      } catch {
        return false;
      }
    }, { error: "sso.issuerInvalid" })
    .transform((value) => value.replace(/\/+$/, ""));
}

/** A claim name: what a provider puts in its tokens (letters, digits, _ - . : /). */
export const claimNameSchema = z
  .string({ error: "sso.claimInvalid" })
  .trim()
  .min(1, { error: "sso.claimInvalid" })
  .max(100, { error: "sso.claimInvalid" })
  .regex(/^[A-Za-z0-9_.:/-]+$/, { error: "sso.claimInvalid" });

/** A client id or secret as an identity provider issues them. */
export const clientCredentialSchema = (max: number) =>
  z.string({ error: "input.invalid" }).trim().max(max, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT);

/**
 * Where the sign-in page sends an address (home realm discovery). The answer depends only on
 * the address's domain, never on whether an account exists: an unknown address at an SSO
 * domain goes to its provider too, and every other address gets the password field.
 */
export type SignInRoute = { kind: "sso"; connectionId: string } | { kind: "password" };

export function signInRoute(email: string, connectionByDomain: (domain: string) => string | null): SignInRoute {
  const domain = emailDomain(email);
  const connectionId = domain ? connectionByDomain(domain) : null;
  return connectionId ? { kind: "sso", connectionId } : { kind: "password" };
}

/**
 * Whether the provider vouches for the address: `email_verified` exactly true (OpenID Connect
 * Core), or Microsoft Entra ID's optional `xms_edov` exactly true (the address's domain is
 * verified by the tenant; Entra sends no `email_verified`). Anything else, a string "true"
 * included, is not verified.
 */
export function emailVerifiedByProvider(claims: Record<string, unknown>): boolean {
  return claims.email_verified === true || claims.xms_edov === true;
}

/**
 * What the provider's claims must hold before anyone is signed in: a verified address at one of
 * the connection's domains and a subject. `email_verified` must be exactly true (issue 20).
 */
export function identityRefusal(identity: { email: string | null; emailVerified: boolean; subject: string | null }, domains: readonly string[]): "sso.emailUnverified" | "sso.domainNotCovered" | "sso.claimsMissing" | null {
  if (!identity.subject || !identity.email) return "sso.claimsMissing";
  if (!identity.emailVerified) return "sso.emailUnverified";
  const domain = emailDomain(identity.email);
  if (!domain || !domains.includes(domain)) return "sso.domainNotCovered";
  return null;
}

/** The message for a relying party's refusal (its reasons are in @regiotafel/auth's oidc module). */
export function ssoRefusalKey(reason: string): string {
  switch (reason) {
    case "state":
      return "sso.state";
    case "provider_error":
      return "sso.providerError";
    case "provider_down":
      return "sso.providerDown";
    case "email_unverified":
      return "sso.emailUnverified";
    case "domain":
      return "sso.domainNotCovered";
    case "claims":
      return "sso.claimsMissing";
    default:
      // "token", "misconfigured", "disabled": the provider's answer does not check out.
      return "sso.token";
  }
}
