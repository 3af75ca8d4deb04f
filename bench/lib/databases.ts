import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase } from "@regiotafel/db/testing";

/** A fresh, empty database on the PostgreSQL server at `serverUrl`; returns its URL. */
export const createPostgresDatabase = createScratchDatabase;

export const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), prefix));

/** The PostgreSQL server to measure against: BENCH_DATABASE_URL, else TEST_DATABASE_URL. */
export function postgresServerUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
}
