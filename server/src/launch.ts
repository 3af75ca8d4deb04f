/**
 * How the server process is started: `pnpm start`, the browser tests and the benchmarks all
 * use these Node arguments (run from the server folder). A 32 MB young generation cuts GC
 * pauses under load (bench/api: p99 at 32 connections from ~150 ms to ~95 ms). It is fixed
 * (min = max): V8 otherwise halves it after a full collection and grows it back a minute
 * later, so the process's memory swung by 32 MiB with nothing leaking (bench/soak: RSS 230,
 * then 252–261 MiB for good; fixed: 269–270 MiB throughout).
 */
export const SERVER_NODE_ARGS = ["--min-semi-space-size=32", "--max-semi-space-size=32", "--import", "tsx", "src/main.ts"];
