import { z } from "zod";
import { slugSchema } from "../schemas";
import { platformAdminsOnly } from "./platform";
import { defineOperation } from "./contract";

// The whole-workspace export and import (exit rights, GIBIT art. 22; ADR 0025). The format
// itself is ../archive.ts.

/** What the export will hold (counts), before it is downloaded: the export page and its progress bar. */
export const exportPlan = defineOperation({ name: "archive.plan", input: z.looseObject({}), role: "ADMIN", refusals: [] });

/** The workspace as one ZIP, streamed; recorded in its history ("workspace.exported"). Its administrators only. */
export const exportArchive = defineOperation({ name: "archive.export", input: z.looseObject({}), role: "ADMIN", refusals: [] });

/** Every refusal of a bad archive (nothing is written), each naming the file where there is one. */
export const ARCHIVE_REFUSALS = [
  "archive.required",
  "archive.notZip",
  "archive.damaged",
  "archive.damagedFile",
  "archive.tooManyEntries",
  "archive.tooLarge",
  "archive.entryTooLarge",
  "archive.entryName",
  "archive.duplicateEntry",
  "archive.missingFile",
  "archive.format",
  "archive.version",
  "archive.badJson",
  "archive.invalidFile",
  "archive.countMismatch",
  "archive.badState",
  "archive.duplicateId",
  "archive.unknownReference",
] as const;

/**
 * A platform administrator imports an archive as a new workspace. `archive` is the uploaded
 * file (a Blob: the page's upload, never anything a JSON call can name); `slug` the new
 * workspace's address name, or empty for the archive's (the first free one after it when taken).
 */
export const importArchive = defineOperation({
  name: "archive.import",
  input: z.object({
    archive: z.instanceof(Blob, { error: "archive.required" }),
    slug: z.union([z.literal("").transform(() => undefined), slugSchema]).optional(),
  }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden", "archive.slugTaken", "archive.uploadTooLarge", ...ARCHIVE_REFUSALS],
});
