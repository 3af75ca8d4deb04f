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
