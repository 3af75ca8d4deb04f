export { loadConfig, type Config } from "./config";
export { startServer, type RunningServer } from "./server";
export { repoRoot } from "./paths";
export type { RegiotafelLoadContext } from "./request-context";
export { SERVER_NODE_ARGS } from "./launch";
