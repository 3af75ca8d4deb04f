-- Invitations to a workspace (issue 17, point 4; ADR 0023). A workspace admin invites an
-- address with an organisation, a role and the mail's language; the link carries a token of
-- 256 random bits of which only the SHA-256 (hex) is stored here. Resending replaces the token
-- and the expiry (the old link stops working). State: accepted_at, revoked_at, or pending
-- until expires_at. Foreign keys only in SQL: the Prisma model has no relations, so the models
-- of workspace, organisation and app_user stay as they are.
-- CreateTable
CREATE TABLE "invitation" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "organisation_id" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "locale" TEXT NOT NULL CHECK ("locale" IN ('nl', 'en')),
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "sends" INTEGER NOT NULL DEFAULT 1,
    "invited_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_by" UUID,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" UUID,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- A token is looked up by its hash only.
CREATE UNIQUE INDEX "invitation_token_hash_key" ON "invitation"("token_hash");

-- At most one open (neither accepted nor revoked) invitation per address and workspace:
-- inviting the address again renews that one.
CREATE UNIQUE INDEX "invitation_open_key" ON "invitation"("workspace_id", "email") WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL;

-- The members page lists a workspace's invitations, newest first.
CREATE INDEX "invitation_workspace_id_created_at_idx" ON "invitation"("workspace_id", "created_at");

ALTER TABLE "invitation" ADD CONSTRAINT "invitation_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_invited_by_fkey" FOREIGN KEY ("invited_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_accepted_by_fkey" FOREIGN KEY ("accepted_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_revoked_by_fkey" FOREIGN KEY ("revoked_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
