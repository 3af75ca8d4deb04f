export { appRouter, createCaller, type AppRouter } from "./router";
export { MAX_BATCH_SIZE, type Context, type CollabService, type SingleSignOnService, type SsoOutcome } from "./context";
export type { inferRouterOutputs, inferRouterInputs } from "@trpc/server";
