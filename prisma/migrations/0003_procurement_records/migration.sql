-- CreateEnum
CREATE TYPE "OrganisationForm" AS ENUM ('WGR_LEGAL_ENTITY', 'CONVENANT', 'COOPERATION_AGREEMENT', 'NETWORK_ORGANISATION');

-- CreateEnum
CREATE TYPE "GovernanceBodyKind" AS ENUM ('STUURGROEP', 'AMBTELIJKE_REGIEGROEP', 'DAGELIJKS_BESTUUR', 'ALGEMEEN_BESTUUR', 'PORTEFEUILLEHOUDERSOVERLEG', 'WERKGROEP', 'OTHER');

-- CreateEnum
CREATE TYPE "ChecklistStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "Employment" AS ENUM ('EMPLOYED', 'HIRED');

-- CreateEnum
CREATE TYPE "SocialDomain" AS ENUM ('JEUGD', 'WMO', 'PARTICIPATIE', 'BW_MO');

-- CreateEnum
CREATE TYPE "ProcurementLevel" AS ENUM ('LOKAAL', 'REGIONAAL', 'BOVENREGIONAAL', 'PROVINCIAAL', 'LANDELIJK');

-- CreateEnum
CREATE TYPE "ProcurementProcedure" AS ENUM ('OPEN_HOUSE', 'SAS_ONE_ROUND', 'SAS_TWO_ROUNDS', 'EUROPEAN_OPEN', 'RESTRICTED', 'NEGOTIATED', 'BESTUURLIJK_AANBESTEDEN', 'DAS', 'SUBSIDY');

-- CreateEnum
CREATE TYPE "TenderStatus" AS ENUM ('PLANNED', 'MARKET_CONSULTATION', 'PUBLISHED', 'QUESTIONS', 'BIDS_DUE', 'PROVISIONAL_AWARD', 'FINAL_AWARD', 'IMPLEMENTATION', 'RUNNING', 'EXTENDED', 'ENDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FundingModel" AS ENUM ('INSPANNINGSGERICHT', 'OUTPUTGERICHT', 'TAAKGERICHT');

-- CreateEnum
CREATE TYPE "MilestoneType" AS ENUM ('PRE_PROCUREMENT', 'APPROVAL', 'ENGAGEMENT', 'ASSESSMENT', 'DELIVERY', 'REPORTING', 'FINANCING', 'PAYMENT');

-- CreateEnum
CREATE TYPE "MilestoneStatus" AS ENUM ('SCHEDULED', 'MET', 'NOT_MET', 'PARTIALLY_MET');

-- CreateTable
CREATE TABLE "governance_model" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "region_id" UUID,
    "organisation_form" "OrganisationForm" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "governance_model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "governance_body" (
    "id" UUID NOT NULL,
    "model_id" UUID NOT NULL,
    "kind" "GovernanceBodyKind" NOT NULL,
    "name" TEXT NOT NULL,
    "members" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "sort_order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "governance_body_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "decision" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "region_id" UUID,
    "body_id" UUID,
    "date" DATE NOT NULL,
    "title" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "documents" JSONB NOT NULL DEFAULT '[]',
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nvo_check" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "region_id" UUID,
    "agreement" INTEGER NOT NULL,
    "status" "ChecklistStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "notes" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "nvo_check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staffing_line" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "region_id" UUID,
    "municipality_id" UUID,
    "function" TEXT NOT NULL,
    "fte_current" DOUBLE PRECISION NOT NULL,
    "fte_minimum" DOUBLE PRECISION,
    "employment" "Employment" NOT NULL DEFAULT 'EMPLOYED',
    "notes" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "sort_order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "staffing_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tender" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "owner_region_id" UUID,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "domain" "SocialDomain" NOT NULL,
    "level" "ProcurementLevel" NOT NULL,
    "procedure" "ProcurementProcedure" NOT NULL,
    "procuring_entity_id" UUID NOT NULL,
    "status" "TenderStatus" NOT NULL DEFAULT 'PLANNED',
    "contract_start" DATE,
    "contract_end" DATE,
    "extension_options" TEXT NOT NULL DEFAULT '',
    "estimated_value" DOUBLE PRECISION,
    "sroi_percentage" DOUBLE PRECISION,
    "sroi_threshold" DOUBLE PRECISION,
    "funding_model" "FundingModel",
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tender_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tender_participant" (
    "tender_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,

    CONSTRAINT "tender_participant_pkey" PRIMARY KEY ("tender_id","organisation_id")
);

-- CreateTable
CREATE TABLE "lot" (
    "id" UUID NOT NULL,
    "tender_id" UUID NOT NULL,
    "segment" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "regional_providers_min" INTEGER,
    "regional_providers_max" INTEGER,
    "local_providers_min" INTEGER,
    "local_providers_max" INTEGER,
    "procedure_override" "ProcurementProcedure",
    "status" "TenderStatus" NOT NULL DEFAULT 'PLANNED',
    "notes" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "sort_order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "lot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lot_participation" (
    "lot_id" UUID NOT NULL,
    "municipality_id" UUID NOT NULL,
    "participating" BOOLEAN NOT NULL,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lot_participation_pkey" PRIMARY KEY ("lot_id","municipality_id")
);

-- CreateTable
CREATE TABLE "milestone" (
    "id" UUID NOT NULL,
    "tender_id" UUID NOT NULL,
    "lot_id" UUID,
    "type" "MilestoneType" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "due_date" DATE,
    "date_met" DATE,
    "status" "MilestoneStatus" NOT NULL DEFAULT 'SCHEDULED',
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "domain" "SocialDomain" NOT NULL,
    "level" "ProcurementLevel" NOT NULL,
    "lead_region_id" UUID,
    "central_municipality_id" UUID,
    "budget_split" TEXT NOT NULL DEFAULT '',
    "risk_sharing" TEXT NOT NULL DEFAULT '',
    "cooperation" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_region" (
    "segment_id" UUID NOT NULL,
    "region_id" UUID NOT NULL,

    CONSTRAINT "segment_region_pkey" PRIMARY KEY ("segment_id","region_id")
);

-- CreateTable
CREATE TABLE "segment_municipality" (
    "segment_id" UUID NOT NULL,
    "municipality_id" UUID NOT NULL,

    CONSTRAINT "segment_municipality_pkey" PRIMARY KEY ("segment_id","municipality_id")
);

-- CreateTable
CREATE TABLE "segment_tender" (
    "segment_id" UUID NOT NULL,
    "tender_id" UUID NOT NULL,

    CONSTRAINT "segment_tender_pkey" PRIMARY KEY ("segment_id","tender_id")
);

-- CreateTable
CREATE TABLE "market_figure" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "lot_id" UUID,
    "label" TEXT NOT NULL,
    "domain" "SocialDomain",
    "year" INTEGER NOT NULL,
    "spend" DOUBLE PRECISION NOT NULL,
    "providers" INTEGER,
    "clients" INTEGER,
    "top3_share" DOUBLE PRECISION,
    "top10_share" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "market_figure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "governance_model_workspace_id_idx" ON "governance_model"("workspace_id");

-- CreateIndex
CREATE INDEX "governance_body_model_id_idx" ON "governance_body"("model_id");

-- CreateIndex
CREATE INDEX "decision_workspace_id_date_idx" ON "decision"("workspace_id", "date");

-- CreateIndex
CREATE INDEX "nvo_check_workspace_id_idx" ON "nvo_check"("workspace_id");

-- CreateIndex
CREATE INDEX "staffing_line_workspace_id_idx" ON "staffing_line"("workspace_id");

-- CreateIndex
CREATE INDEX "tender_workspace_id_status_idx" ON "tender"("workspace_id", "status");

-- CreateIndex
CREATE INDEX "lot_tender_id_idx" ON "lot"("tender_id");

-- CreateIndex
CREATE INDEX "lot_participation_municipality_id_idx" ON "lot_participation"("municipality_id");

-- CreateIndex
CREATE INDEX "milestone_tender_id_idx" ON "milestone"("tender_id");

-- CreateIndex
CREATE INDEX "milestone_due_date_idx" ON "milestone"("due_date");

-- CreateIndex
CREATE INDEX "segment_workspace_id_idx" ON "segment"("workspace_id");

-- CreateIndex
CREATE INDEX "market_figure_workspace_id_year_idx" ON "market_figure"("workspace_id", "year");

-- AddForeignKey
ALTER TABLE "governance_model" ADD CONSTRAINT "governance_model_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "governance_body" ADD CONSTRAINT "governance_body_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "governance_model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decision" ADD CONSTRAINT "decision_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decision" ADD CONSTRAINT "decision_body_id_fkey" FOREIGN KEY ("body_id") REFERENCES "governance_body"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nvo_check" ADD CONSTRAINT "nvo_check_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staffing_line" ADD CONSTRAINT "staffing_line_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tender" ADD CONSTRAINT "tender_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tender" ADD CONSTRAINT "tender_procuring_entity_id_fkey" FOREIGN KEY ("procuring_entity_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tender_participant" ADD CONSTRAINT "tender_participant_tender_id_fkey" FOREIGN KEY ("tender_id") REFERENCES "tender"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tender_participant" ADD CONSTRAINT "tender_participant_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot" ADD CONSTRAINT "lot_tender_id_fkey" FOREIGN KEY ("tender_id") REFERENCES "tender"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot_participation" ADD CONSTRAINT "lot_participation_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot_participation" ADD CONSTRAINT "lot_participation_municipality_id_fkey" FOREIGN KEY ("municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_tender_id_fkey" FOREIGN KEY ("tender_id") REFERENCES "tender"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment" ADD CONSTRAINT "segment_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_region" ADD CONSTRAINT "segment_region_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_municipality" ADD CONSTRAINT "segment_municipality_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_tender" ADD CONSTRAINT "segment_tender_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_tender" ADD CONSTRAINT "segment_tender_tender_id_fkey" FOREIGN KEY ("tender_id") REFERENCES "tender"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_figure" ADD CONSTRAINT "market_figure_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "market_figure" ADD CONSTRAINT "market_figure_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

