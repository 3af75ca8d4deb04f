-- Platform administrators and the first-run setup link (issue 17, ADR 0021).
-- A platform administrator is a grant in its own table, not a column of app_user: it has its
-- own time and granter, is read only by the platform tier, and leaves the session query alone.
-- CreateTable
CREATE TABLE "platform_admin" (
    "user_id" UUID NOT NULL,
    "granted_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_admin_pkey" PRIMARY KEY ("user_id")
);

-- The setup link's token while the database has no user: only its SHA-256 (hex), one row at
-- most (each start replaces it), deleted when used.
-- CreateTable
CREATE TABLE "setup_token" (
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "setup_token_pkey" PRIMARY KEY ("token_hash")
);

-- AddForeignKey
ALTER TABLE "platform_admin" ADD CONSTRAINT "platform_admin_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform_admin" ADD CONSTRAINT "platform_admin_granted_by_fkey" FOREIGN KEY ("granted_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
