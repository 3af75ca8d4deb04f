import { isFinalStatus, type TenderStatus } from "./procurement/lifecycle";
import type { RecordMember, TenderOwnership } from "./procurement/permissions";

// What needs a member now (issue 18, point 1): the rules that decide whether an open lot, a
// scoring round, a milestone or a change in the history concerns the member. Pure; the
// service in packages/db (needsMe) applies them to what it reads.

/** How far ahead "my milestones" look, in days; overdue ones are always shown. */
export const MILESTONE_HORIZON_DAYS = 21;
/** How many recent changes by others the home shows. */
export const RECENT_CHANGES_LIMIT = 10;

/** A tender with who takes part in it: its buyers and the municipalities that opted in to a lot. */
export interface TenderInvolvement extends TenderOwnership {
  /** Municipalities buying through the tender (TenderParticipant). */
  participantIds: readonly string[];
  /** Municipalities that opted in to at least one of its lots. */
  optedInIds: readonly string[];
}

/**
 * The member's organisation procures the tender, buys through it or opted in to one of its lots,
 * or the member's region manages it.
 */
export function tenderConcerns(member: Pick<RecordMember, "organisationId" | "regionId">, tender: TenderInvolvement): boolean {
  if (tender.procuringEntityId === member.organisationId) return true;
  if (tender.participantIds.includes(member.organisationId) || tender.optedInIds.includes(member.organisationId)) return true;
  return member.regionId !== null && tender.ownerRegionId === member.regionId;
}

/**
 * A lot waits for the member's municipality to opt in or out: the member belongs to a
 * municipality, neither the tender nor the lot is closed (the same rule setLotParticipation
 * enforces), the municipality has not chosen yet, and the tender is for the member's region
 * (managed by it, by the workspace as a whole, or the municipality procures or buys through it).
 */
export function lotDecisionOpen(
  member: Pick<RecordMember, "organisationId" | "organisationKind" | "regionId">,
  tender: TenderInvolvement & { status: TenderStatus },
  lot: { status: TenderStatus; myChoice: boolean | null },
): boolean {
  if (member.organisationKind !== "MUNICIPALITY") return false;
  if (isFinalStatus(tender.status) || isFinalStatus(lot.status)) return false;
  if (lot.myChoice !== null) return false;
  return tender.ownerRegionId === null || tenderConcerns(member, tender);
}

/**
 * A scoring round waits for the member's organisation: it is open, the organisation has a seat,
 * and it has not scored every cell (scenarios × criteria).
 */
export function scoringWaiting(round: { status: "OPEN" | "LOCKED"; hasSeat: boolean; scenarios: number; criteria: number; myScores: number }): boolean {
  return round.status === "OPEN" && round.hasSeat && round.scenarios * round.criteria > 0 && round.myScores < round.scenarios * round.criteria;
}

/** Whole days from `today` to `due` (both "YYYY-MM-DD"): negative when overdue. */
export function daysUntil(due: string, today: string): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * Where a milestone stands for the home: "overdue" (due before today and still scheduled),
 * "soon" (due today or within the horizon), or null (done, without date, or later).
 */
export function milestoneAttention(
  milestone: { status: "SCHEDULED" | "MET" | "NOT_MET" | "PARTIALLY_MET"; dueDate: string | null; dateMet: string | null },
  today: string,
  horizonDays: number = MILESTONE_HORIZON_DAYS,
): "overdue" | "soon" | null {
  if (milestone.status !== "SCHEDULED" || milestone.dateMet !== null || milestone.dueDate === null) return null;
  const days = daysUntil(milestone.dueDate, today);
  if (days < 0) return "overdue";
  return days <= horizonDays ? "soon" : null;
}

/**
 * A change in the history concerns the member: someone else made it, on one of the records of
 * the member's organisation or region (`myRecordIds`: the ids the service collected).
 */
export function changeConcerns(userId: string, event: { actorId: string | null; entityId: string }, myRecordIds: ReadonlySet<string>): boolean {
  return event.actorId !== userId && myRecordIds.has(event.entityId);
}
