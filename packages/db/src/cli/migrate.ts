// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// database under DATA_DIR (default ./data) when DATABASE_URL is not set.
import path from "node:path";
import { findMigrationsDir, loadMigrations, migrate } from "../migrations";
import { startEmbeddedPostgres } from "../embedded";

const url = process.env.DATABASE_URL;
const dataDir = path.resolve(findMigrationsDir(), "../..", process.env.DATA_DIR ?? "data");
const embedded = url ? undefined : await startEmbeddedPostgres(dataDir);
try {
  const applied = await migrate(url ?? embedded!.url, await loadMigrations());
  console.log(applied.length ? `Toegepast: ${applied.join(", ")}` : "Database is al bij.");
} finally {
  await embedded?.stop();
}
