import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, enqueueMail, getOutboxMail, listFailedMails, nextMailDueInMs, type Database, type Db } from "@regiotafel/db";
import type { MailRequest } from "@regiotafel/domain";
import { createTestDatabase } from "@regiotafel/db/testing";
import { devMailbox } from "./mailbox";
import { startTestSmtpServer, type TestSmtpServer } from "./testing";
import { createLogTransport, createSmtpTransport, type MailTransport } from "./transport";
import { MailWorker, type MailWorkerOptions } from "./worker";

// The outbox end to end: a real SMTP server in this process (smtp-server), what arrives parsed
// with mailparser, the outbox on a fresh database per file (PGlite, or PostgreSQL with
// TEST_DATABASE_URL).

const FROM = "Regiotafel <noreply@regiotafel.example>";
let db: Database;
let smtp: TestSmtpServer;
const clients: Db[] = [];
const workers: MailWorker[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  await db.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  smtp.answer = "accept";
  await db.prisma.$executeRaw`DELETE FROM mail_outbox`;
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const c of clients.splice(0)) {
    await c.$disconnect();
    await c.$pool.end();
  }
});

/** A second client on the same database, as a restarted process would open. */
function freshClient(): Db {
  const client = createPrismaClient(db.url, { maxConnections: 1, idleTimeoutMs: 0 });
  clients.push(client);
  return client;
}

function smtpTransport(): MailTransport {
  return createSmtpTransport({ url: smtp.url, from: FROM, connections: 2 });
}

function worker(options: Partial<MailWorkerOptions> = {}): MailWorker {
  const w = new MailWorker({ prisma: db.prisma, transport: smtpTransport(), log: () => undefined, retryBaseMs: 60_000, ...options });
  workers.push(w);
  return w;
}

function invitation(key: string, overrides: Partial<MailRequest<"invitation">> = {}): MailRequest<"invitation"> {
  return {
    key,
    to: "weert@example.org",
    locale: "nl",
    template: "invitation",
    params: {
      inviterName: "Anna de Vries",
      organisation: "Gemeente Venlo",
      workspace: "Limburg",
      role: "EDITOR",
      link: "https://regiotafel.example/uitnodiging/abc123?x=1&y=2",
      expiresAt: "2026-12-14T12:00:00Z",
    },
    ...overrides,
  };
}

/** Runs rounds until no mail is due. */
async function drain(w: MailWorker): Promise<void> {
  while ((await w.runOnce()) > 0);
}

describe("a mail requested in a transaction", () => {
  it("arrives once the transaction commits: subject, text and HTML in its language, the link intact, Message-ID = outbox id", async () => {
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:1", { locale: "en", to: "Venlo@Example.org" })));
    await drain(worker());
    const [mail] = await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
    expect(mail!.envelopeTo).toEqual(["venlo@example.org"]);
    const parsed = mail!.parsed;
    expect(parsed.messageId).toBe(`<${id}@regiotafel.example>`);
    expect(parsed.subject).toBe("Invitation to the workspace Limburg on Regiotafel");
    expect(parsed.from?.text).toBe('"Regiotafel" <noreply@regiotafel.example>');
    expect(parsed.text).toContain("https://regiotafel.example/uitnodiging/abc123?x=1&y=2");
    expect(parsed.text).toContain("Anna de Vries from Gemeente Venlo invites you to work as editor");
    expect(parsed.html).toContain('<html lang="en"');
    expect(parsed.html).toContain('href="https://regiotafel.example/uitnodiging/abc123?x=1&amp;y=2"');
    expect(parsed.headers.get("auto-submitted")).toBe("auto-generated");
    const row = await getOutboxMail(db.prisma, id);
    expect(row).toMatchObject({ state: "SENT", attempts: 1 });
  });

  it("sends Dutch to a Dutch recipient", async () => {
    await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:nl")));
    await drain(worker());
    const [mail] = await smtp.waitFor(1);
    expect(mail!.parsed.subject).toBe("Uitnodiging voor de werkruimte Limburg in Regiotafel");
    expect(mail!.parsed.html).toContain('<html lang="nl"');
    expect(mail!.parsed.text).toContain("14 december 2026");
  });

  it("is never sent when the transaction rolls back", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await enqueueMail(tx, invitation("inv:rolled-back"));
        throw new Error("the change fails after the mail was requested");
      }),
    ).rejects.toThrow("the change fails");
    expect(await drainCount(worker())).toBe(0);
    expect(await db.prisma.mailOutbox.count()).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it("is queued once for one idempotency key, however often it is requested", async () => {
    const first = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:twice")));
    const second = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:twice", { to: "other@example.org" })));
    expect(second).toBe(first);
    await drain(worker());
    await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
  });

  it("refuses parameters its template does not take, rolling back the caller's transaction", async () => {
    const bad = { ...invitation("inv:bad"), params: { link: "javascript:alert(1)" } } as unknown as MailRequest<"invitation">;
    await expect(db.prisma.$transaction((tx) => enqueueMail(tx, bad))).rejects.toThrow();
    expect(await db.prisma.mailOutbox.count()).toBe(0);
  });
});

async function drainCount(w: MailWorker): Promise<number> {
  let total = 0;
  for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) total += n;
  return total;
}

describe("a process that dies", () => {
  it("between commit and send: a new worker on a fresh client sends the mail, exactly once", async () => {
    // Committed while no worker runs (the process died right after the commit).
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:crash-after-commit")));
    const restarted = freshClient();
    const w = worker({ prisma: restarted });
    w.start(); // as the server does at start: it picks up what is due
    await smtp.waitFor(1);
    await w.stop();
    expect(await drainCount(worker({ prisma: restarted }))).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.messageId).toBe(`<${id}@regiotafel.example>`);
    expect(await getOutboxMail(restarted, id)).toMatchObject({ state: "SENT" });
  });

  it("after the server accepted but before it was marked sent: not sent again while the lease holds; once it expires, sent again with the same Message-ID", async () => {
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:crash-after-accept")));
    // A transport that sends, then never returns: the process dies between the 250 and the UPDATE.
    const real = smtpTransport();
    const dying: MailTransport = { kind: "smtp", send: (mail) => real.send(mail).then(() => new Promise<void>(() => undefined)), close: () => real.close() };
    const first = new MailWorker({ prisma: db.prisma, transport: dying, log: () => undefined });
    void first.runOnce();
    await smtp.waitFor(1);
    real.close();
    expect(await getOutboxMail(db.prisma, id)).toMatchObject({ state: "SENDING", attempts: 1 });

    const restarted = freshClient();
    expect(await drainCount(worker({ prisma: restarted }))).toBe(0);
    expect(smtp.received).toHaveLength(1);

    // The lease runs out: the outbox cannot know that the server has the mail, and sends it again.
    await restarted.$executeRaw`UPDATE mail_outbox SET lease_until = now() - interval '1 second' WHERE id = ${id}::uuid`;
    await drain(worker({ prisma: restarted }));
    await smtp.waitFor(2);
    expect(smtp.received.map((m) => m.parsed.messageId)).toEqual([`<${id}@regiotafel.example>`, `<${id}@regiotafel.example>`]);
    expect(await getOutboxMail(restarted, id)).toMatchObject({ state: "SENT", attempts: 2 });
  });

  it("after claiming but before sending: once the lease expires the mail is sent, once", async () => {
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:crash-after-claim")));
    const silent: MailTransport = { kind: "smtp", send: () => new Promise<void>(() => undefined), close: () => undefined };
    void new MailWorker({ prisma: db.prisma, transport: silent, log: () => undefined }).runOnce();
    await waitUntil(async () => (await getOutboxMail(db.prisma, id))?.state === "SENDING");
    await db.prisma.$executeRaw`UPDATE mail_outbox SET lease_until = now() - interval '1 second' WHERE id = ${id}::uuid`;
    await drain(worker({ prisma: freshClient() }));
    await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
  });

  it("on every attempt: after the last one the mail is given up on and listed as failed", async () => {
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:always-dies")));
    await db.prisma.$executeRaw`UPDATE mail_outbox SET state = 'SENDING', attempts = 3, lease_until = now() - interval '1 second' WHERE id = ${id}::uuid`;
    expect(await drainCount(worker({ maxAttempts: 3 }))).toBe(0);
    expect(smtp.received).toHaveLength(0);
    const failed = await listFailedMails(db.prisma);
    expect(failed.map((m) => m.id)).toEqual([id]);
    expect(failed[0]!.lastError).toMatch(/no outcome known after 3 attempts/);
  });
});

describe("when the SMTP server is down or refuses", () => {
  it("not listening: the mail waits with backoff, nothing is lost, and it arrives once the server is back", async () => {
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:server-down")));
    await smtp.close();
    try {
      await worker().runOnce();
      const row = await getOutboxMail(db.prisma, id);
      expect(row).toMatchObject({ state: "QUEUED", attempts: 1 });
      expect(row!.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      // Backoff: the first retry waits between half and all of the 60 s base.
      const wait = row!.nextAttemptAt.getTime() - Date.now();
      expect(wait).toBeGreaterThan(20_000);
      expect(wait).toBeLessThanOrEqual(60_000);
      expect(await worker().runOnce()).toBe(0); // not due yet
    } finally {
      await smtp.listen();
    }
    await db.prisma.$executeRaw`UPDATE mail_outbox SET next_attempt_at = now() WHERE id = ${id}::uuid`;
    await drain(worker());
    await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
    expect(await getOutboxMail(db.prisma, id)).toMatchObject({ state: "SENT", attempts: 2 });
  });

  it("a 4xx reply: retried later, and delivered when the server accepts again", async () => {
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:451")));
    smtp.answer = "tempfail";
    await worker().runOnce();
    const row = await getOutboxMail(db.prisma, id);
    expect(row).toMatchObject({ state: "QUEUED", attempts: 1 });
    expect(row!.lastError).toContain("451");
    smtp.answer = "accept";
    await db.prisma.$executeRaw`UPDATE mail_outbox SET next_attempt_at = now() WHERE id = ${id}::uuid`;
    await drain(worker());
    await smtp.waitFor(1);
    expect(await getOutboxMail(db.prisma, id)).toMatchObject({ state: "SENT", attempts: 2 });
  });

  it("a 5xx reply: failed at once, listed for the administrators, never tried again", async () => {
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:554")));
    smtp.answer = "permfail";
    await worker().runOnce();
    smtp.answer = "accept";
    await db.prisma.$executeRaw`UPDATE mail_outbox SET next_attempt_at = now() - interval '1 hour'`;
    expect(await drainCount(worker())).toBe(0);
    expect(smtp.received).toHaveLength(0);
    const failed = await listFailedMails(db.prisma);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id, state: "FAILED", attempts: 1, recipient: "weert@example.org" });
    expect(failed[0]!.lastError).toContain("554");
  });

  it("temporary failures until the attempts are used up: failed, not retried forever", async () => {
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:always-451")));
    smtp.answer = "tempfail";
    for (let i = 0; i < 3; i++) {
      await db.prisma.$executeRaw`UPDATE mail_outbox SET next_attempt_at = now() WHERE state = 'QUEUED'`;
      await worker({ maxAttempts: 3 }).runOnce();
    }
    await db.prisma.$executeRaw`UPDATE mail_outbox SET next_attempt_at = now() WHERE state = 'QUEUED'`;
    expect(await drainCount(worker({ maxAttempts: 3 }))).toBe(0);
    expect(await getOutboxMail(db.prisma, id)).toMatchObject({ state: "FAILED", attempts: 3 });
  });
});

describe("an idle worker", () => {
  it("knows when the outbox next has work: nothing waiting, a retry later, something due now", async () => {
    expect(await nextMailDueInMs(db.prisma)).toBeNull();
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:due")));
    expect(await nextMailDueInMs(db.prisma)).toBe(0);
    await db.prisma.$executeRaw`UPDATE mail_outbox SET next_attempt_at = now() + interval '40 seconds' WHERE id = ${id}::uuid`;
    const later = (await nextMailDueInMs(db.prisma))!;
    expect(later).toBeGreaterThan(30_000);
    expect(later).toBeLessThanOrEqual(40_000);
  });

  it("sleeps until a retry is due and then sends it, without a poll in between; a mail queued here is sent on wake()", async () => {
    let claims = 0;
    const counting = new Proxy(db.prisma, {
      get(target, name, receiver) {
        if (name !== "$sql") return Reflect.get(target, name, receiver);
        return (sql: string, params: unknown[]) => {
          if (sql.includes("FOR UPDATE SKIP LOCKED")) claims++;
          return target.$sql(sql, params);
        };
      },
    });
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:retry-soon")));
    await db.prisma.$executeRaw`UPDATE mail_outbox SET next_attempt_at = now() + interval '3 seconds' WHERE id = ${id}::uuid`;
    const w = worker({ prisma: counting, pollMs: 60_000 });
    w.start();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // While the retry is not due, the worker asked once (and found nothing), not every second.
    expect(claims).toBeLessThanOrEqual(1);
    await smtp.waitFor(1);
    expect(await getOutboxMail(db.prisma, id)).toMatchObject({ state: "SENT" });

    const queued = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:woken")));
    w.wake();
    await smtp.waitFor(2);
    expect(await getOutboxMail(db.prisma, queued)).toMatchObject({ state: "SENT" });
  });
});

describe("a wake() or stop() while the idle worker asks when to wake", () => {
  /** db.prisma, with the answer to the worker's "when is the next mail due" held until `release()`. */
  function heldIdleQuery() {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let asked!: () => void;
    const askedOnce = new Promise<void>((r) => (asked = r));
    const prisma = new Proxy(db.prisma, {
      get(target, name, receiver) {
        if (name !== "$sql") return Reflect.get(target, name, receiver);
        return async (sql: string, params: unknown[]) => {
          const rows = await target.$sql(sql, params);
          if (sql.includes("EXTRACT(EPOCH")) {
            asked();
            await gate;
          }
          return rows;
        };
      },
    });
    return { prisma, askedOnce, release };
  }

  it("is not lost: the mail queued meanwhile goes out now, not at the next poll", async () => {
    const held = heldIdleQuery();
    const w = worker({ prisma: held.prisma, pollMs: 60_000 });
    w.start();
    await held.askedOnce;
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:woken-while-asking")));
    w.wake();
    held.release();
    await smtp.waitFor(1);
    expect(await getOutboxMail(db.prisma, id)).toMatchObject({ state: "SENT" });
  });

  it("stop() ends the worker instead of leaving it asleep for a whole poll", async () => {
    const held = heldIdleQuery();
    const w = new MailWorker({ prisma: held.prisma, transport: smtpTransport(), log: () => undefined, pollMs: 60_000 });
    w.start();
    await held.askedOnce;
    const stopped = w.stop();
    held.release();
    await stopped;
    expect(smtp.received).toHaveLength(0);
  });
});

describe("two workers at once", () => {
  it("deliver every mail exactly once", async () => {
    const count = 60;
    await db.prisma.$transaction(async (tx) => {
      for (let i = 0; i < count; i++) await enqueueMail(tx, invitation(`inv:pair:${i}`, { to: `m${i}@example.org` }));
    });
    // On PostgreSQL each worker has its own connection pool, as two instances would; the
    // embedded PGlite is one session, so there both share the one connection.
    const separate = db.kind === "postgres";
    const a = worker({ concurrency: 3, pollMs: 10, prisma: separate ? freshClientWith(3) : db.prisma });
    const b = worker({ concurrency: 3, pollMs: 10, prisma: separate ? freshClientWith(3) : db.prisma });
    a.start();
    b.start();
    await smtp.waitFor(count);
    await a.stop();
    await b.stop();
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toHaveLength(count);
    expect(await db.prisma.mailOutbox.count({ where: { state: "SENT", attempts: 1 } })).toBe(count);
  });
});

function freshClientWith(connections: number): Db {
  const client = createPrismaClient(db.url, { maxConnections: connections, idleTimeoutMs: 0 });
  clients.push(client);
  return client;
}

describe("without SMTP_URL", () => {
  it("prints each mail to the log once, keeps it as logged and shows it in the development mailbox", async () => {
    const lines: string[] = [];
    const id = await db.prisma.$transaction((tx) => enqueueMail(tx, invitation("inv:logged", { locale: "en" })));
    const w = worker({ transport: createLogTransport((line) => lines.push(line)) });
    await drain(w);
    await drain(w);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("weert@example.org");
    expect(lines[0]).toContain("Invitation to the workspace Limburg on Regiotafel");
    expect(lines[0]).toContain("https://regiotafel.example/uitnodiging/abc123?x=1&y=2");
    expect(await getOutboxMail(db.prisma, id)).toMatchObject({ state: "LOGGED" });
    const mailbox = await devMailbox(db.prisma);
    expect(mailbox.map((m) => [m.id, m.to, m.subject])).toEqual([[id, "weert@example.org", "Invitation to the workspace Limburg on Regiotafel"]]);
    expect(mailbox[0]!.text).toContain("https://regiotafel.example/uitnodiging/abc123?x=1&y=2");
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 20));
  }
}
