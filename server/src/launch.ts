/**
 * How the server process is started: `pnpm start`, the browser tests and the benchmarks all
 * use these Node arguments (run from the server folder). A 32 MB young generation cuts GC
 * pauses under load (bench/api: p99 at 32 connections from ~150 ms to ~95 ms).
 */
export const SERVER_NODE_ARGS = ["--max-semi-space-size=32", "--import", "tsx", "src/main.ts"];
