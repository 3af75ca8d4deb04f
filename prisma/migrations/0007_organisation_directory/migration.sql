-- The organisation directory (issue 17 point 2, ADR 0020): municipalities get their CBS code,
-- the name CBS gives them and their province; a municipality that merged away (herindeling)
-- keeps its row and name with the day it ended and its successor. Regional bodies, networks
-- and other organisations stay rows without a CBS code. Nothing is renamed or dropped.
-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "cbs_code" TEXT,
ADD COLUMN     "cbs_name" TEXT,
ADD COLUMN     "ended_on" DATE,
ADD COLUMN     "province" TEXT,
ADD COLUMN     "successor_id" UUID;

ALTER TABLE "organisation"
  ADD CONSTRAINT "organisation_cbs_code_format" CHECK ("cbs_code" ~ '^GM[0-9]{4}$'),
  ADD CONSTRAINT "organisation_cbs_code_municipality" CHECK ("cbs_code" IS NULL OR "kind" = 'MUNICIPALITY'),
  ADD CONSTRAINT "organisation_succession" CHECK (("ended_on" IS NULL) = ("successor_id" IS NULL) AND "successor_id" <> "id");

-- Search as you type (ADR 0020): the name folded as foldSearchText (packages/domain) folds text,
-- lower case, accents dropped, any run of other characters one space, with a leading space so
-- " q" finds word starts. Kept by PostgreSQL itself; Prisma does not know the column.
ALTER TABLE "organisation" ADD COLUMN "search_name" TEXT GENERATED ALWAYS AS (
  ' ' || regexp_replace(
    translate(lower("name"), 'àáâãäåāăąèéêëēėęěìíîïīįòóôõöøōőùúûüūůűýÿçćčďđñńňřšśžźżłÀÁÂÃÄÅĀĂĄÈÉÊËĒĖĘĚÌÍÎÏĪĮÒÓÔÕÖØŌŐÙÚÛÜŪŮŰÝŸÇĆČĎĐÑŃŇŘŠŚŽŹŻŁ', 'aaaaaaaaaeeeeeeeeiiiiiioooooooouuuuuuuyycccddnnnrsszzzlaaaaaaaaaeeeeeeeeiiiiiioooooooouuuuuuuyycccddnnnrsszzzl'),
    '[^a-z0-9]+', ' ', 'g')
) STORED;

-- The actor's organisation at the time of the event: history keeps the old municipality's name
-- after a merger moved its people to the successor.
-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "actor_organisation_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "organisation_cbs_code_key" ON "organisation"("cbs_code");

-- CreateIndex
CREATE INDEX "organisation_successor_id_idx" ON "organisation"("successor_id");

-- AddForeignKey
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_successor_id_fkey" FOREIGN KEY ("successor_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_actor_organisation_id_fkey" FOREIGN KEY ("actor_organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
