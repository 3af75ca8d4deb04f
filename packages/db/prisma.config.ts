import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 6.19 with the JS engine: `generate` and `migrate diff` work offline this way.
// The CLI needs a DATABASE_URL to pick the JS engine even for `generate`, which never connects.
process.env.DATABASE_URL ??= "postgres://localhost/regiotafel";
// Migrations are applied by our own runner (src/migrate.ts), not by `migrate deploy`.
export default defineConfig({
  schema: path.join(import.meta.dirname, "../../prisma/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "../../prisma/migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
