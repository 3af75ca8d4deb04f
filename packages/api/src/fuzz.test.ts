// Procedure fuzzing: every procedure of the router gets fast-check inputs derived from its
// schema and outside it, as every persona, through the server-side caller. No call may end
// in a server error (500), and a refused call must leave every table as it was.
//
// Replay a failure with FUZZ_SEED=<seed printed below>; FUZZ_RUNS=<n> sets the cases per
// procedure (CI may ask for more).
import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describeError } from "@regiotafel/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "./context";
import { apiHint, DatabaseState, ensurePersonas, fuzzInput, IdPools, PERSONA_EMAIL, PERSONAS, routerProcedures, WRITES_ON_REFUSAL, type Persona } from "./fuzz-support";
import { createCaller } from "./router";
import { createApiTestEnv, type ApiTestEnv } from "./test-support";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let env: ApiTestEnv;
let state: DatabaseState;
const contexts = new Map<Persona, Context>();

beforeAll(async () => {
  env = await createApiTestEnv();
  await ensurePersonas(env.db.prisma, env.demoPasswordHash);
  for (const persona of PERSONAS) contexts.set(persona, await env.contextFor(PERSONA_EMAIL[persona]));
  state = await DatabaseState.open(env.db.prisma);
});
afterAll(() => env?.close());

type Call = (input: unknown) => Promise<unknown>;

function procedureOf(persona: Persona, path: string): Call {
  const ctx = contexts.get(persona)!;
  const caller = createCaller({ ...ctx, setCookie: () => undefined }) as unknown as Record<string, Record<string, Call>>;
  const [group, name] = path.split(".") as [string, string];
  return caller[group]![name]!;
}

/** An error that reaches the client as a 5xx: by tRPC's status, or by the status our formatter puts in the answer. */
function isServerError(error: unknown): boolean {
  return !(error instanceof TRPCError) || getHTTPStatusCodeFromError(error) >= 500 || describeError(error, "nl").httpStatus >= 500;
}

/** A short, printable description of an input (huge strings and deep nesting abbreviated). */
function show(value: unknown): string {
  const text = fc.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
}

function seedFor(path: string): number {
  let hash = SEED;
  for (const c of path) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) | 0;
  return hash;
}

const procedures = routerProcedures();
let totalCases = 0;
/** Outcomes per procedure (printed with FUZZ_STATS=1, to see which paths the inputs reach). */
const outcomes: Record<string, Record<string, number>> = {};
/** Ids of the database, reloaded when something changed. */
let pools: { hint: ReturnType<typeof apiHint>; generation: number } | undefined;

describe(`procedure fuzzing (FUZZ_SEED=${SEED}, ${RUNS} cases per procedure)`, () => {
  it("reaches every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(70);
    expect(procedures.map((p) => p.type)).not.toContain("subscription");
  });

  it.each(procedures)("$path: no 500, and refused calls change nothing", { timeout: 120_000 }, async (procedure) => {
    await ensurePersonas(env.db.prisma, env.demoPasswordHash);
    await state.changedTables();
    if (!pools || pools.generation !== state.generation) pools = { hint: apiHint(await IdPools.load(env.db.prisma)), generation: state.generation };
    const { hint } = pools;
    const allowed = new Set(WRITES_ON_REFUSAL[procedure.path] ?? []);

    // A mutation is sometimes sent twice at once, as a double click or a retry would: a
    // check-then-insert race must end in a clear refusal, never in a unique violation.
    const twice = procedure.type === "mutation" ? fc.boolean() : fc.constant(false);
    const property = fc.asyncProperty(fc.constantFrom(...PERSONAS), fuzzInput(procedure, hint), twice, async (persona, { valid, input }, concurrent) => {
      totalCases++;
      const run = procedureOf(persona, procedure.path);
      const settled = await Promise.allSettled(concurrent ? [run(input), run(input)] : [run(input)]);
      const failures = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
      // A server error in either call counts; otherwise the state must hold when both were refused.
      const error = failures.find(isServerError) ?? (failures.length === settled.length ? failures[0] : undefined);
      // Stored Yjs updates are written in the background: they belong to this call.
      await env.hub.flush();
      const changed = await state.changedTables();
      const outcome = error === undefined ? "OK" : error instanceof TRPCError ? error.code : "?";
      const counts = (outcomes[procedure.path] ??= {});
      counts[`${valid ? "valid" : "outside"} ${outcome}`] = (counts[`${valid ? "valid" : "outside"} ${outcome}`] ?? 0) + 1;
      if (error === undefined) return;

      const where = `${procedure.path} as ${persona}${concurrent ? ", twice at once," : ""} with ${valid ? "a valid" : "an invalid"} input ${show(input)}`;
      if (!(error instanceof TRPCError)) throw new Error(`${where} threw a non-tRPC error`, { cause: error });
      if (isServerError(error)) {
        const status = getHTTPStatusCodeFromError(error);
        const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}\n${error.cause.stack}` : String(error.cause);
        throw new Error(`${where} answered ${error.code} (${status}): ${cause}`);
      }
      const unexpected = changed.filter((t) => !allowed.has(t));
      if (unexpected.length > 0) throw new Error(`${where} was refused (${error.code}) but changed ${unexpected.join(", ")}`);
    });
    await fc.assert(property, { seed: seedFor(procedure.path), numRuns: RUNS });
  });

  it("ran the cases it promised", () => {
    if (process.env.FUZZ_STATS) for (const [path, counts] of Object.entries(outcomes)) console.log(path, JSON.stringify(counts));
    expect(totalCases).toBeGreaterThanOrEqual(procedures.length * RUNS);
  });
});
