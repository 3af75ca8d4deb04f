-- CreateEnum
CREATE TYPE "AssessmentStatus" AS ENUM ('OPEN', 'LOCKED');

-- CreateEnum
CREATE TYPE "TemplateKind" AS ENUM ('STRATEGY_OUTLINE', 'PROJECT_ASSIGNMENT', 'SCENARIO_MATRIX', 'NVO_CHECKLIST', 'MILESTONE_PLAN', 'LOT_STRUCTURE');

-- CreateEnum
CREATE TYPE "TemplateVersionStatus" AS ENUM ('IN_REVIEW', 'APPROVED', 'REJECTED');

-- AlterTable
ALTER TABLE "document" ADD COLUMN     "search_text" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "assessment" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "AssessmentStatus" NOT NULL DEFAULT 'OPEN',
    "locked_at" TIMESTAMPTZ(3),
    "locked_by_id" UUID,
    "created_by_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_scenario" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "sort_order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "assessment_scenario_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_criterion" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "sort_order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "assessment_criterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_participant" (
    "assessment_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,

    CONSTRAINT "assessment_participant_pkey" PRIMARY KEY ("assessment_id","organisation_id")
);

-- CreateTable
CREATE TABLE "assessment_score" (
    "id" UUID NOT NULL,
    "assessment_id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "criterion_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "score" INTEGER NOT NULL,
    "rationale" TEXT NOT NULL DEFAULT '',
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assessment_score_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_member" (
    "network_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,

    CONSTRAINT "network_member_pkey" PRIMARY KEY ("network_id","organisation_id")
);

-- CreateTable
CREATE TABLE "network_moderator" (
    "network_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "network_moderator_pkey" PRIMARY KEY ("network_id","user_id")
);

-- CreateTable
CREATE TABLE "template" (
    "id" UUID NOT NULL,
    "network_id" UUID NOT NULL,
    "kind" "TemplateKind" NOT NULL,
    "provenance" TEXT NOT NULL DEFAULT '',
    "source_workspace_id" UUID,
    "source_region_id" UUID,
    "published_number" INTEGER,
    "unpublished_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_version" (
    "id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "content" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "status" "TemplateVersionStatus" NOT NULL DEFAULT 'IN_REVIEW',
    "submitted_by_id" UUID,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "review_note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "template_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_use" (
    "id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "version_number" INTEGER NOT NULL,
    "workspace_id" UUID NOT NULL,
    "used_by_id" UUID,
    "created_type" TEXT NOT NULL,
    "created_id" UUID NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_use_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_notification" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "template_id" UUID,
    "params" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissed_at" TIMESTAMPTZ(3),

    CONSTRAINT "workspace_notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "assessment_workspace_id_idx" ON "assessment"("workspace_id");

-- CreateIndex
CREATE INDEX "assessment_scenario_assessment_id_idx" ON "assessment_scenario"("assessment_id");

-- CreateIndex
CREATE INDEX "assessment_criterion_assessment_id_idx" ON "assessment_criterion"("assessment_id");

-- CreateIndex
CREATE INDEX "assessment_score_assessment_id_idx" ON "assessment_score"("assessment_id");

-- CreateIndex
CREATE UNIQUE INDEX "assessment_score_scenario_id_criterion_id_participant_id_key" ON "assessment_score"("scenario_id", "criterion_id", "participant_id");

-- CreateIndex
CREATE INDEX "network_member_organisation_id_idx" ON "network_member"("organisation_id");

-- CreateIndex
CREATE INDEX "template_network_id_published_number_idx" ON "template"("network_id", "published_number");

-- CreateIndex
CREATE INDEX "template_version_status_idx" ON "template_version"("status");

-- CreateIndex
CREATE UNIQUE INDEX "template_version_template_id_number_key" ON "template_version"("template_id", "number");

-- CreateIndex
CREATE INDEX "template_use_template_id_idx" ON "template_use"("template_id");

-- CreateIndex
CREATE INDEX "template_use_workspace_id_idx" ON "template_use"("workspace_id");

-- CreateIndex
CREATE INDEX "workspace_notification_workspace_id_created_at_idx" ON "workspace_notification"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_scenario" ADD CONSTRAINT "assessment_scenario_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_criterion" ADD CONSTRAINT "assessment_criterion_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_participant" ADD CONSTRAINT "assessment_participant_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_participant" ADD CONSTRAINT "assessment_participant_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_score" ADD CONSTRAINT "assessment_score_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_score" ADD CONSTRAINT "assessment_score_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "assessment_scenario"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_score" ADD CONSTRAINT "assessment_score_criterion_id_fkey" FOREIGN KEY ("criterion_id") REFERENCES "assessment_criterion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_member" ADD CONSTRAINT "network_member_network_id_fkey" FOREIGN KEY ("network_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_member" ADD CONSTRAINT "network_member_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_moderator" ADD CONSTRAINT "network_moderator_network_id_fkey" FOREIGN KEY ("network_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_moderator" ADD CONSTRAINT "network_moderator_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template" ADD CONSTRAINT "template_network_id_fkey" FOREIGN KEY ("network_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_version" ADD CONSTRAINT "template_version_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_use" ADD CONSTRAINT "template_use_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_use" ADD CONSTRAINT "template_use_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_notification" ADD CONSTRAINT "workspace_notification_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Full-text search (Dutch stemming). Each searchable table gets a stored tsvector, kept up to
-- date by PostgreSQL itself, with a GIN index; ranking reads the stored vector instead of
-- parsing the text of every match again (packages/db/src/services/search.ts). The columns are
-- not in schema.prisma: Prisma never reads or writes them.
ALTER TABLE "document" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('dutch', "title" || ' ' || "search_text")) STORED;
ALTER TABLE "tender" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('dutch', "title" || ' ' || "description")) STORED;
ALTER TABLE "lot" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('dutch', "segment" || ' ' || "title" || ' ' || "notes")) STORED;
ALTER TABLE "decision" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('dutch', "title" || ' ' || "decision")) STORED;
CREATE INDEX "document_search_idx" ON "document" USING GIN ("search_vector");
CREATE INDEX "tender_search_idx" ON "tender" USING GIN ("search_vector");
CREATE INDEX "lot_search_idx" ON "lot" USING GIN ("search_vector");
CREATE INDEX "decision_search_idx" ON "decision" USING GIN ("search_vector");
