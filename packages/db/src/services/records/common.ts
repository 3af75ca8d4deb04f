import { DomainError, notFound, type MilestoneStatus, type MilestoneType } from "@regiotafel/domain";
import type { Db, Tx } from "../../client";
import type { Scope } from "../../scope";
import { publishRecordChange } from "../../events";
import { recordAudit, type AuditInput } from "../audit";
import { refusingLostRaces } from "../races";

export type { Tx };


/** A stale version: someone else saved first. Nothing was written. */
export const stale = () => new DomainError("CONFLICT", "conflict.stale");

/**
 * Runs a change in a transaction, records it in the audit log, and tells live viewers once
 * it is committed. A change that lost a race with another request is NOT_FOUND or CONFLICT.
 */
export async function change<R extends { id: string }>(
  prisma: Db,
  scope: Scope,
  audit: Omit<AuditInput, "entityId" | "before" | "after"> & {
    entityId?: string;
    parentId?: string;
    /**
     * The state before and after, or functions of the work's result when the work itself reads
     * them (under its locks). With a function, type the work's `tx: Tx` so that TypeScript
     * infers the result's type from the work.
     */
    before?: AuditInput["before"] | ((value: NoInfer<R>) => AuditInput["before"]);
    after?: AuditInput["after"] | ((value: NoInfer<R>) => AuditInput["after"]);
  },
  work: (tx: Tx) => Promise<R>,
): Promise<R> {
  const result = await refusingLostRaces(() =>
    prisma.$transaction(async (tx) => {
      const value = await work(tx);
      const before = typeof audit.before === "function" ? audit.before(value) : audit.before;
      const after = typeof audit.after === "function" ? audit.after(value) : audit.after;
      await recordAudit(tx, scope, { ...audit, before, after, entityId: audit.entityId ?? value.id });
      return value;
    }),
  );
  publishRecordChange({
    workspaceId: scope.workspaceId,
    entityType: audit.entityType,
    entityId: audit.entityId ?? result.id,
    parentId: audit.parentId,
    action: audit.action,
    actorId: scope.userId,
  });
  return result;
}

/** Region ids of the workspace; an id outside it is NOT_FOUND. */
export async function assertRegionInWorkspace(prisma: Db | Tx, scope: Scope, regionId: string | null): Promise<void> {
  if (regionId === null) return;
  const link = await prisma.workspaceRegion.findUnique({ where: { workspaceId_regionId: { workspaceId: scope.workspaceId, regionId } } });
  if (!link) throw notFound();
}

/** Organisations (municipalities and regional bodies) of the workspace's regions; others are NOT_FOUND. */
export async function assertOrganisationsInWorkspace(prisma: Db | Tx, scope: Scope, ids: string[], kind?: "MUNICIPALITY"): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await prisma.organisation.count({
    where: { id: { in: unique }, ...(kind ? { kind } : {}), region: { workspaces: { some: { workspaceId: scope.workspaceId } } } },
  });
  if (found !== unique.length) throw notFound();
}

export const toDate = (iso: string | null | undefined) => (iso ? new Date(`${iso}T00:00:00.000Z`) : null);
export const fromDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** A milestone as the pages and the OCDS export show it (dates as yyyy-mm-dd). */
export function presentMilestone(m: {
  id: string;
  lotId: string | null;
  type: MilestoneType;
  title: string;
  description: string;
  dueDate: Date | null;
  dateMet: Date | null;
  status: MilestoneStatus;
  version: number;
}) {
  return { id: m.id, lotId: m.lotId, type: m.type, title: m.title, description: m.description, dueDate: fromDate(m.dueDate), dateMet: fromDate(m.dateMet), status: m.status, version: m.version };
}
