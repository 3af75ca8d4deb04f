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
  /** Extra origins allowed to send mutations, comma-separated (the request's own host always is). */
  ALLOWED_ORIGINS: z.string().default(""),
  /** Behind a reverse proxy: trust X-Forwarded-For/-Proto for client address and scheme. */
  TRUST_PROXY: boolean.default(false),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** log2 of scrypt's N for new password hashes (17 = 128 MiB). */
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(17),
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
    allowedOrigins: e.ALLOWED_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean),
    trustProxy: e.TRUST_PROXY,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    passwordCost: { log2N: e.PASSWORD_HASH_COST, r: 8, p: 1 },
    demoData: !production && (e.DEMO_DATA ?? true),
    automaticVersionMinutes: e.AUTO_VERSION_MINUTES,
    collabCommitMs: e.COLLAB_COMMIT_MS,
    collabLimits: { maxDocumentBytes: e.COLLAB_MAX_DOCUMENT_BYTES, messagesPerSecond: e.COLLAB_MAX_MESSAGES_PER_SECOND },
  };
}
