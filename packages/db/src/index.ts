export { createPrismaClient, type Db, type Tx } from "./client";
export { openDatabase, whileStarting, type Database, type OpenDatabaseOptions } from "./database";
export { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";
export { findMigrationsDir, loadMigrations, migrate, type Migration } from "./migrations";
export { resolveScope, findWorkspaceMunicipality, workspaceRegionIds, type Scope } from "./scope";
export { seedDemoData, demoEmail, DEMO_PASSWORD, DEMO_EMAIL_DOMAIN, DEMO_PLATFORM_ADMIN } from "./seed";
export { seedDemoRecords } from "./seed-records";
export { lockDemoAccounts, unlockDemoAccounts, LOCKED_DEMO_PASSWORD } from "./demo-accounts";
export { recordAudit, listAudit, type AuditInput, type AuditQuery } from "./services/audit";
export { disableSecondFactor, resetSecondFactor, withSecondFactor, type SecondFactorActor } from "./services/second-factor";
export { listHistory, type EditLine, type HistoryQuery } from "./services/history";
export { listWorkspacesForUser, workspaceOverview } from "./services/workspaces";
export { attentionAcrossWorkspaces, needsMe, todayInNetherlands, type NeedsMe } from "./services/needs-me";
export { addMember, changeMemberRole, removeMember } from "./services/members";
export {
  acceptInvitation,
  createAccountFromInvitation,
  createInvitations,
  findOpenInvitation,
  hashInvitationToken,
  invitationLink,
  invitationOrganisations,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  type CreateInvitationsInput,
  type CreateInvitationsResult,
  type InvitationRow,
  type InvitationSender,
  type OpenInvitation,
  type OrganisationChoice,
} from "./services/invitations";
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
  insertAutomaticVersionOnce,
  latestAutomaticVersionAt,
  insertVersion,
  createInitialSnapshot,
  type AppendedUpdate,
  type UpdateAuthor,
  type StoredRows,
  type VersionInfo,
  type VersionState,
} from "./services/document-store";
export * from "./services/records";
export { createMemoryTransportNetwork, type MessageTransport } from "./transport";
export { eventBus, createInProcessEventBus, connectEventBus, EVENTS_CHANNEL, publishRecordChange, announceMail, type ConnectEventBusOptions, type BusEvent, type EventBus, type MembershipChange, type SessionsEnded, type SessionsEndedReason } from "./events";
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
  enqueueMails,
  claimDueMails,
  failAbandonedMails,
  markMailsSent,
  markMailsLogged,
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
  directoryChoices,
  setupTokenValid,
  slugify,
  type NewPlatformAdmin,
  type SetupAuthority,
} from "./services/platform";
export {
  endAllSessions,
  deleteAllSessions,
  announceSessionsEnded,
  hashAccountToken,
  newAccountToken,
  requestPasswordReset,
  passwordResetValid,
  resetPassword,
  requestEmailChange,
  confirmEmailChange,
  listUsers,
  setUserActive,
  leaveWorkspace,
  exportOwnData,
  PASSWORD_RESET_TTL_MS,
  EMAIL_CHANGE_TTL_MS,
  type LinkContext,
} from "./services/account-lifecycle";
export {
  connectionForEmail,
  organisationPeople,
  organisationPerson,
  organisationSignIn,
  removeOidcConnection,
  saveOidcConnection,
  setOrganisationAdmin,
  setSsoRequired,
  ssoRequiredForEmail,
  type ConnectionInput,
  type ConnectionView,
  type OrganisationActor,
} from "./services/single-sign-on";
export {
  completeLink,
  hashPendingToken,
  mailLinkConfirmation,
  NO_PASSWORD,
  pendingLink,
  resolveSsoAccount,
  type ProvenIdentity,
  type SsoAccount,
} from "./services/sso-accounts";
export {
  addMunicipalities,
  addRegion,
  createDirectoryOrganisation,
  createWorkspace,
  deleteWorkspace,
  grantWorkspaceCreator,
  listAllWorkspaces,
  listMergedMunicipalities,
  listOtherOrganisations,
  listWorkspaceCreators,
  removeMunicipality,
  removeRegion,
  resolveMunicipalities,
  resolveSteward,
  revokeWorkspaceCreator,
  setWorkspaceArchived,
  workspaceSettings,
  type Steward,
} from "./services/workspace-lifecycle";
export { createScimToken, listScimTokens, revokeScimToken, authenticateScimToken, hashScimToken, SCIM_TOKEN_PREFIX, SCIM_TOKEN_LABEL_MAX, type ScimActor } from "./services/scim-tokens";
export { listScimUsers, getScimUser, createScimUser, patchScimUser, replaceScimUser, deleteScimUser } from "./services/scim";
export {
  findCommentSubject,
  listThreads,
  countOpenThreads,
  listOpenThreads,
  searchMentionables,
  startThread,
  replyToThread,
  editComment,
  deleteComment,
  setThreadResolved,
  setFollowing,
  isFollowing,
  threadLink,
  type CommentSubjectInfo,
  type CommentView,
  type ThreadView,
} from "./services/comments";
export { listInbox, unreadCount, markRead, markAllRead, openNotification, type InboxItem } from "./services/inbox";
export { notifyMilestonesDue } from "./services/milestones-due";
export { createCalendarFeed, revokeCalendarFeed, calendarFeedStatus, calendarFeedFor, keepCancelledMilestone, type CalendarFeed, type CalendarItem } from "./services/calendar-feed";
export {
  createNotifications,
  findUnsubscribe,
  unsubscribe,
  pruneUnsubscribeTokens,
  getNotificationPreferences,
  setNotificationPreferences,
  newUnsubscribeToken,
  storeUnsubscribeTokens,
  type NewNotification,
  type UnsubscribeScope,
  type NotificationPreferences,
  type NotificationPreferencesInput,
} from "./services/notifications";
export { runDigests, type DigestRunOptions, type DigestRunResult } from "./services/digests";
