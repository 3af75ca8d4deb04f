import type { Auth, AuthUser, ClientInfo } from "@regiotafel/auth";
import type { Db } from "@regiotafel/db";
import type { Locale } from "@regiotafel/domain";

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
}

/** Most requests per HTTP batch; larger batches are refused before any procedure runs. */
export const MAX_BATCH_SIZE = 10;
