import { createContext, useContext } from "react";

/**
 * The nonce of this response's Content-Security-Policy, for Remix's inline scripts. Set by
 * entry.server.tsx from the load context; undefined in the browser, where those scripts
 * have already run.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
