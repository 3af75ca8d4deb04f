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

  it("limits live streams and password hashes, with defaults (ADR 0014)", () => {
    expect(loadConfig({}).live).toEqual({ streamsPerSession: 6, presenceMs: 1000, sessionCheckMs: 60_000 });
    expect(loadConfig({}).passwordHashing).toEqual({ concurrency: 2, queue: 16 });
    expect(loadConfig({ LIVE_STREAMS_PER_SESSION: "2", PASSWORD_HASH_QUEUE: "0" })).toMatchObject({ live: { streamsPerSession: 2 }, passwordHashing: { queue: 0 } });
    expect(() => loadConfig({ LIVE_STREAMS_PER_SESSION: "0" })).toThrow(/LIVE_STREAMS_PER_SESSION/);
    expect(() => loadConfig({ PASSWORD_HASH_CONCURRENCY: "0" })).toThrow(/PASSWORD_HASH_CONCURRENCY/);
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
