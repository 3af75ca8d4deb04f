import { canEditDocument, type DocumentRights } from "../documents";
import { hasAtLeast, type OrganisationKind, type Role } from "../roles";

// Who owns which record and may change it (ADR 0016). One municipality or region never
// changes another's records: it reads them and states its own participation.

export interface RecordMember {
  role: Role;
  /** Region of the member's organisation; null for a body that serves the whole workspace. */
  regionId: string | null;
  organisationId: string;
  organisationKind: OrganisationKind;
}

/** Admins, and coordinators of an organisation without a region (a body for the whole workspace). */
export function isWorkspaceCoordinator(member: RecordMember): boolean {
  return member.role === "ADMIN" || (member.role === "COORDINATOR" && member.regionId === null);
}

/**
 * Coordinates `regionId`: that region's coordinators, the workspace's coordinators and admins.
 * `null` is the workspace as a whole, which every coordinator coordinates together.
 */
export function coordinatesRegion(member: RecordMember, regionId: string | null): boolean {
  if (isWorkspaceCoordinator(member)) return true;
  if (member.role !== "COORDINATOR") return false;
  return regionId === null || member.regionId === regionId;
}

/**
 * Region records (governance, NvO checklist, a region's staffing): that region's coordinators,
 * workspace coordinators and admins; workspace-wide records (null): every coordinator and admins.
 */
export const canEditRegionRecord = (member: RecordMember, regionId: string | null): boolean => coordinatesRegion(member, regionId);

/** A municipality's own records (its staffing, its participation in lots): its own editors only. */
export function canEditMunicipalityRecord(member: RecordMember, municipalityId: string): boolean {
  return hasAtLeast(member.role, "EDITOR") && member.organisationId === municipalityId;
}

export function canEditStaffingLine(member: RecordMember, line: { regionId: string | null; municipalityId: string | null }): boolean {
  return line.municipalityId ? canEditMunicipalityRecord(member, line.municipalityId) : canEditRegionRecord(member, line.regionId);
}

// ---------------------------------------------------------------- tenders, lots, milestones

/** The fields of a tender that say whose it is. */
export interface TenderOwnership {
  /** The managing region (regie); null: the workspace as a whole. */
  ownerRegionId: string | null;
  /** The organisation that procures (aanbestedende dienst): a municipality or a regional body. */
  procuringEntityId: string;
}

/**
 * A tender belongs to its procuring entity and its managing region. Its data, lifecycle, lots
 * and milestones are changed by:
 * - editors (and up) of the procuring entity;
 * - editors (and up) of the managing region's own body (an organisation of kind REGIONAL_BODY
 *   in that region);
 * - coordinators of the managing region, the workspace's coordinators and admins (for a tender
 *   of the workspace as a whole: every coordinator).
 * Other municipalities read it and state their own participation per lot.
 */
export function canEditTender(member: RecordMember, tender: TenderOwnership): boolean {
  return hasAtLeast(member.role, "EDITOR") && ownsTender(member, tender);
}

/** canEditTender without the role: the member's organisation or region owns the tender. */
export function ownsTender(member: RecordMember, tender: TenderOwnership): boolean {
  if (member.organisationId === tender.procuringEntityId) return true;
  if (coordinatesRegion(member, tender.ownerRegionId)) return true;
  return member.organisationKind === "REGIONAL_BODY" && tender.ownerRegionId !== null && member.regionId === tender.ownerRegionId;
}

/** Why a lot may (not) be removed: see lotRemoval. */
export type LotRemoval = "ALLOWED" | "NOT_OWNER" | "OTHERS_CHOSE";

/**
 * Removing a lot. Its owners may remove it while no other municipality has stated whether it
 * takes part; once others have chosen, only a coordinator among its owners (or an admin) may,
 * and the removal keeps the choices and milestones so that undo restores them exactly.
 */
export function lotRemoval(member: RecordMember, tender: TenderOwnership, lot: { participations: readonly { municipalityId: string }[] }): LotRemoval {
  if (!canEditTender(member, tender)) return "NOT_OWNER";
  const othersChose = lot.participations.some((p) => p.municipalityId !== member.organisationId);
  return !othersChose || hasAtLeast(member.role, "COORDINATOR") ? "ALLOWED" : "OTHERS_CHOSE";
}

// ---------------------------------------------------------------- market figures, segments

/**
 * A market figure tied to a lot is its tender's (canEditTender); a free-standing figure is the
 * workspace's, kept by coordinators and admins.
 */
export function canEditMarketFigure(member: RecordMember, lotTender: TenderOwnership | null): boolean {
  return lotTender ? canEditTender(member, lotTender) : coordinatesRegion(member, null);
}

export interface SegmentOwnership {
  leadRegionId: string | null;
  regionIds: readonly string[];
}

/**
 * A supra-regional segment is agreed between regions and kept by the lead region's
 * coordinators; without a lead region by the coordinators of its regions; without regions by
 * every coordinator. Workspace coordinators and admins always.
 */
export function canEditSegment(member: RecordMember, segment: SegmentOwnership): boolean {
  if (!hasAtLeast(member.role, "COORDINATOR")) return false;
  if (segment.leadRegionId !== null) return coordinatesRegion(member, segment.leadRegionId);
  if (segment.regionIds.length > 0) return segment.regionIds.some((r) => coordinatesRegion(member, r));
  return coordinatesRegion(member, null);
}

/** Coordinators start segments, but only ones they keep afterwards (canEditSegment on the input). */
export const canCreateSegment = (member: RecordMember): boolean => hasAtLeast(member.role, "COORDINATOR");

// ---------------------------------------------------------------- governance

/** A decision is taken by a body of its own region (or, for a workspace decision, of the workspace's model). */
export const bodyFitsDecision = (decisionRegionId: string | null, bodyRegionId: string | null): boolean => decisionRegionId === bodyRegionId;

// ---------------------------------------------------------------- assessments and the library

/** Scenario assessments are workspace records: coordinators and admins set them up, weigh and lock them. */
export const canManageAssessment = (member: RecordMember): boolean => hasAtLeast(member.role, "COORDINATOR");

/** What a template is extracted from, with what says whose it is. */
export type PublishSource =
  | { type: "none" }
  | { type: "document"; rights: DocumentRights }
  | { type: "assessment" }
  | { type: "tender"; owner: TenderOwnership };

/**
 * Publishing to a learning network's library: an editor publishes only a record they may edit
 * themselves (their own municipality's or region's, or a workspace record they keep), never
 * another municipality's or region's.
 */
export function canPublishSource(member: RecordMember, source: PublishSource): boolean {
  if (!hasAtLeast(member.role, "EDITOR")) return false;
  switch (source.type) {
    case "none":
      return true;
    case "document":
      return canEditDocument(member, source.rights);
    case "assessment":
      return canManageAssessment(member);
    case "tender":
      return canEditTender(member, source.owner);
  }
}
