import { useActionData, useLocation, useNavigation } from "@remix-run/react";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { ErrorDescription } from "@regiotafel/domain";

/**
 * What an action of the governance and supra-regional pages returns. Every form on those pages
 * posts an `intent` (which procedure) and a `formKey` (which form: "body:<id>", "nvo:<unit>:3"),
 * so that each form shows only its own outcome.
 */
export type Outcome =
  | { ok: true; intent: string; formKey: string; at: number; undo?: Record<string, string | string[]>; name?: string }
  | { ok: false; intent: string; formKey: string; at: number; error: ErrorDescription; conflict: boolean; values: Record<string, string | string[]> };

export type Failure = Extract<Outcome, { ok: false }>;

const OutcomeContext = createContext<Outcome | undefined>(undefined);

/**
 * Holds the last action's outcome for the page's forms. Two corrections to useActionData:
 * - React Router publishes an action's result while it still reloads the page's data; until
 *   that is done there is no outcome yet, so "saved" never shows next to the old values.
 * - A live reload (someone's change, also one's own arriving over the stream) clears the action
 *   data; the outcome stays until the user goes elsewhere (a new location), so an undo button
 *   or a refused form with the typed values does not vanish under the user's hands.
 */
export function OutcomeProvider({ children }: { children: ReactNode }) {
  const actionData = useActionData() as Outcome | undefined;
  const navigation = useNavigation();
  const location = useLocation();
  const [kept, setKept] = useState<{ outcome: Outcome; location: string } | null>(null);
  useEffect(() => {
    if (actionData) setKept({ outcome: actionData, location: location.key });
  }, [actionData, location.key]);
  const reloading = navigation.state === "loading" && navigation.formMethod !== undefined && navigation.formMethod.toUpperCase() !== "GET";
  const outcome = reloading ? undefined : (actionData ?? (kept?.location === location.key ? kept.outcome : undefined));
  return <OutcomeContext.Provider value={outcome}>{children}</OutcomeContext.Provider>;
}

/** The last action's outcome (any form); inside an OutcomeProvider. */
export function useOutcome(): Outcome | undefined {
  return useContext(OutcomeContext);
}

/** The last action's outcome if it came from the form with this key. */
export function useFormOutcome(formKey: string): Outcome | undefined {
  const outcome = useOutcome();
  return outcome?.formKey === formKey ? outcome : undefined;
}

/** The refusal of the form with this key, if its last submit was refused. */
export function useFailure(formKey: string): Failure | undefined {
  const outcome = useFormOutcome(formKey);
  return outcome && !outcome.ok ? outcome : undefined;
}

/** The form with this key is being sent. */
export function useBusy(formKey: string): boolean {
  const navigation = useNavigation();
  return navigation.state === "submitting" && navigation.formData?.get("formKey") === formKey;
}

/** A typed text value of a refused form (what the user sent), or the stored value. */
export function typed(failure: Failure | undefined, name: string, stored: string | null | undefined): string {
  const value = failure?.values[name];
  return typeof value === "string" ? value : (stored ?? "");
}

/** The typed values of a multi-valued field (check boxes) of a refused form, or the stored ones. */
export function typedList(failure: Failure | undefined, name: string, stored: readonly string[]): readonly string[] {
  const value = failure?.values[name];
  return Array.isArray(value) ? value : stored;
}

/**
 * The stored version an edit form works against. While the user has not typed anything the form
 * follows the stored record (a live change re-renders it with the new values: `key` changes);
 * from the first change on it keeps the version it was opened with, so that saving over someone
 * else's newer change is refused as stale instead of silently overwriting it. After an outcome
 * (saved, or refused with the typed values kept) it follows the stored version again.
 */
export function useEditSession(stored: string | number, outcomeAt: number | undefined) {
  const [frozen, setFrozen] = useState<string | number | null>(null);
  useEffect(() => setFrozen(null), [outcomeAt]);
  const version = frozen ?? stored;
  return { version, key: `${version}-${outcomeAt ?? ""}`, onChange: () => setFrozen((f) => f ?? stored) };
}
