import pg from "pg";
import { startRedisServer, type RedisServer } from "@regiotafel/cluster/testing";
import { freePort, startServerProcess, type ServerProcess } from "@regiotafel/server/testing";
import { startHaproxy, type Haproxy } from "./haproxy";
import { startPostgres, type PostgresServer } from "./postgres";

/** One server process of the cluster, under its HAProxy name (app1, app2, …). */
export interface Instance {
  name: string;
  port: number;
  /** http://localhost:<port>: this instance directly, past HAProxy. */
  url: string;
  /** The running process, or null while it is stopped. */
  process: ServerProcess | null;
  /** Everything every process of this instance has printed (kept across restarts). */
  output(): string;
}

export interface ClusterOptions {
  instances: number;
  /** Extra settings for every instance. */
  env?: Record<string, string>;
  /**
   * Start all instances at the same moment on the empty database (the default: the startup
   * lock lets one migrate and seed while the others wait). `false`: the first one migrates
   * and seeds alone and the others follow together.
   */
  simultaneous?: boolean;
}

export interface Cluster {
  /** HAProxy: what clients use. */
  url: string;
  proxy: Haproxy;
  redis: RedisServer;
  databaseUrl: string;
  instances: Instance[];
  /** A pool on the cluster's database, for the test's own queries. */
  db: pg.Pool;
  /**
   * Stops instance `index`: SIGKILL (a crash) unless `signal` says otherwise; waits for the
   * exit and, unless `waitDown` is false, until HAProxy's health check has taken it out.
   */
  stop(index: number, options?: { signal?: NodeJS.Signals; waitDown?: boolean }): Promise<void>;
  /** Starts a stopped instance again on its port; waits until it is ready and HAProxy sends it traffic. */
  start(index: number): Promise<void>;
  /** Waits until HAProxy has every running instance UP. */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

/** Settings every instance gets (the deployment's, apart from the test-only speed-ups). */
export function instanceEnv(databaseUrl: string, redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    // One proxy in front (HAProxy on loopback): the client's address is the X-Forwarded-For
    // entry it appends, the scheme its X-Forwarded-Proto.
    TRUST_PROXY: "1",
    DB_POOL_SIZE: "5",
    // As in production: after SIGTERM, /readyz says "draining" this long before the instance
    // closes its connections (HAProxy needs at most 1.25 s to take it out).
    DRAIN_DELAY_MS: "2000",
    // Cheap password hashes: the suite signs in often, the cost is not what it tests.
    PASSWORD_HASH_COST: "10",
    // Every instance seals and opens secrets with the same key (required with REDIS_URL).
    REGIOTAFEL_SECRET_KEY: Buffer.alloc(32, 9).toString("base64"),
    ...extra,
  };
}

/**
 * Waits until GET /readyz answers 200 (migrated, PostgreSQL and Redis reachable, not
 * draining). An instance without /readyz (404) counts as ready once /healthz does.
 */
export async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  for (;;) {
    try {
      const res = await fetch(`${url}/readyz`);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 404) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${url}/readyz: not ready (${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let shared: Promise<PostgresServer> | undefined;
let clusters = 0;
/** One PostgreSQL server while clusters run (each cluster gets a database of its own on it). */
function postgres(): Promise<PostgresServer> {
  return (shared ??= startPostgres());
}
async function releasePostgres() {
  if (--clusters > 0 || !shared) return;
  const server = shared;
  shared = undefined;
  await (await server).stop();
}

/**
 * N real server processes (server/src/main.ts, as `pnpm start` runs it) on one fresh
 * PostgreSQL database and one redis-server, behind HAProxy with deploy/haproxy.cfg.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  clusters++;
  // What is started before the cluster object exists is undone here if a later step fails.
  const undo: (() => Promise<unknown>)[] = [releasePostgres];
  let database: { url: string; drop(): Promise<void> };
  let redis: RedisServer;
  let proxy: Haproxy;
  let ports: number[];
  try {
    const server = await postgres();
    database = await server.createDatabase();
    undo.unshift(database.drop);
    redis = await startRedisServer();
    undo.unshift(redis.dispose);
    ports = await Promise.all(Array.from({ length: options.instances }, () => freePort()));
    proxy = await startHaproxy(ports.map((port) => `127.0.0.1:${port}`));
  } catch (error) {
    for (const step of undo) await step().catch(() => undefined);
    throw error;
  }
  const env = instanceEnv(database.url, redis.url, options.env);
  const logs = ports.map(() => "");
  const instances: Instance[] = ports.map((port, i) => ({
    name: `app${i + 1}`,
    port,
    url: `http://localhost:${port}`,
    process: null,
    output: () => logs[i]! + (instances[i]!.process?.output() ?? ""),
  }));
  const db = new pg.Pool({ connectionString: database.url, max: 3 });

  const launch = async (i: number) => {
    const instance = instances[i]!;
    const child = await startServerProcess(env, undefined, instance.port);
    instance.process = child;
    await waitReady(instance.url);
  };

  const cluster: Cluster = {
    url: proxy.url,
    proxy,
    redis,
    databaseUrl: database.url,
    instances,
    db,
    async stop(index, { signal = "SIGKILL", waitDown = true } = {}) {
      const instance = instances[index]!;
      const child = instance.process;
      if (!child) return;
      await child.stop(signal);
      logs[index] += child.output();
      instance.process = null;
      await child.dispose();
      if (waitDown) await proxy.waitServer(instance.name, "DOWN");
    },
    async start(index) {
      await launch(index);
      await proxy.waitServer(instances[index]!.name, "UP");
    },
    async settled() {
      await Promise.all(instances.filter((i) => i.process).map((i) => proxy.waitServer(i.name, "UP")));
    },
    async dispose() {
      await Promise.all(
        instances.map(async (instance) => {
          const child = instance.process;
          instance.process = null;
          await child?.stop("SIGKILL");
          await child?.dispose();
        }),
      );
      await proxy.stop();
      await db.end();
      await redis.dispose();
      await database.drop();
      await releasePostgres();
    },
  };

  try {
    if (options.simultaneous ?? true) await Promise.all(instances.map((_, i) => launch(i)));
    else {
      await launch(0);
      await Promise.all(instances.slice(1).map((_, i) => launch(i + 1)));
    }
    await cluster.settled();
  } catch (error) {
    const detail = instances.map((i) => `--- ${i.name}\n${i.output()}`).join("\n");
    await cluster.dispose().catch(() => undefined);
    throw new Error(`${(error as Error).message}\n${detail}`, { cause: error });
  }
  return cluster;
}
