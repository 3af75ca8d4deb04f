// Procedure fuzzing through real HTTP: a sample of the inputs of packages/api's fuzz test,
// sent to the running server's tRPC endpoint as single GET queries, POST mutations and
// batches, plus requests the HTTP layer must refuse by itself (wrong methods, malformed or
// oversized bodies, odd content types, unknown paths, too large batches). With a real
// session cookie and Origin header. No response may be a server error, and a request
// whose calls were all refused changes nothing.
//
// Replay a failure with FUZZ_SEED=<seed printed below>; FUZZ_HTTP_RUNS=<n> sets the sample size.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiHint,
  DatabaseState,
  ensurePersonas,
  fuzzInput,
  IdPools,
  PERSONA_EMAIL,
  PERSONAS,
  routerProcedures,
  WRITES_ON_REFUSAL,
  type Persona,
  type ProcedureInfo,
} from "@regiotafel/api/fuzz";
import { DEMO_PASSWORD } from "@regiotafel/db";
import type { RunningServer } from "./server";
import { startTestServer } from "./test-server";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 300);
/** The hub unloads a document this long after its last use, compacting it into these tables. */
const UNLOAD_AFTER_MS = 30_000;
const COMPACTION_TABLES = ["document", "document_snapshot", "document_update"];
/** Above the server's body limit (100 kB). */
const OVERSIZED = 150_000;

let server: RunningServer;
let state: DatabaseState;
let passwordHash: string;
const cookies = new Map<Persona, string>();

/**
 * A fresh session for the persona, made on the server side (the fuzzed calls may have changed
 * its password or throttled the address).
 */
async function signIn(persona: Persona): Promise<void> {
  const email = PERSONA_EMAIL[persona];
  if (!email) return;
  await ensurePersonas(server.database.prisma, passwordHash);
  await server.database.prisma.loginThrottle.deleteMany({});
  const result = await server.auth.login(email, DEMO_PASSWORD, { ipAddress: null, userAgent: "api-fuzz" });
  if (!result.ok) throw new Error(`cannot sign in ${email}: ${result.reason}`);
  cookies.set(persona, server.auth.sessionCookie(result.token).split(";")[0]!);
}

beforeAll(async () => {
  server = await startTestServer();
  passwordHash = await server.auth.hashPassword(DEMO_PASSWORD);
  for (const persona of PERSONAS) await signIn(persona);
  state = await DatabaseState.open(server.database.prisma);
});
afterAll(() => server?.close());

/** JSON for any generated value: bigints as strings, what JSON cannot hold left out as JSON.stringify does. */
function json(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
  } catch {
    return "null";
  }
}

interface FuzzRequest {
  persona: Persona;
  /** What the request is, for the failure message. */
  label: string;
  method: string;
  /** Path and query after /api/trpc/. */
  target: string;
  headers: Record<string, string>;
  body?: string;
  /** Procedures it calls, to know which tables a refusal may touch. */
  paths: string[];
}

/** A request before a persona is chosen to send it. */
type Outgoing = Omit<FuzzRequest, "persona">;

const procedures = routerProcedures();
const queries = procedures.filter((p) => p.type === "query");
const mutations = procedures.filter((p) => p.type === "mutation");

/** Building an arbitrary walks the schema: once per procedure. */
const inputArbitraries = new Map<string, ReturnType<typeof fuzzInput>>();
function inputOf(p: ProcedureInfo, hint: ReturnType<typeof apiHint>): ReturnType<typeof fuzzInput> {
  let arbitrary = inputArbitraries.get(p.path);
  if (!arbitrary) inputArbitraries.set(p.path, (arbitrary = fuzzInput(p, hint)));
  return arbitrary;
}

function call(p: ProcedureInfo, hint: ReturnType<typeof apiHint>): fc.Arbitrary<Outgoing> {
  return inputOf(p, hint).map(({ input }): Outgoing =>
    p.type === "query"
      ? { label: `GET ${p.path}`, method: "GET", target: input === undefined ? p.path : `${p.path}?input=${encodeURIComponent(json(input))}`, headers: {}, paths: [p.path] }
      : { label: `POST ${p.path}`, method: "POST", target: p.path, headers: { "Content-Type": "application/json" }, body: json(input), paths: [p.path] },
  );
}

function batch(hint: ReturnType<typeof apiHint>): fc.Arbitrary<Outgoing> {
  return fc
    .tuple(fc.boolean(), fc.integer({ min: 1, max: 12 }))
    .chain(([reading, size]) =>
      fc.array(fc.constantFrom(...(reading ? queries : mutations)).chain((p) => inputOf(p, hint).map(({ input }) => ({ p, input }))), { minLength: size, maxLength: size }).map((calls): Outgoing => {
        const paths = calls.map((c) => c.p.path);
        const inputs = json(Object.fromEntries(calls.map((c, i) => [i, c.input])));
        return reading
          ? { label: `GET batch ${paths.join(",")}`, method: "GET", target: `${paths.join(",")}?batch=1&input=${encodeURIComponent(inputs)}`, headers: {}, paths }
          : { label: `POST batch ${paths.join(",")}`, method: "POST", target: `${paths.join(",")}?batch=1`, headers: { "Content-Type": "application/json" }, body: inputs, paths };
      }),
    );
}

const hostileBodies = fc.constantFrom(
  "",
  "null",
  "{",
  "{\"workspace\":",
  "[1,2,3]",
  "\"limburg\"",
  "{\"__proto__\":{\"isAdmin\":true},\"workspace\":\"limburg\"}",
  "{\"constructor\":{\"prototype\":{\"polluted\":true}}}",
  `{"workspace":"${"x".repeat(OVERSIZED)}"}`,
  `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
  `${"{\"a\":".repeat(10_000)}1${"}".repeat(10_000)}`,
  "\u0000\u0001\u0002",
  "\uFEFF{\"workspace\":\"limburg\"}",
  "{\"workspace\":\"limburg\",\"workspace\":\"rivierenland\"}",
  "{\"0\":{\"workspace\":\"limburg\"}}",
  "1e999",
);

const contentTypes = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "application/json; charset=nonsense",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "",
);

/** Requests the HTTP layer refuses before (or instead of) a procedure. */
const transport: fc.Arbitrary<Outgoing> = fc.oneof(
  // A body that is not the JSON a mutation expects, in any content type and encoding.
  fc
    .tuple(fc.constantFrom(...mutations), hostileBodies, contentTypes, fc.constantFrom(undefined, "gzip", "deflate", "br", "identity", "x-unknown"), fc.boolean())
    .map(([p, body, type, encoding, batched]): Outgoing => ({
      label: `POST ${p.path} with a hostile body (${type || "no type"}, ${encoding ?? "no encoding"})`,
      method: "POST",
      target: batched ? `${p.path}?batch=1` : p.path,
      headers: { ...(type ? { "Content-Type": type } : {}), ...(encoding ? { "Content-Encoding": encoding } : {}) },
      body,
      paths: [p.path],
    })),
  // The wrong method for the procedure, or a method tRPC does not serve.
  fc.tuple(fc.constantFrom(...procedures), fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")).map(([p, method]): Outgoing => ({
    label: `${method} ${p.path}`,
    method,
    target: `${p.path}?input=${encodeURIComponent(json({ workspace: "limburg" }))}`,
    headers: method === "POST" || method === "PUT" || method === "PATCH" ? { "Content-Type": "application/json" } : {},
    body: method === "POST" || method === "PUT" || method === "PATCH" ? json({ workspace: "limburg" }) : undefined,
    paths: [p.path],
  })),
  // Query strings and paths no client builds.
  fc
    .constantFrom(
      "workspace.overview?input=%7Bgeen-json",
      "workspace.overview?input=",
      "workspace.overview?input=null&input=%7B%7D",
      "workspace.overview?input=%22%5Cu0000%22",
      "workspace.overview?batch=1",
      "workspace.overview?batch=1&input=%5B%5D",
      "workspace.overview?batch=1&input=%7B%220%22%3A1%7D",
      "workspace.overview?batch=1&input=%7B%22-1%22%3A%7B%7D%2C%22__proto__%22%3A%7B%7D%7D",
      "workspace.overview,workspace.overview?batch=1&input=%7B%7D",
      `${Array.from({ length: 11 }, () => "auth.me").join(",")}?batch=1&input=%7B%7D`,
      "workspace.overview?batch=true&input=%7B%7D",
      `workspace.overview?input=${encodeURIComponent(json({ workspace: "x".repeat(5_000) }))}`,
      "workspace.bestaatNiet",
      "workspace",
      "",
      "auth.me/extra",
      "__proto__.constructor",
      "workspace.%E0%A4%A",
      "workspace.overview%00",
      "..%2F..%2Fhealthz",
      "auth.me?input=%7B%7D&batch=1&batch=0",
    )
    .map((target): Outgoing => ({ label: `GET ${target}`, method: "GET", target, headers: {}, paths: [target.split("?")[0]!] })),
  // Streaming answers (tRPC's JSON lines), with a batch of queries.
  fc.constantFrom(...queries).map((p): Outgoing => ({
    label: `GET ${p.path} as JSON lines`,
    method: "GET",
    target: `${p.path},${p.path}?batch=1&input=${encodeURIComponent(json({ 0: { workspace: "limburg" }, 1: { workspace: 1 } }))}`,
    headers: { "trpc-accept": "application/jsonl" },
    paths: [p.path],
  })),
);

async function send(request: FuzzRequest): Promise<{ status: number; text: string; setCookie: string[] }> {
  const headers: Record<string, string> = { Origin: server.url, ...request.headers };
  const cookie = cookies.get(request.persona);
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(`${server.url}/api/trpc/${request.target}`, { method: request.method, headers, body: request.body, redirect: "manual" });
  return { status: res.status, text: request.method === "HEAD" ? "" : await res.text(), setCookie: res.headers.getSetCookie() };
}

/** True when every call the response answers failed (a batch answers with one envelope per call). */
function allRefused(status: number, text: string): boolean {
  if (status >= 400) return true;
  const envelopes = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        return [];
      }
    });
  return envelopes.length > 0 && envelopes.every((e) => typeof e === "object" && e !== null && "error" in e);
}

describe(`tRPC over HTTP, fuzzed (FUZZ_SEED=${SEED}, ${RUNS} requests)`, () => {
  it("never answers with a server error, and refused requests change nothing", { timeout: 300_000 }, async () => {
    const hint = apiHint(await IdPools.load(server.database.prisma));
    const request = fc.record({
      persona: fc.constantFrom(...PERSONAS),
      rest: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...procedures).chain((p) => call(p, hint)) },
        { weight: 2, arbitrary: batch(hint) },
        { weight: 3, arbitrary: transport },
      ),
    });
    let sent = 0;
    let repairPersonas = false;
    const restoredAt: number[] = [];
    await fc.assert(
      fc.asyncProperty(request, async ({ persona, rest }) => {
        const req: FuzzRequest = { persona, ...rest };
        // Only member and account procedures can take a persona's membership or password away.
        if (repairPersonas) await ensurePersonas(server.database.prisma, passwordHash);
        repairPersonas = req.paths.some((p) => p.startsWith("member.") || p.startsWith("auth."));
        await state.changedTables();
        const { status, text, setCookie } = await send(req);
        sent++;
        await server.hub.flush();
        const changed = await state.changedTables();
        const where = `${req.label} as ${persona} (${req.body === undefined ? "no body" : `a body of ${req.body.length} characters: ${req.body.slice(0, 200)}`})`;
        if (status >= 500) throw new Error(`${where} answered ${status}: ${text.slice(0, 500)}`);
        // Sessions move their idle deadline on any request; a failed login counts in the throttle;
        // a document a restore loaded into the hub is compacted in the background when it
        // unloads, 30 s after its last use (the in-process test keeps documents loaded).
        const compacting = restoredAt.some((t) => Date.now() - t > UNLOAD_AFTER_MS - 1_000);
        const allowed = new Set(["session", ...(compacting ? COMPACTION_TABLES : []), ...req.paths.flatMap((p) => WRITES_ON_REFUSAL[p] ?? [])]);
        const unexpected = changed.filter((t) => !allowed.has(t));
        if (allRefused(status, text) && unexpected.length > 0) throw new Error(`${where} was refused (${status}) but changed ${unexpected.join(", ")}`);
        if (status < 400 && req.paths.includes("document.restoreVersion")) restoredAt.push(Date.now());
        // Logging out, a new password or a login replaced the persona's session: sign in again.
        if (setCookie.some((c) => !c.startsWith(`${cookies.get(persona)};`) && c.includes("session"))) await signIn(persona);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(sent).toBeGreaterThanOrEqual(RUNS);
  });
});
