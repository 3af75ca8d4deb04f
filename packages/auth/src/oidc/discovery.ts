import * as client from "openid-client";

/** How long a provider's discovery document is reused. */
export const DISCOVERY_TTL_MS = 5 * 60_000;

export interface ProviderSettings {
  allowHttpIssuers: boolean;
  timeoutMs: number;
}

interface CachedProvider {
  metadata: Promise<client.ServerMetadata>;
  expiresAt: number;
  jwks?: client.ExportedJWKSCache;
}

export interface ClientOptions {
  clientSecret?: string;
  /** Seconds the relying party's clock is ahead of this machine's (tests move it). */
  clockSkewSeconds: number;
}

/**
 * Discovery documents per (issuer, client id), reused for a few minutes; a failed discovery
 * is not kept. Every sign-in gets its own Configuration (the secret is read at that moment)
 * that shares the cached metadata and signing keys.
 */
export function createProviderCache(settings: ProviderSettings) {
  const cache = new Map<string, CachedProvider>();
  const timeout = settings.timeoutMs / 1000;
  const execute = settings.allowHttpIssuers ? [client.allowInsecureRequests] : [];

  function entry(issuer: string, clientId: string): CachedProvider {
    const key = `${issuer}\n${clientId}`;
    const cached = cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached;
    const fresh: CachedProvider = {
      expiresAt: Date.now() + DISCOVERY_TTL_MS,
      metadata: client.discovery(new URL(issuer), clientId, undefined, undefined, { execute, timeout }).then((config) => ({
        ...config.serverMetadata(),
      })),
    };
    fresh.metadata.catch(() => {
      if (cache.get(key) === fresh) cache.delete(key);
    });
    cache.set(key, fresh);
    return fresh;
  }

  return {
    /** Whether the issuer answers discovery now (not cached: for checking a connection before it is saved). */
    async discoverable(issuer: string): Promise<boolean> {
      try {
        await client.discovery(new URL(issuer), "regiotafel-discovery-check", undefined, undefined, { execute, timeout });
        return true;
      } catch {
        return false;
      }
    },
    /** A Configuration for one request; rejects like `client.discovery` when the provider cannot be discovered. */
    async configuration(issuer: string, clientId: string, options: ClientOptions): Promise<client.Configuration> {
      const cached = entry(issuer, clientId);
      const metadata = { client_secret: options.clientSecret, [client.clockSkew]: options.clockSkewSeconds };
      const auth = options.clientSecret === undefined ? client.None() : client.ClientSecretBasic(options.clientSecret);
      const config = new client.Configuration(await cached.metadata, clientId, metadata, auth);
      for (const extension of execute) extension(config);
      config.timeout = timeout;
      if (cached.jwks) client.setJwksCache(config, cached.jwks);
      return config;
    },
    /** Keeps the provider's signing keys that a Configuration fetched, for the next one. */
    remember(issuer: string, clientId: string, config: client.Configuration): void {
      const jwks = client.getJwksCache(config);
      const cached = cache.get(`${issuer}\n${clientId}`);
      if (jwks && cached) cached.jwks = jwks;
    },
  };
}

export type ProviderCache = ReturnType<typeof createProviderCache>;
