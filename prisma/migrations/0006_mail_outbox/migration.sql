-- The durable mail outbox (issue 17, ADR 0019): a mail requested inside a transaction is a row
-- here once that transaction commits; the worker claims due rows with FOR UPDATE SKIP LOCKED.
-- CreateEnum
CREATE TYPE "MailState" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'LOGGED');

-- CreateTable
CREATE TABLE "mail_outbox" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "locale" TEXT NOT NULL CHECK ("locale" IN ('nl', 'en')),
    "template" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "state" "MailState" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_by" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mail_outbox_idempotency_key_key" ON "mail_outbox"("idempotency_key");

-- CreateIndex
CREATE INDEX "mail_outbox_state_next_attempt_at_idx" ON "mail_outbox"("state", "next_attempt_at");


-- Leases of crashed workers, found by the claim query without scanning sent mail.
CREATE INDEX "mail_outbox_lease_until_idx" ON "mail_outbox"("lease_until") WHERE "state" = 'SENDING';
