import type { AppLoadContext } from "@remix-run/node";
import { parseWithZod, type Submission } from "@conform-to/zod/v4";
import { describeError, issueMessage, type ErrorDescription, type FieldErrors, type Locale } from "@regiotafel/domain";
import { z } from "zod";
import { mutate } from "./api.server";
import type { FormReply } from "./forms";

// A form posted to a Remix action, on Conform (ADR 0018): read with the operation contract's own
// schema, and answered so that the same form shows every refusal, next to its field or above it,
// with what the user typed.

type FormSubmission<T> = Submission<unknown, string[], T>;

/**
 * A posted form read with an operation's input schema. The schema does its own form coercion
 * (Dutch numbers, empty selects, checkbox lists: packages/domain form-input.ts), so Conform's is
 * off: it turns an empty text into "absent" (a schema default would then apply where the
 * contract refuses) and would read "12.900" as 12.9 in any plain number field. `fixed` (the workspace and
 * the record of the page's URL) wins over anything posted under its names. Messages are the
 * user's language, from the same catalogue as the API's (issueMessage); `issues` keeps the zod
 * issues so that an invalid form is described like a refusal of the API.
 */
export function parseSubmission<S extends z.ZodType, F extends Record<string, unknown>>(operation: { input: S }, form: FormData, fixed: F, locale: Locale) {
  const issues: z.core.$ZodIssue[] = [];
  const schema = z.preprocess((posted) => (isRecord(posted) ? { ...posted, ...fixed } : posted), operation.input);
  const submission: FormSubmission<z.output<S>> = parseWithZod(form, {
    schema,
    disableAutoCoercion: true,
    formatError: (found: z.core.$ZodIssue[]) => {
      issues.push(...found);
      return found.map((issue) => issueMessage(locale, issue));
    },
  });
  return { submission, issues };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Places a refusal's messages on the form: a message of a field the user fills in goes next to
 * it (a list field's item, "participantIds.0" or "participantIds[0]", to the list); a message of
 * a `fixed` field, of the whole input ("_") or a refusal without fields goes above the form, so
 * that no refusal goes unexplained.
 */
export function placeMessages(error: Pick<ErrorDescription, "message" | "fieldErrors">, fixed: readonly string[]): { formErrors: string[]; fieldErrors: FieldErrors } {
  if (!error.fieldErrors) return { formErrors: [error.message], fieldErrors: {} };
  const formErrors: string[] = [];
  const fieldErrors: FieldErrors = {};
  for (const [path, messages] of Object.entries(error.fieldErrors)) {
    const field = /^[^.[]*/.exec(path)?.[0] ?? "";
    if (field === "" || field === "_" || fixed.includes(field)) formErrors.push(...messages);
    else (fieldErrors[field] ??= []).push(...messages);
  }
  return { formErrors: [...new Set(formErrors)], fieldErrors };
}

/** The answer to a refused form: its messages placed (placeMessages), the typed values kept, except `secret` ones (passwords). */
export function refusalReply<T>(submission: FormSubmission<T>, error: ErrorDescription, fixed: readonly string[], secret: readonly string[] = []): FormReply {
  return submission.reply({ ...placeMessages(error, fixed), hideFields: [...secret] });
}

export type Submitted<I, T> = { ok: true; input: I; data: T } | { ok: false; error: ErrorDescription; reply: FormReply };

/**
 * Runs an operation for a posted form: parses it (parseSubmission) and calls the procedure with
 * the typed input. An invalid form and a refusal by the API (a rule, a stale version, a field
 * the service checks) both come back as `error` (the page's alerts and HTTP status) and `reply`
 * (the form's field messages and typed values).
 */
export async function submitForm<S extends z.ZodType<object>, F extends Record<string, unknown>, T>(
  context: Pick<AppLoadContext, "locale">,
  operation: { input: S; secret?: readonly string[] },
  form: FormData,
  fixed: F,
  call: (input: z.output<S> & F) => Promise<T>,
): Promise<Submitted<z.output<S> & F, T>> {
  const { submission, issues } = parseSubmission(operation, form, fixed, context.locale);
  const fixedNames = Object.keys(fixed);
  if (submission.status !== "success") {
    const error = describeError(new z.ZodError(issues), context.locale);
    return { ok: false, error, reply: refusalReply(submission, error, fixedNames, operation.secret) };
  }
  // The workspace routes the call and is not part of the contract's schema: added again here.
  const input = { ...submission.value, ...fixed };
  const result = await mutate(context, () => call(input));
  if (!result.ok) return { ok: false, error: result.error, reply: refusalReply(submission, result.error, fixedNames, operation.secret) };
  return { ok: true, input, data: result.data };
}
