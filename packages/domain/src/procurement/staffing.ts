import type { Employment } from "./vocabulary";

export interface StaffingLineFigures {
  fteCurrent: number;
  /** null: PM, the minimum is still to be decided. */
  fteMinimum: number | null;
  employment: Employment;
}

export interface StaffingTotals {
  current: number;
  /** Sum of the minimums that are known. */
  minimum: number;
  /** Shortfall: for each function with a known minimum, what is missing (never negative). */
  gap: number;
  /** Functions whose minimum is still PM. */
  undecided: number;
  employed: number;
  hired: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Sums a unit's staffing and its gap to the minimum needed (fte, two decimals). */
export function staffingTotals(lines: readonly StaffingLineFigures[]): StaffingTotals {
  let current = 0;
  let minimum = 0;
  let gap = 0;
  let undecided = 0;
  let employed = 0;
  let hired = 0;
  for (const line of lines) {
    current += line.fteCurrent;
    if (line.employment === "HIRED") hired += line.fteCurrent;
    else employed += line.fteCurrent;
    if (line.fteMinimum === null) {
      undecided++;
      continue;
    }
    minimum += line.fteMinimum;
    gap += Math.max(0, line.fteMinimum - line.fteCurrent);
  }
  return { current: round2(current), minimum: round2(minimum), gap: round2(gap), undecided, employed: round2(employed), hired: round2(hired) };
}

export interface StaffingUnit {
  kind: "region" | "municipality";
  id: string;
  name: string;
  regionName: string;
}

/** One row per region and municipality: the comparison table and chart. */
export function compareStaffing<L extends StaffingLineFigures & { regionId: string | null; municipalityId: string | null }>(
  units: readonly StaffingUnit[],
  lines: readonly L[],
) {
  // Group once: a municipality's lines by its id, a region's own lines by the region's id.
  const byUnit = new Map<string, L[]>();
  for (const line of lines) {
    const key = line.municipalityId ?? `region:${line.regionId}`;
    const list = byUnit.get(key);
    if (list) list.push(line);
    else byUnit.set(key, [line]);
  }
  return units.map((unit) => {
    const own = byUnit.get(unit.kind === "region" ? `region:${unit.id}` : unit.id) ?? [];
    return { ...unit, functions: own.length, ...staffingTotals(own) };
  });
}
