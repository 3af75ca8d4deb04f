import { useEffect, useState } from "react";

/**
 * False during the server render and the first browser render, true once React runs in the
 * browser: for markup that should differ with and without JavaScript, without a hydration mismatch.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
