import pg from "pg";
import { createPrismaClient, type Db } from "./client";
import { startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrations";

export interface Database {
  prisma: Db;
  kind: "pglite" | "postgres";
  url: string;
  /** Disconnects Prisma and stops the embedded server if there is one. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL; without one the embedded PGlite is started. */
  url?: string;
  /** Data folder of the embedded database; undefined keeps it in memory. */
  dataDir?: string;
  /** Pool size for a real server (the embedded database always gets 1). */
  maxConnections?: number;
  /**
   * Close pooled connections of a real server after this long unused (default 30 s). The
   * embedded database keeps its one connection open.
   */
  idleTimeoutMs?: number;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const embedded = options.url ? undefined : await startEmbeddedPostgres(options.dataDir);
  const url = options.url ?? embedded!.url;
  try {
    if (options.migrate !== false) await migrate(url);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const prisma = createPrismaClient(url, {
    maxConnections: embedded ? 1 : (options.maxConnections ?? 10),
    idleTimeoutMs: embedded ? 0 : (options.idleTimeoutMs ?? 30_000),
  });
  return {
    prisma,
    kind: embedded ? "pglite" : "postgres",
    url,
    async close() {
      await prisma.$disconnect();
      await prisma.$pool.end();
      await embedded?.stop();
    },
  };
}

/** Arbitrary, other than the migrations' lock: held while an instance imports and seeds. */
const STARTUP_LOCK_ID = 7_300_423; // beside the migrations' (7_300_421) and the directory import's (7_300_422)

/**
 * Runs `work` (the directory import, the demo seed, the setup token: what every start does
 * after migrating) while no other instance on this database does the same (ADR 0033):
 * instances started at once on an empty database seed it once, the others wait and then find
 * everything there. A PostgreSQL session advisory lock on a connection of its own, released
 * when `work` ends, or by PostgreSQL when the instance dies meanwhile. The embedded database
 * belongs to one process, so there nothing is locked.
 */
export async function whileStarting<T>(database: Pick<Database, "kind" | "url">, work: () => Promise<T>): Promise<T> {
  if (database.kind === "pglite") return work();
  const client = new pg.Client({ connectionString: database.url });
  // A connection lost meanwhile has released the lock; the query that needed it fails instead.
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK_ID]);
    return await work();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [STARTUP_LOCK_ID]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
