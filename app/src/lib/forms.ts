import type { SubmissionResult } from "@conform-to/react";
import type { ErrorDescription } from "@regiotafel/domain";

/** An action's answer to the form that posted, for Conform's `useForm({ lastResult })` (lib/submission.server.ts). */
export type FormReply = SubmissionResult<string[]>;

/** Every message of a refusal in one text: the fields' messages, or else the message for the whole form. */
export function errorMessages(error: ErrorDescription): string {
  return Object.values(error.fieldErrors ?? {}).flat().join(" ") || error.message;
}

/** A text field of a submitted form; absent fields read as "". */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
