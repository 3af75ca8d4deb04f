import { emailDomain, emailVerifiedByProvider, identityRefusal } from "@regiotafel/domain";

export interface ClaimMapping {
  nameClaim: string;
  emailClaim: string;
  subjectClaim: string;
}

export type MappedClaims =
  | { ok: true; subject: string; email: string; name: string }
  | { ok: false; reason: "claims"; detail: string }
  | { ok: false; reason: "email_unverified" }
  | { ok: false; reason: "domain"; domain: string };

/**
 * Reads who signed in from the ID token's claims, with the connection's mapping. The address
 * must be verified by the provider and lie in one of the connection's domains; without a name
 * the address stands in for it.
 */
export function mapClaims(claims: Record<string, unknown>, mapping: ClaimMapping, domains: readonly string[]): MappedClaims {
  const subject = claims[mapping.subjectClaim];
  if (typeof subject !== "string" || subject === "") {
    return { ok: false, reason: "claims", detail: `the ID token has no "${mapping.subjectClaim}" claim (the subject)` };
  }
  const emailClaim = claims[mapping.emailClaim];
  const email = typeof emailClaim === "string" ? emailClaim.trim().toLowerCase() : "";
  const domain = emailDomain(email);
  if (!domain) return { ok: false, reason: "claims", detail: `the ID token's "${mapping.emailClaim}" claim is not an e-mail address` };
  const refusal = identityRefusal({ email, emailVerified: emailVerifiedByProvider(claims), subject }, domains);
  if (refusal === "sso.emailUnverified") return { ok: false, reason: "email_unverified" };
  if (refusal === "sso.domainNotCovered") return { ok: false, reason: "domain", domain };
  const nameClaim = claims[mapping.nameClaim];
  const name = typeof nameClaim === "string" && nameClaim.trim() !== "" ? nameClaim.trim() : email;
  return { ok: true, subject, email, name };
}
