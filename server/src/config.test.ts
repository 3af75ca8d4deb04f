import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("configuration", () => {
  it("defaults to port 3000, the embedded database and demo data", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.demoData).toBe(true);
    expect(config.collabCommitMs).toBeUndefined(); // the hub's own default
    expect(loadConfig({ COLLAB_COMMIT_MS: "25" }).collabCommitMs).toBe(25);
  });

  it("never creates demo data in production, even when asked", () => {
    expect(loadConfig({ NODE_ENV: "production", DEMO_DATA: "1" }).demoData).toBe(false);
  });

  it("explains invalid settings", () => {
    expect(() => loadConfig({ PORT: "tachtig" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must start with postgres/);
    expect(() => loadConfig({ COLLAB_COMMIT_MS: "-5" })).toThrow(/COLLAB_COMMIT_MS/);
  });
});
