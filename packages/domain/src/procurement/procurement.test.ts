import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  assertTransition,
  canEditMunicipalityRecord,
  canEditRegionRecord,
  canEditStaffingLine,
  canTransition,
  compareStaffing,
  lotSchema,
  marketTotals,
  nextStatuses,
  staffingTotals,
  TENDER_STATUSES,
  topShare,
} from "./index";

describe("tender lifecycle", () => {
  it("follows planned → … → running → extended/ended", () => {
    const path = ["PLANNED", "MARKET_CONSULTATION", "PUBLISHED", "QUESTIONS", "BIDS_DUE", "PROVISIONAL_AWARD", "FINAL_AWARD", "IMPLEMENTATION", "RUNNING", "EXTENDED", "ENDED"] as const;
    for (let i = 0; i + 1 < path.length; i++) expect(canTransition(path[i]!, path[i + 1]!), `${path[i]} → ${path[i + 1]}`).toBe(true);
  });

  it("allows skipping the market consultation and the Q&A round", () => {
    expect(canTransition("PLANNED", "PUBLISHED")).toBe(true);
    expect(canTransition("PUBLISHED", "BIDS_DUE")).toBe(true);
    expect(canTransition("RUNNING", "ENDED")).toBe(true);
  });

  it("refuses going back, skipping an award, and leaving a final status", () => {
    expect(canTransition("PUBLISHED", "PLANNED")).toBe(false);
    expect(canTransition("BIDS_DUE", "FINAL_AWARD")).toBe(false);
    expect(canTransition("PLANNED", "RUNNING")).toBe(false);
    expect(nextStatuses("ENDED")).toEqual([]);
    expect(nextStatuses("CANCELLED")).toEqual([]);
    expect(canTransition("PLANNED", "PLANNED")).toBe(false);
  });

  it("allows cancelling up to the final award, not once the contract runs", () => {
    for (const s of ["PLANNED", "PUBLISHED", "BIDS_DUE", "FINAL_AWARD"] as const) expect(canTransition(s, "CANCELLED")).toBe(true);
    for (const s of ["IMPLEMENTATION", "RUNNING", "EXTENDED", "ENDED"] as const) expect(canTransition(s, "CANCELLED")).toBe(false);
  });

  it("every status has its transitions defined, and a refusal names both statuses in Dutch", () => {
    for (const s of TENDER_STATUSES) expect(Array.isArray(nextStatuses(s))).toBe(true);
    try {
      assertTransition("PUBLISHED", "PLANNED");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).params).toEqual({ from: "gepubliceerd", to: "gepland" });
    }
  });
});

describe("staffing", () => {
  // Midden-Limburg West, seed 001 §4.1 (PM = to be decided).
  const west = [
    { function: "Inkoopadviseur", fteCurrent: 0.56, fteMinimum: null, employment: "EMPLOYED" as const },
    { function: "Tactisch inkoop", fteCurrent: 0.46, fteMinimum: 0.46, employment: "EMPLOYED" as const },
    { function: "Aanbestedingsjurist", fteCurrent: 0, fteMinimum: null, employment: "EMPLOYED" as const },
    { function: "Contractmanager/Relatiemanager", fteCurrent: 2, fteMinimum: 3, employment: "EMPLOYED" as const },
    { function: "Administratieve ondersteuning", fteCurrent: 0, fteMinimum: 0.5, employment: "EMPLOYED" as const },
  ];

  it("sums West's staffing and its gap of 1.5 fte with two functions still PM", () => {
    expect(staffingTotals(west)).toEqual({ current: 3.02, minimum: 3.96, gap: 1.5, undecided: 2, employed: 3.02, hired: 0 });
  });

  it("never lets a surplus in one function hide a shortfall in another", () => {
    const t = staffingTotals([
      { fteCurrent: 3, fteMinimum: 1, employment: "HIRED" },
      { fteCurrent: 0, fteMinimum: 1, employment: "EMPLOYED" },
    ]);
    expect(t.gap).toBe(1);
    expect(t.hired).toBe(3);
  });

  it("compares regions and municipalities from their own lines only", () => {
    const lines = [
      ...west.map((l) => ({ ...l, regionId: "west", municipalityId: null })),
      { fteCurrent: 1, fteMinimum: 2, employment: "EMPLOYED" as const, regionId: "west", municipalityId: "weert" },
    ];
    const rows = compareStaffing(
      [
        { kind: "region", id: "west", name: "Midden-Limburg West", regionName: "Midden-Limburg West" },
        { kind: "municipality", id: "weert", name: "Weert", regionName: "Midden-Limburg West" },
      ],
      lines,
    );
    expect(rows.map((r) => [r.name, r.current, r.gap, r.functions])).toEqual([
      ["Midden-Limburg West", 3.02, 1.5, 5],
      ["Weert", 1, 1, 1],
    ]);
  });
});

describe("market analysis", () => {
  it("computes the share of the largest providers", () => {
    expect(topShare([50, 30, 10, 5, 5], 3)).toBe(90);
    expect(topShare([1, 1, 1, 1], 3)).toBe(75);
    expect(topShare([10, 20], 3)).toBeNull();
    expect(topShare([], 3)).toBeNull();
  });

  it("totals Rivierenland 2019 per domain", () => {
    const t = marketTotals([
      { domain: "WMO", spend: 8_802_420, providers: 130, clients: 1656 },
      { domain: "WMO", spend: 4_038_870, providers: 83, clients: 775 },
      { domain: "JEUGD", spend: 16_511_447, providers: 115, clients: 5686 },
    ]);
    expect(t).toEqual([
      { domain: "WMO", spend: 12_841_290, clients: 2431, lots: 2 },
      { domain: "JEUGD", spend: 16_511_447, clients: 5686, lots: 1 },
    ]);
  });
});

describe("record permissions", () => {
  const weertEditor = { role: "EDITOR" as const, regionId: "west", organisationId: "weert", organisationKind: "MUNICIPALITY" as const };
  const westCoordinator = { role: "COORDINATOR" as const, regionId: "west", organisationId: "west-body", organisationKind: "REGIONAL_BODY" as const };

  it("lets a municipality change only its own records", () => {
    expect(canEditMunicipalityRecord(weertEditor, "weert")).toBe(true);
    expect(canEditMunicipalityRecord(weertEditor, "nederweert")).toBe(false);
    expect(canEditMunicipalityRecord({ ...weertEditor, role: "VIEWER" }, "weert")).toBe(false);
    expect(canEditStaffingLine(weertEditor, { regionId: "west", municipalityId: "weert" })).toBe(true);
    expect(canEditStaffingLine(weertEditor, { regionId: "west", municipalityId: null })).toBe(false);
  });

  it("lets coordinators change their own region's records and workspace-wide ones", () => {
    expect(canEditRegionRecord(westCoordinator, "west")).toBe(true);
    expect(canEditRegionRecord(westCoordinator, "noord")).toBe(false);
    expect(canEditRegionRecord(westCoordinator, null)).toBe(true);
    expect(canEditRegionRecord(weertEditor, "west")).toBe(false);
  });
});

describe("lot input", () => {
  it("refuses a provider range whose maximum is below its minimum", () => {
    const r = lotSchema.safeParse({ title: "S1a", regionalProvidersMin: 20, regionalProvidersMax: 10 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["regionalProvidersMax"], message: "range.invalid" });
    expect(lotSchema.parse({ title: "S1b", regionalProvidersMin: 10, regionalProvidersMax: 15 }).localProvidersMin).toBeNull();
  });
});
