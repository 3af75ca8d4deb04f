import { z } from "zod";
import { formBoolean, formInteger } from "../form-input";
import { canEditMunicipalityRecord, lotRemoval, ownsTender, type TenderOwnership } from "../procurement/permissions";
import { lotSchema, milestoneSchema, tenderSchema, tenderStatusSchema } from "../procurement/schemas";
import { SOCIAL_DOMAINS } from "../procurement/vocabulary";
import { idSchema, isoDateSchema, versionSchema } from "../schemas";
import { emptyAsNull } from "../form-input";
import { defineOperation } from "./contract";

// Tenders, their lots and milestones (ADR 0016: a tender belongs to its procuring entity and
// managing region; other municipalities read it and opt their own participation in or out).

const OWNERS = "record.tenderOwners";
const version = formInteger(versionSchema);
const owners = { rule: (member: Parameters<typeof ownsTender>[0], tender: TenderOwnership) => (ownsTender(member, tender) ? null : OWNERS), refusals: [OWNERS] };

export const tenderBoard = defineOperation({
  name: "tender.board",
  input: z.object({ status: emptyAsNull(tenderStatusSchema.nullable()).optional(), domain: emptyAsNull(z.enum(SOCIAL_DOMAINS).nullable()).optional(), regionId: emptyAsNull(idSchema.nullable()).optional() }),
  role: "VIEWER",
  refusals: [],
});

export const milestoneTimeline = defineOperation({
  name: "tender.timeline",
  input: z.object({ from: emptyAsNull(isoDateSchema.nullable()).default(null), to: emptyAsNull(isoDateSchema.nullable()).default(null) }),
  role: "VIEWER",
  refusals: [],
});

export const getTender = defineOperation({ name: "tender.get", input: z.object({ tenderId: idSchema }), role: "VIEWER", refusals: [] });

/** Editors start tenders, but only ones they own afterwards: nobody hands a tender to another municipality or region. */
export const createTender = defineOperation({
  name: "tender.create",
  input: tenderSchema,
  role: "EDITOR",
  rule: (member, next: TenderOwnership) => (ownsTender(member, next) ? null : "tender.ownOnly"),
  refusals: ["tender.ownOnly"],
});

export const updateTender = defineOperation({
  name: "tender.update",
  input: tenderSchema.extend({ tenderId: idSchema, version }),
  role: "EDITOR",
  rule: (member, { current, next }: { current: TenderOwnership; next: TenderOwnership }) =>
    !ownsTender(member, current) ? OWNERS : !ownsTender(member, next) ? "tender.ownOnly" : null,
  refusals: [OWNERS, "tender.ownOnly"],
});

export const setTenderStatus = defineOperation({ name: "tender.setStatus", input: z.object({ tenderId: idSchema, status: tenderStatusSchema, version }), role: "EDITOR", ...owners });

export const addLot = defineOperation({ name: "lot.add", input: lotSchema.and(z.object({ tenderId: idSchema })), role: "EDITOR", ...owners });

/** Lot and milestone changes may name the tender the page shows: a part of another tender is then not found. */
const ofTender = z.object({ tenderId: idSchema.optional() });

export const updateLot = defineOperation({ name: "lot.update", input: lotSchema.and(ofTender.extend({ lotId: idSchema, version })), role: "EDITOR", ...owners });

export const setLotStatus = defineOperation({ name: "lot.setStatus", input: ofTender.extend({ lotId: idSchema, status: tenderStatusSchema, version }), role: "EDITOR", ...owners });

/**
 * Removing a lot: its owners while no other municipality has chosen; once others have, only a
 * coordinator among its owners (or an admin), and undo restores everything (lotRemoval).
 */
export const removeLot = defineOperation({
  name: "lot.remove",
  input: ofTender.extend({ lotId: idSchema }),
  role: "EDITOR",
  rule: (member, { tender, lot }: { tender: TenderOwnership; lot: { participations: readonly { municipalityId: string }[] } }) => {
    const verdict = lotRemoval(member, tender, lot);
    return verdict === "NOT_OWNER" ? OWNERS : verdict === "OTHERS_CHOSE" ? "lot.removeOthersChose" : null;
  },
  refusals: [OWNERS, "lot.removeOthersChose"],
});

/** Undoes a lot's removal exactly: its fields, every municipality's choice, its milestones. */
export const restoreLot = defineOperation({ name: "lot.restore", input: z.object({ lotId: idSchema }), role: "EDITOR", ...owners });

/** A municipality opts itself in or out of a lot; nobody else states it for them. */
export const setLotParticipation = defineOperation({
  name: "lot.setParticipation",
  input: ofTender.extend({ lotId: idSchema, municipalityId: idSchema, participating: formBoolean }),
  role: "EDITOR",
  rule: (member, municipalityId: string) => (canEditMunicipalityRecord(member, municipalityId) ? null : "record.ownMunicipality"),
  refusals: ["record.ownMunicipality"],
});

export const addMilestone = defineOperation({ name: "milestone.add", input: milestoneSchema.extend({ tenderId: idSchema }), role: "EDITOR", ...owners });

export const updateMilestone = defineOperation({
  name: "milestone.update",
  input: milestoneSchema.extend({ tenderId: idSchema.optional(), milestoneId: idSchema, version }),
  role: "EDITOR",
  ...owners,
});

export const removeMilestone = defineOperation({ name: "milestone.remove", input: ofTender.extend({ milestoneId: idSchema }), role: "EDITOR", ...owners });
