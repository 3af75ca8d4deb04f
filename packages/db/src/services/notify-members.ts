import type { NotificationKind } from "@regiotafel/domain";
import type { Tx } from "../client";
import { announceMail, eventBus } from "../events";
import type { Scope } from "../scope";
import { createNotifications } from "./notifications";

// Notifications of record changes (issue 21, point 6), made inside the change's transaction;
// the bells are told after the commit (`announceNotifications`).

/** Tells the members of an organisation in the scope's workspace (not the actor) about a change. */
export async function notifyOrganisationMembers(
  tx: Tx,
  scope: Scope,
  organisationId: string,
  notification: { kind: NotificationKind; path: string; params: Record<string, string | number | null> },
): Promise<Notified> {
  const members = await tx.membership.findMany({
    where: { workspaceId: scope.workspaceId, user: { organisationId, deactivatedAt: null }, userId: { not: scope.userId } },
    select: { userId: true },
  });
  const items = members.map((m) => ({ userId: m.userId, workspaceId: scope.workspaceId, actorId: scope.userId, ...notification }));
  return createNotifications(tx, items);
}

/** Who got a notification in the app, and how many mails were queued for them. */
export type Notified = Awaited<ReturnType<typeof createNotifications>>;
export const NOBODY: Notified = { userIds: [], mailed: 0 };

/** After the commit: the bells of these users count again, and the mail worker sends what was queued. */
export function announceNotifications(notified: Notified): void {
  if (notified.userIds.length > 0) eventBus.publish({ type: "notifications.created", userIds: [...notified.userIds] });
  if (notified.mailed > 0) announceMail();
}
