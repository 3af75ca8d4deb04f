import { z } from "zod";
import { emailSchema, idSchema, passwordInputSchema } from "../schemas";
import { requiredText } from "../text";
import { formBoolean } from "../form-input";
import { claimNameSchema, clientCredentialSchema, domainListSchema, issuerSchema } from "../single-sign-on";
import { defineOperation } from "./contract";
import { platformAdminsOnly, type PlatformStanding } from "./platform";

// An organisation's sign-in (issue 20, ADR 0035): its OpenID Connect provider, whether SSO is
// required, its SCIM tokens and its administrators. Outside any workspace (role null). The rule
// lets platform administrators and organisation administrators through; the service then
// answers NOT_FOUND when an organisation administrator names any organisation but their own.

/** Platform administrators and organisation administrators; anyone else is refused "forbidden". */
export const organisationAdminsOnly = (_user: unknown, { platformAdmin, organisationAdmin }: PlatformStanding) =>
  platformAdmin || organisationAdmin ? null : "forbidden";

/**
 * Whether `actor` may manage `organisationId`: a platform administrator any organisation, an
 * organisation administrator only their own. Otherwise "notFound", exactly as an unknown id.
 */
export function organisationScopeRefusal(actor: { organisationId: string }, standing: PlatformStanding, organisationId: string): "notFound" | null {
  if (standing.platformAdmin) return null;
  return standing.organisationAdmin && actor.organisationId === organisationId ? null : "notFound";
}

const organisation = z.object({ organisation: idSchema });

/** The organisation's sign-in settings: connection (never its secret), SCIM tokens (never the token), administrators. */
export const signInSettings = defineOperation({
  name: "organisation.signIn",
  input: organisation,
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound"],
});

/**
 * Creates or changes the organisation's OpenID Connect connection. The client secret is required
 * the first time; left empty later, the stored one stays. The issuer must answer discovery.
 */
export const saveConnection = defineOperation({
  name: "organisation.saveConnection",
  input: organisation.extend({
    issuer: issuerSchema(true),
    clientId: clientCredentialSchema(200).pipe(z.string().min(1, { error: "sso.clientIdRequired" })),
    clientSecret: clientCredentialSchema(500).default(""),
    domains: domainListSchema,
    nameClaim: claimNameSchema.default("name"),
    emailClaim: claimNameSchema.default("email"),
    subjectClaim: claimNameSchema.default("sub"),
    enabled: formBoolean.default(true),
  }),
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound", "sso.secretRequired", "sso.domainTaken", "sso.domainOfAnotherOrganisation", "sso.issuerInsecure", "sso.discoveryFailed", "sso.secretKeyMissing"],
  secret: ["clientSecret"],
});

export const removeConnection = defineOperation({
  name: "organisation.removeConnection",
  input: organisation,
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound"],
});

/**
 * Requires sign-in through the provider for the organisation's people: password sign-in and
 * reset are refused for them, and their password sessions end at once.
 */
export const requireSso = defineOperation({
  name: "organisation.requireSso",
  input: organisation.extend({ required: formBoolean }),
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound", "sso.noConnection"],
});

/** A SCIM bearer token for the organisation's identity provider; the token is shown once. */
export const createScimToken = defineOperation({
  name: "organisation.createScimToken",
  input: organisation.extend({ label: requiredText(80) }),
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound", "scim.tooManyTokens"],
});

export const revokeScimToken = defineOperation({
  name: "organisation.revokeScimToken",
  input: organisation.extend({ tokenId: idSchema }),
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound"],
});

/** The organisation's people (searched), for deactivating them and resetting their second factor. */
export const organisationPeople = defineOperation({
  name: "organisation.people",
  input: organisation.extend({ q: z.string().trim().max(100, { error: "text.tooLong" }).default("") }),
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound"],
});

/** Deactivates or reactivates one of the organisation's people (as the platform's deactivation: sessions end at once). */
export const setPersonActive = defineOperation({
  name: "organisation.setPersonActive",
  input: organisation.extend({ userId: idSchema, active: formBoolean }),
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound", "user.deactivateSelf", "user.lastPlatformAdmin"],
});

/** Removes the second factor of one of the organisation's people (lost phone), audited. */
export const resetPersonSecondFactor = defineOperation({
  name: "organisation.resetSecondFactor",
  input: organisation.extend({ userId: idSchema }),
  role: null,
  rule: organisationAdminsOnly,
  refusals: ["forbidden", "notFound", "secondFactor.notEnabled"],
});

/** Makes an account an administrator of its own organisation, or no longer (platform administrators). */
export const setOrganisationAdmin = defineOperation({
  name: "organisation.setAdmin",
  input: z.object({ userId: idSchema, admin: formBoolean }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden", "notFound"],
});

// ---------------------------------------------------------------- signing in through a provider

/** A path on this site to return to after signing in (the pages check it again before redirecting). */
const returnToSchema = z
  .string()
  .max(2000)
  .transform((path) => (path.startsWith("/") && !path.startsWith("//") ? path : null))
  .nullable()
  .default(null);

/** A single-use token from a link or the sign-in flow: anything else is simply not found. */
const linkTokenSchema = z.string({ error: "sso.state" }).max(200, { error: "sso.state" });

/**
 * Home realm discovery: an address at a domain with SSO goes to its provider (the URL to send
 * the browser to); any other address gets the password field. The answer depends on the domain
 * alone, never on whether an account exists.
 */
export const discoverSignIn = defineOperation({
  name: "auth.discover",
  input: z.object({ email: emailSchema, redirectTo: returnToSchema }),
  role: null,
  refusals: ["sso.providerDown"],
});

/** The provider sent the browser back: sign in, create the account, or ask to link it. */
export const completeSso = defineOperation({
  name: "auth.completeSso",
  input: z.object({ callbackUrl: z.string().max(8000, { error: "sso.state" }) }),
  role: null,
  refusals: ["sso.state", "sso.providerError", "sso.providerDown", "sso.token", "sso.emailUnverified", "sso.domainNotCovered", "sso.claimsMissing", "login.deactivated"],
});

/** Which account a link token would link (the address and the organisation), or NOT_FOUND. */
export const linkStatus = defineOperation({ name: "auth.linkStatus", input: z.object({ token: linkTokenSchema }), role: null, refusals: ["sso.state"] });

/** Proves the existing account with its password, links the identity and signs in. */
export const linkWithPassword = defineOperation({
  name: "auth.linkWithPassword",
  input: z.object({ token: linkTokenSchema, password: passwordInputSchema }),
  role: null,
  refusals: ["sso.state", "password.wrongCurrent", "password.throttled", "auth.busy"],
  secret: ["password"],
});

/** Sends a confirmation link to the existing account's own address instead. */
export const linkByMail = defineOperation({ name: "auth.linkByMail", input: z.object({ token: linkTokenSchema }), role: null, refusals: ["sso.state"] });

/** The confirmation link from the mail: links the identity and signs in. */
export const confirmLink = defineOperation({ name: "auth.confirmLink", input: z.object({ token: linkTokenSchema }), role: null, refusals: ["sso.state"] });
