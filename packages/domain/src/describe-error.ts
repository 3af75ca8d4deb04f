import { errorMessage } from "./messages";
import type { Locale } from "./i18n";

/** Field name → translated messages, for forms to show next to their fields. */
export type FieldErrors = Record<string, string[]>;

export interface ErrorDescription {
  code: string;
  httpStatus: number;
  messageKey: string;
  message: string;
  fieldErrors?: FieldErrors;
}

/**
 * The HTTP status of every tRPC error code (tRPC sends the status the formatted error names,
 * so a code missing here would go out as 500).
 */
const STATUS: Record<string, number> = {
  PARSE_ERROR: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  TIMEOUT: 408,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
  PRECONDITION_REQUIRED: 428,
  TOO_MANY_REQUESTS: 429,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
};

const DEFAULT_KEYS: Record<string, string> = {
  UNAUTHORIZED: "auth.required",
  NOT_FOUND: "notFound",
  FORBIDDEN: "forbidden",
  BAD_REQUEST: "input.invalid",
  PARSE_ERROR: "input.invalid",
  METHOD_NOT_SUPPORTED: "input.invalid",
  UNSUPPORTED_MEDIA_TYPE: "input.invalid",
  UNPROCESSABLE_CONTENT: "input.invalid",
  PAYLOAD_TOO_LARGE: "payload.tooLarge",
  INTERNAL_SERVER_ERROR: "server.error",
};

const MESSAGE_KEY = /^[a-z]+(\.[a-zA-Z]+)*$/;

/**
 * The message of one zod issue in the user's language: our schemas give every check a message
 * key; an issue without one (zod's own text) reads "input.invalid". Used for a procedure's
 * field errors here and for a form the app validates before calling it (app/src/lib/submission.server.ts).
 */
export function issueMessage(locale: Locale, issue: { message: string; params?: unknown }): string {
  if (!MESSAGE_KEY.test(issue.message)) return errorMessage(locale, "input.invalid");
  return errorMessage(locale, issue.message, issueParams(issue.params));
}

/** The text and number values a custom issue carries for its message (e.g. the address a list refused). */
function issueParams(params: unknown): Record<string, string | number> | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const values = Object.entries(params).filter((e): e is [string, string | number] => typeof e[1] === "string" || typeof e[1] === "number");
  return values.length > 0 ? Object.fromEntries(values) : undefined;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  issues?: { message: string; path: PropertyKey[] }[];
  messageKey?: string;
  params?: Record<string, string | number>;
  field?: string;
}

/**
 * Explains any error from a procedure (a tRPC error wrapping a zod validation error or a
 * business-rule DomainError, or anything else) in the user's language, with per-field
 * messages for forms. Matches by shape, not class, so copies of a library in different
 * bundles still agree. Unknown errors never leak their text.
 */
export function describeError(error: unknown, locale: Locale): ErrorDescription {
  const e = (error ?? {}) as ErrorLike;
  const isTrpc = e.name === "TRPCError";
  const cause = (isTrpc ? e.cause : e) as ErrorLike | undefined;
  let code = isTrpc ? e.code! : "INTERNAL_SERVER_ERROR";
  let key = DEFAULT_KEYS[code] ?? "server.error";
  let params: Record<string, string | number> | undefined;
  let fieldErrors: FieldErrors | undefined;

  if (cause?.name === "ZodError" && Array.isArray(cause.issues)) {
    code = "BAD_REQUEST";
    key = "input.invalid";
    fieldErrors = {};
    for (const issue of cause.issues) {
      const field = issue.path.map(String).join(".") || "_";
      (fieldErrors[field] ??= []).push(issueMessage(locale, issue));
    }
  } else if (cause?.name === "DomainError" && cause.messageKey) {
    if (!isTrpc) code = cause.code ?? code;
    key = cause.messageKey;
    params = cause.params;
    if (cause.field) fieldErrors = { [cause.field]: [errorMessage(locale, key, params)] };
  } else if (isTrpc && code !== "INTERNAL_SERVER_ERROR" && e.message && MESSAGE_KEY.test(e.message)) {
    key = e.message;
  }
  return {
    code,
    httpStatus: STATUS[code] ?? 500,
    messageKey: key,
    message: errorMessage(locale, key, params),
    ...(fieldErrors ? { fieldErrors } : {}),
  };
}
