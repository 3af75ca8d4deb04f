import { assertPermitted, marketTotals, notFound, permits, recordOperations as ops, type TenderOwnership } from "@regiotafel/domain";
import type { z } from "zod";
import type { marketFigureSchema } from "@regiotafel/domain";
import type { Db } from "../../client";
import type { Scope } from "../../scope";
import { change, stale } from "./common";

type FigureInput = z.infer<typeof marketFigureSchema>;
const tenderOwnership = { select: { ownerRegionId: true, procuringEntityId: true } } as const;

/** Market figures per lot for a year (default: the latest year with figures), with totals per domain. */
export async function marketAnalysis(prisma: Db, scope: Scope, year?: number) {
  const years = (await prisma.marketFigure.findMany({ where: { workspaceId: scope.workspaceId }, distinct: ["year"], select: { year: true }, orderBy: { year: "desc" } })).map((y) => y.year);
  const chosen = year ?? years[0] ?? null;
  const figures = chosen === null ? [] : await prisma.marketFigure.findMany({
    where: { workspaceId: scope.workspaceId, year: chosen },
    orderBy: [{ domain: "asc" }, { spend: "desc" }],
    include: { lot: { select: { id: true, title: true, tenderId: true, tender: tenderOwnership } } },
  });
  return {
    years,
    year: chosen,
    /** The member may add a figure here (one without a lot: the workspace's, kept by coordinators and admins). */
    canAdd: permits(ops.addMarketFigure, scope, null),
    figures: figures.map(({ workspaceId: _w, lot, ...f }) => ({
      ...f,
      lot: lot && { id: lot.id, title: lot.title, tenderId: lot.tenderId },
      canEdit: permits(ops.removeMarketFigure, scope, lot?.tender ?? null),
    })),
    totals: marketTotals(figures),
  };
}

/** The tender of the figure's lot (whose the figure is), or null for a free-standing figure; another workspace's lot is NOT_FOUND. */
async function lotTender(prisma: Db, scope: Scope, lotId: string | null): Promise<TenderOwnership | null> {
  if (!lotId) return null;
  const lot = await prisma.lot.findFirst({ where: { id: lotId, tender: { workspaceId: scope.workspaceId } }, select: { tender: tenderOwnership } });
  if (!lot) throw notFound();
  return lot.tender;
}

export async function addMarketFigure(prisma: Db, scope: Scope, input: FigureInput) {
  assertPermitted(ops.addMarketFigure, scope, await lotTender(prisma, scope, input.lotId));
  return change(prisma, scope, { action: "market.added", entityType: "market", after: { label: input.label, year: input.year, spend: input.spend } }, (tx) =>
    tx.marketFigure.create({ data: { workspaceId: scope.workspaceId, ...input }, select: { id: true, version: true } }),
  );
}

/** A figure of the workspace, with its lot's tender (whose it is: see canEditMarketFigure). */
async function figureOf(prisma: Db, scope: Scope, id: string) {
  const figure = await prisma.marketFigure.findFirst({ where: { id, workspaceId: scope.workspaceId }, include: { lot: { select: { tender: tenderOwnership } } } });
  if (!figure) throw notFound();
  return figure;
}

export async function updateMarketFigure(prisma: Db, scope: Scope, id: string, input: FigureInput, expectedVersion: number) {
  const figure = await figureOf(prisma, scope, id);
  assertPermitted(ops.updateMarketFigure, scope, { current: figure.lot?.tender ?? null, next: await lotTender(prisma, scope, input.lotId) });
  return change(prisma, scope, { action: "market.updated", entityType: "market", entityId: id, before: { label: figure.label, spend: figure.spend }, after: { label: input.label, spend: input.spend } }, async (tx) => {
    const { count } = await tx.marketFigure.updateMany({ where: { id, version: expectedVersion }, data: { ...input, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id, version: expectedVersion + 1 };
  });
}

export async function removeMarketFigure(prisma: Db, scope: Scope, id: string) {
  const figure = await figureOf(prisma, scope, id);
  assertPermitted(ops.removeMarketFigure, scope, figure.lot?.tender ?? null);
  return change(prisma, scope, { action: "market.removed", entityType: "market", entityId: id, before: { label: figure.label, year: figure.year } }, async (tx) => {
    await tx.marketFigure.delete({ where: { id } });
    return { id };
  });
}
