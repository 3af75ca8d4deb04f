import type { Db } from "../client";

// The notification centre (issue 21, ADR 0036): a user's own notifications, never anyone
// else's. A notification of a workspace the user has left is not shown.

export interface InboxItem {
  id: string;
  kind: string;
  workspace: { id: string; name: string; slug: string } | null;
  actorName: string | null;
  path: string;
  params: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

const PAGE = 50;

/** The user's notifications, newest first (50 at a time, older ones with `before`). */
export async function listInbox(prisma: Db, userId: string, options: { unreadOnly?: boolean; before?: string } = {}): Promise<{ items: InboxItem[]; unread: number; more: boolean }> {
  const rows = await prisma.$queryRawUnsafe<Array<InboxItem & { workspaceId: string | null; workspaceName: string | null; workspaceSlug: string | null }>>(
    `SELECT n.id, n.kind, n.path, n.params, n.created_at AS "createdAt", n.read_at AS "readAt", a.name AS "actorName",
            w.id AS "workspaceId", w.name AS "workspaceName", w.slug AS "workspaceSlug"
     FROM notification n
     LEFT JOIN app_user a ON a.id = n.actor_id
     LEFT JOIN workspace w ON w.id = n.workspace_id
     WHERE n.user_id = $1::uuid
       AND (n.workspace_id IS NULL OR EXISTS (SELECT 1 FROM membership m WHERE m.user_id = n.user_id AND m.workspace_id = n.workspace_id))
       AND ($2::boolean = false OR n.read_at IS NULL)
       AND ($3::timestamptz IS NULL OR n.created_at < $3::timestamptz)
     ORDER BY n.created_at DESC, n.id DESC
     LIMIT ${PAGE + 1}`,
    userId,
    options.unreadOnly ?? false,
    options.before ?? null,
  );
  const items = rows.slice(0, PAGE).map(({ workspaceId, workspaceName, workspaceSlug, ...item }) => ({
    ...item,
    workspace: workspaceId ? { id: workspaceId, name: workspaceName ?? "", slug: workspaceSlug ?? "" } : null,
  }));
  return { items, unread: await unreadCount(prisma, userId), more: rows.length > PAGE };
}

/** How many unread notifications the bell shows (of workspaces the user is still in). */
export async function unreadCount(prisma: Db, userId: string): Promise<number> {
  const rows = await prisma.$sql<{ count: number }>(
    `SELECT count(*)::int AS count FROM notification n
     WHERE n.user_id = $1::uuid AND n.read_at IS NULL
       AND (n.workspace_id IS NULL OR EXISTS (SELECT 1 FROM membership m WHERE m.user_id = n.user_id AND m.workspace_id = n.workspace_id))`,
    [userId],
    { prepare: "unread_notifications" },
  );
  return rows[0]?.count ?? 0;
}

/** Marks one of the user's notifications read and gives where it leads; null when it is not theirs (or of a workspace they left). */
export async function openNotification(prisma: Db, userId: string, id: string): Promise<{ path: string | null }> {
  const rows = await prisma.$queryRawUnsafe<Array<{ path: string }>>(
    `UPDATE notification n SET read_at = coalesce(n.read_at, now())
     WHERE n.id = $1::uuid AND n.user_id = $2::uuid
       AND (n.workspace_id IS NULL OR EXISTS (SELECT 1 FROM membership m WHERE m.user_id = n.user_id AND m.workspace_id = n.workspace_id))
     RETURNING n.path`,
    id,
    userId,
  );
  return { path: rows[0]?.path ?? null };
}

/** Marks the user's own notifications read; ids of anyone else's change nothing. */
export async function markRead(prisma: Db, userId: string, ids: string[]): Promise<{ unread: number }> {
  await prisma.notification.updateMany({ where: { userId, id: { in: ids }, readAt: null }, data: { readAt: new Date() } });
  return { unread: await unreadCount(prisma, userId) };
}

/** Marks all the user's notifications read, or all of one workspace. */
export async function markAllRead(prisma: Db, userId: string, workspaceId?: string): Promise<{ unread: number }> {
  await prisma.notification.updateMany({ where: { userId, readAt: null, ...(workspaceId ? { workspaceId } : {}) }, data: { readAt: new Date() } });
  return { unread: await unreadCount(prisma, userId) };
}
