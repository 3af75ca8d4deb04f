// Support for the procedure fuzz tests (src/fuzz.test.ts here, and the HTTP sample in the
// server package): every procedure of the router with arbitraries for inputs inside and
// outside its schema, demo personas, and a cheap check that the database did not change.
import fc from "fast-check";
import { z } from "zod";
import { DEMO_NETWORK, DEMO_PASSWORD, type Db } from "@regiotafel/db";
import type { Role } from "@regiotafel/domain";
import { appRouter } from "./router";
import { outsideArbitrary, validArbitrary, type Hint } from "./fuzz-arbitrary";

type Schema = z.core.$ZodType;

export interface ProcedureInfo {
  /** Dotted path, as in the URL: "tender.update". */
  path: string;
  type: "query" | "mutation" | "subscription";
  /** The zod parsers of the procedure and its tiers, in order (tRPC merges their results). */
  inputs: Schema[];
}

/** Every procedure of the router: a procedure added later is fuzzed without being listed anywhere. */
export function routerProcedures(): ProcedureInfo[] {
  // At run time tRPC keeps a flat record keyed by dotted path.
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureInfo["type"]; inputs: Schema[] } }>;
  return Object.entries(procedures)
    .map(([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

// ------------------------------------------------------------------ personas

export type Persona = "anonymous" | "viewer" | "editor" | "coordinator" | "admin";
export const PERSONAS: Persona[] = ["anonymous", "viewer", "editor", "coordinator", "admin"];

/** Weert's members of the Limburg workspace, one per role (the admin also moderates the demo network). */
export const PERSONA_EMAIL: Record<Persona, string | null> = {
  anonymous: null,
  viewer: "fuzz.viewer.weert@demo.regiotafel.nl",
  editor: "fuzz.editor.weert@demo.regiotafel.nl",
  coordinator: "fuzz.coordinator.weert@demo.regiotafel.nl",
  admin: "fuzz.admin.weert@demo.regiotafel.nl",
};
const PERSONA_ROLE: Record<Exclude<Persona, "anonymous">, Role> = { viewer: "VIEWER", editor: "EDITOR", coordinator: "COORDINATOR", admin: "ADMIN" };

/**
 * Creates the personas, or puts them back as they were (a fuzzed call may have removed a
 * membership, changed a role or a password): run before each procedure's cases. One query
 * when nothing needs repair.
 */
export async function ensurePersonas(prisma: Db, passwordHash: string): Promise<void> {
  const intact = await prisma.$sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM app_user u
     JOIN membership m ON m.user_id = u.id
     JOIN workspace w ON w.id = m.workspace_id AND w.slug = 'limburg'
     WHERE u.password_hash = $1 AND (u.email, m.role::text) IN (${Object.keys(PERSONA_ROLE).map((_, i) => `($${2 * i + 2}, $${2 * i + 3})`).join(", ")})
       AND (m.role <> 'ADMIN' OR EXISTS (SELECT 1 FROM network_moderator nm WHERE nm.user_id = u.id))`,
    [passwordHash, ...Object.entries(PERSONA_ROLE).flatMap(([persona, role]) => [PERSONA_EMAIL[persona as Persona], role])],
  );
  if (intact[0]?.n === Object.keys(PERSONA_ROLE).length) return;

  const weert = await prisma.organisation.findUniqueOrThrow({ where: { slug: "weert" } });
  const limburg = await prisma.workspace.findUniqueOrThrow({ where: { slug: "limburg" } });
  const network = await prisma.organisation.findUniqueOrThrow({ where: { slug: DEMO_NETWORK.slug } });
  for (const [persona, role] of Object.entries(PERSONA_ROLE) as [Persona, Role][]) {
    const email = PERSONA_EMAIL[persona]!;
    const user = await prisma.user.upsert({
      where: { email },
      create: { email, name: `Fuzz ${role} Weert`, organisationId: weert.id, passwordHash },
      update: { passwordHash },
    });
    await prisma.membership.upsert({
      where: { userId_workspaceId: { userId: user.id, workspaceId: limburg.id } },
      create: { userId: user.id, workspaceId: limburg.id, role },
      update: { role },
    });
    if (persona === "admin") {
      await prisma.networkModerator.upsert({
        where: { networkId_userId: { networkId: network.id, userId: user.id } },
        create: { networkId: network.id, userId: user.id },
        update: {},
      });
    }
  }
}

// ------------------------------------------------------------------ ids from the database

/** Object keys that name an id of a table other than the one their stem suggests. */
const ID_TABLES: Record<string, string[]> = {
  municipality: ["organisation"],
  centralMunicipality: ["organisation"],
  procuringEntity: ["organisation"],
  participant: ["organisation"],
  network: ["organisation"],
  leadRegion: ["region"],
  ownerRegion: ["region"],
  figure: ["market_figure"],
  line: ["staffing_line"],
  body: ["governance_body"],
  model: ["governance_model"],
  notification: ["workspace_notification"],
  scenario: ["assessment_scenario"],
  criterion: ["assessment_criterion"],
  user: ["app_user"],
  version: ["document_version", "template_version"],
  source: ["document", "assessment", "tender", "segment", "governance_model", "staffing_line"],
  cursor: ["audit_event"],
};

/** The ids of every table with a uuid `id`, in insertion order (so a seed replays the same picks). */
export class IdPools {
  private constructor(private readonly byTable: Map<string, string[]>) {}

  static async load(prisma: Db): Promise<IdPools> {
    const tables = await prisma.$sql<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'id' AND data_type = 'uuid' ORDER BY table_name`,
    );
    const byTable = new Map<string, string[]>();
    for (const { table_name } of tables) {
      const rows = await prisma.$sql<{ id: string }>(`SELECT id::text AS id FROM "${table_name}" ORDER BY ctid LIMIT 500`);
      byTable.set(table_name, rows.map((r) => r.id));
    }
    return new IdPools(byTable);
  }

  /** Ids for an input key such as "tenderId", "participantIds" or "cursor"; every id when the key says nothing. */
  forKey(key: string | undefined): string[] {
    const stem = (key ?? "").replace(/Ids?$/, "");
    const snake = stem.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const tables = ID_TABLES[stem] ?? (this.byTable.has(snake) ? [snake] : [...this.byTable.keys()]);
    const ids = tables.flatMap((t) => this.byTable.get(t) ?? []);
    return ids.length > 0 ? ids : [...this.byTable.values()].flat();
  }
}

// ------------------------------------------------------------------ arbitraries per procedure

const WORKSPACES = ["limburg", "limburg", "limburg", "limburg", "rivierenland"];
const DEMO_EMAILS = ["weert@demo.regiotafel.nl", "tiel@demo.regiotafel.nl", "admin@demo.regiotafel.nl", ...Object.values(PERSONA_EMAIL).filter((e): e is string => e !== null)];

const typeOf = (schema: Schema) => (schema._zod.def as { type: string }).type;
const lastKey = (path: (string | number)[]) => [...path].reverse().find((p): p is string => typeof p === "string");

/**
 * Steers valid inputs towards the services: real ids (own workspace, other municipalities,
 * the other workspace) as well as random ones, mostly the Limburg workspace, small version
 * numbers (so optimistic locking sometimes passes), the demo password and demo e-mails.
 */
export function apiHint(pools: IdPools): Hint {
  const hint: Hint = ({ schema, path }) => {
    const key = lastKey(path);
    const type = typeOf(schema);
    if (type === "object") {
      // A new password is typed twice: a refinement no generator guesses.
      const { confirm: _confirm, ...shape } = (schema as unknown as z.ZodObject).shape;
      if (_confirm && "next" in shape) return validArbitrary(z.object(shape), hint).map((v) => ({ ...(v as object), confirm: (v as { next: unknown }).next }));
    }
    if (type === "string") {
      const format = (schema._zod.def as { format?: string }).format;
      if (format === "uuid") {
        const real = pools.forKey(key);
        return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) });
      }
      if (key === "workspace") return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...WORKSPACES) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,10}(?:-[a-z0-9]{1,10})?$/) });
      if (key === "current" || key === "password") return fc.oneof(fc.constant(DEMO_PASSWORD), fc.string({ minLength: 1, maxLength: 30 }));
    }
    if (type === "pipe" && key === "email" && path.length === 1) {
      return fc.oneof(fc.constantFrom(...DEMO_EMAILS), validArbitrary(schema));
    }
    if (type === "number" && key === "version") return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: validArbitrary(schema) });
    return undefined;
  };
  return hint;
}

function merge(values: unknown[]): unknown {
  const objects = values.filter((v) => typeof v === "object" && v !== null && !Array.isArray(v));
  if (objects.length === 0) return values[values.length - 1];
  return Object.assign({}, ...objects);
}

/** Inputs a procedure accepts (all its parsers at once). */
export function validInput(procedure: ProcedureInfo, hint: Hint): fc.Arbitrary<unknown> {
  if (procedure.inputs.length === 0) return fc.constant(undefined);
  return fc.tuple(...procedure.inputs.map((schema) => validArbitrary(schema, hint))).map(merge);
}

/** A mix of inputs inside the schema (about a third) and outside it. */
export function fuzzInput(procedure: ProcedureInfo, hint: Hint): fc.Arbitrary<{ valid: boolean; input: unknown }> {
  const valid = validInput(procedure, hint);
  return fc.oneof(
    { weight: 1, arbitrary: valid.map((input) => ({ valid: true, input })) },
    { weight: 2, arbitrary: outsideArbitrary(valid).map((input) => ({ valid: false, input })) },
  );
}

/**
 * Tables a refused call of a procedure may change on purpose: a wrong password counts
 * towards the login throttle.
 */
export const WRITES_ON_REFUSAL: Record<string, string[]> = {
  "auth.login": ["login_throttle"],
  "auth.changePassword": ["login_throttle"],
  // Counted before anything is looked up (ADR 0024): the request that trips the throttle is recorded.
  "auth.requestPasswordReset": ["login_throttle"],
  "account.requestEmailChange": ["login_throttle"],
  // A code from the app is counted per account before it is checked (issue 20), like a password.
  "secondFactor.confirmEnrolment": ["login_throttle"],
  "secondFactor.regenerateRecoveryCodes": ["login_throttle"],
  "secondFactor.disable": ["login_throttle"],
};

// ------------------------------------------------------------------ database state

/**
 * Notices any change to any table. A full comparison (row count and md5 of every row of
 * every table) costs tens of milliseconds, so it only runs when the database has handed out
 * a transaction id since the last look: a read-only call never does, and most refused calls
 * are read-only. (On a shared PostgreSQL server other databases move the counter too; that
 * only costs a full comparison more.)
 */
export class DatabaseState {
  /** Goes up with every change seen (so derived data, such as id pools, knows when to reload). */
  generation = 0;

  private constructor(
    private readonly prisma: Db,
    private readonly hashQuery: string,
    private xmax: string,
    private hashes: Map<string, string>,
  ) {}

  static async open(prisma: Db): Promise<DatabaseState> {
    const tables = await prisma.$sql<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const hashQuery = tables
      .map(
        ({ table_name: t }) =>
          `SELECT '${t}' AS t, count(*) || ':' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') AS h FROM "${t}" x`,
      )
      .join("\nUNION ALL\n");
    const state = new DatabaseState(prisma, hashQuery, "", new Map());
    await state.changedTables();
    return state;
  }

  /** The tables that changed since the last call (empty when none did); remembers the new state. */
  async changedTables(): Promise<string[]> {
    const [{ xmax }] = (await this.prisma.$sql<{ xmax: string }>(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`)) as [{ xmax: string }];
    if (xmax === this.xmax) return [];
    const rows = await this.prisma.$sql<{ t: string; h: string }>(this.hashQuery);
    const hashes = new Map(rows.map((r) => [r.t, r.h]));
    const changed = [...hashes].filter(([t, h]) => this.hashes.get(t) !== h).map(([t]) => t);
    this.xmax = xmax;
    this.hashes = hashes;
    if (changed.length > 0) this.generation++;
    return changed;
  }
}
