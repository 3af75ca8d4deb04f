import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { conflictingFields, keptValues, mergeAfterConflict, type FormValues } from "~/lib/edit-merge";
import { useFormOutcome, type FormFailure } from "./outcome";

/** The answer to an edit form's last save (or to another action that changed the same record). */
export interface EditAnswer<V> {
  at: number;
  ok: boolean;
  /** Refused because the record changed since the form was filled in. */
  stale?: boolean;
  /** What the user typed, returned with a refusal. */
  typed?: V;
}

interface Session<V, K> {
  version: K;
  base: V;
}

/**
 * The state of an edit form on a live page (one implementation for every record page).
 *
 * - Until the user changes something, the form follows the record: a live change rebuilds it
 *   with the new values (`key` changes with the version; the field that had focus keeps it) and
 *   it saves against the current version.
 * - From the first change on (`onEdit`), the form keeps the version and values it started from,
 *   so that saving over someone else's later change is refused as stale instead of overwriting
 *   it unseen.
 * - A refusal keeps what the user typed. After a stale refusal the form shows the user's changes
 *   merged into the latest record (mergeAfterConflict; `conflicts` names the fields both
 *   changed) and saves against the latest version: saving again is a knowing choice.
 * - After a save (or another answer for this record) it follows the record again.
 * - An answer is taken in once the page's data has been reloaded after it (navigation idle),
 *   so that it is merged with the reloaded record. An answer that is there on the first render
 *   (a page rendered from the action's answer, without JavaScript) is taken in at once: the
 *   typed values and the latest version.
 *
 * `current.values` are the record as the form shows it (texts, e.g. numberText for numbers), so
 * that stored and typed values compare alike; `version` null for a form that creates a record.
 */
export function useEditSession<V extends FormValues, K extends number | string | null>(current: { version: K; values: V }, answer: EditAnswer<V> | undefined) {
  const settled = useNavigation().state === "idle";
  const [session, setSession] = useState<Session<V, K> | null>(null);
  const [shown, setShown] = useState<V | null>(null);
  const [conflicts, setConflicts] = useState<(keyof V & string)[]>([]);
  const [seen, setSeen] = useState<number | undefined>(undefined);

  // A new answer, taken in while rendering (React's pattern for state derived from props).
  if (answer?.at !== seen && settled) {
    setSeen(answer?.at);
    if (answer && !answer.ok && answer.stale && answer.typed) {
      const base = session?.base ?? current.values;
      setShown(mergeAfterConflict(answer.typed, base, current.values));
      setConflicts(conflictingFields(answer.typed, base, current.values) as (keyof V & string)[]);
      setSession({ version: current.version, base: current.values });
    } else if (answer && !answer.ok && answer.typed) {
      setShown(answer.typed);
      setConflicts([]);
    } else if (answer) {
      setShown(null);
      setConflicts([]);
      setSession(null);
    }
  }

  const version = session ? session.version : current.version;
  const key = `${seen ?? "initial"}-${version ?? ""}`;
  useKeepFocus(key);
  return {
    version,
    values: shown ?? session?.base ?? current.values,
    /** Fields both the user and someone else changed (the user's value is in the form). */
    conflicts,
    /** Put on the form as onChange (and onInput): the first change starts the session. */
    onEdit: () => {
      if (!session) setSession({ version: current.version, base: current.values });
    },
    /** Key for the form: it is rebuilt with the record's or the answer's values when either changes. */
    key,
  };
}

/**
 * useEditSession for a form of the form-key pages (governance, segments): the form's own outcome
 * is its answer, and the typed values are what Conform's reply kept (keptValues), or, for a form
 * not yet on Conform, the form's fields in what the action echoes.
 */
export function useFormEditSession<V extends FormValues, K extends number | null>(formKey: string, current: { version: K; values: V }) {
  const outcome = useFormOutcome(formKey);
  const typed = (failure: FormFailure) => keptValues(failure.reply.initialValue, current.values);
  const answer: EditAnswer<V> | undefined = outcome && (outcome.ok ? { at: outcome.at, ok: true } : { at: outcome.at, ok: false, stale: outcome.conflict, typed: typed(outcome) });
  return useEditSession(current, answer);
}

/**
 * When a form is rebuilt under the user (a new `key`), the field that had focus in it would lose
 * it to the page: give it back (by id) once the new form is in place.
 */
function useKeepFocus(key: string) {
  const last = useRef(key);
  const focused = useRef<string | null>(null);
  if (last.current !== key) {
    last.current = key;
    focused.current = typeof document === "undefined" ? null : document.activeElement?.id || null;
  }
  useEffect(() => {
    const id = focused.current;
    focused.current = null;
    if (id && (document.activeElement === null || document.activeElement === document.body)) document.getElementById(id)?.focus();
  }, [key]);
}
