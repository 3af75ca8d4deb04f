import { DIGEST_PERIODS, currentDigestSlot, type DigestPeriod } from "@regiotafel/domain";
import { announceMail, notifyMilestonesDue, pruneUnsubscribeTokens, runDigests, todayInNetherlands, type Db } from "@regiotafel/db";

// Sends notification digests when they are due (issue 21, point 7; ADR 0038): every few minutes
// each instance asks whether the current daily or weekly slot (08:00 Europe/Amsterdam; weekly
// on Monday) has been handled by this process, and if not, runs it. Running on many instances,
// after a restart or twice is harmless: runDigests takes each user's digest_run row first, so a
// user gets at most one digest per period. A run that fails is tried again at the next check.
// Each check first tells followers of milestones coming due (ADR 0036; once per milestone, user
// and due date, whichever instance runs it), so the day's digest includes them.

export interface DigestSchedulerOptions {
  prisma: Db;
  /** Between checks. */
  intervalMs: number;
  /** The first check after start (lets the server finish starting first). */
  firstCheckMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface DigestScheduler {
  /** One check now: runs each period whose current slot this process has not finished. */
  check(): Promise<void>;
  stop(): Promise<void>;
}

export function startDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? console.log;
  const done = new Map<DigestPeriod, string>();
  let running: Promise<void> | undefined;
  let stopped = false;

  async function checkOnce(): Promise<void> {
    try {
      await notifyMilestonesDue(options.prisma, todayInNetherlands(now()));
    } catch (error) {
      log(`mijlpalen: melden mislukt (${(error as Error).message}); opnieuw bij de volgende controle`);
    }
    for (const period of DIGEST_PERIODS) {
      if (stopped) return;
      const slot = currentDigestSlot(now(), period);
      if (done.get(period) === slot.periodKey) continue;
      try {
        const started = Date.now();
        const result = await runDigests(options.prisma, { now: now(), period });
        done.set(period, slot.periodKey);
        if (result.mailed > 0) {
          announceMail();
          log(`samenvattingen ${period} ${slot.periodKey}: ${result.mailed} e-mail(s) met ${result.notifications} melding(en) in ${Date.now() - started} ms`);
        }
        if (period === "daily") await pruneUnsubscribeTokens(options.prisma);
      } catch (error) {
        log(`samenvattingen ${period} ${slot.periodKey}: mislukt (${(error as Error).message}); opnieuw bij de volgende controle`);
      }
    }
  }

  const check = () => (running ??= checkOnce().finally(() => (running = undefined)));
  const first = setTimeout(() => void check(), options.firstCheckMs ?? 10_000);
  const timer = setInterval(() => void check(), options.intervalMs);
  first.unref();
  timer.unref();
  return {
    check,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
