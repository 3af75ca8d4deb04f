import { randomBytes } from "node:crypto";
import {
  CALENDAR_TOKEN_PATTERN,
  CANCELLED_MILESTONE_RETENTION_DAYS,
  calendarSequence,
  tenderPagePath,
  type TenderStatus,
} from "@regiotafel/domain";
import type { Db, Tx } from "../client";
import { hashToken } from "./token-hash";

// Calendar feeds (issue 21 point 8, ADR 0037). Each user has at most one secret feed address;
// only the SHA-256 of its token is stored (like every other bearer token, token-hash.ts). The
// feed's items are the dated milestones of the tenders in the workspaces the user is a member
// of now, and the deleted ones of the last 180 days as cancelled. The ICS itself is written by
// the server (server/src/calendar.ts); this is what goes in it.

/** One event of a feed. Dates are yyyy-mm-dd (all-day events). */
export interface CalendarItem {
  /** The milestone's id (also of a deleted one): the event's UID is made of it. */
  id: string;
  title: string;
  description: string;
  dueDate: string;
  /** The event's SEQUENCE: goes up with every change, and once more when it is cancelled. */
  sequence: number;
  /** Cancelled: its tender or lot was cancelled, or the milestone was deleted. */
  status: "confirmed" | "cancelled";
  tender: { id: string; title: string };
  lot: { id: string; title: string } | null;
  workspace: { slug: string; name: string };
  /** The tender page (a path on this site). */
  path: string;
}

export interface CalendarFeed {
  user: { id: string; name: string };
  items: CalendarItem[];
}

/**
 * A new feed address for the user: 256 random bits, base64url. An earlier address stops
 * working at once (its hash is replaced). The token is returned this once and never stored.
 */
export async function createCalendarFeed(prisma: Db, userId: string): Promise<{ token: string; createdAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  const createdAt = new Date();
  await prisma.calendarFeed.upsert({ where: { userId }, create: { userId, tokenHash, createdAt }, update: { tokenHash, createdAt } });
  return { token, createdAt };
}

/** The address stops working. Revoking when there is none is no error. */
export async function revokeCalendarFeed(prisma: Db, userId: string): Promise<{ revoked: boolean }> {
  const { count } = await prisma.calendarFeed.deleteMany({ where: { userId } });
  return { revoked: count > 0 };
}

/** Whether the user has a feed address, and since when (the address itself cannot be shown again). */
export async function calendarFeedStatus(prisma: Db, userId: string): Promise<{ active: boolean; createdAt: Date | null }> {
  const feed = await prisma.calendarFeed.findUnique({ where: { userId }, select: { createdAt: true } });
  return { active: feed !== null, createdAt: feed?.createdAt ?? null };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const isCancelled = (status: TenderStatus) => status === "CANCELLED";

/**
 * The feed behind a token, or null when the token is malformed, unknown or revoked, or its
 * account is deactivated (the server answers all of these with the same 404). `mine` keeps the
 * milestones of lots the user's organisation takes part in, and the tender-level milestones
 * of tenders it is a party to.
 */
export async function calendarFeedFor(prisma: Db, token: string, options: { mine: boolean; now?: Date }): Promise<CalendarFeed | null> {
  if (typeof token !== "string" || !CALENDAR_TOKEN_PATTERN.test(token)) return null;
  const feed = await prisma.calendarFeed.findUnique({ where: { tokenHash: hashToken(token) }, select: { userId: true } });
  if (!feed) return null;
  const user = await prisma.user.findUnique({
    where: { id: feed.userId },
    select: { id: true, name: true, organisationId: true, deactivatedAt: true, memberships: { select: { workspace: { select: { id: true, slug: true, name: true } } } } },
  });
  if (!user || user.deactivatedAt !== null) return null;

  // Tenancy: only workspaces the user is a member of now.
  const workspaces = new Map(user.memberships.map((m) => [m.workspace.id, m.workspace]));
  const workspaceIds = [...workspaces.keys()];
  const organisationId = user.organisationId;
  const partyTo = { participants: { some: { organisationId } } };
  const participatingLot = { participations: { some: { municipalityId: organisationId, participating: true } } };

  const milestones = await prisma.milestone.findMany({
    where: {
      dueDate: { not: null },
      tender: { workspaceId: { in: workspaceIds } },
      ...(options.mine ? { OR: [{ lotId: null, tender: partyTo }, { lot: participatingLot }] } : {}),
    },
    select: {
      id: true,
      title: true,
      description: true,
      dueDate: true,
      version: true,
      tender: { select: { id: true, title: true, status: true, workspaceId: true } },
      lot: { select: { id: true, title: true, status: true } },
    },
    orderBy: [{ dueDate: "asc" }, { title: "asc" }, { id: "asc" }],
  });
  const items: CalendarItem[] = milestones.map((m) => {
    const workspace = workspaces.get(m.tender.workspaceId)!;
    const cancelled = isCancelled(m.tender.status) || (m.lot !== null && isCancelled(m.lot.status));
    return {
      id: m.id,
      title: m.title,
      description: m.description,
      dueDate: iso(m.dueDate!),
      sequence: calendarSequence(m.version, cancelled),
      status: cancelled ? "cancelled" : "confirmed",
      tender: { id: m.tender.id, title: m.tender.title },
      lot: m.lot ? { id: m.lot.id, title: m.lot.title } : null,
      workspace: { slug: workspace.slug, name: workspace.name },
      path: tenderPagePath(workspace.slug, m.tender.id),
    };
  });

  // Deleted milestones of the last 180 days, as cancelled, with the sequence stored at deletion.
  const since = new Date((options.now ?? new Date()).getTime() - CANCELLED_MILESTONE_RETENTION_DAYS * 86_400_000);
  const removed = await prisma.cancelledMilestone.findMany({
    where: { workspaceId: { in: workspaceIds }, dueDate: { not: null }, cancelledAt: { gte: since }, id: { notIn: items.map((i) => i.id) } },
    orderBy: [{ dueDate: "asc" }, { id: "asc" }],
  });
  if (removed.length > 0) {
    // Their tender must still be in the same workspace; with `mine`, the same participation rule (on today's choices).
    const tenders = new Map(
      (
        await prisma.tender.findMany({
          where: { id: { in: [...new Set(removed.map((r) => r.tenderId))] }, workspaceId: { in: workspaceIds } },
          select: { id: true, title: true, workspaceId: true, participants: { where: { organisationId }, select: { organisationId: true } } },
        })
      ).map((t) => [t.id, t]),
    );
    const lots = new Map(
      (
        await prisma.lot.findMany({
          where: { id: { in: removed.flatMap((r) => (r.lotId ? [r.lotId] : [])) } },
          select: { id: true, title: true, tenderId: true, participations: { where: { municipalityId: organisationId, participating: true }, select: { participating: true } } },
        })
      ).map((l) => [l.id, l]),
    );
    for (const r of removed) {
      const tender = tenders.get(r.tenderId);
      if (!tender || tender.workspaceId !== r.workspaceId) continue;
      const lot = r.lotId ? lots.get(r.lotId) : undefined;
      if (options.mine && (r.lotId ? !lot?.participations.length : tender.participants.length === 0)) continue;
      const workspace = workspaces.get(r.workspaceId)!;
      items.push({
        id: r.id,
        title: r.title,
        description: "",
        dueDate: iso(r.dueDate!),
        sequence: r.sequence,
        status: "cancelled",
        tender: { id: tender.id, title: tender.title },
        lot: lot && lot.tenderId === tender.id ? { id: lot.id, title: lot.title } : null,
        workspace: { slug: workspace.slug, name: workspace.name },
        path: tenderPagePath(workspace.slug, tender.id),
      });
    }
    items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  }
  return { user: { id: user.id, name: user.name }, items };
}

/**
 * Keeps a deleted milestone for the feeds (in the deleting transaction): subscribed calendars
 * see it CANCELLED, one SEQUENCE further than its last version, for 180 days. Older ones go.
 */
export async function keepCancelledMilestone(
  tx: Tx,
  workspaceId: string,
  milestone: { id: string; tenderId: string; lotId: string | null; title: string; dueDate: Date | null; version: number },
  now = new Date(),
): Promise<void> {
  const data = { workspaceId, tenderId: milestone.tenderId, lotId: milestone.lotId, title: milestone.title, dueDate: milestone.dueDate, sequence: calendarSequence(milestone.version, true), cancelledAt: now };
  await tx.cancelledMilestone.upsert({ where: { id: milestone.id }, create: { id: milestone.id, ...data }, update: data });
  await tx.cancelledMilestone.deleteMany({ where: { cancelledAt: { lt: new Date(now.getTime() - CANCELLED_MILESTONE_RETENTION_DAYS * 86_400_000) } } });
}
