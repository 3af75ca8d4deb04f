import path from "node:path";
import { z } from "zod";
import { repoRoot } from "./paths";
import { LOCAL_HOSTNAMES } from "./site";
import { parseTrustProxy } from "./trust-proxy";
import { normaliseOrigin, parseSecretKey } from "@regiotafel/auth";

const boolean = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The address to listen on; loopback unless set (0.0.0.0 in a container). */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** postgres://… of a real server; without it the embedded PGlite under DATA_DIR is used. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres://").optional(),
  DATA_DIR: z.string().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** Close pooled PostgreSQL connections unused this long (the embedded database keeps its one). */
  DB_IDLE_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(30),
  /** Extra origins allowed to send mutations, comma-separated (the request's own origin always is). */
  ALLOWED_ORIGINS: z.string().default(""),
  /**
   * Host names the site is served under, comma-separated (DNS rebinding defence). Required in
   * production; elsewhere the localhost names are always allowed.
   */
  ALLOWED_HOSTS: z.string().default(""),
  /** Proxies in front: a hop count (1) or their addresses/subnets; unset trusts no X-Forwarded-* header. */
  TRUST_PROXY: z.string().default(""),
  /** Largest request body, form posts and API calls alike, in kB (1024 bytes). */
  MAX_BODY_KB: z.coerce.number().int().min(1).max(100 * 1024).default(256),
  /** Largest workspace archive a platform administrator may upload to import (ADR 0025), in MB; only that page takes it. */
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(10 * 1024).default(200),
  /**
   * Where people report an accessibility problem, shown on the accessibility statement
   * (/toegankelijkheid): the operator's e-mail address or web page.
   */
  ACCESSIBILITY_CONTACT: z.string().trim().min(1).max(300).default("toegankelijkheid@regiotafel.nl"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** log2 of scrypt's N for new password hashes (17 = 128 MiB). */
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(17),
  /** Password hashes running at once, and how many may wait before a sign-in is refused as busy (ADR 0014). */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(1000).default(16),
  /** Live record streams (SSE) one session may hold open; one more is refused with 429. */
  LIVE_STREAMS_PER_SESSION: z.coerce.number().int().min(1).max(50).default(6),
  /** Who-else-is-here changes of a page are sent at most this often (milliseconds). */
  LIVE_PRESENCE_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  /** How often open live streams and co-editing connections check that their session has not expired (seconds). */
  LIVE_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Take an automatic document version at most this often while it is edited. */
  AUTO_VERSION_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  /**
   * Group commit of live edits: wait this long after the first unsaved keystroke, so that
   * one INSERT carries everything typed meanwhile; "saved" shows that much later. Default:
   * the hub's (ADR 0012).
   */
  COLLAB_COMMIT_MS: z.coerce.number().int().min(0).max(1000).optional(),
  /** Largest a co-edited document may grow, in bytes of its Yjs state (ADR 0013). */
  COLLAB_MAX_DOCUMENT_BYTES: z.coerce.number().int().min(64 * 1024).max(256 * 1024 * 1024).default(5 * 1024 * 1024),
  /** Messages per second one co-editing connection may send on average (bursts of 3×). */
  COLLAB_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(10).max(10_000).default(100),
  /**
   * The SMTP server mails go through: smtp://user:password@host:587 (STARTTLS when offered) or
   * smtps://…:465, user and password URL-encoded. Without it mails are not sent: they are
   * printed to the log and readable at /dev/mail (never in production). ADR 0019.
   */
  SMTP_URL: z.string().optional(),
  /** The sender of every mail; its domain is also the Message-ID's. */
  MAIL_FROM: z.string().default("Regiotafel <noreply@localhost>"),
  /** The organisation that runs this installation, named in every mail's footer. */
  MAIL_ORGANISATION: z.string().trim().max(200).optional(),
  /** Mails sent at once (and SMTP connections). */
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Attempts before a mail is given up on (then listed as failed). */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** The first retry's delay in seconds; each later one doubles (with jitter), up to an hour. */
  MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /**
   * How long a mail being sent is its instance's: another instance takes it over only after
   * this (the sender died mid-send). Longer than one SMTP transaction's timeouts (50 s).
   */
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(60).max(3600).default(120),
  /**
   * How often (minutes) this instance checks whether a notification digest is due (daily 08:00,
   * weekly Monday 08:00, Europe/Amsterdam; ADR 0038). 0: this instance sends no digests (another
   * does). Several instances may all check: each user still gets one digest per period.
   */
  DIGEST_CHECK_MINUTES: z.coerce.number().int().min(0).max(60).default(5),
  /**
   * redis://… or rediss://… of the Redis that joins this instance to the others (ADR 0032,
   * 0033): co-editing, live pages, presence and revocations across instances. Unset: one
   * process on its own, exactly as before (nothing connects to Redis).
   */
  REDIS_URL: z.string().optional(),
  /**
   * After SIGTERM, /readyz answers 503 for this long before live connections close and the
   * server stops, so a load balancer stops sending new requests first. Default: 2000 in
   * production, 0 elsewhere.
   */
  DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).optional(),
  /**
   * 32 random bytes, base64 (`openssl rand -base64 32`): seals secrets at rest, such as the
   * organisations' OpenID Connect client secrets and two-factor secrets (ADR 0035). Required in
   * production and with REDIS_URL (every instance must use the same key). Elsewhere, when unset,
   * one is made once and kept in DATA_DIR/secret-key.
   */
  REGIOTAFEL_SECRET_KEY: z.string().optional(),
  /**
   * The address people use to reach this installation (https://regiotafel.example): the sign-in
   * callback registered at identity providers is PUBLIC_URL/inloggen/sso, the SCIM endpoint
   * PUBLIC_URL/scim/v2. Default: https://<first of ALLOWED_HOSTS> in production,
   * http://localhost:<PORT> elsewhere.
   */
  PUBLIC_URL: z.string().optional(),
  /** Create the demo workspaces on first start (never in production). */
  DEMO_DATA: boolean.optional(),
  /** Serve the UI through Vite's dev server (hot reload) instead of the built app. */
  VITE_DEV: boolean.default(false),
});

export type Config = ReturnType<typeof loadConfig>;

/** A setting the server cannot start with; its message is one line naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const problems: string[] = [];
  const check = <T>(name: string, parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const trustProxy = check("TRUST_PROXY", () => parseTrustProxy(e.TRUST_PROXY));
  const allowedHosts = check("ALLOWED_HOSTS", () => parseHosts(e.ALLOWED_HOSTS));
  const allowedOrigins = check("ALLOWED_ORIGINS", () => parseOrigins(e.ALLOWED_ORIGINS));
  const smtpUrl = check("SMTP_URL", () => parseSmtpUrl(e.SMTP_URL));
  const mailFrom = check("MAIL_FROM", () => parseMailFrom(e.MAIL_FROM));
  const redisUrl = check("REDIS_URL", () => parseRedisUrl(e.REDIS_URL));
  const secretKey = check("REGIOTAFEL_SECRET_KEY", () => (e.REGIOTAFEL_SECRET_KEY === undefined ? undefined : (parseSecretKey(e.REGIOTAFEL_SECRET_KEY), e.REGIOTAFEL_SECRET_KEY)));
  if (e.REGIOTAFEL_SECRET_KEY === undefined && redisUrl) problems.push("REGIOTAFEL_SECRET_KEY: required with REDIS_URL (every instance must seal and open secrets with the same key; openssl rand -base64 32)");
  const publicUrl = check("PUBLIC_URL", () => {
    if (e.PUBLIC_URL === undefined) return production ? (allowedHosts?.[0] ? `https://${allowedHosts[0]}` : undefined) : `http://localhost:${e.PORT}`;
    const origin = normaliseOrigin(e.PUBLIC_URL.replace(/\/+$/, ""));
    if (!origin) throw new Error(`"${e.PUBLIC_URL}" is not a site address like https://regiotafel.example (no path)`);
    return origin;
  });
  if (production) {
    // Production runs on PostgreSQL, under known host names, and never with the demo accounts.
    if (!e.DATABASE_URL) problems.push("DATABASE_URL: required in production (postgres://…; the embedded database is for demos and development)");
    if (allowedHosts?.length === 0) problems.push("ALLOWED_HOSTS: required in production (the host names the site is served under, comma-separated)");
    if (e.DEMO_DATA) problems.push("DEMO_DATA: demo accounts have a published password and are never created in production");
    if (e.REGIOTAFEL_SECRET_KEY === undefined) problems.push("REGIOTAFEL_SECRET_KEY: required in production (seals client and two-factor secrets at rest; openssl rand -base64 32)");
  }
  if (problems.length > 0 || !trustProxy || !allowedHosts || !allowedOrigins || !mailFrom) throw new ConfigError(problems.join("; "));
  return {
    production,
    viteDev: e.VITE_DEV && !production,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    /** Without it this process is the only instance: no Redis, no transport. */
    redisUrl,
    /** Unset outside production and without Redis: the server keeps one in DATA_DIR/secret-key. */
    secretKey,
    /** The site's own address (identity providers' callback, the SCIM URL shown). */
    publicUrl: publicUrl ?? `http://localhost:${e.PORT}`,
    /** Identity providers over plain http (on this machine, in development and tests); never in production. */
    oidcAllowHttp: !production,
    /** How long /readyz says "draining" before a stopping server closes its connections. */
    drainDelayMs: e.DRAIN_DELAY_MS ?? (production ? 2000 : 0),
    dataDir: path.resolve(repoRoot(), e.DATA_DIR ?? "data"),
    dbPoolSize: e.DB_POOL_SIZE,
    dbIdleMs: e.DB_IDLE_SECONDS * 1000,
    allowedOrigins,
    /** ALLOWED_HOSTS, plus the localhost names outside production. */
    allowedHosts: new Set(production ? allowedHosts : [...allowedHosts, ...LOCAL_HOSTNAMES]) as ReadonlySet<string>,
    trustProxy,
    maxBodyBytes: e.MAX_BODY_KB * 1024,
    importMaxBytes: e.IMPORT_MAX_MB * 1024 * 1024,
    accessibilityContact: e.ACCESSIBILITY_CONTACT,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    passwordCost: { log2N: e.PASSWORD_HASH_COST, r: 8, p: 1 },
    passwordHashing: { concurrency: e.PASSWORD_HASH_CONCURRENCY, queue: e.PASSWORD_HASH_QUEUE },
    live: { streamsPerSession: e.LIVE_STREAMS_PER_SESSION, presenceMs: e.LIVE_PRESENCE_MS, sessionCheckMs: e.LIVE_SESSION_CHECK_SECONDS * 1000 },
    /** Demo mode: the demo workspaces and accounts exist (and sign in) only when this is on. */
    demoData: !production && (e.DEMO_DATA ?? true),
    automaticVersionMinutes: e.AUTO_VERSION_MINUTES,
    collabCommitMs: e.COLLAB_COMMIT_MS,
    collabLimits: { maxDocumentBytes: e.COLLAB_MAX_DOCUMENT_BYTES, messagesPerSecond: e.COLLAB_MAX_MESSAGES_PER_SECOND },
    /** How often digests are checked for (0: never on this instance). */
    digestCheckMs: e.DIGEST_CHECK_MINUTES * 60_000,
    mail: {
      /** Without it mails are logged, not sent. */
      smtpUrl,
      from: mailFrom,
      sender: { organisation: e.MAIL_ORGANISATION || undefined },
      worker: { concurrency: e.MAIL_CONCURRENCY, maxAttempts: e.MAIL_MAX_ATTEMPTS, retryBaseMs: e.MAIL_RETRY_SECONDS * 1000, leaseMs: e.MAIL_LEASE_SECONDS * 1000 },
    },
  };
}

const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/;

function parseHosts(raw: string): string[] {
  const hosts = raw.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const host of hosts) {
    if (!HOSTNAME.test(host)) throw new Error(`"${host}" is not a host name (give names like regiotafel.example, without scheme or port)`);
  }
  return hosts;
}

function parseOrigins(raw: string): string[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((origin) => {
      const normalised = normaliseOrigin(origin);
      if (!normalised) throw new Error(`"${origin}" is not an origin like https://regiotafel.example`);
      return normalised;
    });
}

function parseSmtpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("not a URL (give smtp://user:password@host:587 or smtps://user:password@host:465)");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("must start with smtp:// or smtps://");
  if (!url.hostname) throw new Error("names no host");
  return raw;
}

function parseRedisUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("not a URL (give redis://host:6379, redis://:password@host:6379/0 or rediss://… for TLS)");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw new Error("must start with redis:// or rediss://");
  if (!url.hostname) throw new Error("names no host");
  if (url.pathname && url.pathname !== "/" && !/^\/\d{1,2}$/.test(url.pathname)) throw new Error("the path must be a database number, like /0");
  return raw;
}

/** "Name <address>" or a bare address; the address's domain becomes the Message-ID's. */
function parseMailFrom(raw: string): string {
  const value = raw.trim();
  if (!/^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(value)) {
    throw new Error(`"${value}" is not a sender like "Regiotafel <noreply@regiotafel.example>"`);
  }
  return value;
}
