-- Single sign-on, SCIM and two-factor (issue 20, ADR 0035): an organisation's OpenID Connect
-- provider with the e-mail domains it covers, identities linked to accounts, sign-ins in
-- progress, organisation administrators, SCIM tokens, TOTP factors and recovery codes.
-- Secrets and tokens: client secrets and TOTP secrets encrypted, tokens only as SHA-256.

-- CreateEnum
CREATE TYPE "SignInMethod" AS ENUM ('PASSWORD', 'SSO');
CREATE TYPE "PendingSignInKind" AS ENUM ('SECOND_FACTOR', 'LINK_IDENTITY');

-- AlterTable
ALTER TABLE "session" ADD COLUMN "method" "SignInMethod" NOT NULL DEFAULT 'PASSWORD',
ADD COLUMN "connection_id" UUID;

-- CreateTable
CREATE TABLE "organisation_admin" (
    "user_id" UUID NOT NULL,
    "granted_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "organisation_admin_pkey" PRIMARY KEY ("user_id")
);

CREATE TABLE "oidc_connection" (
    "id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_encrypted" TEXT NOT NULL,
    "name_claim" TEXT NOT NULL DEFAULT 'name',
    "email_claim" TEXT NOT NULL DEFAULT 'email',
    "subject_claim" TEXT NOT NULL DEFAULT 'sub',
    "require_sso" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "oidc_connection_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "oidc_connection_organisation_id_key" ON "oidc_connection"("organisation_id");

CREATE TABLE "oidc_domain" (
    "domain" TEXT NOT NULL,
    "connection_id" UUID NOT NULL,
    CONSTRAINT "oidc_domain_pkey" PRIMARY KEY ("domain")
);
CREATE INDEX "oidc_domain_connection_id_idx" ON "oidc_domain"("connection_id");

CREATE TABLE "user_identity" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    CONSTRAINT "user_identity_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "user_identity_connection_id_subject_key" ON "user_identity"("connection_id", "subject");
CREATE INDEX "user_identity_user_id_idx" ON "user_identity"("user_id");

CREATE TABLE "oidc_login_state" (
    "state_hash" TEXT NOT NULL,
    "connection_id" UUID NOT NULL,
    "nonce" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "return_to" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "oidc_login_state_pkey" PRIMARY KEY ("state_hash")
);
CREATE INDEX "oidc_login_state_expires_at_idx" ON "oidc_login_state"("expires_at");

CREATE TABLE "pending_sign_in" (
    "token_hash" TEXT NOT NULL,
    "kind" "PendingSignInKind" NOT NULL,
    "user_id" UUID NOT NULL,
    "connection_id" UUID,
    "subject" TEXT,
    "return_to" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pending_sign_in_pkey" PRIMARY KEY ("token_hash")
);
CREATE INDEX "pending_sign_in_user_id_idx" ON "pending_sign_in"("user_id");

CREATE TABLE "scim_token" (
    "id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "scim_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "scim_token_token_hash_key" ON "scim_token"("token_hash");
CREATE INDEX "scim_token_organisation_id_idx" ON "scim_token"("organisation_id");

CREATE TABLE "scim_link" (
    "user_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "organisation_id" UUID NOT NULL,
    CONSTRAINT "scim_link_pkey" PRIMARY KEY ("user_id")
);
CREATE UNIQUE INDEX "scim_link_organisation_id_external_id_key" ON "scim_link"("organisation_id", "external_id");

CREATE TABLE "totp_factor" (
    "user_id" UUID NOT NULL,
    "secret" TEXT NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "last_step" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "totp_factor_pkey" PRIMARY KEY ("user_id")
);

CREATE TABLE "recovery_code" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "recovery_code_user_id_idx" ON "recovery_code"("user_id");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "oidc_connection"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "organisation_admin" ADD CONSTRAINT "organisation_admin_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "organisation_admin" ADD CONSTRAINT "organisation_admin_granted_by_fkey" FOREIGN KEY ("granted_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "oidc_connection" ADD CONSTRAINT "oidc_connection_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "oidc_domain" ADD CONSTRAINT "oidc_domain_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "oidc_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "oidc_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "oidc_login_state" ADD CONSTRAINT "oidc_login_state_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "oidc_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pending_sign_in" ADD CONSTRAINT "pending_sign_in_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pending_sign_in" ADD CONSTRAINT "pending_sign_in_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "oidc_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "scim_token" ADD CONSTRAINT "scim_token_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "scim_token" ADD CONSTRAINT "scim_token_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "scim_link" ADD CONSTRAINT "scim_link_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "scim_link" ADD CONSTRAINT "scim_link_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "totp_factor" ADD CONSTRAINT "totp_factor_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
