export { appRouter, createCaller, type AppRouter } from "./router";
export { MAX_BATCH_SIZE, type Context, type CollabService } from "./context";
export type { inferRouterOutputs, inferRouterInputs } from "@trpc/server";
