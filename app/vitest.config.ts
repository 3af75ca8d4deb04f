import { defineConfig } from "vitest/config";

// Unit tests of the app's pure helpers; the Remix plugin is not needed for them.
export default defineConfig({
  resolve: { alias: { "~": new URL("./src", import.meta.url).pathname } },
  test: { include: ["src/**/*.test.ts"] },
});
