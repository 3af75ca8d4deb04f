import { authRouter } from "./routers/auth";
import { accountRouter, memberRouter, municipalityRouter, workspaceRouter } from "./routers/workspace";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  workspace: workspaceRouter,
  member: memberRouter,
  municipality: municipalityRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
