-- The contract value a lot is expected to have (issue 16's demonstration of one operation
-- contract per operation; OCDS lots[].value).
ALTER TABLE "lot" ADD COLUMN "expected_value" DOUBLE PRECISION;
