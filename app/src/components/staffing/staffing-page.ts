import type { useActionData, useLoaderData } from "@remix-run/react";
import { useOutcome } from "~/components/records/outcome";
import type { action, loader } from "~/routes/w.$workspace.formatie";

// What the parts of the staffing page (formatie) share: its data, its action's outcome, anchors.

export type Unit = ReturnType<typeof useLoaderData<typeof loader>>["units"][number];
export type Line = Unit["lines"][number];
export type StaffingResult = NonNullable<ReturnType<typeof useActionData<typeof action>>>;
export type StaffingFailure = Extract<StaffingResult, { ok: false }>;

export const unitAnchor = (id: string) => `eenheid-${id}`;

/** The page's section ids (ADR 0028: "Op deze pagina" links to them). */
export const COMPARISON_SECTION = "vergelijking";
export const LINES_SECTION = "formatie-per-regio";
export const lineAnchor = (id: string) => `regel-${id}`;

/** The staffing page's last outcome (kept across live reloads, after the reloaded data; see OutcomeProvider). */
export function useStaffingOutcome(): StaffingResult | undefined {
  return useOutcome<StaffingResult>();
}
