import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { OrganisationKind, Role } from "../roles";
import { ROLES } from "../roles";
import { isFinalStatus, lotsFollowingTender, nextStatuses, TENDER_STATUSES } from "./lifecycle";
import { canEditDocument } from "../documents";
import {
  bodyFitsDecision,
  canEditMarketFigure,
  canEditRegionRecord,
  canEditSegment,
  canEditTender,
  canPublishSource,
  lotRemoval,
  type RecordMember,
} from "./permissions";

// Regions and organisations as in the Limburg demo: Weert and Nederweert in West, Roermond in Oost.
const member = (role: Role, organisationId: string, regionId: string | null, organisationKind: OrganisationKind = "MUNICIPALITY"): RecordMember => ({
  role,
  organisationId,
  regionId,
  organisationKind,
});
const weertEditor = member("EDITOR", "weert", "west");
const nederweertEditor = member("EDITOR", "nederweert", "west");
const roermondEditor = member("EDITOR", "roermond", "oost");
const oostBodyEditor = member("EDITOR", "oost-body", "oost", "REGIONAL_BODY");
const oostCoordinator = member("COORDINATOR", "oost-body", "oost", "REGIONAL_BODY");
const westCoordinator = member("COORDINATOR", "west-body", "west", "REGIONAL_BODY");
const workspaceCoordinator = member("COORDINATOR", "beheer", null, "REGIONAL_BODY");
const admin = member("ADMIN", "beheer", null, "REGIONAL_BODY");

/** Roermond's own local Wmo tender, managed by Midden-Limburg Oost. */
const roermondWmo = { ownerRegionId: "oost", procuringEntityId: "roermond" };

describe("who changes a tender", () => {
  it("is the procuring municipality's editors, the managing region's body and coordinators, workspace coordinators and admins", () => {
    for (const m of [roermondEditor, oostBodyEditor, oostCoordinator, workspaceCoordinator, admin]) expect(canEditTender(m, roermondWmo)).toBe(true);
  });

  it("is never another municipality, in the same region or another, nor another region's coordinator", () => {
    expect(canEditTender(weertEditor, roermondWmo)).toBe(false);
    expect(canEditTender(member("EDITOR", "echt-susteren", "oost"), roermondWmo)).toBe(false);
    expect(canEditTender(westCoordinator, roermondWmo)).toBe(false);
    expect(canEditTender(member("VIEWER", "roermond", "oost"), roermondWmo)).toBe(false);
  });

  it("of the workspace as a whole (no managing region): its procuring entity and every coordinator", () => {
    const joint = { ownerRegionId: null, procuringEntityId: "roermond" };
    expect(canEditTender(westCoordinator, joint)).toBe(true);
    expect(canEditTender(roermondEditor, joint)).toBe(true);
    expect(canEditTender(weertEditor, joint)).toBe(false);
    expect(canEditTender(member("EDITOR", "west-body", "west", "REGIONAL_BODY"), joint)).toBe(false);
  });

  it("never a member who is neither the procuring entity, of the managing region, nor serving the whole workspace (property)", () => {
    const ids = fc.constantFrom("a", "b", "c");
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), ids, fc.option(ids, { nil: null }), fc.constantFrom<OrganisationKind>("MUNICIPALITY", "REGIONAL_BODY"), ids, fc.option(ids, { nil: null }), (role, org, region, kind, entity, owner) => {
        const m = member(role, org, region, kind);
        const servesAll = role === "ADMIN" || (role === "COORDINATOR" && (region === null || owner === null));
        const ofManagingRegion = owner !== null && region === owner && (role === "COORDINATOR" || kind === "REGIONAL_BODY");
        const outsider = org !== entity && !ofManagingRegion && !servesAll;
        if (outsider || role === "VIEWER") expect(canEditTender(m, { ownerRegionId: owner, procuringEntityId: entity })).toBe(false);
        else expect(canEditTender(m, { ownerRegionId: owner, procuringEntityId: entity })).toBe(true);
      }),
    );
  });
});

describe("removing a lot", () => {
  const tender = { ownerRegionId: "west", procuringEntityId: "weert" };
  it("is the owners' while no other municipality has chosen", () => {
    expect(lotRemoval(weertEditor, tender, { participations: [] })).toBe("ALLOWED");
    expect(lotRemoval(weertEditor, tender, { participations: [{ municipalityId: "weert" }] })).toBe("ALLOWED");
  });

  it("needs a coordinator of the tender once others have chosen, and is never another municipality's", () => {
    const chosen = { participations: [{ municipalityId: "nederweert" }] };
    expect(lotRemoval(weertEditor, tender, chosen)).toBe("OTHERS_CHOSE");
    expect(lotRemoval(westCoordinator, tender, chosen)).toBe("ALLOWED");
    expect(lotRemoval(nederweertEditor, tender, chosen)).toBe("NOT_OWNER");
    expect(lotRemoval(oostCoordinator, tender, chosen)).toBe("NOT_OWNER");
  });
});

describe("lots follow their tender into an end state", () => {
  const lots = [
    { id: "planned", status: "PLANNED" as const },
    { id: "running", status: "RUNNING" as const },
    { id: "cancelled", status: "CANCELLED" as const },
  ];
  it("withdrawing the tender withdraws every open lot; ending it ends them", () => {
    expect(lotsFollowingTender("CANCELLED", lots).map(({ lot, to }) => [lot.id, to])).toEqual([
      ["planned", "CANCELLED"],
      ["running", "CANCELLED"],
    ]);
    expect(lotsFollowingTender("ENDED", lots).map(({ lot, to }) => [lot.id, to])).toEqual([
      ["planned", "ENDED"],
      ["running", "ENDED"],
    ]);
  });

  it("other steps leave the lots where they are; after an end state no lot is still open (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TENDER_STATUSES), fc.array(fc.constantFrom(...TENDER_STATUSES), { maxLength: 6 }), (from, statuses) => {
        for (const to of nextStatuses(from)) {
          const following = lotsFollowingTender(to, statuses.map((status) => ({ status })));
          if (!isFinalStatus(to)) expect(following).toEqual([]);
          else expect(following.length).toBe(statuses.filter((s) => !isFinalStatus(s)).length);
        }
      }),
    );
  });
});

describe("other records", () => {
  it("a region's records: its coordinators, the workspace's coordinators and admins; the workspace's: every coordinator", () => {
    expect(canEditRegionRecord(westCoordinator, "west")).toBe(true);
    expect(canEditRegionRecord(workspaceCoordinator, "west")).toBe(true);
    expect(canEditRegionRecord(oostCoordinator, "west")).toBe(false);
    expect(canEditRegionRecord(oostCoordinator, null)).toBe(true);
    expect(canEditRegionRecord(weertEditor, null)).toBe(false);
  });

  it("a market figure of a lot is its tender's; one without a lot the coordinators'", () => {
    expect(canEditMarketFigure(roermondEditor, roermondWmo)).toBe(true);
    expect(canEditMarketFigure(weertEditor, roermondWmo)).toBe(false);
    expect(canEditMarketFigure(weertEditor, null)).toBe(false);
    expect(canEditMarketFigure(westCoordinator, null)).toBe(true);
  });

  it("a segment is kept by its lead region, else by its regions; another region reads it", () => {
    expect(canEditSegment(oostCoordinator, { leadRegionId: "noord", regionIds: ["noord", "oost", "west"] })).toBe(false);
    expect(canEditSegment(member("COORDINATOR", "noord-body", "noord", "REGIONAL_BODY"), { leadRegionId: "noord", regionIds: [] })).toBe(true);
    expect(canEditSegment(oostCoordinator, { leadRegionId: null, regionIds: ["noord", "oost"] })).toBe(true);
    expect(canEditSegment(westCoordinator, { leadRegionId: null, regionIds: ["noord", "oost"] })).toBe(false);
    expect(canEditSegment(westCoordinator, { leadRegionId: null, regionIds: [] })).toBe(true);
    expect(canEditSegment(admin, { leadRegionId: "noord", regionIds: [] })).toBe(true);
    expect(canEditSegment(roermondEditor, { leadRegionId: null, regionIds: [] })).toBe(false);
  });

  it("a decision is attributed only to a body of its own region", () => {
    expect(bodyFitsDecision("west", "west")).toBe(true);
    expect(bodyFitsDecision(null, null)).toBe(true);
    expect(bodyFitsDecision("west", "noord")).toBe(false);
    expect(bodyFitsDecision("west", null)).toBe(false);
  });

  it("a region's document is changed by that region's members, never by another region's", () => {
    const westFree = { editRole: "EDITOR" as const, ownerRegionId: "west" };
    expect(canEditDocument(weertEditor, westFree)).toBe(true);
    expect(canEditDocument(roermondEditor, westFree)).toBe(false);
    expect(canEditDocument(workspaceCoordinator, westFree)).toBe(true);
    expect(canEditDocument(roermondEditor, { editRole: "EDITOR", ownerRegionId: null })).toBe(true);
  });
});

describe("publishing to the library", () => {
  it("only what the member may change: their own tender, their region's document; a matrix only as coordinator", () => {
    expect(canPublishSource(roermondEditor, { type: "tender", owner: roermondWmo })).toBe(true);
    expect(canPublishSource(weertEditor, { type: "tender", owner: roermondWmo })).toBe(false);
    expect(canPublishSource(weertEditor, { type: "document", rights: { editRole: "COORDINATOR", ownerRegionId: "west" } })).toBe(false);
    expect(canPublishSource(weertEditor, { type: "document", rights: { editRole: "EDITOR", ownerRegionId: null } })).toBe(true);
    expect(canPublishSource(weertEditor, { type: "assessment" })).toBe(false);
    expect(canPublishSource(westCoordinator, { type: "assessment" })).toBe(true);
    expect(canPublishSource(weertEditor, { type: "none" })).toBe(true);
    expect(canPublishSource(member("VIEWER", "weert", "west"), { type: "none" })).toBe(false);
  });
});
