import { z } from "zod";
import { idSchema } from "../schemas";
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

/** Makes an account an administrator of its own organisation, or no longer (platform administrators). */
export const setOrganisationAdmin = defineOperation({
  name: "platform.setOrganisationAdmin",
  input: z.object({ userId: idSchema, admin: formBoolean }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden", "notFound"],
});
