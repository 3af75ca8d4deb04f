import { useActionData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";

/**
 * The last action's result on a live record page (staffing, market analysis), kept while the
 * user stays on the same location. useActionData alone loses it when a live reload (someone's
 * change arriving over the stream) reloads the page's data, so an undo button or a refused form
 * with the typed values would vanish under the user's hands. Going anywhere else (another
 * sort, opening a form) clears it, as useActionData does.
 */
export function useActionOutcome<T>(): T | undefined {
  const actionData = useActionData() as T | undefined;
  const location = useLocation();
  const [kept, setKept] = useState<{ outcome: T; location: string } | null>(null);
  useEffect(() => {
    if (actionData) setKept({ outcome: actionData, location: location.key });
  }, [actionData, location.key]);
  return actionData ?? (kept?.location === location.key ? kept.outcome : undefined);
}

/**
 * The stored version an edit form saves against. While the user has not changed anything the
 * form follows the stored record (fields the user did not touch show live changes); from the
 * first change on it keeps the version it had then, so that saving over someone else's newer
 * change is refused as stale instead of silently overwriting it. After an outcome (a refused
 * save shows the typed values) it follows the stored version again: saving then knowingly
 * replaces what is stored.
 */
export function useEditVersion(stored: number, outcomeAt: number | undefined) {
  const [frozen, setFrozen] = useState<number | null>(null);
  useEffect(() => setFrozen(null), [outcomeAt]);
  return { version: frozen ?? stored, onChange: () => setFrozen((f) => f ?? stored) };
}
