import { useEffect, useRef, useState } from "react";

/**
 * The version an edit form saves against: the record's version when the form appeared, not the
 * one a live update brought in since, so that saving over someone else's change is refused
 * (CONFLICT) instead of silently overwriting it. When `resetKey` changes (this form's save was
 * answered: saved, or refused as stale after which the page shows the latest state), the form
 * takes the record's current version: saving again then knowingly replaces what is shown.
 */
export function useEditVersion(current: number, resetKey: unknown): number {
  const [version, setVersion] = useState(current);
  const latest = useRef(current);
  latest.current = current;
  useEffect(() => {
    if (resetKey !== undefined) setVersion(latest.current);
  }, [resetKey]);
  return version;
}
