import { authRouter } from "./routers/auth";
import { documentRouter } from "./routers/documents";
import { accountRouter, memberRouter, municipalityRouter, workspaceRouter } from "./routers/workspace";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  workspace: workspaceRouter,
  member: memberRouter,
  municipality: municipalityRouter,
  document: documentRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
