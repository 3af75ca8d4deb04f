import { z } from "zod";
import { formList } from "../form-input";
import { ORGANISATION_FORMS } from "../procurement/vocabulary";
import { emailSchema, idSchema } from "../schemas";
import { isStorableText, requiredText, STORABLE_TEXT } from "../text";
import { splitMunicipalityList, workspaceSlugSchema } from "../workspaces";
import { defineOperation } from "./contract";
import { platformAdminsOnly, workspaceCreatorsOnly } from "./platform";

// Workspaces as the platform creates, changes and ends them (issue 17 point 3, ADR 0022).
// Creating and the creators' grant are platform operations (role null, their rule over the
// user's platform standing). Regions, archive and delete are a workspace's stewards': its
// admins and platform administrators (packages/api `stewardProcedure`, the rule
// `workspaceStewardRefusal`). None of these reads a workspace's content.


/** The municipalities of one text field (CBS codes or names, comma, semicolon or line separated), or a list of them. */
export const municipalityListSchema = z.preprocess(
  (value) => (typeof value === "string" ? splitMunicipalityList(value.slice(0, 4000)) : value),
  z
    .array(z.string().trim().min(1, { error: "workspace.municipalitiesRequired" }).max(120, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT), { error: "workspace.municipalitiesRequired" })
    .min(1, { error: "workspace.municipalitiesRequired" })
    .max(100, { error: "input.invalid" }),
);

/** One region of a workspace: its name, its organisation form, its municipalities (from the directory). */
export const regionInputSchema = z.object({
  name: requiredText(120),
  organisationForm: z.enum(ORGANISATION_FORMS, { error: "workspace.organisationFormRequired" }),
  municipalities: municipalityListSchema,
});

const REGION_REFUSALS = ["workspace.unknownMunicipalities", "workspace.municipalityInOtherRegion", "workspace.regionNameTaken"] as const;

/** Every workspace with its regions and member count, never its content. Platform administrators. */
export const listWorkspaces = defineOperation({
  name: "workspaces.list",
  input: z.object({}).default({}),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden"],
});

/** A new workspace; its creator becomes its admin. */
export const createWorkspace = defineOperation({
  name: "workspaces.create",
  input: z.object({
    name: requiredText(120),
    slug: workspaceSlugSchema,
    regions: formList(z.array(regionInputSchema, { error: "workspace.regionRequired" }).min(1, { error: "workspace.regionRequired" }).max(12, { error: "input.invalid" })),
  }),
  role: null,
  rule: workspaceCreatorsOnly,
  refusals: ["forbidden", "workspace.slugTaken", "workspace.regionRequired", ...REGION_REFUSALS],
});

/** A platform administrator allows a user (by e-mail address) to create workspaces. */
export const grantCreator = defineOperation({
  name: "workspaces.grantCreator",
  input: z.object({ email: emailSchema }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden", "workspace.noSuchAccount"],
});

/** … and takes it back. */
export const revokeCreator = defineOperation({ name: "workspaces.revokeCreator", input: z.object({ userId: idSchema }), role: null, rule: platformAdminsOnly, refusals: ["forbidden"] });

// ---------------------------------------------------------------- a workspace's stewards

export const addRegion = defineOperation({ name: "workspaces.addRegion", input: regionInputSchema, role: null, refusals: ["forbidden", ...REGION_REFUSALS] });

/** A region leaves: its municipalities keep their own records (they stay theirs; the workspace keeps its copy). */
export const removeRegion = defineOperation({ name: "workspaces.removeRegion", input: z.object({ regionId: idSchema }), role: null, refusals: ["forbidden", "workspace.lastRegion"] });

export const addMunicipalities = defineOperation({
  name: "workspaces.addMunicipalities",
  input: z.object({ regionId: idSchema, municipalities: municipalityListSchema }),
  role: null,
  refusals: ["forbidden", "workspace.unknownMunicipalities", "workspace.municipalityInOtherRegion"],
});

/** A municipality leaves its region (and with it the workspace): its own records stay its own. */
export const removeMunicipality = defineOperation({
  name: "workspaces.removeMunicipality",
  input: z.object({ regionId: idSchema, municipalityId: idSchema }),
  role: null,
  refusals: ["forbidden"],
});

/** Archived: read-only for everyone. `archived: false` reactivates. */
export const setArchived = defineOperation({
  name: "workspaces.setArchived",
  input: z.object({ archived: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: "input.invalid" })) }),
  role: null,
  refusals: ["forbidden"],
});

/** Deletes the workspace and everything in it, after its exact name was typed. */
export const deleteWorkspace = defineOperation({
  name: "workspaces.delete",
  input: z.object({ confirmName: z.string({ error: "workspace.confirmName" }).max(200, { error: "workspace.confirmName" }) }),
  role: null,
  refusals: ["forbidden", "workspace.confirmName"],
});

// ---------------------------------------------------------------- the directory (platform administrators)

/** Organisation kinds a platform administrator creates by hand (municipalities come from the CBS file). */
export const CREATABLE_ORGANISATION_KINDS = ["REGIONAL_BODY", "NATIONAL_NETWORK", "OTHER"] as const;

export const createOrganisation = defineOperation({
  name: "directory.createOrganisation",
  input: z.object({
    name: requiredText(160),
    kind: z.enum(CREATABLE_ORGANISATION_KINDS, { error: "choice.invalid" }),
  }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden", "directory.nameTaken"],
});
