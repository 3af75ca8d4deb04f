import { randomUUID } from "node:crypto";
import { z } from "zod";
import * as Y from "yjs";
import type { Db, Tx } from "@regiotafel/db";
import { plainText } from "@regiotafel/collab";
import {
  ARCHIVE_FILES,
  ARCHIVE_FORMAT,
  ARCHIVE_LIMITS,
  ARCHIVE_TABLE_NAMES,
  ARCHIVE_TABLES,
  ARCHIVE_VERSION,
  DomainError,
  LIBRARY_REFERENCES,
  archiveAuditSchema,
  archiveDocumentSchema,
  archiveManifestSchema,
  archiveMemberSchema,
  archiveVersionSchema,
  archiveWorkspaceSchema,
  documentFile,
  freeSlug,
  recordFile,
  slugSchema,
  versionFile,
  type ArchiveTable,
} from "@regiotafel/domain";
import { archiveError, openArchive, type ArchiveLimits, type OpenedArchive } from "./read";
import { DATE_FIELDS, TABLE_ACCESS } from "./tables";

/** An account made by an import has no password anyone knows: its owner resets it, or is invited again. */
export const IMPORTED_ACCOUNT_PASSWORD = "!imported: no password set";

export interface ImportOptions {
  /** The new workspace's slug; without one, the archive's (or the first free one after it). A given slug that is taken is refused. */
  slug?: string;
  /** Who imports (a platform administrator): the audit event of the import names them. */
  actorId: string;
  limits?: ArchiveLimits;
}

export interface ImportResult {
  workspaceId: string;
  slug: string;
  name: string;
  counts: Record<string, number>;
  /** People given a new account without a password. */
  newAccounts: number;
  /** Template uses whose template this installation's library does not hold (left out). */
  skippedTemplateUses: number;
  /** Each id of the archive and the id it has here (tests compare exports with it). */
  idMap: Map<string, string>;
}

type Row = Record<string, unknown>;

interface Parsed {
  manifest: z.infer<typeof archiveManifestSchema>;
  workspace: z.infer<typeof archiveWorkspaceSchema>;
  members: z.infer<typeof archiveMemberSchema>[];
  tables: Record<ArchiveTable, Row[]>;
  documents: z.infer<typeof archiveDocumentSchema>[];
  versions: z.infer<typeof archiveVersionSchema>[];
  history: z.infer<typeof archiveAuditSchema>[];
  states: Map<string, Uint8Array>;
  versionStates: Map<string, Uint8Array>;
}

async function readJson<S extends z.ZodType>(archive: OpenedArchive, file: string, schema: S): Promise<z.infer<S>> {
  const bytes = await archive.read(file);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw archiveError("archive.badJson", { file });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (file === ARCHIVE_FILES.manifest && issue.path[0] === "format") throw archiveError("archive.format", { file });
    if (file === ARCHIVE_FILES.manifest && issue.path[0] === "version") throw archiveError("archive.version", { file, version: String((value as { version?: unknown }).version).slice(0, 20) });
    throw archiveError("archive.invalidFile", { file, path: issue.path.join(".") || "/" });
  }
  return parsed.data;
}

function yjsState(bytes: Buffer, file: string): Uint8Array {
  try {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes);
    return new Uint8Array(bytes);
  } catch {
    throw archiveError("archive.badState", { file });
  }
}

/** Reads and validates every file of the archive (nothing is written yet). */
export async function parseArchive(blob: Blob, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<Parsed> {
  const archive = await openArchive(blob, limits);
  try {
    if (!archive.has(ARCHIVE_FILES.manifest)) throw archiveError("archive.missingFile", { file: ARCHIVE_FILES.manifest });
    const manifest = await readJson(archive, ARCHIVE_FILES.manifest, archiveManifestSchema);
    const counted = <T>(file: string, rows: T[]): T[] => {
      if (manifest.counts[file] !== rows.length) throw archiveError("archive.countMismatch", { file });
      return rows;
    };
    const workspace = await readJson(archive, ARCHIVE_FILES.workspace, archiveWorkspaceSchema);
    const members = counted(ARCHIVE_FILES.members, await readJson(archive, ARCHIVE_FILES.members, z.array(archiveMemberSchema)));
    const tables = {} as Record<ArchiveTable, Row[]>;
    for (const table of ARCHIVE_TABLE_NAMES) {
      const file = recordFile(table);
      tables[table] = counted(file, (await readJson(archive, file, z.array(ARCHIVE_TABLES[table] as z.ZodType<Row>))) as Row[]);
    }
    const documents = counted(ARCHIVE_FILES.documents, await readJson(archive, ARCHIVE_FILES.documents, z.array(archiveDocumentSchema)));
    const versions = counted(ARCHIVE_FILES.versions, await readJson(archive, ARCHIVE_FILES.versions, z.array(archiveVersionSchema)));
    const history = counted(ARCHIVE_FILES.history, await readJson(archive, ARCHIVE_FILES.history, z.array(archiveAuditSchema)));
    const states = new Map<string, Uint8Array>();
    for (const doc of documents) states.set(doc.id, yjsState(await archive.read(documentFile(doc.id, "yjs")), documentFile(doc.id, "yjs")));
    const versionStates = new Map<string, Uint8Array>();
    for (const version of versions) versionStates.set(version.id, yjsState(await archive.read(versionFile(version.id, "yjs")), versionFile(version.id, "yjs")));
    return { manifest, workspace, members, tables, documents, versions, history, states, versionStates };
  } finally {
    archive.close();
  }
}

/** Every id the archive defines, once: a second definition is refused, naming its file. */
function definedIds(parsed: Parsed): Map<string, string> {
  const defined = new Map<string, string>();
  const define = (id: string, file: string) => {
    if (defined.has(id)) throw archiveError("archive.duplicateId", { file, id });
    defined.set(id, file);
  };
  define(parsed.workspace.workspace.id, ARCHIVE_FILES.workspace);
  for (const r of parsed.workspace.regions) define(r.id, ARCHIVE_FILES.workspace);
  for (const o of parsed.workspace.organisations) define(o.id, ARCHIVE_FILES.workspace);
  for (const m of parsed.members) define(m.id, ARCHIVE_FILES.members);
  for (const table of ARCHIVE_TABLE_NAMES) for (const row of parsed.tables[table]) if (typeof row.id === "string") define(row.id, recordFile(table));
  for (const d of parsed.documents) define(d.id, ARCHIVE_FILES.documents);
  for (const v of parsed.versions) define(v.id, ARCHIVE_FILES.versions);
  for (const h of parsed.history) define(h.id, ARCHIVE_FILES.history);
  // Rows without an id of their own (links) must not repeat either.
  for (const table of ARCHIVE_TABLE_NAMES) {
    const keys = new Set<string>();
    for (const row of parsed.tables[table]) {
      if (typeof row.id === "string") continue;
      const key = Object.entries(row)
        .filter(([k]) => k.endsWith("Id"))
        .map(([, v]) => String(v))
        .join("/");
      if (keys.has(key)) throw archiveError("archive.duplicateId", { file: recordFile(table), id: key });
      keys.add(key);
    }
  }
  return defined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids inside free JSON (audit before/after, notification params) that the import remapped are remapped there too. */
function remapDeep(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === "string") return UUID.test(value) ? (ids.get(value) ?? value) : value;
  if (Array.isArray(value)) return value.map((v) => remapDeep(v, ids));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remapDeep(v, ids)]));
  return value;
}

/**
 * A row as the database takes it: its id and every reference (a field ending in `Id`) through
 * `ids`, dates as Dates, free JSON remapped. A reference the archive does not define is refused,
 * except references into the network library (kept when the template is here).
 */
function remapRow(row: Row, ids: Map<string, string>, file: string, templates: Set<string>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if ((key === "id" || key.endsWith("Id")) && key !== "entityId" && key !== "createdId" && typeof value === "string") {
      if (LIBRARY_REFERENCES.has(key)) out[key] = templates.has(value) ? value : null;
      else if (ids.has(value)) out[key] = ids.get(value);
      else throw archiveError("archive.unknownReference", { file, field: key, id: value });
    } else if (DATE_FIELDS.has(key) && typeof value === "string") out[key] = new Date(value);
    else if (key === "entityId" || key === "createdId") out[key] = typeof value === "string" ? (ids.get(value) ?? value) : value;
    else if (value !== null && typeof value === "object") out[key] = remapDeep(value, ids);
    else out[key] = value;
  }
  return out;
}

async function takenSlugs(tx: Tx, model: "workspace" | "region" | "organisation", base: string): Promise<Set<string>> {
  const where = { slug: { startsWith: base } };
  const rows = model === "workspace" ? await tx.workspace.findMany({ where, select: { slug: true } }) : model === "region" ? await tx.region.findMany({ where, select: { slug: true } }) : await tx.organisation.findMany({ where, select: { slug: true } });
  return new Set(rows.map((r) => r.slug));
}

/** The new workspace's slug: the one asked for (refused when taken), or the archive's, or the first free one after it. */
export async function suggestSlug(prisma: Db | Tx, slug: string): Promise<string> {
  const taken = await takenSlugs(prisma as Tx, "workspace", slug);
  return freeSlug(slug, (s) => taken.has(s));
}

/**
 * Imports an archive as a new workspace, in one transaction: everything is read and validated
 * first (a bad archive changes nothing and names the file and the problem), then every id is
 * given a new uuid (so an archive imports into its own installation too), municipalities are
 * matched by CBS code, other organisations by slug, kind and name (or created), people by e-mail
 * (or created without a usable password), and documents get their Yjs state and versions back.
 */
export async function importWorkspaceArchive(prisma: Db, blob: Blob, options: ImportOptions): Promise<ImportResult> {
  const parsed = await parseArchive(blob, options.limits);
  if (parsed.manifest.format !== ARCHIVE_FORMAT || parsed.manifest.version !== ARCHIVE_VERSION) throw archiveError("archive.version", { file: ARCHIVE_FILES.manifest, version: String(parsed.manifest.version) });
  const defined = definedIds(parsed);
  if (options.slug !== undefined && !slugSchema.safeParse(options.slug).success) throw new DomainError("BAD_REQUEST", "slug.invalid", undefined, "slug");

  // New ids for everything the workspace owns; organisations and people are matched below.
  const ids = new Map<string, string>();
  for (const [id, file] of defined) if (file !== ARCHIVE_FILES.members) ids.set(id, randomUUID());

  // Check every reference before opening the transaction (the same check runs again while writing).
  const probe = new Map([...ids, ...parsed.members.map((m) => [m.id, m.id] as [string, string])]);
  for (const o of parsed.workspace.organisations) if (o.regionId && !probe.has(o.regionId)) o.regionId = null;
  const everyTemplate = new Set<string>();
  const check = (row: Row, file: string) => remapRow(row, probe, file, everyTemplate);
  for (const table of ARCHIVE_TABLE_NAMES) for (const row of parsed.tables[table]) check(row, recordFile(table));
  for (const d of parsed.documents) check(d, ARCHIVE_FILES.documents);
  for (const v of parsed.versions) check(v, ARCHIVE_FILES.versions);
  for (const h of parsed.history) check(h, ARCHIVE_FILES.history);
  for (const m of parsed.members) if (!probe.has(m.organisationId)) throw archiveError("archive.unknownReference", { file: ARCHIVE_FILES.members, field: "organisationId", id: m.organisationId });

  return prisma.$transaction(
    async (tx) => {
      const source = parsed.workspace.workspace;
      let slug: string;
      if (options.slug !== undefined) {
        if (await tx.workspace.findUnique({ where: { slug: options.slug }, select: { id: true } })) throw new DomainError("CONFLICT", "archive.slugTaken", undefined, "slug");
        slug = options.slug;
      } else slug = await suggestSlug(tx, source.slug);

      // Organisations: municipalities by CBS code, others by slug, kind and name; else new.
      for (const org of parsed.workspace.organisations) {
        const found = org.cbsCode
          ? await tx.organisation.findUnique({ where: { cbsCode: org.cbsCode }, select: { id: true } })
          : await tx.organisation.findFirst({ where: { slug: org.slug, kind: org.kind, name: org.name, cbsCode: null }, select: { id: true } });
        if (found) ids.set(org.id, found.id);
        else {
          const taken = await takenSlugs(tx, "organisation", org.slug);
          const created = await tx.organisation.create({
            data: { id: ids.get(org.id)!, slug: freeSlug(org.slug, (s) => taken.has(s)), name: org.name, kind: org.kind, cbsCode: org.cbsCode, cbsName: org.cbsCode ? org.name : null, province: org.province },
            select: { id: true },
          });
          ids.set(org.id, created.id);
        }
      }

      const workspaceId = ids.get(source.id)!;
      await tx.workspace.create({ data: { id: workspaceId, slug, name: source.name, description: source.description, createdAt: new Date(source.createdAt) } });
      for (const region of parsed.workspace.regions) {
        const taken = await takenSlugs(tx, "region", region.slug);
        await tx.region.create({ data: { id: ids.get(region.id)!, slug: freeSlug(region.slug, (s) => taken.has(s)), name: region.name, createdAt: new Date(region.createdAt) } });
        await tx.workspaceRegion.create({ data: { workspaceId, regionId: ids.get(region.id)! } });
      }
      // A municipality joins its region here unless it already is in one of this installation's regions.
      for (const org of parsed.workspace.organisations) {
        if (org.regionId) await tx.organisation.updateMany({ where: { id: ids.get(org.id)!, regionId: null }, data: { regionId: ids.get(org.regionId)! } });
      }

      // People: by e-mail, or a new account without a usable password.
      let newAccounts = 0;
      for (const member of parsed.members) {
        const email = member.email.trim().toLowerCase();
        const found = await tx.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { id: true } });
        if (found) ids.set(member.id, found.id);
        else {
          const user = await tx.user.create({ data: { email, name: member.name, organisationId: ids.get(member.organisationId)!, passwordHash: IMPORTED_ACCOUNT_PASSWORD }, select: { id: true } });
          ids.set(member.id, user.id);
          newAccounts++;
        }
        if (member.role) {
          await tx.membership.create({ data: { userId: ids.get(member.id)!, workspaceId, role: member.role, ...(member.memberSince ? { createdAt: new Date(member.memberSince) } : {}) } });
        }
      }

      const templateIds = [...new Set([...parsed.tables.templateUses, ...parsed.tables.notifications].map((r) => r.templateId).filter((t): t is string => typeof t === "string"))];
      const templates = new Set((await tx.template.findMany({ where: { id: { in: templateIds } }, select: { id: true } })).map((t) => t.id));

      let skippedTemplateUses = 0;
      const counts: Record<string, number> = {};
      for (const table of ARCHIVE_TABLE_NAMES) {
        let rows = parsed.tables[table].map((row) => remapRow(row, ids, recordFile(table), templates));
        if (table === "templateUses") {
          const kept = rows.filter((r) => r.templateId !== null);
          skippedTemplateUses = rows.length - kept.length;
          rows = kept;
        }
        for (let i = 0; i < rows.length; i += 1000) await TABLE_ACCESS[table].write(tx, rows.slice(i, i + 1000), workspaceId);
        counts[table] = rows.length;
      }

      for (const doc of parsed.documents) {
        const row = remapRow(doc, ids, ARCHIVE_FILES.documents, templates) as z.infer<typeof archiveDocumentSchema> & { archivedAt: Date | null; createdAt: Date; updatedAt: Date };
        const state = parsed.states.get(doc.id)!;
        await tx.document.create({ data: { ...row, workspaceId, searchText: plainText(state) } });
        await tx.documentSnapshot.create({ data: { documentId: row.id, state: Buffer.from(state), lastUpdateId: 0n } });
      }
      counts.documents = parsed.documents.length;
      for (const version of parsed.versions) {
        const row = remapRow(version, ids, ARCHIVE_FILES.versions, templates) as z.infer<typeof archiveVersionSchema> & { createdAt: Date };
        await tx.documentVersion.create({ data: { ...row, state: Buffer.from(parsed.versionStates.get(version.id)!) } });
      }
      counts.versions = parsed.versions.length;

      const history = parsed.history.map((event) => {
        const row = remapRow(event, ids, ARCHIVE_FILES.history, templates);
        return { ...row, workspaceId, before: row.before ?? undefined, after: row.after ?? undefined } as never;
      });
      for (let i = 0; i < history.length; i += 1000) await tx.auditEvent.createMany({ data: history.slice(i, i + 1000) });
      counts.history = history.length;
      counts.members = parsed.members.filter((m) => m.role).length;

      await tx.auditEvent.create({
        data: {
          workspaceId,
          actorId: options.actorId,
          action: "workspace.imported",
          entityType: "workspace",
          entityId: workspaceId,
          after: { source: parsed.manifest.source, exportedAt: parsed.manifest.exportedAt, slug: source.slug, newAccounts, skippedTemplateUses },
        },
      });
      return { workspaceId, slug, name: source.name, counts, newAccounts, skippedTemplateUses, idMap: ids };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}
