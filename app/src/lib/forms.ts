import type { z } from "zod";
import type { SubmissionResult } from "@conform-to/react";
import type { ErrorDescription, FieldErrors } from "@regiotafel/domain";

/** An action's answer to the form that posted, for Conform's `useForm({ lastResult })` (lib/submission.server.ts). */
export type FormReply = SubmissionResult<string[]>;

export interface FormErrors {
  /** Messages for the fields the form shows, keyed by field name. */
  fieldErrors: FieldErrors;
  /** A message for the form as a whole (business rule refusals, or problems with fields the form does not show). */
  formError: string | null;
}

/**
 * Splits an action's error over the form: messages of visible fields go next to those fields,
 * everything else (a conflict, an invalid hidden field) into one message for the whole form,
 * so that no refusal goes unexplained.
 */
export function formErrors(error: ErrorDescription | null | undefined, fields: readonly string[]): FormErrors {
  if (!error) return { fieldErrors: {}, formError: null };
  if (!error.fieldErrors) return { fieldErrors: {}, formError: error.message };
  const fieldErrors: FieldErrors = {};
  const other: string[] = [];
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    if (fields.includes(field)) fieldErrors[field] = messages;
    else other.push(...messages);
  }
  const formError = other.length ? [...new Set(other)].join(" ") : Object.keys(fieldErrors).length ? null : error.message;
  return { fieldErrors, formError };
}

/** Every message of a refusal in one text: the fields' messages, or else the message for the whole form. */
export function errorMessages(error: ErrorDescription): string {
  return Object.values(error.fieldErrors ?? {}).flat().join(" ") || error.message;
}

/** A text field of a submitted form; absent fields read as "". */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A submitted form as an object: a name posted once is its text, a name posted several times a list of texts. */
export function formObject(form: FormData): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const name of new Set(form.keys())) {
    if (name === "__proto__") continue; // would replace the object's prototype
    const values = form.getAll(name).filter((v): v is string => typeof v === "string");
    object[name] = values.length === 1 ? values[0]! : values;
  }
  return object;
}

/**
 * A submitted form as an operation's input, parsed with the operation's own schema (which reads
 * Dutch numbers, empty selects and checkbox lists). An invalid form throws the schema's error,
 * which `mutate` reports with a message per field, like a refusal of the API. The API parses
 * the same schema again: only its output is typed the way the procedure takes it.
 */
export function formInput<S extends z.ZodType, F extends Record<string, unknown>>(operation: { input: S }, form: FormData, fixed: F): z.output<S> & F {
  // `fixed` (the workspace, the page's record) wins over anything posted under its names.
  return { ...(operation.input.parse({ ...formObject(form), ...fixed }) as object), ...fixed } as z.output<S> & F;
}
