import * as client from "openid-client";

export type ProviderFailure = { reason: "provider_down" | "misconfigured" | "token"; detail: string };

/** openid-client's code and message, and its cause's (which names the failed check): for logs. */
export function describeError(error: unknown): string {
  if (error instanceof client.ResponseBodyError) {
    return `${error.error}${error.error_description ? `: ${error.error_description}` : ""} (HTTP ${error.status})`;
  }
  if (error instanceof client.WWWAuthenticateChallengeError) {
    const challenges = error.cause.map(({ scheme, parameters }) => [scheme, parameters.error, parameters.error_description].filter(Boolean).join(" "));
    return `${error.code}: HTTP ${error.status} (${challenges.join("; ")})`;
  }
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${typeof code === "string" ? `${code}: ` : ""}${error.message}${cause}`;
}

/** The provider could not be reached, timed out, or failed on its side (5xx). */
export function isProviderDown(error: unknown): boolean {
  if (error instanceof client.ResponseBodyError) return error.status >= 500;
  if (error instanceof client.ClientError) {
    if (error.code === "OAUTH_TIMEOUT" || error.code === "OAUTH_ABORT") return true;
    return error.cause instanceof Response && error.cause.status >= 500;
  }
  // fetch() rejects with a TypeError when the connection fails (refused, reset, DNS).
  return error instanceof TypeError && error.message === "fetch failed";
}

/** Discovery failed: down, or the issuer is wrong (not found, not https, another issuer). */
export function discoveryFailure(error: unknown): ProviderFailure & { reason: "provider_down" | "misconfigured" } {
  return { reason: isProviderDown(error) ? "provider_down" : "misconfigured", detail: describeError(error) };
}

/** The code grant failed: down, our client refused (wrong id or secret), or a check on the answer failed. */
export function grantFailure(error: unknown): ProviderFailure {
  if (isProviderDown(error)) return { reason: "provider_down", detail: describeError(error) };
  const refusedClient =
    (error instanceof client.ResponseBodyError && (error.error === "invalid_client" || error.error === "unauthorized_client")) ||
    (error instanceof client.WWWAuthenticateChallengeError && error.status === 401);
  if (refusedClient) return { reason: "misconfigured", detail: describeError(error) };
  return { reason: "token", detail: describeError(error) };
}
