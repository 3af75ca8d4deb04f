import type { NotificationKind } from "@regiotafel/domain";
import type { Tx } from "../client";

// PLACEHOLDER until the delivery branch lands (preferences, e-mail, digests): inserts the rows.
export interface NewNotification {
  userId: string;
  workspaceId: string | null;
  kind: NotificationKind;
  actorId: string | null;
  path: string;
  params: Record<string, string | number | null>;
  dedupeKey?: string;
}

export async function createNotifications(tx: Tx, items: NewNotification[]): Promise<{ userIds: string[] }> {
  const kept = items.filter((item) => item.userId !== item.actorId);
  if (kept.length === 0) return { userIds: [] };
  await tx.notification.createMany({ data: kept.map((item) => ({ ...item, dedupeKey: item.dedupeKey ?? null })), skipDuplicates: true });
  return { userIds: [...new Set(kept.map((item) => item.userId))] };
}
