import type { CommentSubject } from "@regiotafel/domain";
import { findCommentSubject, threadLink } from "./comments";
import { changeConcerns, lotDecisionOpen, milestoneAttention, RECENT_CHANGES_LIMIT, scoringWaiting, tenderConcerns, type TenderInvolvement } from "@regiotafel/domain";
import type { Db } from "../client";
import { resolveScope, type Scope } from "../scope";
import { reviewQueue } from "./library";

// What needs the member now (issue 18, point 1; ADR 0026). One call for the workspace home:
// four reads (the workspace's open tenders with lots, buyers and milestones; the open
// assessments with their size and the member's own scores; the review queue for moderators;
// the recent history on the member's records), the rules in @regiotafel/domain (needs-me.ts).

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** Today's date in the Netherlands as yyyy-mm-dd. */
export function todayInNetherlands(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Amsterdam" }).format(now);
}

export async function needsMe(prisma: Db, scope: Scope, today: string = todayInNetherlands()) {
  const [tenders, assessments, reviews] = await Promise.all([
    prisma.tender.findMany({
      where: { workspaceId: scope.workspaceId, status: { notIn: ["ENDED", "CANCELLED"] } },
      orderBy: [{ title: "asc" }],
      select: {
        id: true,
        title: true,
        status: true,
        ownerRegionId: true,
        procuringEntityId: true,
        participants: { select: { organisationId: true } },
        lots: {
          orderBy: [{ sortOrder: "asc" }, { title: "asc" }],
          select: { id: true, title: true, status: true, participations: { select: { municipalityId: true, participating: true } } },
        },
        milestones: { select: { id: true, title: true, type: true, status: true, dueDate: true, dateMet: true, lotId: true } },
      },
    }),
    prisma.assessment.findMany({
      where: { workspaceId: scope.workspaceId, status: "OPEN", participants: { some: { organisationId: scope.organisationId } } },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        title: true,
        status: true,
        _count: { select: { scenarios: true, criteria: true, scores: { where: { participantId: scope.organisationId } } } },
      },
    }),
    reviewQueue(prisma, scope.userId),
  ]);

  const lotDecisions: { tenderId: string; tenderTitle: string; lotId: string; lotTitle: string; deadline: { title: string; dueDate: string } | null; canChoose: boolean }[] = [];
  const milestones: { id: string; title: string; type: string; dueDate: string; overdue: boolean; tenderId: string; tenderTitle: string }[] = [];
  const myRecordIds = new Set<string>([scope.organisationId]);
  for (const tender of tenders) {
    const involvement: TenderInvolvement = {
      ownerRegionId: tender.ownerRegionId,
      procuringEntityId: tender.procuringEntityId,
      participantIds: tender.participants.map((p) => p.organisationId),
      optedInIds: tender.lots.flatMap((l) => l.participations.filter((p) => p.participating).map((p) => p.municipalityId)),
    };
    const mine = tenderConcerns(scope, involvement);
    const upcoming = tender.milestones
      .filter((m) => m.status === "SCHEDULED" && m.dueDate && iso(m.dueDate)! >= today)
      .sort((a, b) => a.dueDate!.getTime() - b.dueDate!.getTime());
    for (const lot of tender.lots) {
      const myChoice = lot.participations.find((p) => p.municipalityId === scope.organisationId)?.participating ?? null;
      if (!lotDecisionOpen(scope, { ...involvement, status: tender.status }, { status: lot.status, myChoice })) continue;
      // The lot's own next milestone, else the tender's: the date the choice is wanted by.
      const next = upcoming.find((m) => m.lotId === lot.id) ?? upcoming.find((m) => m.lotId === null) ?? null;
      lotDecisions.push({
        tenderId: tender.id,
        tenderTitle: tender.title,
        lotId: lot.id,
        lotTitle: lot.title,
        deadline: next ? { title: next.title, dueDate: iso(next.dueDate)! } : null,
        canChoose: scope.role !== "VIEWER" && !scope.archived,
      });
    }
    if (!mine) continue;
    myRecordIds.add(tender.id);
    for (const lot of tender.lots) myRecordIds.add(lot.id);
    for (const m of tender.milestones) {
      myRecordIds.add(m.id);
      const attention = milestoneAttention({ status: m.status, dueDate: iso(m.dueDate), dateMet: iso(m.dateMet) }, today);
      if (attention) milestones.push({ id: m.id, title: m.title, type: m.type, dueDate: iso(m.dueDate)!, overdue: attention === "overdue", tenderId: tender.id, tenderTitle: tender.title });
    }
  }
  milestones.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title, "nl"));

  const scoring = assessments
    .map((a) => ({ a, cells: a._count.scenarios * a._count.criteria, mine: a._count.scores }))
    .filter(({ a, mine }) => scoringWaiting({ status: a.status, hasSeat: true, scenarios: a._count.scenarios, criteria: a._count.criteria, myScores: mine }))
    .map(({ a, cells, mine }) => ({ id: a.id, title: a.title, scored: mine, cells }));
  for (const a of assessments) myRecordIds.add(a.id);

  const events = await prisma.auditEvent.findMany({
    where: { workspaceId: scope.workspaceId, entityId: { in: [...myRecordIds] }, OR: [{ actorId: null }, { actorId: { not: scope.userId } }] },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: RECENT_CHANGES_LIMIT,
    select: { id: true, at: true, action: true, entityType: true, entityId: true, actorId: true, before: true, after: true },
  });
  const actors = new Map(
    (await prisma.user.findMany({ where: { id: { in: [...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  const parentOf = (entityType: string, entityId: string, after: unknown): string | null => {
    if (entityType === "tender") return entityId;
    const parent = after && typeof after === "object" && "tenderId" in after ? String((after as { tenderId: unknown }).tenderId) : null;
    if (parent) return parent;
    return tenders.find((t) => t.lots.some((l) => l.id === entityId) || t.milestones.some((m) => m.id === entityId))?.id ?? null;
  };
  const changes = events
    .filter((e) => changeConcerns(scope.userId, e, myRecordIds))
    .map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      /** The tender page the record is on (tenders, lots, milestones), when there is one. */
      tenderId: ["tender", "lot", "milestone"].includes(e.entityType) ? parentOf(e.entityType, e.entityId, e.after) : null,
      before: e.before,
      after: e.after,
      actor: e.actorId ? (actors.get(e.actorId) ?? "?") : null,
    }));

  return {
    today,
    ...(await discussionsFor(prisma, scope)),
    lotDecisions,
    scoring,
    milestones,
    reviews: reviews.map((r) => ({ id: r.id, templateId: r.templateId, title: r.title, number: r.number, network: r.network, submittedAt: r.submittedAt })),
    changes,
  };
}

export type NeedsMe = Awaited<ReturnType<typeof needsMe>>;

/**
 * The platform home's summary (issue 18, point 1): per workspace the user belongs to, how many
 * things wait for them there. Archived workspaces count nothing (nothing can be done there).
 */
export async function attentionAcrossWorkspaces(prisma: Db, userId: string, today: string = todayInNetherlands()) {
  const memberships = await prisma.membership.findMany({ where: { userId, workspace: { archivedAt: null } }, select: { workspace: { select: { slug: true } } } });
  const summaries = [];
  for (const { workspace } of memberships) {
    const home = await needsMe(prisma, await resolveScope(prisma, userId, workspace.slug), today);
    summaries.push({
      slug: workspace.slug,
      mentions: home.mentions.length,
      lotDecisions: home.lotDecisions.length,
      scoring: home.scoring.length,
      overdue: home.milestones.filter((m) => m.overdue).length,
      upcoming: home.milestones.filter((m) => !m.overdue).length,
    });
  }
  return summaries;
}

/**
 * Unread mentions of the user in this workspace, and the open threads they take part in (issue
 * 21, point 6): what of the work between meetings waits for them. At most 10 of each.
 */
async function discussionsFor(prisma: Db, scope: Scope) {
  const mentions = await prisma.$queryRawUnsafe<Array<{ id: string; actor: string | null; params: Record<string, unknown>; createdAt: Date }>>(
    `SELECT n.id, a.name AS actor, n.params, n.created_at AS "createdAt" FROM notification n LEFT JOIN app_user a ON a.id = n.actor_id
     WHERE n.user_id = $1::uuid AND n.workspace_id = $2::uuid AND n.kind = 'mention' AND n.read_at IS NULL
     ORDER BY n.created_at DESC LIMIT 10`,
    scope.userId,
    scope.workspaceId,
  );
  const threads = await prisma.$queryRawUnsafe<Array<{ id: string; subjectType: CommentSubject; subjectId: string; lastActivityAt: Date }>>(
    `SELECT t.id, t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.last_activity_at AS "lastActivityAt" FROM comment_thread t
     WHERE t.workspace_id = $2::uuid AND t.resolved_at IS NULL
       AND EXISTS (SELECT 1 FROM comment c WHERE c.thread_id = t.id AND c.author_id = $1::uuid)
     ORDER BY t.last_activity_at DESC LIMIT 10`,
    scope.userId,
    scope.workspaceId,
  );
  const openThreads = [];
  for (const thread of threads) {
    const subject = await findCommentSubject(prisma, scope, thread.subjectType, thread.subjectId).catch(() => null);
    if (subject) openThreads.push({ id: thread.id, title: subject.title, path: threadLink(subject, thread.id), lastActivityAt: thread.lastActivityAt });
  }
  return {
    mentions: mentions.map((m) => ({ id: m.id, actor: m.actor, subject: typeof m.params.title === "string" ? m.params.title : "", excerpt: typeof m.params.excerpt === "string" ? m.params.excerpt : "", createdAt: m.createdAt })),
    openThreads,
  };
}
