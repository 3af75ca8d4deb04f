import { defineConfig } from "vitest/config";

// The multi-instance suite: each file starts PostgreSQL, redis-server, 2–3 server processes and
// HAProxy. One file at a time (the machine has 2 cores).
export default defineConfig({
  test: {
    include: ["src/**/*.scale.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
