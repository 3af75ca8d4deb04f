import { parseMailRequest, type Locale, type MailRequest, type MailTemplateName } from "@regiotafel/domain";
import type { Db, Tx } from "../client";

// The durable mail outbox (ADR 0019). Callers queue a mail with enqueueMail inside their own
// transaction; the worker in packages/mail claims due mails here, sends them and records the
// outcome. Every state change is one statement on its own, so it commits by itself.

export type MailState = "QUEUED" | "SENDING" | "SENT" | "FAILED" | "LOGGED";

/** A mail as the worker sees it after claiming it. */
export interface ClaimedMail {
  id: string;
  recipient: string;
  locale: Locale;
  template: MailTemplateName;
  params: unknown;
  /** Attempts so far, this one included. */
  attempts: number;
}

export interface OutboxRow extends ClaimedMail {
  idempotencyKey: string;
  state: MailState;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/**
 * Queues a mail as part of the caller's transaction (`tx` from `$transaction`): it exists, and
 * will be sent, only if that transaction commits. A second request with the same `key` queues
 * nothing and returns the first one's id. Throws on an invalid request (unknown template,
 * parameters the template does not take): that is the caller's mistake, and it rolls back the
 * caller's transaction.
 * @returns the outbox id, which becomes the mail's Message-ID.
 */
export async function enqueueMail<T extends MailTemplateName>(tx: Tx | Db, mail: MailRequest<T>): Promise<string> {
  const m = parseMailRequest(mail);
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO mail_outbox (id, idempotency_key, recipient, locale, template, params)
    VALUES (gen_random_uuid(), ${m.key}, ${m.to}, ${m.locale}, ${m.template}, ${JSON.stringify(m.params)}::jsonb)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id::text AS id`;
  if (inserted[0]) return inserted[0].id;
  const existing = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM mail_outbox WHERE idempotency_key = ${m.key}`;
  return existing[0]!.id;
}

/**
 * Queues many mails in one statement, as part of the caller's transaction (a notification to
 * 1,000 members, a digest batch): each request checked as enqueueMail checks it, a key that is
 * queued already queues nothing.
 * @returns how many were queued now.
 */
export async function enqueueMails(tx: Tx | Db, mails: readonly MailRequest[]): Promise<number> {
  if (mails.length === 0) return 0;
  const rows = mails.map((mail) => {
    const m = parseMailRequest(mail);
    return { key: m.key, to: m.to, locale: m.locale, template: m.template, params: m.params };
  });
  return tx.$executeRawUnsafe(
    `INSERT INTO mail_outbox (id, idempotency_key, recipient, locale, template, params)
     SELECT gen_random_uuid(), x.key, x."to", x.locale, x.template, x.params
     FROM jsonb_to_recordset($1::jsonb) AS x(key text, "to" text, locale text, template text, params jsonb)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    JSON.stringify(rows),
  );
}

const COLUMNS = `id::text AS id, recipient, locale, template, params, attempts`;
const ROW_COLUMNS = `${COLUMNS}, idempotency_key AS "idempotencyKey", state::text AS state, next_attempt_at AS "nextAttemptAt",
  last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt"`;

export interface ClaimOptions {
  /** Who claims: recorded in `locked_by`, so only this worker puts the mail back. */
  workerId: string;
  limit: number;
  leaseMs: number;
  maxAttempts: number;
}

/**
 * Claims up to `limit` due mails for one worker: queued mails whose time has come, and mails
 * whose sender's lease ran out (a worker that died mid-send) with attempts left. Each is
 * marked SENDING under a lease and its attempt counted before anything is sent. Concurrent
 * claims (other workers, other instances) skip rows another claim holds and re-check the
 * condition on the committed row, so no mail is claimed twice while its lease holds.
 */
export async function claimDueMails(db: Db, options: ClaimOptions): Promise<ClaimedMail[]> {
  return db.$sql<ClaimedMail>(
    // Two index-ordered scans, each stopping at `limit` rows: one condition with OR would make
    // the planner collect and sort every due mail for each claim (10,000 queued mails: the
    // embedded database's one session spent most of its time on that while requests waited).
    `WITH queued AS (
       SELECT id FROM mail_outbox
       WHERE state = 'QUEUED' AND next_attempt_at <= now()
       ORDER BY state, next_attempt_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), expired AS (
       SELECT id FROM mail_outbox
       WHERE state = 'SENDING' AND lease_until < now() AND attempts < $4
       ORDER BY lease_until
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), claimed AS (SELECT id FROM expired UNION ALL SELECT id FROM queued LIMIT $2)
     UPDATE mail_outbox m
     SET state = 'SENDING', attempts = m.attempts + 1, locked_by = $1, lease_until = now() + $3 * interval '1 millisecond'
     FROM claimed WHERE m.id = claimed.id
     RETURNING m.id::text AS id, m.recipient, m.locale, m.template, m.params, m.attempts`,
    [options.workerId, options.limit, options.leaseMs, options.maxAttempts]
  );
}

/**
 * Milliseconds until the outbox next has something to do: the earliest retry of a queued mail or
 * end of a lease (0 when something is due now), or null when nothing waits. Lets an idle worker
 * sleep until then instead of asking the database every second.
 */
export async function nextMailDueInMs(db: Db): Promise<number | null> {
  const [row] = await db.$sql<{ ms: number | null }>(
    `SELECT (EXTRACT(EPOCH FROM (min(CASE WHEN state = 'QUEUED' THEN next_attempt_at ELSE lease_until END) - now())) * 1000)::float8 AS ms
     FROM mail_outbox WHERE state IN ('QUEUED', 'SENDING')`,
  );
  return row?.ms === null || row?.ms === undefined ? null : Math.max(0, row.ms);
}

/**
 * Gives up on mails whose lease ran out after their last allowed attempt (the worker died
 * each time, or never finished): FAILED, and listed for the administrators.
 * @returns how many.
 */
export async function failAbandonedMails(db: Db, maxAttempts: number): Promise<number> {
  const rows = await db.$sql<{ id: string }>(
    `UPDATE mail_outbox
     SET state = 'FAILED', locked_by = NULL, lease_until = NULL,
         last_error = left(coalesce(last_error || ' / ', '') || 'no outcome known after ' || attempts || ' attempts (the sender stopped mid-send)', 2000)
     WHERE state = 'SENDING' AND lease_until < now() AND attempts >= $1
     RETURNING id::text AS id`,
    [maxAttempts],
  );
  return rows.length;
}

/**
 * The SMTP server accepted these mails (whoever claimed them last: they were sent). One
 * statement for many. A link in a mail (an invitation, a password reset, an address
 * confirmation) carries a working token in its last path segment: once sent, the outbox keeps
 * the link without it, so a copy of the database holds no token that works (ADR 0023). The
 * same for a notification's or digest's unsubscribe token (ADR 0038).
 */
export async function markMailsSent(db: Db, ids: readonly string[]): Promise<void> {
  await db.$sql(
    `UPDATE mail_outbox SET state = 'SENT', sent_at = now(), locked_by = NULL, lease_until = NULL,
       params = CASE WHEN params ? 'link'
                     THEN jsonb_set(params, '{link}', to_jsonb(regexp_replace(params->>'link', '[^/]*$', 'verstuurd')))
                     WHEN params ? 'unsubscribeToken'
                     THEN jsonb_set(params, '{unsubscribeToken}', '"verstuurd"'::jsonb)
                     ELSE params END
     WHERE id = ANY($1::uuid[]) AND state IN ('SENDING', 'QUEUED')`,
    [ids],
  );
}

/** No SMTP server is configured: these mails were printed to the log and stay readable in the development mailbox. */
export async function markMailsLogged(db: Db, ids: readonly string[]): Promise<void> {
  await db.$sql(
    `UPDATE mail_outbox SET state = 'LOGGED', sent_at = now(), locked_by = NULL, lease_until = NULL WHERE id = ANY($1::uuid[]) AND state = 'SENDING'`,
    [ids],
  );
}

/** A temporary failure: back in the queue, due again after `delayMs`. Only the worker holding the lease may. */
export async function retryMailLater(db: Db, id: string, workerId: string, error: string, delayMs: number): Promise<void> {
  await db.$sql(
    `UPDATE mail_outbox
     SET state = 'QUEUED', next_attempt_at = now() + $4 * interval '1 millisecond', last_error = left($3, 2000), locked_by = NULL, lease_until = NULL
     WHERE id = $1 AND state = 'SENDING' AND locked_by = $2`,
    [id, workerId, error, delayMs],
  );
}

/** A permanent failure (refused by the server, attempts used up, unrenderable): FAILED, not tried again. */
export async function markMailFailed(db: Db, id: string, workerId: string, error: string): Promise<void> {
  await db.$sql(
    `UPDATE mail_outbox SET state = 'FAILED', last_error = left($3, 2000), locked_by = NULL, lease_until = NULL
     WHERE id = $1 AND state = 'SENDING' AND locked_by = $2`,
    [id, workerId, error],
  );
}

/** Mails given up on, newest first: for the platform administrators. */
export async function listFailedMails(db: Db, options: { limit?: number } = {}): Promise<OutboxRow[]> {
  return db.$sql<OutboxRow>(`SELECT ${ROW_COLUMNS} FROM mail_outbox WHERE state = 'FAILED' ORDER BY created_at DESC, id LIMIT $1`, [options.limit ?? 100]);
}

/** Mails printed to the log instead of sent (no SMTP_URL), newest first: the development mailbox. */
export async function listLoggedMails(db: Db, options: { limit?: number } = {}): Promise<OutboxRow[]> {
  return db.$sql<OutboxRow>(`SELECT ${ROW_COLUMNS} FROM mail_outbox WHERE state = 'LOGGED' ORDER BY created_at DESC, id LIMIT $1`, [options.limit ?? 100]);
}

/** One outbox row by id, or undefined. */
export async function getOutboxMail(db: Db, id: string): Promise<OutboxRow | undefined> {
  const rows = await db.$sql<OutboxRow>(`SELECT ${ROW_COLUMNS} FROM mail_outbox WHERE id = $1::uuid`, [id]);
  return rows[0];
}
