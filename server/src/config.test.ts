import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { parseTrustProxy } from "./trust-proxy";

const SECRET_KEY = Buffer.alloc(32, 5).toString("base64");
const PRODUCTION = { NODE_ENV: "production", DATABASE_URL: "postgres://db.internal/regiotafel", ALLOWED_HOSTS: "regiotafel.example", REGIOTAFEL_SECRET_KEY: SECRET_KEY };

describe("configuration", () => {
  it("defaults to port 3000 on loopback, the embedded database, demo data and a 256 kB body limit", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.demoData).toBe(true);
    expect(config.maxBodyBytes).toBe(256 * 1024);
    expect(config.trustProxy.description).toBe("off");
    expect([...config.allowedHosts]).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(config.collabCommitMs).toBeUndefined(); // the hub's own default
    expect(loadConfig({ COLLAB_COMMIT_MS: "25" }).collabCommitMs).toBe(25);
    expect(loadConfig({ HOST: "0.0.0.0", MAX_BODY_KB: "512" })).toMatchObject({ host: "0.0.0.0", maxBodyBytes: 512 * 1024 });
  });

  it("names an accessibility contact for the statement page, the operator's own when ACCESSIBILITY_CONTACT is set", () => {
    expect(loadConfig({}).accessibilityContact).toBe("toegankelijkheid@regiotafel.nl");
    expect(loadConfig({ ACCESSIBILITY_CONTACT: " https://gemeente.example/toegankelijkheid " }).accessibilityContact).toBe("https://gemeente.example/toegankelijkheid");
    expect(() => loadConfig({ ACCESSIBILITY_CONTACT: "   " })).toThrow(/ACCESSIBILITY_CONTACT/);
  });

  it("takes a workspace import up to IMPORT_MAX_MB, 200 MB by default (ADR 0025)", () => {
    expect(loadConfig({}).importMaxBytes).toBe(200 * 1024 * 1024);
    expect(loadConfig({ IMPORT_MAX_MB: "5" }).importMaxBytes).toBe(5 * 1024 * 1024);
    expect(() => loadConfig({ IMPORT_MAX_MB: "0" })).toThrow(/IMPORT_MAX_MB/);
  });

  it("limits live streams and password hashes, with defaults (ADR 0014)", () => {
    expect(loadConfig({}).live).toEqual({ streamsPerSession: 6, presenceMs: 1000, sessionCheckMs: 60_000 });
    expect(loadConfig({}).passwordHashing).toEqual({ concurrency: 2, queue: 16 });
    expect(loadConfig({ LIVE_STREAMS_PER_SESSION: "2", PASSWORD_HASH_QUEUE: "0" })).toMatchObject({ live: { streamsPerSession: 2 }, passwordHashing: { queue: 0 } });
    expect(() => loadConfig({ LIVE_STREAMS_PER_SESSION: "0" })).toThrow(/LIVE_STREAMS_PER_SESSION/);
    expect(() => loadConfig({ PASSWORD_HASH_CONCURRENCY: "0" })).toThrow(/PASSWORD_HASH_CONCURRENCY/);
  });

  it("explains invalid settings in one line", () => {
    expect(() => loadConfig({ PORT: "tachtig" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must start with postgres/);
    expect(() => loadConfig({ COLLAB_COMMIT_MS: "-5" })).toThrow(/COLLAB_COMMIT_MS/);
    expect(() => loadConfig({ PORT: "x", TRUST_PROXY: "true" })).toThrow(/^PORT: [^\n]*$/);
    expect(() => loadConfig({ TRUST_PROXY: "true", ALLOWED_HOSTS: "https://x.example" })).toThrow(/^TRUST_PROXY: [^\n]*; ALLOWED_HOSTS: [^\n]*$/);
  });
});

describe("production", () => {
  it("starts with PostgreSQL and its host names, without demo data and without the localhost names", () => {
    const config = loadConfig(PRODUCTION);
    expect(config.production).toBe(true);
    expect(config.demoData).toBe(false);
    expect([...config.allowedHosts]).toEqual(["regiotafel.example"]);
  });

  it("refuses demo data, a missing DATABASE_URL and a missing ALLOWED_HOSTS, each with its reason", () => {
    expect(() => loadConfig({ ...PRODUCTION, DEMO_DATA: "1" })).toThrow(/^DEMO_DATA: demo accounts have a published password/);
    expect(() => loadConfig({ ...PRODUCTION, DATABASE_URL: undefined })).toThrow(/^DATABASE_URL: required in production/);
    expect(() => loadConfig({ ...PRODUCTION, ALLOWED_HOSTS: " " })).toThrow(/^ALLOWED_HOSTS: required in production/);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/DATABASE_URL: .*; ALLOWED_HOSTS: /);
    expect(() => loadConfig({ ...PRODUCTION, DEMO_DATA: "0" })).not.toThrow();
  });
});

describe("secrets and the public address (ADR 0035)", () => {
  it("needs REGIOTAFEL_SECRET_KEY in production and with Redis, and takes only 32 bytes in base64", () => {
    expect(() => loadConfig({ ...PRODUCTION, REGIOTAFEL_SECRET_KEY: undefined })).toThrow(/^REGIOTAFEL_SECRET_KEY: required in production/);
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/REGIOTAFEL_SECRET_KEY: required with REDIS_URL/);
    expect(() => loadConfig({ REGIOTAFEL_SECRET_KEY: "te-kort" })).toThrow(/^REGIOTAFEL_SECRET_KEY: /);
    expect(() => loadConfig({ REGIOTAFEL_SECRET_KEY: Buffer.alloc(16, 1).toString("base64") })).toThrow(/^REGIOTAFEL_SECRET_KEY: /);
    expect(loadConfig({ REGIOTAFEL_SECRET_KEY: SECRET_KEY }).secretKey).toBe(SECRET_KEY);
    // Outside production without Redis: unset, the server keeps one in DATA_DIR.
    expect(loadConfig({}).secretKey).toBeUndefined();
  });

  it("derives PUBLIC_URL from the first allowed host in production and from the port elsewhere, and refuses a path", () => {
    expect(loadConfig(PRODUCTION).publicUrl).toBe("https://regiotafel.example");
    expect(loadConfig({ PORT: "4321" }).publicUrl).toBe("http://localhost:4321");
    expect(loadConfig({ ...PRODUCTION, PUBLIC_URL: "https://Regiotafel.Example/" }).publicUrl).toBe("https://regiotafel.example");
    expect(() => loadConfig({ PUBLIC_URL: "https://regiotafel.example/app" })).toThrow(/^PUBLIC_URL: /);
    expect(loadConfig(PRODUCTION).oidcAllowHttp).toBe(false);
    expect(loadConfig({}).oidcAllowHttp).toBe(true);
  });
});

describe("ALLOWED_HOSTS and ALLOWED_ORIGINS", () => {
  it("takes host names without scheme or port, case-insensitively, and adds the localhost names outside production", () => {
    expect([...loadConfig({ ALLOWED_HOSTS: "Regiotafel.Example, intern.example" }).allowedHosts]).toEqual([
      "regiotafel.example",
      "intern.example",
      "localhost",
      "127.0.0.1",
      "[::1]",
    ]);
    for (const bad of ["https://regiotafel.example", "regiotafel.example:443", "regio tafel", "*.example"]) {
      expect(() => loadConfig({ ALLOWED_HOSTS: bad }), bad).toThrow(/^ALLOWED_HOSTS: .* is not a host name/);
    }
  });

  it("normalises origins and refuses anything that is not one", () => {
    expect(loadConfig({ ALLOWED_ORIGINS: "https://Intern.Example:443, http://localhost:8080/" }).allowedOrigins).toEqual(["https://intern.example", "http://localhost:8080"]);
    expect(() => loadConfig({ ALLOWED_ORIGINS: "intern.example" })).toThrow(/^ALLOWED_ORIGINS: "intern.example" is not an origin/);
  });
});

describe("TRUST_PROXY", () => {
  it("trusts nobody when unset, 0 or false", () => {
    for (const value of [undefined, "", "0", "false"]) {
      expect(parseTrustProxy(value).trusts("127.0.0.1", 0)).toBe(false);
    }
  });

  it("refuses to trust everyone, with a one-line reason", () => {
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/^TRUST_PROXY: "true" would let every client choose its own address/);
    expect(() => parseTrustProxy("*")).toThrow(/every client/);
    expect(() => parseTrustProxy("0.0.0.0/0")).toThrow(/every address/);
    expect(() => parseTrustProxy("::/0")).toThrow(/every address/);
    expect(() => parseTrustProxy("11")).toThrow(/at most 10/);
    for (const bad of ["yes", "10.0.0.0/33", "10.0.0.0/8/1", "proxy.example", "1.2.3"]) expect(() => parseTrustProxy(bad), bad).toThrow();
  });

  it("with a hop count, trusts exactly that many hops from the server", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 20 }), fc.ipV4(), (hops, hop, address) => {
        expect(parseTrustProxy(String(hops)).trusts(address, hop)).toBe(hop < hops);
      }),
    );
  });

  it("with addresses, subnets and names, trusts those peers (IPv4-mapped IPv6 included) and nobody else", () => {
    const trust = parseTrustProxy("10.0.0.0/8, 192.0.2.1, loopback, 2001:db8::/32");
    for (const address of ["10.1.2.3", "192.0.2.1", "127.0.0.1", "::1", "::ffff:10.9.9.9", "2001:db8::5"]) expect(trust.trusts(address, 0), address).toBe(true);
    for (const address of ["192.0.2.2", "11.0.0.1", "::ffff:192.0.2.2", "2001:db9::1", "", "nonsense"]) expect(trust.trusts(address, 0), address).toBe(false);
    expect(parseTrustProxy("uniquelocal").trusts("172.16.5.4", 3)).toBe(true);
  });
});

describe("mail settings", () => {
  it("default to logging mails from Regiotafel <noreply@localhost>, 4 at once, 8 attempts, 30 s first retry, a 2-minute lease", () => {
    expect(loadConfig({}).mail).toEqual({
      smtpUrl: undefined,
      from: "Regiotafel <noreply@localhost>",
      sender: { organisation: undefined },
      worker: { concurrency: 4, maxAttempts: 8, retryBaseMs: 30_000, leaseMs: 120_000 },
    });
    const custom = loadConfig({
      SMTP_URL: "smtps://mailer:p%40ss@smtp.example:465",
      MAIL_FROM: "noreply@regiotafel.example",
      MAIL_ORGANISATION: "MGR Sociaal Domein Limburg-Noord",
      MAIL_CONCURRENCY: "2",
      MAIL_MAX_ATTEMPTS: "3",
      MAIL_RETRY_SECONDS: "5",
      MAIL_LEASE_SECONDS: "60",
    }).mail;
    expect(custom).toEqual({
      smtpUrl: "smtps://mailer:p%40ss@smtp.example:465",
      from: "noreply@regiotafel.example",
      sender: { organisation: "MGR Sociaal Domein Limburg-Noord" },
      worker: { concurrency: 2, maxAttempts: 3, retryBaseMs: 5000, leaseMs: 60_000 },
    });
  });

  it("refuses an SMTP_URL that is not smtp:// or smtps://, without repeating its password", () => {
    expect(() => loadConfig({ SMTP_URL: "http://user:geheim@smtp.example" })).toThrow(/^SMTP_URL: must start with smtp:\/\/ or smtps:\/\/$/);
    expect(() => loadConfig({ SMTP_URL: "smtp//user:geheim@smtp.example" })).toThrow(/^SMTP_URL: not a URL/);
    expect(() => loadConfig({ SMTP_URL: "smtp://user:geheim@" })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: "http://user:geheim@smtp.example" })).not.toThrow(/geheim/);
    expect(() => loadConfig({ MAIL_FROM: "Regiotafel" })).toThrow(/^MAIL_FROM: /);
    expect(() => loadConfig({ MAIL_FROM: "Regiotafel <a@b>\r\nBcc: x@y" })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ MAIL_MAX_ATTEMPTS: "0" })).toThrow(/MAIL_MAX_ATTEMPTS/);
    // A lease within the SMTP timeouts would let a second instance send a mail still being sent.
    expect(() => loadConfig({ MAIL_LEASE_SECONDS: "50" })).toThrow(/MAIL_LEASE_SECONDS/);
  });

  it("joins other instances only when REDIS_URL is set, and refuses one that is not redis:// or rediss:// without repeating its password", () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: "" }).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", REGIOTAFEL_SECRET_KEY: SECRET_KEY }).redisUrl).toBe("redis://127.0.0.1:6379");
    expect(loadConfig({ REDIS_URL: "rediss://:p%40ss@redis.internal:6380/2", REGIOTAFEL_SECRET_KEY: SECRET_KEY }).redisUrl).toBe("rediss://:p%40ss@redis.internal:6380/2");
    expect(() => loadConfig({ REDIS_URL: "http://:geheim@redis.internal" })).toThrow(/^REDIS_URL: must start with redis:\/\/ or rediss:\/\/$/);
    expect(() => loadConfig({ REDIS_URL: "redis.internal:6379" })).toThrow(/^REDIS_URL: /);
    expect(() => loadConfig({ REDIS_URL: "redis//:geheim@redis.internal" })).toThrow(/^REDIS_URL: not a URL/);
    expect(() => loadConfig({ REDIS_URL: "redis://:geheim@redis.internal/queue" })).toThrow(/^REDIS_URL: the path must be a database number/);
    expect(() => loadConfig({ REDIS_URL: "http://:geheim@redis.internal" })).not.toThrow(/geheim/);
  });

  it("drains for 2 seconds in production and not at all elsewhere, unless DRAIN_DELAY_MS says otherwise", () => {
    expect(loadConfig({}).drainDelayMs).toBe(0);
    expect(loadConfig(PRODUCTION).drainDelayMs).toBe(2000);
    expect(loadConfig({ ...PRODUCTION, DRAIN_DELAY_MS: "5000" }).drainDelayMs).toBe(5000);
    expect(loadConfig({ DRAIN_DELAY_MS: "0" }).drainDelayMs).toBe(0);
    expect(() => loadConfig({ DRAIN_DELAY_MS: "-1" })).toThrow(/DRAIN_DELAY_MS/);
    expect(() => loadConfig({ DRAIN_DELAY_MS: "soon" })).toThrow(/DRAIN_DELAY_MS/);
  });
});
