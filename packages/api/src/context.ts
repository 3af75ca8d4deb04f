import type { Auth, AuthUser, ClientInfo } from "@regiotafel/auth";
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

/** Per-request context, built by the server after it has read the session cookie. */
export interface Context {
  prisma: Db;
  auth: Auth;
  locale: Locale;
  user: AuthUser | null;
  /** The raw session token from the cookie, when there is a valid session. */
  sessionToken: string | null;
  client: ClientInfo;
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
  collab: CollabService;
  /** This site's origin (https://host), for absolute links in exports. */
  origin: string;
}

/** Most requests per HTTP batch; larger batches are refused before any procedure runs. */
export const MAX_BATCH_SIZE = 10;
