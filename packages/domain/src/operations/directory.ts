import { z } from "zod";
import { cbsCodeSchema, provinceSchema } from "../directory";
import { formInteger, formList } from "../form-input";
import { ORGANISATION_KINDS } from "../roles";
import { isoDateSchema } from "../schemas";
import { isStorableText, requiredText, STORABLE_TEXT } from "../text";
import { defineOperation } from "./contract";
import { platformAdminsOnly, workspaceCreatorsOnly } from "./platform";

// The organisation directory (ADR 0020). Not in a workspace (role null): the platform
// administrator's procedure tier (issue 17 point 1) decides who reaches these; the merger's
// own rule is `mergerRefusal` (directory.ts), checked by the service on what it loaded.

/** Search as you type over current organisations (the workspace form's municipality picker). */
export const search = defineOperation({
  name: "directory.search",
  input: z.object({
    query: z.string().max(100, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT).default(""),
    kind: z.preprocess((v) => (v === "" ? undefined : v), z.enum(ORGANISATION_KINDS, { error: "input.invalid" }).optional()),
    limit: formInteger(z.number().int({ error: "input.invalid" }).min(1, { error: "input.invalid" }).max(50, { error: "input.invalid" })).default(10),
  }),
  role: null,
  // Platform administrators, and those who may create workspaces (they pick municipalities).
  rule: workspaceCreatorsOnly,
  refusals: ["forbidden"],
});

/**
 * A municipal merger (herindeling): the municipalities of `merged` other than the successor end
 * on `date`, with the successor as theirs; their accounts move to the successor. The successor
 * is an existing current municipality (by CBS code, possibly one of `merged`) or, when its code
 * is new, created with `name` and `province`.
 */
export const mergeMunicipalities = defineOperation({
  name: "directory.mergeMunicipalities",
  input: z.object({
    successor: z.object({
      cbsCode: cbsCodeSchema,
      name: requiredText(120).optional(),
      province: provinceSchema.optional(),
    }),
    merged: formList(z.array(cbsCodeSchema).min(1, { error: "directory.nothingToMerge" }).max(20, { error: "input.invalid" })),
    date: isoDateSchema,
  }),
  role: null,
  rule: platformAdminsOnly,
  refusals: [
    "forbidden",
    "directory.unknownMunicipality",
    "directory.successorNeedsName",
    "directory.nothingToMerge",
    "directory.notAMunicipality",
    "directory.alreadyMerged",
    "directory.mergeInFuture",
  ],
});
