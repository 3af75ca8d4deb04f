import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

export interface ClientOptions {
  /** Maximum pool size. The embedded database must use 1. */
  maxConnections: number;
}

export function createPrismaClient(url: string, options: ClientOptions): Db {
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.maxConnections,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}
