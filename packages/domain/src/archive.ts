import { z } from "zod";
import { ORGANISATION_KINDS, ROLES } from "./roles";
import { slugSchema } from "./schemas";
import { DOCUMENT_KINDS } from "./documents";
import {
  CHECKLIST_STATUSES,
  EMPLOYMENTS,
  FUNDING_MODELS,
  GOVERNANCE_BODY_KINDS,
  MILESTONE_STATUSES,
  MILESTONE_TYPES,
  ORGANISATION_FORMS,
  PROCEDURES,
  PROCUREMENT_LEVELS,
  SOCIAL_DOMAINS,
} from "./procurement/vocabulary";
import { TENDER_STATUSES } from "./procurement/lifecycle";

// The whole-workspace export (exit rights, GIBIT art. 22; ADR 0025): one ZIP of JSON and CSV that
// a workspace administrator downloads and a platform administrator imports into an installation.
// This module is the format: its name and version, the files it holds, and a zod schema for every
// JSON file, so an import validates everything before it writes anything.

export const ARCHIVE_FORMAT = "regiotafel.workspace-export";
export const ARCHIVE_VERSION = 1;

/** Limits an import holds a ZIP to (besides the upload's own size limit, IMPORT_MAX_MB). */
export const ARCHIVE_LIMITS = {
  /** Most entries (files) in one archive. */
  maxEntries: 100_000,
  /** Most bytes of one entry, uncompressed. */
  maxEntryBytes: 64 * 1024 * 1024,
  /** Most bytes of all entries together, uncompressed (a zip bomb stops here). */
  maxTotalBytes: 1024 * 1024 * 1024,
  /** Most uncompressed bytes per compressed byte of an entry (deflate reaches about 1000 at best). */
  maxRatio: 1100,
} as const;

const uuid = z.uuid();
const isoDateTime = z.iso.datetime({ offset: true });
const nullableId = uuid.nullable();
const text = z.string().max(1_000_000);
const shortText = z.string().max(10_000);
const json = z.json();
const int = z.number().int().min(-2_147_483_648).max(2_147_483_647);
const num = z.number().finite();

/**
 * The record tables, in the order an import inserts them (a parent before its children). Each:
 * the file name under records/ (JSON and CSV) and the schema of one row. A row's `id` and every
 * field ending in `Id` is a reference the import remaps (ADR 0025); other fields are copied.
 */
export const ARCHIVE_TABLES = {
  governanceModels: z.strictObject({
    id: uuid,
    regionId: nullableId,
    organisationForm: z.enum(ORGANISATION_FORMS),
    description: text,
    version: int,
    updatedAt: isoDateTime,
  }),
  governanceBodies: z.strictObject({
    id: uuid,
    modelId: uuid,
    kind: z.enum(GOVERNANCE_BODY_KINDS),
    name: shortText,
    members: json,
    version: int,
    sortOrder: int,
  }),
  decisions: z.strictObject({
    id: uuid,
    regionId: nullableId,
    bodyId: nullableId,
    date: isoDateTime,
    title: shortText,
    decision: text,
    documents: json,
    createdById: nullableId,
    createdAt: isoDateTime,
  }),
  nvoChecks: z.strictObject({
    id: uuid,
    regionId: nullableId,
    agreement: int,
    status: z.enum(CHECKLIST_STATUSES),
    notes: text,
    version: int,
  }),
  staffingLines: z.strictObject({
    id: uuid,
    regionId: nullableId,
    municipalityId: nullableId,
    function: shortText,
    fteCurrent: num,
    fteMinimum: num.nullable(),
    employment: z.enum(EMPLOYMENTS),
    notes: text,
    version: int,
    sortOrder: int,
  }),
  tenders: z.strictObject({
    id: uuid,
    ownerRegionId: nullableId,
    title: shortText,
    description: text,
    domain: z.enum(SOCIAL_DOMAINS),
    level: z.enum(PROCUREMENT_LEVELS),
    procedure: z.enum(PROCEDURES),
    procuringEntityId: uuid,
    status: z.enum(TENDER_STATUSES),
    contractStart: isoDateTime.nullable(),
    contractEnd: isoDateTime.nullable(),
    extensionOptions: text,
    estimatedValue: num.nullable(),
    sroiPercentage: num.nullable(),
    sroiThreshold: num.nullable(),
    fundingModel: z.enum(FUNDING_MODELS).nullable(),
    version: int,
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  }),
  tenderParticipants: z.strictObject({ tenderId: uuid, organisationId: uuid }),
  lots: z.strictObject({
    id: uuid,
    tenderId: uuid,
    segment: shortText,
    title: shortText,
    regionalProvidersMin: int.nullable(),
    regionalProvidersMax: int.nullable(),
    localProvidersMin: int.nullable(),
    localProvidersMax: int.nullable(),
    procedureOverride: z.enum(PROCEDURES).nullable(),
    expectedValue: num.nullable(),
    status: z.enum(TENDER_STATUSES),
    notes: text,
    version: int,
    sortOrder: int,
  }),
  lotParticipations: z.strictObject({ lotId: uuid, municipalityId: uuid, participating: z.boolean(), updatedById: nullableId, updatedAt: isoDateTime }),
  milestones: z.strictObject({
    id: uuid,
    tenderId: uuid,
    lotId: nullableId,
    type: z.enum(MILESTONE_TYPES),
    title: shortText,
    description: text,
    dueDate: isoDateTime.nullable(),
    dateMet: isoDateTime.nullable(),
    status: z.enum(MILESTONE_STATUSES),
    version: int,
  }),
  segments: z.strictObject({
    id: uuid,
    name: shortText,
    domain: z.enum(SOCIAL_DOMAINS),
    level: z.enum(PROCUREMENT_LEVELS),
    leadRegionId: nullableId,
    centralMunicipalityId: nullableId,
    budgetSplit: text,
    riskSharing: text,
    cooperation: text,
    version: int,
  }),
  segmentRegions: z.strictObject({ segmentId: uuid, regionId: uuid }),
  segmentMunicipalities: z.strictObject({ segmentId: uuid, municipalityId: uuid }),
  segmentTenders: z.strictObject({ segmentId: uuid, tenderId: uuid }),
  marketFigures: z.strictObject({
    id: uuid,
    lotId: nullableId,
    label: shortText,
    domain: z.enum(SOCIAL_DOMAINS).nullable(),
    year: int,
    spend: num,
    providers: int.nullable(),
    clients: int.nullable(),
    top3Share: num.nullable(),
    top10Share: num.nullable(),
    version: int,
  }),
  assessments: z.strictObject({
    id: uuid,
    title: shortText,
    description: text,
    status: z.enum(["OPEN", "LOCKED"]),
    lockedAt: isoDateTime.nullable(),
    lockedById: nullableId,
    createdById: nullableId,
    version: int,
    createdAt: isoDateTime,
  }),
  assessmentScenarios: z.strictObject({ id: uuid, assessmentId: uuid, title: shortText, description: text, sortOrder: int }),
  assessmentCriteria: z.strictObject({ id: uuid, assessmentId: uuid, title: shortText, description: text, weight: num, sortOrder: int }),
  assessmentParticipants: z.strictObject({ assessmentId: uuid, organisationId: uuid }),
  assessmentScores: z.strictObject({
    id: uuid,
    assessmentId: uuid,
    scenarioId: uuid,
    criterionId: uuid,
    participantId: uuid,
    score: int,
    rationale: text,
    updatedById: nullableId,
    updatedAt: isoDateTime,
  }),
  templateUses: z.strictObject({
    id: uuid,
    templateId: uuid,
    versionNumber: int,
    usedById: nullableId,
    createdType: shortText,
    createdId: uuid,
    usedAt: isoDateTime,
  }),
  notifications: z.strictObject({
    id: uuid,
    kind: shortText,
    templateId: nullableId,
    params: json,
    createdAt: isoDateTime,
    dismissedAt: isoDateTime.nullable(),
  }),
} as const;

export type ArchiveTable = keyof typeof ARCHIVE_TABLES;
export const ARCHIVE_TABLE_NAMES = Object.keys(ARCHIVE_TABLES) as ArchiveTable[];
export type ArchiveRow<T extends ArchiveTable> = z.infer<(typeof ARCHIVE_TABLES)[T]>;

/** References into an installation's network library, not into the workspace: kept when the template exists there. */
export const LIBRARY_REFERENCES = new Set(["templateId"]);

export const archiveOrganisationSchema = z.strictObject({
  id: uuid,
  slug: z.string().min(1).max(200),
  name: shortText,
  kind: z.enum(ORGANISATION_KINDS),
  cbsCode: z.string().regex(/^GM\d{4}$/).nullable(),
  province: z.string().max(100).nullable(),
  regionId: nullableId,
});

export const archiveRegionSchema = z.strictObject({ id: uuid, slug: z.string().min(1).max(200), name: shortText, createdAt: isoDateTime });

export const archiveWorkspaceSchema = z.strictObject({
  workspace: z.strictObject({ id: uuid, slug: slugSchema, name: z.string().min(1).max(200), description: text, createdAt: isoDateTime }),
  regions: z.array(archiveRegionSchema),
  organisations: z.array(archiveOrganisationSchema),
});

export const archiveMemberSchema = z.strictObject({
  id: uuid,
  name: shortText,
  email: z.string().min(3).max(320),
  organisationId: uuid,
  /** The workspace role; null for someone the records name who is no member any more. */
  role: z.enum(ROLES).nullable(),
  memberSince: isoDateTime.nullable(),
});

export const archiveDocumentSchema = z.strictObject({
  id: uuid,
  kind: z.enum(DOCUMENT_KINDS),
  title: shortText,
  ownerRegionId: nullableId,
  editRole: z.enum(ROLES),
  createdById: nullableId,
  archivedAt: isoDateTime.nullable(),
  version: int,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const archiveVersionSchema = z.strictObject({
  id: uuid,
  documentId: uuid,
  name: shortText,
  automatic: z.boolean(),
  createdById: nullableId,
  createdAt: isoDateTime,
});

export const archiveAuditSchema = z.strictObject({
  id: uuid,
  actorId: nullableId,
  actorOrganisationId: nullableId,
  action: z.string().max(200),
  entityType: z.string().max(200),
  entityId: z.string().max(200),
  before: json.nullable(),
  after: json.nullable(),
  at: isoDateTime,
});

/** Every JSON file besides the record tables: its path in the ZIP and its schema. */
export const ARCHIVE_FILES = {
  workspace: "workspace.json",
  members: "members.json",
  documents: "documents.json",
  versions: "document-versions.json",
  history: "history.json",
  manifest: "manifest.json",
} as const;

export const recordFile = (table: ArchiveTable) => `records/${table}.json`;
export const documentFile = (id: string, ext: "yjs" | "html" | "md") => `documents/${id}.${ext}`;
export const versionFile = (id: string, ext: "yjs" | "html" | "md") => `document-versions/${id}.${ext}`;

export const archiveManifestSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT, { error: "archive.format" }),
  version: z.literal(ARCHIVE_VERSION, { error: "archive.version" }),
  exportedAt: isoDateTime,
  /** The installation it came from (its origin, e.g. https://regiotafel.example.nl). */
  source: z.string().max(500),
  workspace: z.strictObject({ slug: slugSchema, name: z.string().max(200) }),
  /** Rows per JSON file, by path: an import checks each file holds exactly as many. */
  counts: z.record(z.string().max(300), z.number().int().min(0)),
});
export type ArchiveManifest = z.infer<typeof archiveManifestSchema>;

// ---------------------------------------------------------------- the new workspace's slug

/** A slug made from a name: lower case, accents dropped, dashes between words, at most 64 characters. */
export function slugFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/g, "");
  return slug || "werkruimte";
}

/** The first of `base`, `base-2`, `base-3`, … that `taken` does not hold (each at most 64 characters). */
export function freeSlug(base: string, taken: (slug: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 64 - suffix.length).replace(/-+$/g, "")}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

/** Whether a ZIP entry's name is safe to read: relative, no "..", no backslashes or drive letters, printable. */
export function safeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 300) return false;
  if (name.startsWith("/") || name.includes("\\") || /^[a-zA-Z]:/.test(name)) return false;
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  return name.split("/").every((part) => part !== ".." && part !== "." && part !== "");
}
