import { hasAtLeast, type Role } from "../roles";

export interface RecordMember {
  role: Role;
  regionId: string | null;
  organisationId: string;
}

/**
 * Region records (governance, NvO checklist, a region's staffing): that region's
 * coordinators and admins; workspace-wide records: any coordinator and admins.
 */
export function canEditRegionRecord(member: RecordMember, regionId: string | null): boolean {
  if (member.role === "ADMIN") return true;
  if (!hasAtLeast(member.role, "COORDINATOR")) return false;
  return regionId === null || member.regionId === regionId;
}

/** A municipality's own records (its staffing, its participation in lots): its own editors only. */
export function canEditMunicipalityRecord(member: RecordMember, municipalityId: string): boolean {
  return hasAtLeast(member.role, "EDITOR") && member.organisationId === municipalityId;
}

export function canEditStaffingLine(member: RecordMember, line: { regionId: string | null; municipalityId: string | null }): boolean {
  return line.municipalityId ? canEditMunicipalityRecord(member, line.municipalityId) : canEditRegionRecord(member, line.regionId);
}

/** Shared tenders, their lots and milestones, and market figures: every editor. */
export const canEditSharedRecord = (member: RecordMember) => hasAtLeast(member.role, "EDITOR");

/** Supra-regional segments are agreed between regions: coordinators and admins. */
export const canEditSegment = (member: RecordMember) => hasAtLeast(member.role, "COORDINATOR");
