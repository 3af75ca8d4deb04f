import { z } from "zod";
import { formInteger } from "../form-input";
import { canEditMunicipalityRecord } from "../procurement/permissions";
import { contactSchema, emailSchema, idSchema, roleSchema, versionSchema } from "../schemas";
import { timelineCursorSchema } from "../history";
import { defineOperation } from "./contract";

// The workspace itself: its history, its members, its municipalities' contacts.

export const workspaceHistory = defineOperation({
  name: "workspace.history",
  input: z.object({
    entityType: z.string().max(40).regex(/^[a-zA-Z]+$/).optional(),
    limit: z.number().int().min(1).max(100).default(50),
    /** Where the previous page ended (its `nextCursor`). */
    cursor: timelineCursorSchema.optional(),
  }),
  role: "VIEWER",
  refusals: [],
});

/** Admins add members (existing accounts), change roles and remove members; the last admin stays (a rule of the service). */
export const addMember = defineOperation({ name: "member.add", input: z.object({ email: emailSchema, role: roleSchema }), role: "ADMIN", refusals: [] });
export const changeMemberRole = defineOperation({ name: "member.changeRole", input: z.object({ userId: idSchema, role: roleSchema }), role: "ADMIN", refusals: [] });
export const removeMember = defineOperation({ name: "member.remove", input: z.object({ userId: idSchema }), role: "ADMIN", refusals: [] });

/** A municipality's own editors set its procurement contact; nobody sets another's. */
export const updateMunicipalityContact = defineOperation({
  name: "municipality.updateContact",
  input: contactSchema.extend({ municipalityId: idSchema, version: formInteger(versionSchema.min(1)) }),
  role: "EDITOR",
  rule: (member, municipalityId: string) => (canEditMunicipalityRecord(member, municipalityId) ? null : "record.ownMunicipality"),
  refusals: ["record.ownMunicipality"],
});

/** A member leaves the workspace themselves; the last admin cannot (applyMembershipChange). Their records stay. */
export const leaveWorkspace = defineOperation({ name: "member.leave", input: z.object({}), role: "VIEWER", refusals: ["member.lastAdmin"] });

/**
 * What needs the member now (issue 18, point 1): open lot decisions of their municipality,
 * scoring rounds waiting for their organisation, their milestones, reviews waiting (moderators)
 * and recent changes by others on their records. Every member may ask; the answer is theirs.
 * No fields (loose, so the workspace the procedure adds types cleanly; the service reads none).
 */
export const needsMe = defineOperation({ name: "workspace.needsMe", input: z.looseObject({}), role: "VIEWER", refusals: [] });
