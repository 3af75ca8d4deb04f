export { createPrismaClient, type Db } from "./client";
export { openDatabase, type Database, type OpenDatabaseOptions } from "./database";
export { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";
export { findMigrationsDir, loadMigrations, migrate, type Migration } from "./migrations";
export { Prisma } from "./generated/prisma/client";
export type * from "./generated/prisma/models";
export { OrganisationKind, Role } from "./generated/prisma/enums";
