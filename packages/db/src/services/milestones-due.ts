import { MILESTONE_LEAD_DAYS } from "@regiotafel/domain";
import type { Db } from "../client";
import { createNotifications } from "./notifications";
import { announceNotifications } from "./notify-members";

// "A milestone of a tender I follow is due in N days" (issue 21, point 6; ADR 0036). Run now and
// then by every instance: each user is told once per milestone and due date (the notification's
// dedupe key), however often and wherever it runs; a milestone that moves is announced again
// for its new date. N is the user's own lead time (default 7 days).

interface Due {
  userId: string;
  workspaceId: string;
  slug: string;
  milestoneId: string;
  milestone: string;
  tenderId: string;
  tender: string;
  dueDate: string;
  days: number;
}

/**
 * Notifies the followers of tenders (and of lots) whose scheduled milestones fall due within
 * their lead time from `today` (yyyy-mm-dd, the Netherlands' date). Returns how many were told.
 */
export async function notifyMilestonesDue(prisma: Db, today: string): Promise<number> {
  const due = await prisma.$queryRawUnsafe<Due[]>(
    `SELECT f.user_id AS "userId", t.workspace_id AS "workspaceId", w.slug, m.id AS "milestoneId", m.title AS milestone,
            t.id AS "tenderId", t.title AS tender, to_char(m.due_date, 'YYYY-MM-DD') AS "dueDate", (m.due_date - $1::date) AS days
     FROM follow f
     JOIN milestone m ON (f.subject_type = 'tender' AND m.tender_id = f.subject_id) OR (f.subject_type = 'lot' AND m.lot_id = f.subject_id)
     JOIN tender t ON t.id = m.tender_id AND t.workspace_id = f.workspace_id
     JOIN workspace w ON w.id = t.workspace_id AND w.archived_at IS NULL
     JOIN membership ms ON ms.workspace_id = t.workspace_id AND ms.user_id = f.user_id
     JOIN app_user u ON u.id = f.user_id AND u.deactivated_at IS NULL
     LEFT JOIN notification_setting s ON s.user_id = f.user_id
     WHERE m.status = 'SCHEDULED' AND t.status <> 'CANCELLED'
       AND m.due_date >= $1::date AND m.due_date <= $1::date + coalesce(s.milestone_lead_days, $2::int)
       AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.dedupe_key = 'milestoneDue:' || m.id || ':' || f.user_id || ':' || m.due_date)`,
    today,
    MILESTONE_LEAD_DAYS.default,
  );
  if (due.length === 0) return 0;
  // A user who follows both the tender and the lot is told once.
  const items = [...new Map(due.map((d) => [`${d.milestoneId}:${d.userId}`, d])).values()].map((d) => ({
    userId: d.userId,
    workspaceId: d.workspaceId,
    kind: "milestoneDue" as const,
    actorId: null,
    path: `/w/${d.slug}/aanbestedingen/${d.tenderId}`,
    params: { title: d.milestone, tender: d.tender, days: Number(d.days), due: d.dueDate },
    dedupeKey: `milestoneDue:${d.milestoneId}:${d.userId}:${d.dueDate}`,
  }));
  const notified = await prisma.$transaction((tx) => createNotifications(tx, items));
  announceNotifications(notified);
  return notified.userIds.length;
}
