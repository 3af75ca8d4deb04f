import { DomainError } from "../errors";
import { dutch } from "./vocabulary";

export const TENDER_STATUSES = [
  "PLANNED",
  "MARKET_CONSULTATION",
  "PUBLISHED",
  "QUESTIONS",
  "BIDS_DUE",
  "PROVISIONAL_AWARD",
  "FINAL_AWARD",
  "IMPLEMENTATION",
  "RUNNING",
  "EXTENDED",
  "ENDED",
  "CANCELLED",
] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

/** Statuses before the final award: a tender may still be cancelled from these. */
const CANCELLABLE: TenderStatus[] = ["PLANNED", "MARKET_CONSULTATION", "PUBLISHED", "QUESTIONS", "BIDS_DUE", "PROVISIONAL_AWARD", "FINAL_AWARD"];

/**
 * The lifecycle of a tender (and of a lot): planned → market consultation → published →
 * questions (nota van inlichtingen) → bids due → provisional award → final award →
 * implementation → running → extended → ended; market consultation and the Q&A round may be
 * skipped; cancelling is possible up to the final award. Ended and cancelled are final.
 */
const NEXT: Record<TenderStatus, TenderStatus[]> = {
  PLANNED: ["MARKET_CONSULTATION", "PUBLISHED"],
  MARKET_CONSULTATION: ["PUBLISHED"],
  PUBLISHED: ["QUESTIONS", "BIDS_DUE"],
  QUESTIONS: ["BIDS_DUE"],
  BIDS_DUE: ["PROVISIONAL_AWARD"],
  PROVISIONAL_AWARD: ["FINAL_AWARD"],
  FINAL_AWARD: ["IMPLEMENTATION"],
  IMPLEMENTATION: ["RUNNING"],
  RUNNING: ["EXTENDED", "ENDED"],
  EXTENDED: ["ENDED"],
  ENDED: [],
  CANCELLED: [],
};

export function nextStatuses(from: TenderStatus): TenderStatus[] {
  return CANCELLABLE.includes(from) ? [...NEXT[from], "CANCELLED"] : NEXT[from];
}

export function canTransition(from: TenderStatus, to: TenderStatus): boolean {
  return nextStatuses(from).includes(to);
}

export function assertTransition(from: TenderStatus, to: TenderStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError("CONFLICT", "tender.transitionNotAllowed", { from: dutch(from).toLowerCase(), to: dutch(to).toLowerCase() }, "status");
  }
}

/** Where a status sits on the board: its phase. */
export function statusPhase(status: TenderStatus): "preparation" | "procurement" | "award" | "contract" | "closed" {
  if (status === "PLANNED" || status === "MARKET_CONSULTATION") return "preparation";
  if (status === "PUBLISHED" || status === "QUESTIONS" || status === "BIDS_DUE") return "procurement";
  if (status === "PROVISIONAL_AWARD" || status === "FINAL_AWARD" || status === "IMPLEMENTATION") return "award";
  if (status === "RUNNING" || status === "EXTENDED") return "contract";
  return "closed";
}

/** Ended and cancelled (ingetrokken) are end states: a tender or lot in one no longer changes. */
export function isFinalStatus(status: TenderStatus): boolean {
  return status === "ENDED" || status === "CANCELLED";
}

/**
 * Lots follow their tender into an end state: when the tender is cancelled (withdrawn) or
 * ends, every lot not yet in an end state moves to the same one. Other transitions leave the
 * lots as they are (each lot may lag behind or be cancelled on its own).
 * @returns the lots that move, each with its new status.
 */
export function lotsFollowingTender<L extends { status: TenderStatus }>(to: TenderStatus, lots: readonly L[]): { lot: L; to: TenderStatus }[] {
  if (!isFinalStatus(to)) return [];
  return lots.filter((lot) => !isFinalStatus(lot.status)).map((lot) => ({ lot, to }));
}
