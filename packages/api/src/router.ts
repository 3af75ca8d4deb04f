import { authRouter } from "./routers/auth";
import { documentRouter } from "./routers/documents";
import {
  exportRouter,
  governanceRouter,
  lotRouter,
  marketRouter,
  milestoneRouter,
  segmentRouter,
  staffingRouter,
  tenderRouter,
} from "./routers/records";
import { assessmentRouter, libraryRouter, notificationRouter, searchRouter } from "./routers/library";
import { accountRouter, memberRouter, municipalityRouter, workspaceRouter } from "./routers/workspace";
import { platformRouter, setupRouter } from "./routers/platform";
import { organisationRouter } from "./routers/organisation";
import { invitationRouter } from "./routers/invitations";
import { archiveRouter } from "./routers/archive";
import { directoryRouter, workspacesRouter } from "./routers/workspaces";
import { secondFactorRouter } from "./routers/second-factor";
import { commentRouter, followRouter, inboxRouter } from "./routers/comments";
import { calendarRouter } from "./routers/calendar";
import { notificationPreferencesRouter } from "./routers/notification-preferences";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  workspace: workspaceRouter,
  member: memberRouter,
  municipality: municipalityRouter,
  document: documentRouter,
  governance: governanceRouter,
  staffing: staffingRouter,
  tender: tenderRouter,
  lot: lotRouter,
  milestone: milestoneRouter,
  segment: segmentRouter,
  market: marketRouter,
  export: exportRouter,
  assessment: assessmentRouter,
  library: libraryRouter,
  notification: notificationRouter,
  search: searchRouter,
  platform: platformRouter,
  organisation: organisationRouter,
  setup: setupRouter,
  invitation: invitationRouter,
  archive: archiveRouter,
  workspaces: workspacesRouter,
  directory: directoryRouter,
  secondFactor: secondFactorRouter,
  comment: commentRouter,
  follow: followRouter,
  inbox: inboxRouter,
  calendar: calendarRouter,
  notificationPreferences: notificationPreferencesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
