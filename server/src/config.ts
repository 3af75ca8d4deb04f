import path from "node:path";
import { z } from "zod";
import { repoRoot } from "./paths";

const boolean = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** postgres://… of a real server; without it the embedded PGlite under DATA_DIR is used. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres://").optional(),
  DATA_DIR: z.string().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** Close pooled PostgreSQL connections unused this long (the embedded database keeps its one). */
  DB_IDLE_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(30),
  /** Extra origins allowed to send mutations, comma-separated (the request's own host always is). */
  ALLOWED_ORIGINS: z.string().default(""),
  /** Behind a reverse proxy: trust X-Forwarded-For/-Proto for client address and scheme. */
  TRUST_PROXY: boolean.default(false),
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
  /** Create the demo workspaces on first start (never in production). */
  DEMO_DATA: boolean.optional(),
  /** Serve the UI through Vite's dev server (hot reload) instead of the built app. */
  VITE_DEV: boolean.default(false),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  return {
    production,
    viteDev: e.VITE_DEV && !production,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(repoRoot(), e.DATA_DIR ?? "data"),
    dbPoolSize: e.DB_POOL_SIZE,
    dbIdleMs: e.DB_IDLE_SECONDS * 1000,
    allowedOrigins: e.ALLOWED_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean),
    trustProxy: e.TRUST_PROXY,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    passwordCost: { log2N: e.PASSWORD_HASH_COST, r: 8, p: 1 },
    passwordHashing: { concurrency: e.PASSWORD_HASH_CONCURRENCY, queue: e.PASSWORD_HASH_QUEUE },
    live: { streamsPerSession: e.LIVE_STREAMS_PER_SESSION, presenceMs: e.LIVE_PRESENCE_MS, sessionCheckMs: e.LIVE_SESSION_CHECK_SECONDS * 1000 },
    demoData: !production && (e.DEMO_DATA ?? true),
    automaticVersionMinutes: e.AUTO_VERSION_MINUTES,
    collabCommitMs: e.COLLAB_COMMIT_MS,
  };
}
