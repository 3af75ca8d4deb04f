import { readFileSync } from "node:fs";
import path from "node:path";
import {
  directoryFileSchema,
  directorySlug,
  DomainError,
  foldSearchText,
  mergerRefusal,
  planDirectoryImport,
  type DirectoryFile,
  type DirectoryMunicipality,
  type OrganisationKind,
  type Province,
} from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { findMigrationsDir } from "../migrations";
import { recordAudit } from "./audit";

// The organisation directory (issue 17 point 2, ADR 0020): the shipped list of municipalities,
// its idempotent import, search as you type over current organisations, and mergers.

export const DIRECTORY_FILE = "gemeenten-2026.json";

let cached: DirectoryFile | undefined;

/**
 * The shipped directory file, parsed and checked; read once per process. It lies next to the
 * migrations (prisma/directory/ beside prisma/migrations), or at REGIOTAFEL_DIRECTORY_FILE.
 */
export function loadDirectoryFile(file?: string): DirectoryFile {
  if (file === undefined && cached) return cached;
  const at = file ?? process.env.REGIOTAFEL_DIRECTORY_FILE ?? path.join(findMigrationsDir(), "..", "directory", DIRECTORY_FILE);
  const parsed = directoryFileSchema.parse(JSON.parse(readFileSync(at, "utf8")));
  if (file === undefined) cached = parsed;
  return parsed;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  /** Municipalities that existed without a CBS code (created before the directory) and got theirs. */
  adopted: number;
}

/**
 * Brings the directory's municipalities into the database: missing ones (by CBS code) are
 * inserted, a changed CBS name or province is updated, nothing is deleted. Runs at every server
 * start and with `pnpm db:migrate`, in production too (reference data, not demo data). When
 * nothing changed it is one read of the municipalities with a code.
 * A municipality row created before the directory existed (no code, same name or slug, the only
 * one) is adopted: it gets the code instead of a twin.
 */
export async function importDirectory(prisma: Db, municipalities: readonly DirectoryMunicipality[] = loadDirectoryFile().municipalities): Promise<ImportResult> {
  const first = planDirectoryImport(municipalities, await storedMunicipalities(prisma));
  if (first.insert.length === 0 && first.update.length === 0) return { inserted: 0, updated: 0, adopted: 0 };

  return prisma.$transaction(
    async (tx) => {
      // Two instances starting together: the second waits, then finds the work done.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DIRECTORY_LOCK_ID})`;
      const plan = planDirectoryImport(municipalities, await storedMunicipalities(tx));
      for (const u of plan.update) {
        await tx.organisation.update({
          where: { id: u.id },
          data: { cbsName: u.cbsName, province: u.province, ...(u.name ? { name: u.name } : {}), version: { increment: 1 } },
        });
      }
      const existing = await tx.organisation.findMany({ select: { id: true, slug: true, name: true, kind: true, cbsCode: true } });
      const slugs = new Set(existing.map((o) => o.slug));
      const uncoded = existing.filter((o) => o.kind === "MUNICIPALITY" && o.cbsCode === null);
      let adopted = 0;
      const rows: { slug: string; name: string; cbsName: string; cbsCode: string; province: Province; kind: "MUNICIPALITY" }[] = [];
      for (const m of plan.insert) {
        const slug = directorySlug(m.name);
        const matches = uncoded.filter((o) => o.slug === slug || o.name === m.name);
        if (matches.length === 1) {
          await tx.organisation.update({ where: { id: matches[0]!.id }, data: { cbsCode: m.code, cbsName: m.name, province: m.province } });
          uncoded.splice(uncoded.indexOf(matches[0]!), 1);
          adopted++;
          continue;
        }
        const free = slugs.has(slug) ? `${slug}-${m.code.toLowerCase()}` : slug;
        slugs.add(free);
        rows.push({ slug: free, name: m.name, cbsName: m.name, cbsCode: m.code, province: m.province, kind: "MUNICIPALITY" });
      }
      if (rows.length > 0) await tx.organisation.createMany({ data: rows });
      return { inserted: rows.length, updated: plan.update.length, adopted };
    },
    { timeout: 60_000 },
  );
}

const DIRECTORY_LOCK_ID = 7_300_422; // beside the migrations' lock (migrations.ts)

function storedMunicipalities(db: Db | Tx) {
  return db.$queryRaw<{ id: string; cbsCode: string; name: string; cbsName: string | null; province: string | null }[]>`
    SELECT id, cbs_code AS "cbsCode", name, cbs_name AS "cbsName", province FROM organisation WHERE cbs_code IS NOT NULL`;
}

// ---------------------------------------------------------------- search

export interface DirectoryHit {
  id: string;
  name: string;
  slug: string;
  kind: OrganisationKind;
  cbsCode: string | null;
  province: string | null;
}

export interface DirectorySearchOptions {
  kind?: OrganisationKind;
  limit?: number;
}

/**
 * Search as you type over current organisations (a municipality that merged away is not
 * offered): by name, ignoring case, accents and punctuation ("sudwest" finds Súdwest-Fryslân,
 * "s grav" 's-Gravenhage), or by CBS code ("GM0988", "0988", "98"). Names that start with the
 * query come first, then names with a word that does, then the rest; each group by name.
 * An empty query finds nothing.
 */
export async function searchDirectory(prisma: Db, query: string, options: DirectorySearchOptions = {}): Promise<DirectoryHit[]> {
  const limit = Math.max(1, Math.min(50, Math.trunc(options.limit ?? 10)));
  const text = foldSearchText(query.slice(0, 100)).trim();
  if (text === "") return [];
  const digits = /^(?:gm ?)?(\d{1,4})$/.exec(text)?.[1] ?? null;
  // organisation.search_name is the name folded alike, kept by PostgreSQL (migration 0007).
  const rows = await prisma.$sql<DirectoryHit & { rank: number }>(
    `SELECT id, name, slug, kind, "cbsCode", province, rank FROM (
       SELECT id, name, slug, kind, cbs_code AS "cbsCode", province,
         CASE WHEN $3::text IS NOT NULL AND cbs_code LIKE 'GM' || $3::text || '%' THEN 0
              WHEN search_name LIKE ' ' || $1::text || '%' THEN 1
              WHEN search_name LIKE '% ' || $1::text || '%' THEN 2
              WHEN search_name LIKE '%' || $1::text || '%' THEN 3 END AS rank
       FROM organisation
       WHERE ended_on IS NULL AND ($2::text IS NULL OR kind::text = $2::text)
     ) hits
     WHERE rank IS NOT NULL
     ORDER BY rank, name, id
     LIMIT $4::int`,
    [text, options.kind ?? null, digits, limit],
    { prepare: "directory_search" },
  );
  return rows.map(({ rank: _rank, ...hit }) => hit);
}

// ---------------------------------------------------------------- merger

export interface MergerInput {
  successor: { cbsCode: string; name?: string; province?: Province };
  merged: string[];
  /** yyyy-mm-dd: the day the merged municipalities ended. */
  date: string;
}

export interface MergerResult {
  successorId: string;
  createdSuccessor: boolean;
  ended: { id: string; cbsCode: string; name: string }[];
  movedUsers: number;
}

/**
 * A municipal merger (herindeling). The municipalities of `merged` other than the successor end
 * on `date` with the successor as theirs; their rows, names and everything pointing at them
 * (records, lot participations, audit events) stay, so history reads under the old name.
 * Their accounts move to the successor (the people of Weesp became employees of Amsterdam):
 * memberships are the account's and stay; audit events they recorded keep the old
 * municipality as the actor's organisation. A new successor (a code not in the directory yet)
 * is created with `name` and `province`, in the region of the first merged municipality that
 * has one. Called by platform administrators (their procedure tier checks who may).
 */
export async function mergeMunicipalities(prisma: Db, actor: { userId: string; organisationId?: string }, input: MergerInput, today = new Date().toISOString().slice(0, 10)): Promise<MergerResult> {
  const codes = [...new Set(input.merged)];
  return prisma.$transaction(async (tx) => {
    const found = await tx.organisation.findMany({ where: { cbsCode: { in: [...codes, input.successor.cbsCode] } } });
    const byCode = new Map(found.map((o) => [o.cbsCode!, o]));
    for (const code of codes) {
      if (!byCode.has(code)) throw new DomainError("NOT_FOUND", "directory.unknownMunicipality", { code }, "merged");
    }
    const merged = codes.map((c) => byCode.get(c)!);
    let successor = byCode.get(input.successor.cbsCode);
    let createdSuccessor = false;
    if (!successor) {
      const { name, province } = input.successor;
      if (!name || !province) throw new DomainError("BAD_REQUEST", "directory.successorNeedsName", undefined, "successor.name");
      const refusal = mergerRefusal({ id: "new", cbsCode: input.successor.cbsCode, kind: "MUNICIPALITY", endedOn: null }, merged, input.date, today);
      if (refusal) throw new DomainError(refusal === "directory.alreadyMerged" ? "CONFLICT" : "BAD_REQUEST", refusal);
      successor = await tx.organisation.create({
        data: {
          slug: await freeSlug(tx, directorySlug(name), input.successor.cbsCode),
          name,
          cbsName: name,
          cbsCode: input.successor.cbsCode,
          province,
          kind: "MUNICIPALITY",
          regionId: merged.find((m) => m.regionId !== null)?.regionId ?? null,
        },
      });
      createdSuccessor = true;
    } else {
      const refusal = mergerRefusal(successor, merged, input.date, today);
      if (refusal) throw new DomainError(refusal === "directory.alreadyMerged" ? "CONFLICT" : "BAD_REQUEST", refusal);
      if (successor.regionId === null) {
        const regionId = merged.find((m) => m.regionId !== null)?.regionId ?? null;
        if (regionId) successor = await tx.organisation.update({ where: { id: successor.id }, data: { regionId } });
      }
    }

    const away = merged.filter((m) => m.id !== successor.id);
    let movedUsers = 0;
    for (const m of away) {
      // Guarded: a concurrent merger of the same municipality finds it ended and refuses.
      const { count } = await tx.organisation.updateMany({
        where: { id: m.id, endedOn: null },
        data: { endedOn: new Date(`${input.date}T00:00:00Z`), successorId: successor.id, version: { increment: 1 } },
      });
      if (count === 0) throw new DomainError("CONFLICT", "directory.alreadyMerged");
      // Events recorded before the actor's organisation was kept get it now, before people move.
      await tx.$executeRaw`UPDATE audit_event SET actor_organisation_id = ${m.id}::uuid
        WHERE actor_organisation_id IS NULL AND actor_id IN (SELECT id FROM app_user WHERE organisation_id = ${m.id}::uuid)`;
      movedUsers += (await tx.user.updateMany({ where: { organisationId: m.id }, data: { organisationId: successor.id } })).count;
      await recordAudit(tx, { workspaceId: null, userId: actor.userId, organisationId: actor.organisationId }, {
        action: "municipality.merged",
        entityType: "municipality",
        entityId: m.id,
        before: { cbsCode: m.cbsCode, name: m.name, endedOn: null, successorId: null },
        after: { endedOn: input.date, successorId: successor.id, successorCode: successor.cbsCode, successorName: successor.name },
      });
    }
    return {
      successorId: successor.id,
      createdSuccessor,
      ended: away.map((m) => ({ id: m.id, cbsCode: m.cbsCode!, name: m.name })),
      movedUsers,
    };
  });
}

async function freeSlug(tx: Tx, slug: string, code: string): Promise<string> {
  const taken = await tx.organisation.findUnique({ where: { slug }, select: { id: true } });
  return taken ? `${slug}-${code.toLowerCase()}` : slug;
}
