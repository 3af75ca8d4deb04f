import type { Db } from "@regiotafel/db";

/** How long /healthz waits for the database before it answers 503. */
export const HEALTH_TIMEOUT_MS = 2_000;

/**
 * Whether the database answers a query within `timeoutMs`. A database that stopped
 * answering leaves its query pending: later checks wait for that same query instead of
 * queueing another one behind it, so a load balancer's probes cannot pile up.
 */
export function healthCheck(prisma: Db, timeoutMs = HEALTH_TIMEOUT_MS): () => Promise<boolean> {
  let pending: Promise<boolean> | null = null;
  return async () => {
    pending ??= prisma.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    ).finally(() => {
      pending = null;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

export interface ReadinessDeps {
  /** Whether PostgreSQL answers (healthCheck). */
  database: () => Promise<boolean>;
  /** Whether every migration this build knows is recorded (asked only while the database answers). */
  migrated: () => Promise<boolean>;
  /** Whether Redis answers; null without REDIS_URL (one process on its own needs none). */
  redis: (() => Promise<boolean>) | null;
  /** True from the moment the server was told to stop. */
  draining: () => boolean;
}

/** What /readyz answers: `failed` names each reason a load balancer should send nothing here. */
export type Readiness = { ready: true } | { ready: false; failed: ("draining" | "database" | "migrated" | "redis")[] };

/**
 * Whether this instance should get requests (GET /readyz, ADR 0033): not draining, PostgreSQL
 * answers and is migrated as far as this build expects, and Redis answers when REDIS_URL is set.
 */
export function readinessCheck(deps: ReadinessDeps): () => Promise<Readiness> {
  return async () => {
    const failed: ("draining" | "database" | "migrated" | "redis")[] = [];
    if (deps.draining()) failed.push("draining");
    const [database, redis] = await Promise.all([deps.database(), deps.redis?.() ?? true]);
    if (!database) failed.push("database");
    else if (!(await deps.migrated())) failed.push("migrated");
    if (!redis) failed.push("redis");
    return failed.length === 0 ? { ready: true } : { ready: false, failed };
  };
}

/**
 * Whether `_regiotafel_migrations` holds every name in `names`. Once true it stays true
 * (migrations are only ever added), so a ready instance asks no more.
 */
export function migratedCheck(prisma: Db, names: readonly string[], timeoutMs = HEALTH_TIMEOUT_MS): () => Promise<boolean> {
  let known = false;
  return async () => {
    if (known) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const query = prisma
      .$queryRaw<{ name: string }[]>`SELECT name FROM _regiotafel_migrations`
      .then((rows) => {
        const applied = new Set(rows.map((r) => r.name));
        return names.every((name) => applied.has(name));
      })
      .catch(() => false);
    try {
      known = await Promise.race([query, timeout]);
      return known;
    } finally {
      clearTimeout(timer);
    }
  };
}
