import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changeConcerns, daysUntil, lotDecisionOpen, milestoneAttention, scoringWaiting, tenderConcerns } from "./needs-me";
import { isFinalStatus, TENDER_STATUSES } from "./procurement/lifecycle";

const weert = { organisationId: "weert", organisationKind: "MUNICIPALITY" as const, regionId: "mlw" };
const tender = { procuringEntityId: "venlo", ownerRegionId: "mlw", participantIds: [], optedInIds: [], status: "PUBLISHED" as const };

describe("tenderConcerns", () => {
  it("holds for the procuring entity, a buyer, an opted-in municipality and the managing region only", () => {
    const other = { ...tender, ownerRegionId: "noord" };
    expect(tenderConcerns(weert, other)).toBe(false);
    expect(tenderConcerns(weert, { ...other, procuringEntityId: "weert" })).toBe(true);
    expect(tenderConcerns(weert, { ...other, participantIds: ["weert"] })).toBe(true);
    expect(tenderConcerns(weert, { ...other, optedInIds: ["weert"] })).toBe(true);
    expect(tenderConcerns(weert, tender)).toBe(true);
    // A workspace body (no region) is not the manager of a region's tender by region alone.
    expect(tenderConcerns({ organisationId: "body", regionId: null }, { ...other, ownerRegionId: null })).toBe(false);
  });
});

describe("lotDecisionOpen", () => {
  it("is open exactly when a municipality has not chosen and neither tender nor lot is closed", () => {
    const status = fc.constantFrom(...TENDER_STATUSES);
    fc.assert(
      fc.property(status, status, fc.constantFrom(null, true, false), fc.constantFrom("MUNICIPALITY", "REGIONAL_BODY", "NATIONAL_NETWORK", "OTHER") , (t, l, myChoice, kind) => {
        const open = lotDecisionOpen({ ...weert, organisationKind: kind }, { ...tender, status: t }, { status: l, myChoice });
        expect(open).toBe(kind === "MUNICIPALITY" && !isFinalStatus(t) && !isFinalStatus(l) && myChoice === null);
      }),
    );
  });

  it("covers tenders of the workspace as a whole and of my region, not another region's", () => {
    const lot = { status: "PLANNED" as const, myChoice: null };
    expect(lotDecisionOpen(weert, { ...tender, ownerRegionId: null }, lot)).toBe(true);
    expect(lotDecisionOpen(weert, { ...tender, ownerRegionId: "noord" }, lot)).toBe(false);
    expect(lotDecisionOpen(weert, { ...tender, ownerRegionId: "noord", participantIds: ["weert"] }, lot)).toBe(true);
  });
});

describe("scoringWaiting", () => {
  it("waits while an open round with a seat has fewer of my scores than cells", () => {
    fc.assert(
      fc.property(fc.constantFrom("OPEN" as const, "LOCKED" as const), fc.boolean(), fc.nat(6), fc.nat(8), fc.nat(60), (status, hasSeat, scenarios, criteria, myScores) => {
        const waiting = scoringWaiting({ status, hasSeat, scenarios, criteria, myScores });
        expect(waiting).toBe(status === "OPEN" && hasSeat && myScores < scenarios * criteria);
      }),
    );
  });
});

describe("milestoneAttention", () => {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const day = fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map(iso);

  it("flags scheduled milestones that are overdue or due within 21 days, nothing else", () => {
    fc.assert(
      fc.property(day, day, fc.constantFrom("SCHEDULED" as const, "MET" as const, "NOT_MET" as const, "PARTIALLY_MET" as const), (due, today, status) => {
        const verdict = milestoneAttention({ status, dueDate: due, dateMet: null }, today);
        const days = daysUntil(due, today);
        if (status !== "SCHEDULED") expect(verdict).toBeNull();
        else expect(verdict).toBe(days < 0 ? "overdue" : days <= 21 ? "soon" : null);
      }),
    );
  });

  it("counts days across month ends and leap days; a met or undated milestone never needs attention", () => {
    expect(daysUntil("2024-03-01", "2024-02-28")).toBe(2);
    expect(milestoneAttention({ status: "SCHEDULED", dueDate: "2026-12-28", dateMet: null }, "2026-12-07")).toBe("soon");
    expect(milestoneAttention({ status: "SCHEDULED", dueDate: "2026-12-29", dateMet: null }, "2026-12-07")).toBeNull();
    expect(milestoneAttention({ status: "SCHEDULED", dueDate: "2026-12-06", dateMet: null }, "2026-12-07")).toBe("overdue");
    expect(milestoneAttention({ status: "SCHEDULED", dueDate: "2026-12-06", dateMet: "2026-12-05" }, "2026-12-07")).toBeNull();
    expect(milestoneAttention({ status: "SCHEDULED", dueDate: null, dateMet: null }, "2026-12-07")).toBeNull();
  });
});

describe("changeConcerns", () => {
  it("is a change by someone else on one of my records", () => {
    const mine = new Set(["t1"]);
    fc.assert(
      fc.property(fc.constantFrom("me", "other", null), fc.constantFrom("t1", "t2"), (actorId, entityId) => {
        expect(changeConcerns("me", { actorId, entityId }, mine)).toBe(actorId !== "me" && entityId === "t1");
      }),
    );
  });
});
