// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// database under DATA_DIR (default ./data) when DATABASE_URL is not set, then brings the
// organisation directory (prisma/directory/, ADR 0020) up to date.
import path from "node:path";
import { createPrismaClient } from "../client";
import { findMigrationsDir, loadMigrations, migrate } from "../migrations";
import { startEmbeddedPostgres } from "../embedded";
import { importDirectory } from "../services/directory";

const url = process.env.DATABASE_URL;
const dataDir = path.resolve(findMigrationsDir(), "../..", process.env.DATA_DIR ?? "data");
const embedded = url ? undefined : await startEmbeddedPostgres(dataDir);
try {
  const applied = await migrate(url ?? embedded!.url, await loadMigrations());
  console.log(applied.length ? `Toegepast: ${applied.join(", ")}` : "Database is al bij.");
  const prisma = createPrismaClient(url ?? embedded!.url, { maxConnections: 1, idleTimeoutMs: 0 });
  try {
    const d = await importDirectory(prisma);
    console.log(
      d.inserted + d.updated + d.adopted > 0
        ? `Organisatieregister: ${d.inserted} gemeenten toegevoegd, ${d.updated} bijgewerkt, ${d.adopted} gekoppeld aan hun CBS-code.`
        : "Organisatieregister is al bij.",
    );
  } finally {
    await prisma.$disconnect();
    await prisma.$pool.end();
  }
} finally {
  await embedded?.stop();
}
