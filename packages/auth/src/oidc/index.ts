export {
  createOidcRelyingParty,
  OIDC_SCOPE,
  type BeginResult,
  type OidcConnectionRef,
  type OidcOutcome,
  type OidcRefusal,
  type OidcRefused,
  type OidcRelyingParty,
  type OidcRelyingPartyOptions,
  type OidcSignedIn,
} from "./relying-party";
export { mapClaims, type ClaimMapping, type MappedClaims } from "./claims";
export { LOGIN_STATE_TTL_MS } from "./state-store";
