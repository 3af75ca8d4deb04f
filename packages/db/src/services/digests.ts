import {
  currentDigestSlot,
  DEFAULT_DELIVERY,
  DIGEST_DELIVERY,
  DIGEST_LOOKBACK_DAYS,
  DIGEST_MAX_ITEMS,
  NOTIFICATION_KINDS,
  type DigestPeriod,
  type MailRequest,
} from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { enqueueMails } from "./mail-outbox";
import { mailLocale, newUnsubscribeToken, notificationMailItem, storeUnsubscribeTokens } from "./notifications";

// Digests (issue 21, point 7; ADR 0038): at 08:00 Europe/Amsterdam (weekly: Mondays) every user
// with notifications of a kind they get in that digest receives one mail listing them, grouped
// by workspace. At most one per user and period, however many instances run it and however
// often: the digest_run row (its primary key) is taken in the same transaction that queues
// the mail and marks the notifications mailed.

export interface DigestRunOptions {
  now: Date;
  period: DigestPeriod;
  /** Users per transaction. */
  batchSize?: number;
}

export interface DigestRunResult {
  period: DigestPeriod;
  periodKey: string;
  /** Digest mails queued by this run (0 for users another run got first). */
  mailed: number;
  /** Notifications those mails list (or count). */
  notifications: number;
}

/** The delivery of n.kind for n.user_id: the stored preference, else the kind's default. */
const DELIVERY_SQL = `coalesce(p.delivery, CASE n.kind ${NOTIFICATION_KINDS.map((kind) => `WHEN '${kind}' THEN '${DEFAULT_DELIVERY[kind]}'`).join(" ")} END)`;

/**
 * The notifications a digest of this slot collects: not mailed, not read, created before the
 * slot's moment (later ones wait for the next digest) and within the look-back, of a kind the
 * user gets in this period's digest, of an active account, and of a workspace the user is still
 * a member of (someone removed since does not get its titles by mail; an invitation is for a
 * workspace one is not in yet). `joins` adds tables to read.
 */
const dueNotifications = (joins = "") => `
  FROM notification n
  JOIN app_user u ON u.id = n.user_id AND u.deactivated_at IS NULL
  LEFT JOIN notification_preference p ON p.user_id = n.user_id AND p.kind = n.kind
  ${joins}
  WHERE n.mailed_at IS NULL AND n.read_at IS NULL
    AND n.created_at < $1 AND n.created_at >= $1 - $2 * interval '1 day'
    AND ${DELIVERY_SQL} = $3
    AND (n.workspace_id IS NULL OR n.kind = 'invitation'
         OR EXISTS (SELECT 1 FROM membership m WHERE m.user_id = n.user_id AND m.workspace_id = n.workspace_id))`;

/**
 * Sends the digests due at `now` for one period: every user with notifications for it, in
 * batches of `batchSize` users per transaction. Safe to run at any time, again, and on several
 * instances at once: a user whose digest for this slot exists already is skipped. Publish
 * `mail.queued` after it when `mailed` > 0.
 */
export async function runDigests(prisma: Db, options: DigestRunOptions): Promise<DigestRunResult> {
  const slot = currentDigestSlot(options.now, options.period);
  const delivery = DIGEST_DELIVERY[options.period];
  const batchSize = options.batchSize ?? 500;
  const args = [slot.dueAt, DIGEST_LOOKBACK_DAYS, delivery] as const;
  const candidates = await prisma.$sql<{ userId: string }>(
    `SELECT DISTINCT n.user_id::text AS "userId" ${dueNotifications()}
       AND NOT EXISTS (SELECT 1 FROM digest_run d WHERE d.user_id = n.user_id AND d.period = $4 AND d.period_key = $5)
     ORDER BY 1`,
    [...args, slot.period, slot.periodKey],
  );
  const result: DigestRunResult = { period: slot.period, periodKey: slot.periodKey, mailed: 0, notifications: 0 };
  for (let i = 0; i < candidates.length; i += batchSize) {
    const userIds = candidates.slice(i, i + batchSize).map((c) => c.userId);
    const batch = await prisma.$transaction((tx) => digestBatch(tx, userIds, slot, args), { timeout: 60_000, maxWait: 30_000 });
    result.mailed += batch.mailed;
    result.notifications += batch.notifications;
  }
  return result;
}

interface Row {
  id: string;
  userId: string;
  email: string;
  locale: string | null;
  kind: string;
  path: string;
  params: unknown;
  actorName: string | null;
  workspace: string | null;
}

async function digestBatch(
  tx: Tx,
  userIds: readonly string[],
  slot: { period: DigestPeriod; periodKey: string },
  args: readonly [Date, number, string],
): Promise<{ mailed: number; notifications: number }> {
  // The claim: only the run that inserts a user's row sends that user's digest. A concurrent run
  // inserting the same row waits for this transaction and then skips it.
  const won = await tx.$queryRawUnsafe<{ userId: string }[]>(
    `INSERT INTO digest_run (user_id, period, period_key)
     SELECT value::uuid, $2, $3 FROM jsonb_array_elements_text($1::jsonb)
     ON CONFLICT DO NOTHING
     RETURNING user_id::text AS "userId"`,
    JSON.stringify(userIds),
    slot.period,
    slot.periodKey,
  );
  if (won.length === 0) return { mailed: 0, notifications: 0 };
  const rows = await tx.$queryRawUnsafe<Row[]>(
    `SELECT n.id::text AS id, n.user_id::text AS "userId", u.email, l.locale, n.kind, n.path, n.params, a.name AS "actorName", w.name AS workspace
     ${dueNotifications(`LEFT JOIN notification_mail_locale l ON l.user_id = n.user_id
       LEFT JOIN app_user a ON a.id = n.actor_id
       LEFT JOIN workspace w ON w.id = n.workspace_id`)}
       AND n.user_id IN (SELECT value::uuid FROM jsonb_array_elements_text($4::jsonb))
     ORDER BY n.user_id, w.name NULLS LAST, n.workspace_id, n.created_at, n.id`,
    ...args,
    JSON.stringify(won.map((w) => w.userId)),
  );
  if (rows.length === 0) return { mailed: 0, notifications: 0 };

  const digestKey = `${slot.period}:${slot.periodKey}`;
  const byUser = new Map<string, Row[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  const tokens: { token: string; userId: string; scope: `digest:${DigestPeriod}` }[] = [];
  const mails: MailRequest<"digest">[] = [];
  for (const [userId, items] of byUser) {
    const token = newUnsubscribeToken();
    tokens.push({ token, userId, scope: `digest:${slot.period}` });
    // Rows come ordered by workspace: one group per workspace, in that order, the listed lines capped.
    const groups: { workspace?: string; items: ReturnType<typeof notificationMailItem>[] }[] = [];
    let listed = 0;
    let lastWorkspace: string | null | undefined;
    for (const item of items) {
      if (listed >= DIGEST_MAX_ITEMS) break;
      if (groups.length === 0 || item.workspace !== lastWorkspace) groups.push({ workspace: item.workspace ?? undefined, items: [] });
      lastWorkspace = item.workspace;
      groups[groups.length - 1]!.items.push(notificationMailItem(item));
      listed++;
    }
    mails.push({
      key: `digest:${userId}:${slot.period}:${slot.periodKey}`,
      to: items[0]!.email,
      locale: mailLocale(items[0]!.locale),
      template: "digest",
      params: { period: slot.period, groups, more: items.length - listed, unsubscribeToken: token },
    });
  }
  await tx.$executeRawUnsafe(
    `UPDATE notification SET mailed_at = now(), digest_key = $2 WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    JSON.stringify(rows.map((r) => r.id)),
    digestKey,
  );
  await storeUnsubscribeTokens(tx, tokens);
  await enqueueMails(tx, mails);
  return { mailed: mails.length, notifications: rows.length };
}
