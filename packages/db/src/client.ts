import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";

/**
 * Plain parameterised SQL ($1, $2, …) on the pool Prisma also uses. With `prepare`, the
 * statement is prepared under that name once per connection and later calls skip parsing
 * and planning (for the per-request queries, planning cost more than running them). The
 * name must be unique per text; only for static texts that run with every request.
 */
export type Sql = <T extends pg.QueryResultRow>(text: string, values?: unknown[], options?: { prepare?: string }) => Promise<T[]>;

/**
 * Prisma for writes and ordinary reads, plus `$sql` for the few hot read paths (session,
 * scope, overview): Prisma's per-query overhead is about 0.6 ms of CPU, which at hundreds
 * of requests a second is most of the budget (docs/decisions/0004-hot-reads-in-sql.md).
 */
export type Db = PrismaClient & { $sql: Sql; $pool: pg.Pool };

/** The client a transaction's work is given by `$transaction`. */
export type Tx = Prisma.TransactionClient;

export interface ClientOptions {
  /** Maximum pool size. The embedded database must use 1. */
  maxConnections: number;
  /** Close a pooled connection after this long unused; 0 keeps it open (the embedded database). */
  idleTimeoutMs: number;
}

export function createPrismaClient(url: string, options: ClientOptions): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections, idleTimeoutMillis: options.idleTimeoutMs });
  // An idle connection that the server ends (a restart, a dropped test database) must not
  // crash the process; the pool replaces it on the next query.
  pool.on("error", (error) => console.error(`database connection lost: ${error.message}`));
  // Prepared statements are named per connection. On PGlite every connection shares one
  // database session, so a statement prepared by a connection that has since closed still
  // exists there: preparing its name again on the new connection fails (42P05).
  const serial = new WeakMap<pg.PoolClient, number>();
  let connections = 0;
  pool.on("connect", (client) => serial.set(client, ++connections));

  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const $sql: Sql = async (text, values, options) => {
    if (!options?.prepare) return (await pool.query({ text, values })).rows;
    const client = await pool.connect();
    try {
      const result = await client.query({ text, values, name: `${options.prepare}_${serial.get(client)}` });
      client.release();
      return result.rows;
    } catch (error) {
      // A refused statement leaves the connection usable; anything else (a broken socket) ends it.
      client.release(error instanceof pg.DatabaseError ? undefined : (error as Error));
      throw error;
    }
  };
  return Object.assign(prisma, { $sql, $pool: pool });
}
