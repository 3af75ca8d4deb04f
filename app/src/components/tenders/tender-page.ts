import type { useActionData, useLoaderData } from "@remix-run/react";
import type { EditAnswer } from "~/components/records/edit-session";
import { failureFor, outcomeFor, useOutcome } from "~/components/records/outcome";
import { useWorkspace } from "~/lib/workspace";
import type { action, loader } from "~/routes/w.$workspace.aanbestedingen.$tenderId";

// What the parts of the tender page share: its data, its action's outcome, and the query
// parameters that open a step of the page (links, so they work without JavaScript).

export const EDIT_LOT = "perceel";
export const REMOVE_LOT = "verwijderPerceel";
/** Opens the confirmation of a step into an end state (the tender's, or with EDIT_LOT the lot's). */
export const CONFIRM_STATUS = "naarStatus";
export const EDIT_MILESTONE = "mijlpaal";
export const REMOVE_MILESTONE = "verwijderMijlpaal";

export type Tender = ReturnType<typeof useLoaderData<typeof loader>>["tender"];
export type Lot = Tender["lots"][number];
export type Milestone = Tender["milestones"][number];
export type Transition = Tender["transitions"][number];
export type TenderResult = NonNullable<ReturnType<typeof useActionData<typeof action>>>;
export type TenderFailure = Extract<TenderResult, { ok: false }>;
export type TenderIntent = TenderResult["intent"];

/** Which lot or milestone an outcome is about (an id that is not given matches any). */
type RecordId = { lotId?: string; milestoneId?: string };

/** The tender page's last outcome (kept across live reloads, after the reloaded data; see OutcomeProvider). */
export function useTenderOutcome(): TenderResult | undefined {
  return useOutcome<TenderResult>();
}

/** The tender page's own URL: where its forms post. */
export function useTenderUrl(tender: { id: string }): string {
  return `/w/${useWorkspace().slug}/aanbestedingen/${tender.id}`;
}

/** The refusal of one of these intents (and, when given, for this lot or milestone). */
export function failedFor(result: TenderResult | undefined, intents: readonly TenderIntent[], id?: RecordId): TenderFailure | undefined {
  return failureFor(result, intents, id);
}

/** The answer of the last action for an edit form: its own save, or another change of the same record by this user. */
export function answerFor<V>(result: TenderResult | undefined, intents: readonly TenderIntent[], typed: (failed: TenderFailure) => V | undefined, id?: RecordId): EditAnswer<V> | undefined {
  const found = outcomeFor(result, intents, id);
  if (!found) return undefined;
  return found.ok ? { at: found.at, ok: true } : { at: found.at, ok: false, stale: found.stale, typed: typed(found) };
}
