import type { createCaller } from "@regiotafel/api";
import type { AuthUser } from "@regiotafel/auth";
import type { Locale } from "@regiotafel/domain";

// The server (server/src/request-context.ts) gives every loader and action this context:
// the same tRPC procedures as /api/trpc, already bound to the request's session.
declare module "@remix-run/node" {
  interface AppLoadContext {
    api: ReturnType<typeof createCaller>;
    user: AuthUser | null;
    locale: Locale;
    /** Demo mode: the demo accounts exist (and only then may the login page name them). */
    demo?: boolean;
    /** The largest workspace archive the import page takes (IMPORT_MAX_MB, ADR 0025). */
    importMaxBytes?: number;
    /** Where accessibility problems are reported (ACCESSIBILITY_CONTACT), for the accessibility statement. */
    accessibilityContact?: string;
    /** The Content-Security-Policy nonce of this response (entry.server.tsx). */
    cspNonce?: string;
    /** Set only when the server renders the error page of a failure outside Remix (routes/fout.tsx). */
    failure?: number;
  }
}
export {};
