import { useActionData, useLocation, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { ErrorDescription } from "@regiotafel/domain";
import type { FormReply } from "~/lib/forms";

// The outcome of a form post on the live record pages (tenders, staffing, market analysis,
// governance, segments, scenario assessment): kept while the page stays where it is, shown with
// the data it produced, and picked out per form.

/** What every record page's action answers: which procedure (`intent`), whether it worked, and when. */
export interface ActionOutcome {
  ok: boolean;
  intent: string;
  /** When the action ran: the same answer given twice still counts as a new one. */
  at: number;
}

/**
 * The last action's outcome, with two corrections to useActionData:
 * - Outcomes wait for the reloaded data: React Router publishes an action's result while it still
 *   reloads the page's data; until that is done there is no outcome yet, so "saved" or a stale
 *   refusal never shows next to the old values.
 * - Outcomes survive live reloads until navigation: a live reload (someone's change arriving
 *   over the stream) clears the action data; the outcome stays until the user goes elsewhere
 *   (a new location: another sort, opening a form), so an undo button or a refused form with
 *   the typed values does not vanish under the user's hands.
 */
export function useActionOutcome<T>(): T | undefined {
  const actionData = useActionData() as T | undefined;
  const navigation = useNavigation();
  const location = useLocation();
  const [kept, setKept] = useState<{ outcome: T; location: string } | null>(null);
  useEffect(() => {
    if (actionData) setKept({ outcome: actionData, location: location.key });
  }, [actionData, location.key]);
  const reloading = navigation.state === "loading" && navigation.formMethod !== undefined && navigation.formMethod.toUpperCase() !== "GET";
  if (reloading) return undefined;
  return actionData ?? (kept?.location === location.key ? kept.outcome : undefined);
}

const OutcomeContext = createContext<unknown>(undefined);

/** Shares the page's last outcome (useActionOutcome) with all its forms. */
export function OutcomeProvider({ children }: { children: ReactNode }) {
  const outcome = useActionOutcome<unknown>();
  return <OutcomeContext.Provider value={outcome}>{children}</OutcomeContext.Provider>;
}

/** The last action's outcome (any form), inside an OutcomeProvider; `T` is the page's action result. */
export function useOutcome<T = FormOutcome>(): T | undefined {
  return useContext(OutcomeContext) as T | undefined;
}

/** The outcome if it answers one of `intents` (any, when null) and carries the `match` values, e.g. `{ lotId }` (undefined values match anything). */
export function outcomeFor<O extends ActionOutcome>(outcome: O | undefined, intents: readonly string[] | null, match: Record<string, unknown> = {}): O | undefined {
  if (!outcome || (intents && !intents.includes(outcome.intent))) return undefined;
  const values = outcome as unknown as Record<string, unknown>;
  return Object.entries(match).every(([name, value]) => value === undefined || values[name] === value) ? outcome : undefined;
}

/** Like outcomeFor, for a refusal only. */
export function failureFor<O extends ActionOutcome>(outcome: O | undefined, intents: readonly string[] | null, match: Record<string, unknown> = {}): Extract<O, { ok: false }> | undefined {
  const found = outcomeFor(outcome, intents, match);
  return found && !found.ok ? (found as Extract<O, { ok: false }>) : undefined;
}

/** A form with these field values (e.g. `{ intent: "remove", lineId }`) is being sent. */
export function useSubmitting(fields: Record<string, string>): boolean {
  const navigation = useNavigation();
  return navigation.state === "submitting" && Object.entries(fields).every(([name, value]) => navigation.formData?.get(name) === value);
}

/**
 * "Always reload after a post": after every post, also a refused one, the page's data reloads,
 * so that a stale write shows the newest state and version. When only the query string changes
 * (a filter, a sort, a form or confirmation opened by a link) the loaded data still holds, unless
 * `queryKeepsData` says otherwise for that change (false: every change reloads). A live reload
 * (same URL) goes on as usual.
 */
export function revalidateAfterPost(queryKeepsData: boolean | ((current: URL, next: URL) => boolean) = true): ShouldRevalidateFunction {
  return ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
    if (formMethod !== undefined && formMethod.toUpperCase() !== "GET") return true;
    const queryOnly = currentUrl.pathname === nextUrl.pathname && currentUrl.search !== nextUrl.search;
    if (queryOnly && (typeof queryKeepsData === "function" ? queryKeepsData(currentUrl, nextUrl) : queryKeepsData)) return false;
    return defaultShouldRevalidate;
  };
}

/* ------------------------------------------------------------ form keys */

/**
 * The outcome on pages whose forms post a `formKey` next to the `intent` (which form:
 * "body:<id>", "nvo:<unit>:3"), so that each form shows only its own outcome: governance,
 * segments, scenario assessment.
 */
export type FormOutcome =
  | (ActionOutcome & { ok: true; formKey: string; undo?: Record<string, string | string[]>; name?: string })
  | (ActionOutcome & {
      ok: false;
      formKey: string;
      error: ErrorDescription;
      conflict: boolean;
      /** Its messages and typed values (Conform's reply, ADR 0018). */
      reply: FormReply;
    });

export type FormFailure = Extract<FormOutcome, { ok: false }>;

/** The last action's outcome if it came from the form with this key. */
export function useFormOutcome(formKey: string): FormOutcome | undefined {
  return outcomeFor(useOutcome<FormOutcome>(), null, { formKey });
}

/** The refusal of the form with this key, if its last submit was refused. */
export function useFailure(formKey: string): FormFailure | undefined {
  return failureFor(useOutcome<FormOutcome>(), null, { formKey });
}

/** The form with this key is being sent. */
export function useBusy(formKey: string): boolean {
  return useSubmitting({ formKey });
}

