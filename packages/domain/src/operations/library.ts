import { z } from "zod";
import { searchQuerySchema } from "../library/search";
import { TEMPLATE_KINDS, templateMetaSchema, type TemplateKind } from "../library/templates";
import { canPublishSource, type PublishSource, type RecordMember } from "../procurement/permissions";
import { hasAtLeast, type Role } from "../roles";
import { idSchema, isoDateSchema, slugSchema } from "../schemas";
import { isStorableText, optionalText, requiredText, STORABLE_TEXT } from "../text";
import { emptyAsNull, formBoolean } from "../form-input";
import { defineOperation } from "./contract";

// The library of the learning networks (ADR 0013): workspaces publish structures to it and
// use templates from it (workspace operations); its readers search it and its moderators
// review it (operations outside a workspace: role null, the rule is the user's standing in
// the template's network).

const templateKind = z.enum(TEMPLATE_KINDS, { error: "choice.invalid" });

export const listLibrary = defineOperation({
  name: "library.list",
  input: z
    .object({
      query: z.string().trim().max(200, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT).optional(),
      kind: templateKind.optional(),
      tag: z.string().trim().max(40).refine(isStorableText, STORABLE_TEXT).optional(),
    })
    .default({}),
  role: null,
  refusals: [],
});
export const getTemplate = defineOperation({ name: "library.get", input: z.object({ templateId: idSchema }), role: null, refusals: [] });

/** Search in the user's own workspaces (or one of them) and their networks' libraries. */
export const search = defineOperation({
  name: "search.query",
  input: z.object({ query: searchQuerySchema, workspace: slugSchema.nullable().default(null) }),
  role: null,
  refusals: [],
});

// ---------------------------------------------------------------- publishing

const SOURCE_NOT_EDITABLE = "template.sourceNotEditable";
/** Nobody publishes another municipality's or region's work in their name: only what they may change themselves. */
const ownSources = {
  role: "EDITOR" as const,
  rule: (member: RecordMember, source: PublishSource) => (canPublishSource(member, source) ? null : SOURCE_NOT_EDITABLE),
  refusals: [SOURCE_NOT_EDITABLE, "template.sourceKind", "template.empty"],
};

/** What publishing `sourceId` as a template of `kind` would put in the library (structure only). */
export const previewPublication = defineOperation({ name: "library.preview", input: z.object({ kind: templateKind, sourceId: idSchema.nullable().default(null) }), ...ownSources });
export const publishTemplate = defineOperation({
  name: "library.publish",
  input: templateMetaSchema.extend({
    networkId: idSchema,
    kind: templateKind,
    sourceId: emptyAsNull(idSchema.nullable()).default(null),
    previewHash: z.string().regex(/^[0-9a-f]{64}$/, { error: "input.invalid" }),
    templateId: emptyAsNull(idSchema.nullable()).default(null),
  }),
  ...ownSources,
  refusals: [...ownSources.refusals, "template.previewChanged"],
});
/** Templates this workspace published before: a publication can be a new version of one. */
export const templatesFromWorkspace = defineOperation({ name: "library.fromWorkspace", input: z.object({ kind: templateKind.optional() }), role: "EDITOR", refusals: [] });

// ---------------------------------------------------------------- reviewing (in the template's network)

/** The user's standing towards a template: moderator of its network, or who submitted it. */
export interface TemplateStanding {
  moderator: boolean;
  author: boolean;
}

/** A moderator approves or rejects a submitted version; a rejection says why (the submitter reads it). */
export const reviewTemplate = defineOperation({
  name: "library.review",
  input: z
    .object({ versionId: idSchema, approve: formBoolean, note: optionalText(2000) })
    .refine((review) => review.approve || review.note !== "", { error: "review.noteRequired", path: ["note"] }),
  role: null,
  rule: (_user: unknown, { moderator }: TemplateStanding) => (moderator ? null : "forbidden"),
  refusals: ["forbidden", "template.notInReview"],
});
/** A moderator, or who published it, takes a template out of the library; workspaces keep what they copied. */
export const unpublishTemplate = defineOperation({
  name: "library.unpublish",
  input: z.object({ templateId: idSchema }),
  role: null,
  rule: (_user: unknown, { moderator, author }: TemplateStanding) => (moderator || author ? null : "forbidden"),
  refusals: ["forbidden", "template.notPublished"],
});

// ---------------------------------------------------------------- using a template

const NEEDS_COORDINATOR = "template.useNeedsCoordinator";
/**
 * Copies a template's structure into the workspace as a new document, assessment or tender.
 * A scenario matrix becomes an assessment, which coordinators set up.
 */
export const useTemplate = defineOperation({
  name: "library.use",
  input: z.object({
    templateId: idSchema,
    title: requiredText(160),
    startDate: emptyAsNull(isoDateSchema.nullable()).default(null),
    procuringEntityId: emptyAsNull(idSchema.nullable()).default(null),
  }),
  role: "EDITOR",
  rule: (member: { role: Role }, kind: TemplateKind) => (kind === "SCENARIO_MATRIX" && !hasAtLeast(member.role, "COORDINATOR") ? NEEDS_COORDINATOR : null),
  refusals: [NEEDS_COORDINATOR, "tender.ownOnly", "template.chooseStartDate"],
});

/** What using a template of `kind` asks besides a title: a start date (a milestone plan), a procuring entity (a new tender). */
export function templateUseNeeds(kind: TemplateKind): { startDate: boolean; procuringEntity: boolean } {
  return { startDate: kind === "MILESTONE_PLAN", procuringEntity: kind === "MILESTONE_PLAN" || kind === "LOT_STRUCTURE" };
}
