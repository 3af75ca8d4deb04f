-- Who edited a document's text when (issue 18 point 5, ADR 0031): one row per document, author
-- and hour, counted up by the co-editing hub in the statement that appends the author's updates.
-- CreateTable
CREATE TABLE "document_edit_summary" (
    "document_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "organisation_id" UUID,
    "workspace_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "updates" INTEGER NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "document_edit_summary_pkey" PRIMARY KEY ("document_id","user_id","hour")
);

-- CreateIndex
CREATE INDEX "document_edit_summary_workspace_id_last_at_idx" ON "document_edit_summary"("workspace_id", "last_at" DESC);

-- AddForeignKey
ALTER TABLE "document_edit_summary" ADD CONSTRAINT "document_edit_summary_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
