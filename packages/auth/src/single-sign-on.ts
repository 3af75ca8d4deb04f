import type { Db } from "@regiotafel/db";
import { createOidcRelyingParty } from "./oidc";
import type { SecretBox } from "./secret-box";

// The server's single sign-on (ADR 0035): the relying party over the organisations' connections
// and the secret box under REGIOTAFEL_SECRET_KEY, as the API's procedures use them.

export interface SingleSignOnOptions {
  prisma: Db;
  /** Seals client secrets (REGIOTAFEL_SECRET_KEY). Without it no connection can be saved or used. */
  secretBox: SecretBox | null;
  /** This site's callback URL, registered at every provider exactly. */
  redirectUri: string;
  allowHttpIssuers: boolean;
  timeoutMs?: number;
  /** The relying party's clock (tests move it). */
  now?: () => Date;
}

export type SingleSignOn = ReturnType<typeof createSingleSignOn>;

export function createSingleSignOn(options: SingleSignOnOptions) {
  const { prisma } = options;
  const { secretBox } = options;
  const relyingParty = secretBox
    ? createOidcRelyingParty({ prisma, secretBox, redirectUri: options.redirectUri, allowHttpIssuers: options.allowHttpIssuers, timeoutMs: options.timeoutMs, now: options.now })
    : null;
  const noKey = { ok: false as const, reason: "misconfigured" as const, detail: "REGIOTAFEL_SECRET_KEY is not set" };
  const connection = (id: string) => prisma.oidcConnection.findUnique({ where: { id }, select: { id: true, issuer: true, clientId: true, enabled: true } });

  return {
    allowHttpIssuers: options.allowHttpIssuers,
    redirectUri: options.redirectUri,
    /** Seals a secret; null when the server has no key. */
    seal: (secret: string): string | null => secretBox?.seal(secret) ?? null,
    discoverable: (issuer: string) => relyingParty?.discoverable(issuer) ?? Promise.resolve(false),
    async begin(connectionId: string, returnTo: string | null) {
      const found = await connection(connectionId);
      if (!found) return { ok: false as const, reason: "misconfigured" as const, detail: "no such connection" };
      return relyingParty ? relyingParty.begin(found, returnTo) : noKey;
    },
    async complete(callbackUrl: URL) {
      return relyingParty ? relyingParty.complete(callbackUrl) : { ...noKey, connectionId: null };
    },
    async endSessionUrl(connectionId: string, postLogoutRedirectUri: string): Promise<string | null> {
      const found = await connection(connectionId);
      return found && relyingParty ? relyingParty.endSessionUrl(found, { postLogoutRedirectUri }) : null;
    },
  };
}
