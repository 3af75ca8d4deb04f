import { useForm, type DefaultValue, type FormMetadata } from "@conform-to/react";
import type { FormValues } from "~/lib/edit-merge";
import type { FormReply } from "~/lib/forms";

// The record pages' forms on Conform (ADR 0018). The action validates (lib/submission.server.ts)
// and answers the form that posted with a reply; the form takes its fields' names, ids and
// messages from Conform, so every field, its label and its error are wired up alike.

/** Clears what an earlier reply showed, once the page's last outcome is no longer this form's refusal. */
const NO_REPLY: FormReply = {};

/**
 * Conform's form for a record form of a page with one outcome for all its forms (OutcomeProvider):
 * `reply` is the action's answer when the last outcome is this form's refusal. `id` names the
 * form (and prefixes its fields' ids), unique on the page. Validation is the server's: the form
 * posts as it would without JavaScript.
 */
export function useRecordForm<V extends FormValues>(id: string, reply: FormReply | undefined, defaultValue?: DefaultValue<V>) {
  return useForm<V>({ id, lastResult: reply ?? NO_REPLY, defaultValue });
}

/** A Conform field as our field components take it (components/FormFields.tsx, records/Fields.tsx). */
export function conformField(field: { name: string; id: string; errors: string[] | undefined }) {
  return { name: field.name, id: field.id, errors: field.errors };
}

/**
 * The message for the whole form: the reply's form errors and those of the fields the form
 * posts hidden (`hidden`: its version, its record), which have no place next to a field.
 */
export function formMessage(form: Pick<FormMetadata<Record<string, unknown>, string[]>, "errors" | "allErrors">, hidden: Readonly<Record<string, unknown>> = {}): string | null {
  const messages = [...(form.errors ?? []), ...Object.keys(hidden).flatMap((name) => form.allErrors[name] ?? [])];
  return messages.length ? [...new Set(messages)].join(" ") : null;
}

/** The fieldset `useRecordForm` gives for a form with these values. */
export type FieldsetOf<V extends FormValues> = ReturnType<typeof useRecordForm<V>>[1];
