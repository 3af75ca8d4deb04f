import { randomBytes, randomUUID } from "node:crypto";
import {
  DEFAULT_DELIVERY,
  DELIVERIES,
  deliveryOf,
  DomainError,
  MILESTONE_LEAD_DAYS,
  NOTIFICATION_KINDS,
  mailPathSchema,
  type Delivery,
  type DigestPeriod,
  type Locale,
  type MailRequest,
  type NotificationKind,
  type NotificationMailItem,
} from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { enqueueMails } from "./mail-outbox";
import { hashToken } from "./token-hash";

// Notification delivery (issue 21, point 7; ADR 0038): who gets a notification, in the app and
// by e-mail at once, and the one-click unsubscribe links those mails carry. The comments,
// mentions and follows that cause notifications call createNotifications inside their own
// transaction; digests are in digests.ts.

/** One notification as a caller asks for it. */
export interface NewNotification {
  userId: string;
  workspaceId: string | null;
  kind: NotificationKind;
  /** Who caused it; never notified of their own doing. */
  actorId: string | null;
  /** Where it leads on this site ("/w/limburg/documenten/…?reactie=…"). */
  path: string;
  /**
   * What the texts need. Mails read `title` (what it is about), `excerpt` (a comment's words)
   * and `due` (a milestone's YYYY-MM-DD); the rest is for the in-app centre.
   */
  params: Record<string, string | number | null>;
  /** A second notification with the same key is skipped silently (e.g. "milestoneDue:<milestone>:<user>:<date>"). */
  dedupeKey?: string;
}

/** The unsubscribe scope of a digest mail: every kind delivered in that digest. */
export type UnsubscribeScope = NotificationKind | `digest:${DigestPeriod}`;

const TITLE_MAX = 300;
const EXCERPT_MAX = 500;

/** A parameter as a one-line mail text: a non-empty string, cut to `max`, or undefined. */
function mailText(value: unknown, max: number): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  // eslint-disable-next-line no-control-regex -- control characters have no place in a mail line
  const text = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  if (text.length === 0) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A mail line for one notification (shared with the digest). */
export function notificationMailItem(row: { kind: string; actorName: string | null; path: string; params: unknown }): NotificationMailItem {
  const params = (row.params ?? {}) as Record<string, unknown>;
  const due = typeof params.due === "string" && /^\d{4}-\d{2}-\d{2}$/.test(params.due) ? params.due : undefined;
  return {
    kind: row.kind as NotificationKind,
    actor: mailText(row.actorName, 200),
    title: mailText(params.title, TITLE_MAX),
    due,
    path: row.path,
  };
}

/** A new unsubscribe token: 256 random bits, base64url; only its hash is stored. */
export function newUnsubscribeToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Stores the hashes of new unsubscribe tokens, one statement for all. */
export async function storeUnsubscribeTokens(tx: Tx | Db, tokens: readonly { token: string; userId: string; scope: UnsubscribeScope }[]): Promise<void> {
  if (tokens.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO notification_unsubscribe (token_hash, user_id, scope)
     SELECT x.token_hash, x.user_id, x.scope FROM jsonb_to_recordset($1::jsonb) AS x(token_hash text, user_id uuid, scope text)`,
    JSON.stringify(tokens.map((t) => ({ token_hash: hashToken(t.token), user_id: t.userId, scope: t.scope }))),
  );
}

interface Recipient {
  id: string;
  email: string;
  locale: string | null;
}

/**
 * Creates notifications inside the caller's transaction. One query reads the recipients and
 * one their preferences; items for the actor themselves, for deactivated or unknown accounts
 * and of a kind the recipient turned OFF are dropped; the rest is inserted in one statement
 * (a dedupeKey that exists already is skipped). Kinds delivered IMMEDIATE get one mail each in
 * the outbox, queued in the same transaction (key `notification:<id>`), and mailedAt set.
 * Publish `mail.queued` on the bus after the commit when `mailed` > 0.
 * @returns the users who got a notification in the app (to tell live after the commit) and
 *   how many mails were queued.
 */
export async function createNotifications(tx: Tx | Db, items: readonly NewNotification[]): Promise<{ userIds: string[]; mailed: number }> {
  const wanted = items.filter((item) => item.userId !== item.actorId);
  if (wanted.length === 0) return { userIds: [], mailed: 0 };
  for (const item of wanted) {
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(item.kind)) throw new Error(`unknown notification kind "${item.kind}"`);
    if (!mailPathSchema.safeParse(item.path).success) throw new Error(`a notification's path must be a path on this site: "${item.path}"`);
  }
  const userIds = [...new Set(wanted.map((item) => item.userId))];
  const recipientRows = await tx.$queryRawUnsafe<(Recipient & { preferences: { kind: string; delivery: string }[] })[]>(
    `SELECT u.id::text AS id, u.email, l.locale,
            coalesce((SELECT json_agg(json_build_object('kind', p.kind, 'delivery', p.delivery)) FROM notification_preference p WHERE p.user_id = u.id), '[]'::json) AS preferences
     FROM app_user u LEFT JOIN notification_mail_locale l ON l.user_id = u.id
     WHERE u.id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb)) AND u.deactivated_at IS NULL`,
    JSON.stringify(userIds),
  );
  const recipients = new Map(recipientRows.map((r) => [r.id, r]));

  const rows: { id: string; user_id: string; workspace_id: string | null; kind: string; actor_id: string | null; path: string; params: unknown; dedupe_key: string | null; immediate: boolean }[] = [];
  for (const item of wanted) {
    const recipient = recipients.get(item.userId);
    if (!recipient) continue;
    const delivery = deliveryOf(item.kind, recipient.preferences);
    if (delivery === "OFF") continue;
    rows.push({
      id: randomUUID(),
      user_id: item.userId,
      workspace_id: item.workspaceId,
      kind: item.kind,
      actor_id: item.actorId,
      path: item.path,
      params: item.params,
      dedupe_key: item.dedupeKey ?? null,
      immediate: delivery === "IMMEDIATE",
    });
  }
  if (rows.length === 0) return { userIds: [], mailed: 0 };

  const inserted = await tx.$queryRawUnsafe<{ id: string; userId: string; immediate: boolean }[]>(
    `INSERT INTO notification (id, user_id, workspace_id, kind, actor_id, path, params, dedupe_key, mailed_at)
     SELECT x.id, x.user_id, x.workspace_id, x.kind, x.actor_id, x.path, coalesce(x.params, '{}'::jsonb), x.dedupe_key,
            CASE WHEN x.immediate THEN now() END
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, user_id uuid, workspace_id uuid, kind text, actor_id uuid, path text, params jsonb, dedupe_key text, immediate boolean)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id::text AS id, user_id::text AS "userId", mailed_at IS NOT NULL AS immediate`,
    JSON.stringify(rows),
  );

  const toMail = inserted.filter((row) => row.immediate);
  if (toMail.length > 0) await queueNotificationMails(tx, toMail.map((row) => row.id), recipients);
  return { userIds: [...new Set(inserted.map((row) => row.userId))], mailed: toMail.length };
}

/** One mail per notification (already inserted, in this transaction), with a fresh unsubscribe token for its kind. */
async function queueNotificationMails(tx: Tx | Db, ids: readonly string[], recipients: ReadonlyMap<string, Recipient>): Promise<void> {
  const details = await tx.$queryRawUnsafe<{ id: string; userId: string; kind: string; path: string; params: unknown; actorName: string | null; workspace: string | null }[]>(
    `SELECT n.id::text AS id, n.user_id::text AS "userId", n.kind, n.path, n.params, a.name AS "actorName", w.name AS workspace
     FROM notification n LEFT JOIN app_user a ON a.id = n.actor_id LEFT JOIN workspace w ON w.id = n.workspace_id
     WHERE n.id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    JSON.stringify(ids),
  );
  const tokens: { token: string; userId: string; scope: UnsubscribeScope }[] = [];
  const mails: MailRequest<"notification">[] = [];
  for (const n of details) {
    const recipient = recipients.get(n.userId)!;
    const token = newUnsubscribeToken();
    tokens.push({ token, userId: n.userId, scope: n.kind as NotificationKind });
    const params = (n.params ?? {}) as Record<string, unknown>;
    mails.push({
      key: `notification:${n.id}`,
      to: recipient.email,
      locale: mailLocale(recipient.locale),
      template: "notification",
      params: {
        ...notificationMailItem(n),
        workspace: mailText(n.workspace, 200),
        excerpt: mailText(params.excerpt, EXCERPT_MAX),
        unsubscribeToken: token,
      },
    });
  }
  await storeUnsubscribeTokens(tx, tokens);
  await enqueueMails(tx, mails);
}

/** The language of a user's notification mails: their own choice, else Dutch. */
export function mailLocale(stored: string | null | undefined): Locale {
  return stored === "en" ? "en" : "nl";
}

// ---------------------------------------------------------------- one-click unsubscribe

/** What an unsubscribe token stops, for the page that asks to confirm; null for an unknown token or a deactivated account. */
export async function findUnsubscribe(db: Db, token: string): Promise<{ scope: UnsubscribeScope } | null> {
  if (token.length === 0 || token.length > 200) return null;
  const [row] = await db.$sql<{ scope: string }>(
    `SELECT t.scope FROM notification_unsubscribe t JOIN app_user u ON u.id = t.user_id AND u.deactivated_at IS NULL WHERE t.token_hash = $1`,
    [hashToken(token)],
  );
  return row && isScope(row.scope) ? { scope: row.scope } : null;
}

function isScope(scope: string): scope is UnsubscribeScope {
  return (NOTIFICATION_KINDS as readonly string[]).includes(scope) || scope === "digest:daily" || scope === "digest:weekly";
}

/**
 * Unsubscribes through a mail's link, without signing in: a kind's mails become IN_APP; a
 * digest's token moves every kind that digest delivers to IN_APP. Only the token's own user
 * and scope change; doing it again changes nothing more.
 * @returns the scope, or null for an unknown token (nothing changes).
 */
export async function unsubscribe(db: Db, token: string): Promise<{ scope: UnsubscribeScope; kinds: NotificationKind[] } | null> {
  if (token.length === 0 || token.length > 200) return null;
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<{ userId: string; scope: string }[]>(
      `SELECT t.user_id::text AS "userId", t.scope FROM notification_unsubscribe t JOIN app_user u ON u.id = t.user_id AND u.deactivated_at IS NULL WHERE t.token_hash = $1`,
      hashToken(token),
    );
    if (!row || !isScope(row.scope)) return null;
    const stored = await tx.notificationPreference.findMany({ where: { userId: row.userId } });
    const kinds = row.scope.startsWith("digest:")
      ? NOTIFICATION_KINDS.filter((kind) => deliveryOf(kind, stored) === (row.scope === "digest:daily" ? "DAILY" : "WEEKLY"))
      : NOTIFICATION_KINDS.filter((kind) => kind === row.scope && deliveryOf(kind, stored) !== "OFF" && deliveryOf(kind, stored) !== "IN_APP");
    for (const kind of kinds) {
      await tx.notificationPreference.upsert({ where: { userId_kind: { userId: row.userId, kind } }, create: { userId: row.userId, kind, delivery: "IN_APP" }, update: { delivery: "IN_APP" } });
    }
    return { scope: row.scope, kinds };
  });
}

/** Drops unsubscribe tokens older than `days` (their mails are long read); a link that old answers 404. */
export async function pruneUnsubscribeTokens(db: Db, days = 365): Promise<number> {
  const rows = await db.$sql<{ n: number }>(`WITH gone AS (DELETE FROM notification_unsubscribe WHERE created_at < now() - $1 * interval '1 day' RETURNING 1) SELECT count(*)::int AS n FROM gone`, [days]);
  return rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------- preferences

export interface NotificationPreferences {
  /** Every kind with its delivery (the default where the user chose none). */
  kinds: { kind: NotificationKind; delivery: Delivery; isDefault: boolean }[];
  milestoneLeadDays: number;
  /** The language of notification and digest mails. */
  mailLocale: Locale;
}

/** The signed-in user's own notification preferences. */
export async function getNotificationPreferences(db: Db | Tx, userId: string): Promise<NotificationPreferences> {
  const [stored, setting, locale] = await Promise.all([
    db.notificationPreference.findMany({ where: { userId } }),
    db.notificationSetting.findUnique({ where: { userId } }),
    db.notificationMailLocale.findUnique({ where: { userId } }),
  ]);
  return {
    kinds: NOTIFICATION_KINDS.map((kind) => {
      const delivery = deliveryOf(kind, stored);
      return { kind, delivery, isDefault: !stored.some((p) => p.kind === kind && p.delivery === delivery) };
    }),
    milestoneLeadDays: setting?.milestoneLeadDays ?? MILESTONE_LEAD_DAYS.default,
    mailLocale: mailLocale(locale?.locale),
  };
}

export interface NotificationPreferencesInput {
  deliveries: Partial<Record<NotificationKind, Delivery>>;
  milestoneLeadDays?: number;
  mailLocale?: Locale;
}

/** Sets the user's own preferences (only what is given); one transaction. */
export async function setNotificationPreferences(db: Db, userId: string, input: NotificationPreferencesInput): Promise<NotificationPreferences> {
  const lead = input.milestoneLeadDays;
  if (lead !== undefined && !(Number.isInteger(lead) && lead >= MILESTONE_LEAD_DAYS.min && lead <= MILESTONE_LEAD_DAYS.max)) {
    throw new DomainError("BAD_REQUEST", "input.invalid", undefined, "milestoneLeadDays");
  }
  for (const [kind, delivery] of Object.entries(input.deliveries)) {
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind) || !(DELIVERIES as readonly string[]).includes(delivery)) throw new DomainError("BAD_REQUEST", "input.invalid");
  }
  return db.$transaction(async (tx) => {
    for (const [kind, delivery] of Object.entries(input.deliveries) as [NotificationKind, Delivery][]) {
      if (delivery === DEFAULT_DELIVERY[kind]) await tx.notificationPreference.deleteMany({ where: { userId, kind } });
      else await tx.notificationPreference.upsert({ where: { userId_kind: { userId, kind } }, create: { userId, kind, delivery }, update: { delivery } });
    }
    if (lead !== undefined) await tx.notificationSetting.upsert({ where: { userId }, create: { userId, milestoneLeadDays: lead }, update: { milestoneLeadDays: lead } });
    if (input.mailLocale) await tx.notificationMailLocale.upsert({ where: { userId }, create: { userId, locale: input.mailLocale }, update: { locale: input.mailLocale } });
    return getNotificationPreferences(tx, userId);
  });
}
