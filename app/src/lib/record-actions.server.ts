import { data } from "@remix-run/node";
import type { ErrorDescription } from "@regiotafel/domain";
import { formText } from "./forms";

// The start and the refusals of the record pages' actions (staffing, market analysis,
// governance, segments, scenario assessment, tenders).

/** The posted form, its `intent` (one of `intents`; anything else is a bad request) and when the action runs (`at`). */
export async function readIntent<I extends string>(request: Request, intents: readonly I[]): Promise<{ form: FormData; intent: I; at: number }> {
  const form = await request.formData();
  const intent = formText(form, "intent");
  if (!isOneOf(intents, intent)) throw new Response("Onbekende actie", { status: 400 });
  return { form, intent, at: Date.now() };
}

function isOneOf<I extends string>(intents: readonly I[], name: string): name is I {
  return intents.some((intent) => intent === name);
}

/** Like readIntent, for a page whose intents are the keys of one table (intent → what it does). */
export async function readIntentOf<T extends Record<string, unknown>>(request: Request, table: T): Promise<{ form: FormData; intent: keyof T & string; at: number }> {
  const form = await request.formData();
  const intent = formText(form, "intent");
  if (!isKeyOf(table, intent)) throw new Response("Onbekende actie", { status: 400 });
  return { form, intent, at: Date.now() };
}

function isKeyOf<T extends Record<string, unknown>>(table: T, name: string): name is keyof T & string {
  return Object.hasOwn(table, name);
}

/**
 * A refused action's answer, with the error's HTTP status: the outcome's fields (intent, at,
 * which record or form, the typed `values`), the error, and `conflict` when the error is a
 * CONFLICT (a stale version, for one), so that the form shows the newest state and keeps what was typed.
 */
export function refused<O extends object>(outcome: O, error: ErrorDescription) {
  return data({ ok: false as const, ...outcome, error, conflict: error.code === "CONFLICT" }, { status: error.httpStatus });
}
