import { Readable } from "node:stream";
import yazl from "yazl";
import { DocumentLoadError } from "@regiotafel/collab";
import type { Db } from "@regiotafel/db";
import {
  ARCHIVE_FILES,
  ARCHIVE_FORMAT,
  ARCHIVE_TABLE_NAMES,
  ARCHIVE_TABLES,
  ARCHIVE_VERSION,
  archiveAuditSchema,
  archiveDocumentSchema,
  archiveMemberSchema,
  archiveVersionSchema,
  documentFile,
  recordFile,
  versionFile,
  type ArchiveManifest,
  type ArchiveTable,
} from "@regiotafel/domain";
import { csvHeader, csvLine } from "./csv";
import { documentHtml, documentMarkdown } from "./render";
import { TABLE_ACCESS } from "./tables";
import { storedState } from "./stored-state";

export interface ExportOptions {
  /** The document's current content as a Yjs state, live unsaved edits included (the collab hub's `currentState`). */
  currentState(documentId: string): Promise<Uint8Array>;
  /** This installation's origin, named in the manifest. */
  origin: string;
  /** Rows read per query (default 500): memory stays bounded by a page, not by the workspace. */
  pageSize?: number;
  /** Called after each page of rows is read (tests watch the stream pull them on demand). */
  onRead?: (file: string, rows: number) => void;
  now?: () => Date;
}

/** What an export will hold, counted before it starts: the page shows it and the progress bar counts files against `files`. */
export interface ExportPlan {
  workspace: { id: string; slug: string; name: string };
  counts: Record<string, number>;
  documents: number;
  versions: number;
  /** Entries in the ZIP. */
  files: number;
  fileName: string;
}

const columnsOf = (shape: Record<string, unknown>) => Object.keys(shape);
const AUDIT_ORDER = [{ at: "asc" as const }, { id: "asc" as const }];

/** Counts of everything in a workspace's export (a few count queries, no rows). */
export async function exportPlan(prisma: Db, workspaceId: string): Promise<ExportPlan> {
  const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, slug: true, name: true } });
  const counts: Record<string, number> = {};
  for (const table of ARCHIVE_TABLE_NAMES) counts[table] = await TABLE_ACCESS[table].count(prisma, workspaceId);
  const documents = await prisma.document.count({ where: { workspaceId } });
  const versions = await prisma.documentVersion.count({ where: { document: { workspaceId } } });
  counts.members = await prisma.membership.count({ where: { workspaceId } });
  counts.history = await prisma.auditEvent.count({ where: { workspaceId } });
  counts.documents = documents;
  counts.versions = versions;
  // workspace.json, regions.csv, members (2), documents (2), versions (2), history (2), manifest, a JSON and a CSV per table, three per document and per version.
  const files = 11 + 2 * ARCHIVE_TABLE_NAMES.length + 3 * documents + 3 * versions;
  const stamp = new Date().toISOString().slice(0, 10);
  return { workspace, counts, documents, versions, files, fileName: `regiotafel-${workspace.slug}-${stamp}.zip` };
}

/**
 * The whole workspace as a ZIP, streamed: entries are produced one after the other as the
 * reader takes the bytes (yazl pulls each entry's stream only when it writes that entry, and a
 * slow reader stops the pulling), so the archive is never whole in memory, only a page of rows or
 * one document at a time. The manifest comes last, with the counts of what was written.
 */
export function workspaceArchive(prisma: Db, workspaceId: string, options: ExportOptions): Readable {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  const pageSize = options.pageSize ?? 500;
  const now = options.now ?? (() => new Date());
  const counts: Record<string, number> = {};
  /** Users the records name (authors, actors): members.json lists them with their role, or none. */
  const people = new Set<string>();
  const organisations = new Set<string>();
  const mtime = now();

  // yazl does not listen for errors of the streams it is given: a failing entry (the database
  // gone mid-export) would be unhandled and the download would hang. It ends the download instead.
  const lazy = (name: string, produce: () => AsyncIterable<string | Uint8Array>) =>
    zip.addReadStreamLazy(name, { mtime }, (cb) => {
      const stream = Readable.from(produce(), { objectMode: false });
      stream.on("error", (error) => output.destroy(error));
      cb(null, stream);
    });

  /** A JSON array, a page of rows at a time; `seen` notes each row's references. */
  async function* jsonRows(file: string, pages: (skip: number, take: number) => Promise<Record<string, unknown>[]>, map: (row: Record<string, unknown>) => Record<string, unknown> = (r) => r) {
    yield "[";
    let skip = 0;
    let count = 0;
    for (;;) {
      const rows = await pages(skip, pageSize);
      options.onRead?.(file, rows.length);
      for (const raw of rows) {
        const row = map(raw);
        noteReferences(row);
        yield `${count === 0 ? "\n" : ",\n"}${JSON.stringify(row)}`;
        count++;
      }
      skip += rows.length;
      if (rows.length < pageSize) break;
    }
    counts[file] = count;
    yield count === 0 ? "]\n" : "\n]\n";
  }

  async function* csvRows(columns: string[], pages: (skip: number, take: number) => Promise<Record<string, unknown>[]>, map: (row: Record<string, unknown>) => Record<string, unknown> = (r) => r) {
    yield csvHeader(columns);
    let skip = 0;
    for (;;) {
      const rows = await pages(skip, pageSize);
      for (const row of rows) yield csvLine(columns, map(row));
      skip += rows.length;
      if (rows.length < pageSize) break;
    }
  }

  function noteReferences(row: Record<string, unknown>) {
    for (const key of ["createdById", "updatedById", "lockedById", "usedById", "actorId"]) if (typeof row[key] === "string") people.add(row[key] as string);
    for (const key of ["organisationId", "municipalityId", "procuringEntityId", "centralMunicipalityId", "participantId", "actorOrganisationId"])
      if (typeof row[key] === "string") organisations.add(row[key] as string);
  }

  /** The last document (or version) state read: its three files (yjs, html, md) read it once. */
  let cached: { key: string; state: Uint8Array } | null = null;
  async function stateOf(key: string, load: () => Promise<Uint8Array>) {
    if (cached?.key !== key) cached = { key, state: await load() };
    return cached.state;
  }

  /**
   * A document's live state; one the hub cannot load (damaged, ADR 0007) is exported as it is
   * stored, so one damaged document does not keep a workspace from leaving with the rest.
   */
  async function documentState(documentId: string): Promise<Uint8Array> {
    try {
      return await options.currentState(documentId);
    } catch (error) {
      if (!(error instanceof DocumentLoadError && error.damaged)) throw error;
      return storedState(prisma, documentId).catch(() => new Uint8Array([0, 0]));
    }
  }

  async function build() {
    const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, slug: true, name: true, description: true, createdAt: true } });

    // Records, a JSON and a CSV per table.
    for (const table of ARCHIVE_TABLE_NAMES) {
      const file = recordFile(table);
      const pages = (skip: number, take: number) => TABLE_ACCESS[table].read(prisma, workspaceId, skip, take);
      lazy(file, () => jsonRows(file, pages));
      lazy(file.replace(/\.json$/, ".csv"), () => csvRows(columnsOf(ARCHIVE_TABLES[table as ArchiveTable].shape), pages));
    }

    // Documents: metadata, then each one's Yjs state and readable forms.
    const documentSelect = { id: true, kind: true, title: true, ownerRegionId: true, editRole: true, createdById: true, archivedAt: true, version: true, createdAt: true, updatedAt: true } as const;
    const documentPages = (skip: number, take: number) => prisma.document.findMany({ where: { workspaceId }, orderBy: { id: "asc" }, skip, take, select: documentSelect });
    lazy(ARCHIVE_FILES.documents, () => jsonRows(ARCHIVE_FILES.documents, documentPages));
    lazy("documents.csv", () => csvRows(columnsOf(archiveDocumentSchema.shape), documentPages));
    const documents = await prisma.document.findMany({ where: { workspaceId }, orderBy: { id: "asc" }, select: { id: true, title: true } });
    for (const doc of documents) {
      const state = () => stateOf(`d:${doc.id}`, () => documentState(doc.id));
      lazy(documentFile(doc.id, "yjs"), async function* () {
        yield await state();
      });
      lazy(documentFile(doc.id, "html"), async function* () {
        yield documentHtml(doc.title, await state());
      });
      lazy(documentFile(doc.id, "md"), async function* () {
        yield documentMarkdown(doc.title, await state());
      });
    }

    const versionSelect = { id: true, documentId: true, name: true, automatic: true, createdById: true, createdAt: true } as const;
    const versionPages = (skip: number, take: number) =>
      prisma.documentVersion.findMany({ where: { document: { workspaceId } }, orderBy: { id: "asc" }, skip, take, select: versionSelect });
    lazy(ARCHIVE_FILES.versions, () => jsonRows(ARCHIVE_FILES.versions, versionPages));
    lazy("document-versions.csv", () => csvRows(columnsOf(archiveVersionSchema.shape), versionPages));
    const versions = await prisma.documentVersion.findMany({ where: { document: { workspaceId } }, orderBy: { id: "asc" }, select: { id: true, name: true } });
    for (const version of versions) {
      const state = () =>
        stateOf(`v:${version.id}`, async () => (await prisma.documentVersion.findUniqueOrThrow({ where: { id: version.id }, select: { state: true } })).state);
      lazy(versionFile(version.id, "yjs"), async function* () {
        yield await state();
      });
      lazy(versionFile(version.id, "html"), async function* () {
        yield documentHtml(version.name, await state());
      });
      lazy(versionFile(version.id, "md"), async function* () {
        yield documentMarkdown(version.name, await state());
      });
    }

    // The history.
    const auditSelect = { id: true, actorId: true, actorOrganisationId: true, action: true, entityType: true, entityId: true, before: true, after: true, at: true } as const;
    const auditPages = (skip: number, take: number) => prisma.auditEvent.findMany({ where: { workspaceId }, orderBy: AUDIT_ORDER, skip, take, select: auditSelect });
    lazy(ARCHIVE_FILES.history, () => jsonRows(ARCHIVE_FILES.history, auditPages));
    lazy("history.csv", () => csvRows(columnsOf(archiveAuditSchema.shape), auditPages));

    // Members and the people the records name; then the workspace with its regions and every
    // organisation named anywhere; the manifest last, with what was written.
    const memberRows: Record<string, unknown>[] = [];
    lazy(ARCHIVE_FILES.members, async function* () {
      const memberships = await prisma.membership.findMany({ where: { workspaceId }, select: { userId: true, role: true, createdAt: true } });
      const ids = new Set([...people, ...memberships.map((m) => m.userId)]);
      const users = await prisma.user.findMany({ where: { id: { in: [...ids] } }, orderBy: { email: "asc" }, select: { id: true, name: true, email: true, organisationId: true } });
      const roles = new Map(memberships.map((m) => [m.userId, m]));
      for (const user of users) {
        const membership = roles.get(user.id);
        organisations.add(user.organisationId);
        memberRows.push({ ...user, role: membership?.role ?? null, memberSince: membership?.createdAt ?? null });
      }
      counts[ARCHIVE_FILES.members] = memberRows.length;
      yield JSON.stringify(memberRows, null, 1) + "\n";
    });
    lazy("members.csv", async function* () {
      const columns = columnsOf(archiveMemberSchema.shape);
      yield csvHeader(columns);
      for (const row of memberRows) yield csvLine(columns, row);
    });

    const regionRows: Record<string, unknown>[] = [];
    lazy(ARCHIVE_FILES.workspace, async function* () {
      const links = await prisma.workspaceRegion.findMany({ where: { workspaceId }, select: { region: { select: { id: true, slug: true, name: true, createdAt: true } } } });
      const regions = links.map((l) => l.region).sort((a, b) => a.id.localeCompare(b.id));
      regionRows.push(...regions);
      const orgSelect = { id: true, slug: true, name: true, kind: true, cbsCode: true, province: true, regionId: true } as const;
      const inRegions = await prisma.organisation.findMany({ where: { regionId: { in: regions.map((r) => r.id) } }, select: orgSelect });
      const named = await prisma.organisation.findMany({ where: { id: { in: [...organisations] } }, select: orgSelect });
      const all = new Map([...inRegions, ...named].map((o) => [o.id, o]));
      const orgs = [...all.values()].sort((a, b) => a.id.localeCompare(b.id));
      counts[ARCHIVE_FILES.workspace] = 1;
      yield JSON.stringify({ workspace, regions, organisations: orgs }, null, 1) + "\n";
    });
    lazy("regions.csv", async function* () {
      const columns = ["id", "slug", "name", "createdAt"];
      yield csvHeader(columns);
      for (const row of regionRows) yield csvLine(columns, row);
    });

    lazy(ARCHIVE_FILES.manifest, async function* () {
      const manifest: ArchiveManifest = {
        format: ARCHIVE_FORMAT,
        version: ARCHIVE_VERSION,
        exportedAt: now().toISOString(),
        source: options.origin,
        workspace: { slug: workspace.slug, name: workspace.name },
        counts: { ...counts, [ARCHIVE_FILES.manifest]: 1 },
      };
      yield JSON.stringify(manifest, null, 1) + "\n";
    });
    zip.end();
  }

  zip.on("error", (error: Error) => output.destroy(error));
  build().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}
