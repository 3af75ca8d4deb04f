import { canEditSharedRecord, marketTotals, notFound } from "@regiotafel/domain";
import type { z } from "zod";
import type { marketFigureSchema } from "@regiotafel/domain";
import type { Db } from "../../client";
import type { Scope } from "../../scope";
import { assertAllowed, change, stale } from "./common";

type FigureInput = z.infer<typeof marketFigureSchema>;
const EDITORS = "bewerkers, coördinatoren en beheerders";

/** Market figures per lot for a year (default: the latest year with figures), with totals per domain. */
export async function marketAnalysis(prisma: Db, scope: Scope, year?: number) {
  const years = (await prisma.marketFigure.findMany({ where: { workspaceId: scope.workspaceId }, distinct: ["year"], select: { year: true }, orderBy: { year: "desc" } })).map((y) => y.year);
  const chosen = year ?? years[0] ?? null;
  const figures = chosen === null ? [] : await prisma.marketFigure.findMany({
    where: { workspaceId: scope.workspaceId, year: chosen },
    orderBy: [{ domain: "asc" }, { spend: "desc" }],
    include: { lot: { select: { id: true, title: true, tenderId: true } } },
  });
  return {
    years,
    year: chosen,
    canEdit: canEditSharedRecord(scope),
    figures: figures.map(({ workspaceId: _w, lot, ...f }) => ({ ...f, lot })),
    totals: marketTotals(figures),
  };
}

async function assertLot(prisma: Db, scope: Scope, lotId: string | null) {
  if (lotId && !(await prisma.lot.findFirst({ where: { id: lotId, tender: { workspaceId: scope.workspaceId } } }))) throw notFound();
}

export async function addMarketFigure(prisma: Db, scope: Scope, input: FigureInput) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  await assertLot(prisma, scope, input.lotId);
  return change(prisma, scope, { action: "market.added", entityType: "market", after: { label: input.label, year: input.year, spend: input.spend } }, (tx) =>
    tx.marketFigure.create({ data: { workspaceId: scope.workspaceId, ...input }, select: { id: true, version: true } }),
  );
}

export async function updateMarketFigure(prisma: Db, scope: Scope, id: string, input: FigureInput, expectedVersion: number) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const figure = await prisma.marketFigure.findFirst({ where: { id, workspaceId: scope.workspaceId } });
  if (!figure) throw notFound();
  await assertLot(prisma, scope, input.lotId);
  return change(prisma, scope, { action: "market.updated", entityType: "market", entityId: id, before: { label: figure.label, spend: figure.spend }, after: { label: input.label, spend: input.spend } }, async (tx) => {
    const { count } = await tx.marketFigure.updateMany({ where: { id, version: expectedVersion }, data: { ...input, version: { increment: 1 } } });
    if (count === 0) throw stale();
    return { id, version: expectedVersion + 1 };
  });
}

export async function removeMarketFigure(prisma: Db, scope: Scope, id: string) {
  assertAllowed(canEditSharedRecord(scope), EDITORS);
  const figure = await prisma.marketFigure.findFirst({ where: { id, workspaceId: scope.workspaceId } });
  if (!figure) throw notFound();
  return change(prisma, scope, { action: "market.removed", entityType: "market", entityId: id, before: { label: figure.label, year: figure.year } }, async (tx) => {
    await tx.marketFigure.delete({ where: { id } });
    return { id };
  });
}
