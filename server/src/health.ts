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
