export { appRouter, createCaller, type AppRouter } from "./router";
export { MAX_BATCH_SIZE, type Context } from "./context";
export type { inferRouterOutputs, inferRouterInputs } from "@trpc/server";
