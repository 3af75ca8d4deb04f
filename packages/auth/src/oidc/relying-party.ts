import type { Db } from "@regiotafel/db";
import * as client from "openid-client";
import type { SecretBox } from "../secret-box";
import { mapClaims, type ClaimMapping } from "./claims";
import { createProviderCache } from "./discovery";
import { describeError, discoveryFailure, grantFailure } from "./failures";
import { saveLoginState, takeLoginState } from "./state-store";

/** The scopes asked for: the subject, the e-mail address (and whether it is verified), the name. */
export const OIDC_SCOPE = "openid email profile";

/** The connection fields a sign-in needs (an `OidcConnection` row fits). */
export interface OidcConnectionRef {
  id: string;
  issuer: string;
  clientId: string;
  enabled: boolean;
}

export interface OidcRelyingPartyOptions {
  prisma: Db;
  secretBox: SecretBox;
  /** The callback URL registered at every provider, exactly. */
  redirectUri: string;
  /** Allow http:// issuers (tests and local development only). */
  allowHttpIssuers?: boolean;
  /** How long a request to a provider may take. Default 5000. */
  timeoutMs?: number;
  /** The relying party's clock (ID token expiry, state expiry). */
  now?: () => Date;
}

export type BeginResult = { ok: true; url: string } | { ok: false; reason: "provider_down" | "misconfigured" | "disabled"; detail: string };

export type OidcRefusal =
  | "state"
  | "provider_error"
  | "provider_down"
  | "misconfigured"
  | "disabled"
  | "token"
  | "claims"
  | "email_unverified"
  | "domain";

export interface OidcSignedIn {
  ok: true;
  connectionId: string;
  organisationId: string;
  /** The mapped subject claim: with connectionId, the stable link to an account. */
  subject: string;
  /** Lower case, verified by the provider, in one of the connection's domains. */
  email: string;
  name: string;
  returnTo: string | null;
  /** The raw ID token, for `endSessionUrl`'s `idTokenHint`. */
  idToken: string;
}

export interface OidcRefused {
  ok: false;
  reason: OidcRefusal;
  /** Null for "state": the callback belongs to no sign-in in progress. */
  connectionId: string | null;
  /** With "provider_error": the provider's error code (`access_denied`, ...). */
  error?: string;
  /** For logs only: what failed (openid-client's code and message); never shown to users, never a secret. */
  detail?: string;
}

export type OidcOutcome = OidcSignedIn | OidcRefused;

export interface OidcRelyingParty {
  /** Whether the issuer answers OpenID Connect discovery (within the timeout). */
  discoverable(issuer: string): Promise<boolean>;
  /** Starts a sign-in at the connection's provider: the URL to send the browser to. */
  begin(connection: OidcConnectionRef, returnTo?: string | null): Promise<BeginResult>;
  /** Finishes a sign-in from the URL the provider redirected the browser to. Never throws for a provider's doing. */
  complete(callbackUrl: URL): Promise<OidcOutcome>;
  /** The provider's sign-out URL; null when it offers none or cannot be reached. */
  endSessionUrl(connection: OidcConnectionRef, options: { idTokenHint?: string; postLogoutRedirectUri: string }): Promise<string | null>;
}

export function createOidcRelyingParty(options: OidcRelyingPartyOptions): OidcRelyingParty {
  const { prisma, secretBox, redirectUri } = options;
  const now = options.now ?? (() => new Date());
  const providers = createProviderCache({ allowHttpIssuers: options.allowHttpIssuers ?? false, timeoutMs: options.timeoutMs ?? 5000 });
  const clockSkewSeconds = () => Math.round((now().getTime() - Date.now()) / 1000);

  async function begin(connection: OidcConnectionRef, returnTo?: string | null): Promise<BeginResult> {
    if (!connection.enabled) return { ok: false, reason: "disabled", detail: "the connection is disabled" };
    let config: client.Configuration;
    try {
      config = await providers.configuration(connection.issuer, connection.clientId, { clockSkewSeconds: clockSkewSeconds() });
    } catch (error) {
      return { ok: false, ...discoveryFailure(error) };
    }
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: OIDC_SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    await saveLoginState(prisma, state, { connectionId: connection.id, nonce, codeVerifier, returnTo: localPath(returnTo) }, now());
    return { ok: true, url: url.href };
  }

  async function complete(callbackUrl: URL): Promise<OidcOutcome> {
    const state = callbackUrl.searchParams.get("state");
    const login = state ? await takeLoginState(prisma, state, now()) : null;
    if (!login) return { ok: false, reason: "state", connectionId: null };
    const connectionId = login.connectionId;
    const refuse = (reason: OidcRefusal, extra: Partial<OidcRefused> = {}): OidcRefused => ({ ok: false, reason, connectionId, ...extra });

    const providerError = callbackUrl.searchParams.get("error");
    if (providerError !== null) {
      const description = callbackUrl.searchParams.get("error_description");
      return refuse("provider_error", { error: providerError, detail: description ? `${providerError}: ${description}` : providerError });
    }

    const connection = await prisma.oidcConnection.findUnique({ where: { id: connectionId } });
    if (!connection) return refuse("misconfigured", { detail: "the connection was removed during the sign-in" });
    if (!connection.enabled) return refuse("disabled", { detail: "the connection is disabled" });
    let clientSecret: string;
    try {
      clientSecret = secretBox.open(connection.clientSecret);
    } catch (error) {
      return refuse("misconfigured", { detail: `client secret: ${describeError(error)}` });
    }

    let config: client.Configuration;
    try {
      config = await providers.configuration(connection.issuer, connection.clientId, { clientSecret, clockSkewSeconds: clockSkewSeconds() });
    } catch (error) {
      const failure = discoveryFailure(error);
      return refuse(failure.reason, { detail: failure.detail });
    }
    // The registered redirect URI exactly, whatever host or path the request arrived on.
    const response = new URL(redirectUri);
    response.search = callbackUrl.search;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, response, {
        expectedState: state!,
        expectedNonce: login.nonce,
        pkceCodeVerifier: login.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      const failure = grantFailure(error);
      return refuse(failure.reason, { detail: failure.detail });
    } finally {
      providers.remember(connection.issuer, connection.clientId, config);
    }

    const claims = tokens.claims();
    if (!claims || !tokens.id_token) return refuse("token", { detail: "the token response has no ID token" });
    const domains = await prisma.oidcDomain.findMany({ where: { connectionId }, select: { domain: true } });
    const mapped = mapClaims(claims, connection satisfies ClaimMapping, domains.map((row) => row.domain));
    if (!mapped.ok) {
      const detail = mapped.reason === "claims" ? mapped.detail : mapped.reason === "domain" ? `the domain ${mapped.domain} is not the connection's` : undefined;
      return refuse(mapped.reason, detail ? { detail } : {});
    }
    return {
      ok: true,
      connectionId,
      organisationId: connection.organisationId,
      subject: mapped.subject,
      email: mapped.email,
      name: mapped.name,
      returnTo: login.returnTo,
      idToken: tokens.id_token,
    };
  }

  async function endSessionUrl(connection: OidcConnectionRef, logout: { idTokenHint?: string; postLogoutRedirectUri: string }) {
    let config: client.Configuration;
    try {
      config = await providers.configuration(connection.issuer, connection.clientId, { clockSkewSeconds: 0 });
    } catch {
      return null;
    }
    if (!config.serverMetadata().end_session_endpoint) return null;
    const parameters: Record<string, string> = { client_id: connection.clientId, post_logout_redirect_uri: logout.postLogoutRedirectUri };
    if (logout.idTokenHint) parameters.id_token_hint = logout.idTokenHint;
    return client.buildEndSessionUrl(config, parameters).href;
  }

  return { begin, complete, endSessionUrl, discoverable: (issuer: string) => providers.discoverable(issuer) };
}

/** Only a path on this site may be returned to after the sign-in (no `//host`, no scheme). */
function localPath(returnTo: string | null | undefined): string | null {
  if (!returnTo || !returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.startsWith("/\\")) return null;
  return returnTo;
}
