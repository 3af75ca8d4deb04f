/**
 * Runs password hashes a few at a time. scrypt with N = 2^17 takes 128 MiB and a thread of
 * libuv's small pool (which file and DNS work share) for each hash: without a limit, a burst
 * of sign-ins starves every other request and can exhaust memory. Tasks past `concurrency`
 * wait in line; past `concurrency + queue` they are refused at once, so the line cannot grow
 * without bound either.
 */
export interface HashLimiter {
  /** Runs `task` when a slot is free, or returns null at once when the line is full. */
  tryRun<T>(task: () => Promise<T>): Promise<T> | null;
  /** Hashes running now and waiting now (for tests and diagnostics). */
  readonly running: number;
  readonly waiting: number;
}

export function createHashLimiter(concurrency: number, queue: number): HashLimiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error("hash concurrency must be a positive integer");
  if (!Number.isInteger(queue) || queue < 0) throw new Error("hash queue must be a non-negative integer");
  let running = 0;
  const line: (() => void)[] = [];

  async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running < concurrency) running++;
    else await new Promise<void>((resolve) => line.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = line.shift();
      if (next) next();
      else running--;
    }
  }

  return {
    tryRun(task) {
      if (running + line.length >= concurrency + queue) return null;
      return run(task);
    },
    get running() {
      return running;
    },
    get waiting() {
      return line.length;
    },
  };
}
