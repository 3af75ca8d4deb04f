import { useState } from "react";
import { conflictingFields, mergeAfterConflict } from "~/lib/tenders";

type Values = Record<string, string | readonly string[]>;

/** The answer to this form's last save (or to another action that changed the same record). */
export interface EditAnswer<V> {
  at: number;
  ok: boolean;
  /** Refused because the record changed since the form was filled in. */
  stale?: boolean;
  /** What the user typed, returned with a refusal. */
  typed?: V;
}

interface Session<V> {
  version: number;
  base: V;
}

/**
 * The state of an edit form on a live page.
 *
 * - Until the user changes something, the form follows the record (live updates included) and
 *   saves against its current version.
 * - From the first change on, the form keeps the version and values it started from, so saving
 *   over someone else's later change is refused as stale instead of overwriting it unseen.
 * - After a stale refusal the form shows the user's changes merged into the latest record (see
 *   mergeAfterConflict) and saves against the latest version: saving again is a knowing choice.
 * - After a save (or another answer for this record) it follows the record again.
 *
 * Without JavaScript the page is rendered from the action's answer: the typed values and the
 * latest version, which is the same outcome without the merge.
 *
 * `settled` is false while the page reloads its data after an action (navigation.state is not
 * idle): the answer is taken in only with the reloaded record.
 */
export function useEditSession<V extends Values>(current: { version: number; values: V }, answer: EditAnswer<V> | undefined, settled: boolean) {
  const [session, setSession] = useState<Session<V> | null>(null);
  const [shown, setShown] = useState<V | null>(null);
  const [conflicts, setConflicts] = useState<(keyof V)[]>([]);
  const [seen, setSeen] = useState(answer?.at);

  // A new answer, once the page's data has been reloaded after it (`settled`: the answer arrives
  // before the reloaded record): adjust the state while rendering (React's pattern for state
  // derived from props).
  if (answer?.at !== seen && settled) {
    setSeen(answer?.at);
    if (answer && !answer.ok && answer.stale && answer.typed) {
      const base = session?.base ?? current.values;
      setShown(mergeAfterConflict(answer.typed, base, current.values));
      setConflicts(conflictingFields(answer.typed, base, current.values));
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

  const start = () => {
    if (!session) setSession({ version: current.version, base: current.values });
  };
  return {
    version: session?.version ?? current.version,
    values: shown ?? session?.base ?? current.values,
    /** Fields both the user and someone else changed (the user's value is in the form). */
    conflicts,
    /** Put on the form as onInput and onChange: the first change starts the session. */
    onEdit: start,
    /** Key for the form: it is rebuilt with the new values once an answer has been taken in. */
    key: seen ?? "initial",
  };
}
