-- Workspace lifecycle (issue 17 point 3, ADR 0022): organisations of another kind in the
-- directory, archived workspaces, and the platform administrators' grant that lets a user
-- create workspaces.

-- An organisation that is neither a municipality, a regional body nor a national network
-- (a province, a care office, a knowledge institute). Added, not used in this migration.
ALTER TYPE "OrganisationKind" ADD VALUE IF NOT EXISTS 'OTHER';

-- Archived: read-only for everyone (every mutation refused, live editors are viewers).
ALTER TABLE "workspace" ADD COLUMN "archived_at" TIMESTAMPTZ(3);

-- A user a platform administrator allowed to create workspaces (given and taken back, audited).
-- CreateTable
CREATE TABLE "workspace_creator" (
    "user_id" UUID NOT NULL,
    "granted_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_creator_pkey" PRIMARY KEY ("user_id")
);

-- AddForeignKey
ALTER TABLE "workspace_creator" ADD CONSTRAINT "workspace_creator_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_creator" ADD CONSTRAINT "workspace_creator_granted_by_fkey" FOREIGN KEY ("granted_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
