import { redirect, type AppLoadContext } from "@remix-run/node";
import { describeError, type ErrorDescription } from "@regiotafel/domain";

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(context: AppLoadContext, request: Request) {
  if (context.user) return context.user;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Where an account that must have a second factor (platform administrators) sets it up. */
export const ENROLMENT_PATH = "/tweestapsverificatie";
/** Pages such an account may still open: the set-up itself, signing out, the language, the accessibility statement, error pages. */
const OPEN_BEFORE_ENROLMENT = new Set([ENROLMENT_PATH, "/logout", "/taal", "/toegankelijkheid", "/fout"]);

/**
 * Sends an account that must enrol a second factor to the set-up from every other page (the
 * root loader calls it; the API refuses their procedures too, see `load`).
 */
export function enrolmentGate(context: Pick<AppLoadContext, "user">, request: Request): void {
  if (!context.user?.mustEnrolSecondFactor) return;
  if (!OPEN_BEFORE_ENROLMENT.has(new URL(request.url).pathname)) throw redirect(ENROLMENT_PATH);
}

/**
 * Runs a query for a loader. NOT_FOUND (including another workspace's data) becomes the 404
 * page and UNAUTHORIZED the login page; other errors propagate to the error boundary.
 */
export async function load<T>(context: AppLoadContext, request: Request, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    const { code, messageKey } = describeError(error, context.locale);
    if (code === "NOT_FOUND") throw new Response("Niet gevonden", { status: 404 });
    if (messageKey === "secondFactor.enrolmentRequired") throw redirect(ENROLMENT_PATH);
    if (code === "UNAUTHORIZED") requireUser({ ...context, user: null }, request);
    throw error;
  }
}

export type MutationResult<T> = { ok: true; data: T } | { ok: false; error: ErrorDescription };

/** Runs a mutation for an action and returns the outcome in a shape forms can render. */
export async function mutate<T>(context: Pick<AppLoadContext, "locale">, mutation: () => Promise<T>): Promise<MutationResult<T>> {
  try {
    return { ok: true, data: await mutation() };
  } catch (error) {
    const description = describeError(error, context.locale);
    if (description.code === "INTERNAL_SERVER_ERROR") console.error(error);
    return { ok: false, error: description };
  }
}

const REDIRECT_BASE = "http://regiotafel.invalid";

/**
 * Only paths of this site may be redirect targets (no open redirects). Refused: other origins
 * ("http://…", "//host"), backslashes (browsers read "/\\host" as "//host") and control
 * characters (browsers drop tabs and newlines, so "/\t/host" would become "//host").
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(target)) return fallback;
  try {
    if (new URL(target, REDIRECT_BASE).origin !== REDIRECT_BASE) return fallback;
  } catch {
    return fallback;
  }
  return target;
}
