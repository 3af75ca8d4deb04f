import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  claimDueMails,
  failAbandonedMails,
  markMailFailed,
  markMailsLogged,
  markMailsSent,
  nextMailDueInMs,
  retryMailLater,
  type ClaimedMail,
  type Db,
} from "@regiotafel/db";
import { renderMail, type MailSender } from "./templates";
import { describeSendError, isPermanentFailure, SMTP_TIMEOUTS, type MailTransport } from "./transport";

export interface MailWorkerOptions {
  prisma: Db;
  transport: MailTransport;
  sender?: MailSender;
  /** Mails sent at once (and claimed per round). */
  concurrency?: number;
  /**
   * The longest an idle worker sleeps: it wakes for the next due retry or lease end, and at once
   * after `wake()` (a mail queued in this process); this is the bound for mails queued elsewhere.
   */
  pollMs?: number;
  /** How long a claimed mail is this worker's; must exceed one SMTP transaction's timeouts. */
  leaseMs?: number;
  /** Attempts before a mail is given up on. */
  maxAttempts?: number;
  /** The first retry's delay; each later one doubles, up to `retryMaxMs`, with jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  log?: (line: string) => void;
  random?: () => number;
}

/** The shortest sleep when something is due (almost) at once but was not claimable (locked by another worker). */
const MIN_SLEEP_MS = 200;
/** The longest the worker lets waiting requests go first before it claims anyway (it must not starve). */
const YIELD_MAX_MS = 100;

export const MAIL_WORKER_DEFAULTS = {
  concurrency: 4,
  pollMs: 30_000,
  leaseMs: 2 * 60_000,
  maxAttempts: 8,
  retryBaseMs: 30_000,
  retryMaxMs: 60 * 60_000,
} as const;

/**
 * The delay before attempt `attempts + 1`: exponential (base · 2^(attempts − 1)) up to `max`,
 * then a random point in its upper half, so mails that failed together do not all come back
 * together.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/**
 * Sends what the outbox holds. Each round claims up to `concurrency` due mails (SKIP LOCKED,
 * under a lease, so several workers and instances can run at once), renders and sends them,
 * and records each outcome at once: SENT (or LOGGED without SMTP), QUEUED again with backoff
 * after a temporary failure, FAILED after a permanent one or the last attempt.
 */
export class MailWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly o: Required<Omit<MailWorkerOptions, "sender">> & { sender: MailSender };
  private running?: Promise<void>;
  private stopped = true;
  /** Set while the worker sleeps; cleared when it wakes. */
  private wakeUp?: () => void;
  /** A wake() that came while the worker was not asleep (claiming, or asking when to wake): the next sleep is skipped. */
  private wokenWhileBusy = false;
  private failing = false;
  /** Delivered mails whose outcome is written together, one statement per batch (ADR 0019). */
  private readonly delivered: { id: string; logged: boolean; done: () => void }[] = [];
  private deliveredFlush?: Promise<void>;

  constructor(options: MailWorkerOptions) {
    this.o = { ...MAIL_WORKER_DEFAULTS, log: console.log, random: Math.random, sender: {}, ...stripUndefined(options), prisma: options.prisma, transport: options.transport };
    const smtpMs = SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.greetingTimeout + SMTP_TIMEOUTS.socketTimeout;
    if (this.o.transport.kind === "smtp" && this.o.leaseMs <= smtpMs) throw new Error(`the mail lease (${this.o.leaseMs} ms) must exceed the SMTP timeouts (${smtpMs} ms)`);
  }

  /** Starts the loop; it picks up everything committed before, including mails a previous process left. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Looks for due mails now instead of at the next poll (after a commit that queued one). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wokenWhileBusy = true;
  }

  /** Finishes the mails in hand (their outcome recorded), then stops and closes the transport. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
    this.o.transport.close();
  }

  /**
   * One round: gives up on abandoned mails, claims due ones and sends them.
   * @returns how many mails were claimed.
   */
  async runOnce(): Promise<number> {
    const { prisma, concurrency, leaseMs, maxAttempts } = this.o;
    const abandoned = await failAbandonedMails(prisma, maxAttempts);
    if (abandoned > 0) this.o.log(`e-mail: ${abandoned} mail(s) opgegeven na ${maxAttempts} pogingen zonder bekende uitkomst`);
    const mails = await claimDueMails(prisma, { workerId: this.id, limit: concurrency, leaseMs, maxAttempts });
    await Promise.all(mails.map((mail) => this.deliver(mail)));
    return mails.length;
  }

  /**
   * Keeps up to `concurrency` mails in flight: claims again as soon as half the slots are free
   * rather than after the slowest mail of a round, and sleeps only when nothing is due.
   */
  private async loop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let lastSweep = 0;
    while (!this.stopped) {
      const free = this.o.concurrency - inFlight.size;
      let claimed = 0;
      if (free >= Math.ceil(this.o.concurrency / 2)) {
        try {
          if (Date.now() - lastSweep >= this.o.pollMs) {
            lastSweep = Date.now();
            const abandoned = await failAbandonedMails(this.o.prisma, this.o.maxAttempts);
            if (abandoned > 0) this.o.log(`e-mail: ${abandoned} mail(s) opgegeven na ${this.o.maxAttempts} pogingen zonder bekende uitkomst`);
          }
          await this.yieldToRequests();
          this.wokenWhileBusy = false;
          const mails = await claimDueMails(this.o.prisma, { workerId: this.id, limit: free, leaseMs: this.o.leaseMs, maxAttempts: this.o.maxAttempts });
          claimed = mails.length;
          this.failing = false;
          for (const mail of mails) {
            const delivery: Promise<void> = this.deliver(mail)
              .catch((error: unknown) => this.o.log(`e-mail ${mail.id}: uitkomst niet vastgelegd (${(error as Error).message}); opnieuw na de lease`))
              .finally(() => inFlight.delete(delivery));
            inFlight.add(delivery);
          }
        } catch (error) {
          // The database is away (a restart, a network blip): say so once, keep polling.
          if (!this.failing) this.o.log(`e-mail: wachtrij niet bereikbaar (${(error as Error).message}); opnieuw over ${this.o.pollMs} ms`);
          this.failing = true;
        }
      }
      if (this.stopped) break;
      if (claimed === 0 && inFlight.size === 0) await this.sleep(await this.idleMs());
      else if (inFlight.size > 0 && (claimed === 0 || inFlight.size > this.o.concurrency / 2)) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  /**
   * Requests first: while queries wait for a database connection (on the embedded database,
   * for its one session), the worker waits too, up to `YIELD_MAX_MS`, before claiming more.
   */
  private async yieldToRequests(): Promise<void> {
    const pool = this.o.prisma.$pool;
    const until = Date.now() + YIELD_MAX_MS;
    while (pool.waitingCount > 0 && !this.stopped && Date.now() < until) await new Promise((r) => setTimeout(r, 2));
  }

  /**
   * How long to sleep with nothing in hand: until the next retry or lease end, at most `pollMs`.
   * An idle database connection stays idle (the pool may close it; ADR 0019).
   */
  private async idleMs(): Promise<number> {
    try {
      const due = await nextMailDueInMs(this.o.prisma);
      return Math.min(this.o.pollMs, Math.max(MIN_SLEEP_MS, due ?? this.o.pollMs));
    } catch {
      return this.o.pollMs;
    }
  }

  private sleep(ms: number): Promise<void> {
    // A stop() or wake() while the worker asked the database when to wake must not be lost.
    if (this.stopped || this.wokenWhileBusy) {
      this.wokenWhileBusy = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private async deliver(mail: ClaimedMail): Promise<void> {
    const { prisma, transport } = this.o;
    let rendered;
    try {
      rendered = renderMail(mail.template, mail.locale, mail.params, this.o.sender);
    } catch (error) {
      await markMailFailed(prisma, mail.id, this.id, `cannot render: ${describeSendError(error)}`);
      return;
    }
    try {
      await transport.send({ id: mail.id, to: mail.recipient, locale: mail.locale, ...rendered });
    } catch (error) {
      const reason = describeSendError(error);
      if (isPermanentFailure(error) || mail.attempts >= this.o.maxAttempts) {
        await markMailFailed(prisma, mail.id, this.id, reason);
      } else {
        await retryMailLater(prisma, mail.id, this.id, reason, retryDelayMs(mail.attempts, this.o.retryBaseMs, this.o.retryMaxMs, this.o.random));
      }
      return;
    }
    await this.recordDelivered(mail.id, transport.kind === "log");
  }

  /**
   * The server has the mail: record it, together with the other mails delivered meanwhile (one
   * UPDATE per batch rather than per mail keeps the worker's share of the database small while
   * requests are served). Resolves once its batch is written.
   */
  private recordDelivered(id: string, logged: boolean): Promise<void> {
    return new Promise((done) => {
      this.delivered.push({ id, logged, done });
      this.deliveredFlush ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flushDelivered());
    });
  }

  /**
   * Between the server's acceptance and this commit lies the one window in which a mail can go
   * out twice (ADR 0019), so a failed write is tried again for as long as the lease holds rather
   * than leaving the mails to be sent again.
   */
  private async flushDelivered(): Promise<void> {
    const batch = this.delivered.splice(0);
    this.deliveredFlush = undefined;
    const deadline = Date.now() + this.o.leaseMs / 2;
    for (const logged of [false, true]) {
      const ids = batch.filter((m) => m.logged === logged).map((m) => m.id);
      if (ids.length === 0) continue;
      for (let wait = 100; ; wait = Math.min(wait * 2, 5000)) {
        try {
          await (logged ? markMailsLogged(this.o.prisma, ids) : markMailsSent(this.o.prisma, ids));
          break;
        } catch (error) {
          if (Date.now() + wait > deadline) {
            this.o.log(`e-mail ${ids.join(", ")}: verzonden, maar niet als verzonden vastgelegd (${(error as Error).message}); wordt na de lease mogelijk nogmaals verzonden`);
            break;
          }
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    }
    for (const m of batch) m.done();
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
