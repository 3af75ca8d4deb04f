import type { Auth, AuthUser, ClientInfo, SignedInWith } from "@regiotafel/auth";
import type { Db } from "@regiotafel/db";
import type { Locale } from "@regiotafel/domain";

/** What procedures may ask of the live co-editing server (implemented by CollabHub). */
export interface CollabService {
  /** The document's current content as a Yjs state (live when open). */
  currentState(documentId: string): Promise<Uint8Array>;
  /** Makes the document's content equal to `state`, as a normal change all editors receive. */
  replaceContent(documentId: string, state: Uint8Array): Promise<void>;
  /** Closes every live connection to the document with a close code. */
  closeDocument(documentId: string, code: number): void;
  /** Whether the document's stored state loads; false when it is damaged (throws when the database fails). */
  loads(documentId: string): Promise<boolean>;
}

/** A provider's answer, as far as procedures need it (the relying party in @regiotafel/auth gives more). */
export type SsoOutcome =
  | { ok: true; connectionId: string; organisationId: string; subject: string; email: string; name: string; returnTo: string | null }
  | { ok: false; reason: string; error?: string; detail?: string };

/** What procedures need for an organisation's single sign-on (ADR 0035), built by the server. */
export interface SingleSignOnService {
  /** Seals a secret with the server's key (REGIOTAFEL_SECRET_KEY); null when the server has none. */
  seal(secret: string): string | null;
  /** Plain-http issuers allowed (tests, a provider on this machine); https otherwise. */
  allowHttpIssuers: boolean;
  /** The callback every provider must have registered exactly (PUBLIC_URL/inloggen/sso). */
  redirectUri: string;
  /** Whether the issuer answers OpenID Connect discovery (a bounded wait; false when it is down or answers nonsense). */
  discoverable(issuer: string): Promise<boolean>;
  /** Starts a sign-in at the connection's provider: the URL to send the browser to. */
  begin(connectionId: string, returnTo: string | null): Promise<{ ok: true; url: string } | { ok: false; reason: string; detail?: string }>;
  /** Finishes a sign-in from the URL the provider sent the browser back to; never throws for a provider's doing. */
  complete(callbackUrl: URL): Promise<SsoOutcome>;
  /** Where to end the session at the provider too (RP-initiated logout); null when it offers none. */
  endSessionUrl(connectionId: string, postLogoutRedirectUri: string): Promise<string | null>;
}

/** Per-request context, built by the server after it has read the session cookie. */
export interface Context {
  prisma: Db;
  auth: Auth;
  locale: Locale;
  user: AuthUser | null;
  /** The raw session token from the cookie, when there is a valid session. */
  sessionToken: string | null;
  /** How that session was signed in (a password or an organisation's provider). */
  signedInWith: SignedInWith | null;
  client: ClientInfo;
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
  collab: CollabService;
  /** This site's origin (https://host), for absolute links in exports. */
  origin: string;
  singleSignOn: SingleSignOnService;
}

/** Most requests per HTTP batch; larger batches are refused before any procedure runs. */
export const MAX_BATCH_SIZE = 10;
