import { lotSchema, MILESTONE_STATUSES, MILESTONE_TYPES, pickFields, TENDER_STATUSES } from "@regiotafel/domain";
import { z } from "zod";
import { fromDate } from "./common";

// A removed lot as its removal's audit event keeps it: everything undo needs to bring it back
// exactly (its id, fields, every municipality's choice, its milestones, the market figures tied
// to it), and what the history lists as removed.

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable();

const snapshotSchema = z.object({
  title: z.string(),
  tenderId: z.uuid(),
  // The lot's own fields as its contract has them (a snapshot from before a field existed reads it as its default).
  lot: lotSchema.safeExtend({ status: z.enum(TENDER_STATUSES), version: z.number().int(), sortOrder: z.number().int() }),
  participations: z.array(
    z.object({ municipalityId: z.uuid(), name: z.string(), participating: z.boolean(), updatedById: z.uuid().nullable(), updatedAt: z.iso.datetime() }),
  ),
  milestones: z.array(
    z.object({
      id: z.uuid(),
      type: z.enum(MILESTONE_TYPES),
      title: z.string(),
      description: z.string(),
      dueDate: day,
      dateMet: day,
      status: z.enum(MILESTONE_STATUSES),
      version: z.number().int(),
    }),
  ),
  marketFigureIds: z.array(z.uuid()),
});

export type LotSnapshot = z.infer<typeof snapshotSchema>;

type LotFields = z.output<typeof lotSchema>;

interface RemovedLot extends LotFields {
  status: LotSnapshot["lot"]["status"];
  version: number;
  sortOrder: number;
  participations: { municipalityId: string; municipality: { name: string }; participating: boolean; updatedById: string | null; updatedAt: Date }[];
  milestones: { id: string; type: LotSnapshot["milestones"][number]["type"]; title: string; description: string; dueDate: Date | null; dateMet: Date | null; status: LotSnapshot["milestones"][number]["status"]; version: number }[];
  marketFigures: { id: string }[];
}

export function lotSnapshot(tenderId: string, lot: RemovedLot): LotSnapshot {
  return {
    title: lot.title,
    tenderId,
    lot: { ...pickFields(lotSchema, lot), status: lot.status, version: lot.version, sortOrder: lot.sortOrder },
    participations: lot.participations
      .map((p) => ({ municipalityId: p.municipalityId, name: p.municipality.name, participating: p.participating, updatedById: p.updatedById, updatedAt: p.updatedAt.toISOString() }))
      .sort((a, b) => a.name.localeCompare(b.name, "nl")),
    milestones: lot.milestones.map((m) => ({
      id: m.id,
      type: m.type,
      title: m.title,
      description: m.description,
      dueDate: fromDate(m.dueDate),
      dateMet: fromDate(m.dateMet),
      status: m.status,
      version: m.version,
    })),
    marketFigureIds: lot.marketFigures.map((f) => f.id),
  };
}

/** The snapshot in a removal's audit event, or null when it holds none (or not in this shape). */
export function readLotSnapshot(before: unknown): LotSnapshot | null {
  const parsed = snapshotSchema.safeParse(before);
  return parsed.success ? parsed.data : null;
}

/** What a removal took with it, as the answer and the history show it. */
export function removedLotSummary(snapshot: LotSnapshot) {
  return {
    choices: snapshot.participations.map((p) => ({ name: p.name, participating: p.participating })),
    milestones: snapshot.milestones.map((m) => m.title),
  };
}
