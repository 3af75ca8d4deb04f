// Loaded into the server process by bench/soak (NODE_OPTIONS=--import=…): writes the
// process's memory figures to HEAP_PROBE_FILE every second, so the benchmark can read the
// heap of another process.
import { writeFileSync } from "node:fs";

const file = process.env.HEAP_PROBE_FILE;
if (file) setInterval(() => writeFileSync(file, JSON.stringify(process.memoryUsage())), 1000).unref();
