export { createPrismaClient, type Db, type Tx } from "./client";
export { openDatabase, type Database, type OpenDatabaseOptions } from "./database";
export { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";
export { findMigrationsDir, loadMigrations, migrate, type Migration } from "./migrations";
export { resolveScope, findWorkspaceMunicipality, workspaceRegionIds, type Scope } from "./scope";
export { seedDemoData, demoEmail, DEMO_PASSWORD, DEMO_EMAIL_DOMAIN, DEMO_PLATFORM_ADMIN } from "./seed";
export { seedDemoRecords } from "./seed-records";
export { lockDemoAccounts, unlockDemoAccounts, LOCKED_DEMO_PASSWORD } from "./demo-accounts";
export { recordAudit, listAudit, type AuditInput, type AuditQuery } from "./services/audit";
export { listWorkspacesForUser, workspaceOverview } from "./services/workspaces";
export { addMember, changeMemberRole, removeMember } from "./services/members";
export { updateMunicipalityContact } from "./services/municipalities";
export {
  importDirectory,
  loadDirectoryFile,
  searchDirectory,
  mergeMunicipalities,
  DIRECTORY_FILE,
  type DirectoryHit,
  type DirectorySearchOptions,
  type ImportResult,
  type MergerInput,
  type MergerResult,
} from "./services/directory";
export { getAccount } from "./services/account";
export {
  resolveDocumentAccess,
  listDocuments,
  getDocument,
  createDocument,
  newDocument,
  renameDocument,
  setDocumentArchived,
  listVersions,
  readVersion,
  saveVersion,
  restoreVersion,
  documentLoadStatus,
  recoverDocument,
  type DocumentAccess,
  type LiveDocuments,
} from "./services/documents";
export {
  readStoredDocument,
  appendDocumentUpdates,
  compactDocument,
  latestAutomaticVersionAt,
  insertVersion,
  createInitialSnapshot,
  type StoredRows,
  type VersionInfo,
  type VersionState,
} from "./services/document-store";
export * from "./services/records";
export { eventBus, createInProcessEventBus, publishRecordChange, type BusEvent, type EventBus, type MembershipChange, type SessionsEnded } from "./events";
export { Prisma } from "./generated/prisma/client";
export type * from "./generated/prisma/models";
export { listAssessments, getAssessment, createAssessment, scoreCell, setCriterionWeight, lockAssessment } from "./services/assessments";
export {
  networksOf,
  listLibrary,
  getTemplate,
  previewPublication,
  submitTemplate,
  templatesFromWorkspace,
  reviewQueue,
  reviewVersion,
  unpublishTemplate,
  useTemplate,
  listNotifications,
  dismissNotification,
  contentHash,
  type LibraryDocuments,
  type LibraryFilter,
  type PublishInput,
  type UseInput,
} from "./services/library";
export { search, type SearchHit } from "./services/search";
export { seedDemoLibrary, DEMO_NETWORK, DEMO_MODERATOR } from "./seed-library";
export {
  enqueueMail,
  claimDueMails,
  failAbandonedMails,
  markMailSent,
  markMailLogged,
  retryMailLater,
  markMailFailed,
  nextMailDueInMs,
  listFailedMails,
  listLoggedMails,
  getOutboxMail,
  type ClaimedMail,
  type ClaimOptions,
  type MailState as OutboxState,
  type OutboxRow,
} from "./services/mail-outbox";
export {
  createPlatformAdmin,
  grantPlatformAdmin,
  hashSetupToken,
  hasUsers,
  issueSetupToken,
  platformOverview,
  platformStanding,
  setupTokenValid,
  slugify,
  type NewPlatformAdmin,
  type SetupAuthority,
} from "./services/platform";
