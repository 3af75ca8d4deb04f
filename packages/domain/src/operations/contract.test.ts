import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorMessages } from "../messages";
import { ORGANISATION_KINDS, ROLES } from "../roles";
import type { RecordMember } from "../procurement/permissions";
import { DomainError } from "../errors";
import { assertPermitted, permits, refusalOf, type Operation } from "./contract";
import * as recordOperations from "./records";
import * as tenderOperations from "./tenders";
import * as workspaceOperations from "./workspace";
import * as assessmentOperations from "./assessments";
import * as documentOperations from "./documents";
import * as libraryOperations from "./library";
import * as accountOperations from "./account";
import * as invitationOperations from "./invitations";
import * as notificationPreferenceOperations from "./notification-preferences";
import { DOCUMENT_KINDS } from "../documents";
import { TEMPLATE_KINDS } from "../library/templates";

const operations = [
  ...Object.values(tenderOperations),
  ...Object.values(recordOperations),
  ...Object.values(workspaceOperations),
  ...Object.values(assessmentOperations),
  ...Object.values(documentOperations),
  ...Object.values(libraryOperations),
  ...Object.values(accountOperations),
  ...Object.values(invitationOperations),
  ...Object.values(notificationPreferenceOperations),
  // The modules also export helpers (creatableDocumentKinds, templateUseNeeds): only contracts count.
].filter((value) => typeof value === "object" && "refusals" in value) as Operation<never, unknown>[];
const ids = ["a", "b", "c"];
const member = fc.record({
  role: fc.constantFrom(...ROLES),
  regionId: fc.constantFrom(null, ...ids),
  organisationId: fc.constantFrom(...ids),
  organisationKind: fc.constantFrom(...ORGANISATION_KINDS),
}) as fc.Arbitrary<RecordMember>;
const tender = fc.record({ ownerRegionId: fc.constantFrom(null, ...ids), procuringEntityId: fc.constantFrom(...ids) });
const segment = fc.record({ leadRegionId: fc.constantFrom(null, ...ids), regionIds: fc.subarray(ids) });
const lotTender = fc.option(tender, { nil: null });
/**
 * Any target any of these operations takes: a tender or a pair, a lot with choices, a
 * municipality or region id (or none), a segment or a pair, a figure's lot tender or a pair, a staffing line.
 */
const target = fc.oneof(
  tender,
  fc.record({ current: tender, next: tender }),
  fc.record({ tender, lot: fc.record({ participations: fc.array(fc.record({ municipalityId: fc.constantFrom(...ids) }), { maxLength: 3 }) }) }),
  fc.constantFrom(null, ...ids),
  segment,
  fc.record({ current: segment, next: segment }),
  fc.record({ current: lotTender, next: lotTender }),
  fc.record({ regionId: fc.constantFrom(null, ...ids), municipalityId: fc.constantFrom(null, ...ids) }),
  fc.boolean(),
  fc.record({ editRole: fc.constantFrom(...ROLES), ownerRegionId: fc.constantFrom(null, ...ids) }),
  fc.record({ kind: fc.constantFrom(...DOCUMENT_KINDS), ownerRegionId: fc.constantFrom(null, ...ids) }),
  fc.constantFrom(...TEMPLATE_KINDS),
  fc.oneof(
    fc.constant({ type: "none" as const }),
    fc.constant({ type: "assessment" as const }),
    fc.record({ type: fc.constant("document" as const), rights: fc.record({ editRole: fc.constantFrom(...ROLES), ownerRegionId: fc.constantFrom(null, ...ids) }) }),
    fc.record({ type: fc.constant("tender" as const), owner: tender }),
  ),
  fc.record({ moderator: fc.boolean(), author: fc.boolean() }),
);

describe("operation contracts", () => {
  it("have unique names", () => {
    const names = operations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("name every refusal in every language", () => {
    for (const operation of operations) {
      for (const key of operation.refusals) {
        expect(errorMessages.nl?.[key], `${operation.name}: ${key} (nl)`).toBeTruthy();
        expect(errorMessages.en?.[key], `${operation.name}: ${key} (en)`).toBeTruthy();
      }
    }
  });

  it("refuse only with the keys they declare, and members below the role always", () => {
    for (const operation of operations.filter((o) => o.rule)) {
      fc.assert(
        fc.property(member, target, (m, t) => {
          let refusal: string | null;
          try {
            refusal = refusalOf(operation, m, t as never);
          } catch {
            return; // a target of another shape than this operation's
          }
          if (operation.role !== null && ROLES.indexOf(m.role) < ROLES.indexOf(operation.role)) expect(refusal).toBe("forbidden");
          else if (refusal !== null) expect(operation.refusals).toContain(refusal);
          expect(permits(operation, m, t as never)).toBe(refusal === null);
        }),
        { numRuns: 300 },
      );
    }
  });

  it("guard a service with the rule's refusal and the form field it belongs to", () => {
    const weertEditor: RecordMember = { role: "EDITOR", regionId: "west", organisationId: "weert", organisationKind: "MUNICIPALITY" };
    const roermonds = { ownerRegionId: "oost", procuringEntityId: "roermond" };
    expect(() => assertPermitted(tenderOperations.updateLot, weertEditor, roermonds)).toThrow(DomainError);
    let refused: unknown = null;
    try {
      assertPermitted(tenderOperations.createTender, weertEditor, roermonds, "procuringEntityId");
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: "FORBIDDEN", messageKey: "tender.ownOnly", field: "procuringEntityId" });
    expect(() => assertPermitted(tenderOperations.updateLot, weertEditor, { ownerRegionId: "west", procuringEntityId: "weert" })).not.toThrow();
  });

  it("let a municipality state only its own participation", () => {
    const weertEditor: RecordMember = { role: "EDITOR", regionId: "west", organisationId: "weert", organisationKind: "MUNICIPALITY" };
    expect(permits(tenderOperations.setLotParticipation, weertEditor, "weert")).toBe(true);
    expect(refusalOf(tenderOperations.setLotParticipation, weertEditor, "nederweert")).toBe("record.ownMunicipality");
    expect(refusalOf(tenderOperations.setLotParticipation, { ...weertEditor, role: "VIEWER" }, "weert")).toBe("forbidden");
  });

  it("offer each member exactly the document kinds the create rule lets them create", () => {
    const west = (role: RecordMember["role"], regionId: string | null = "west"): RecordMember => ({ role, regionId, organisationId: "o", organisationKind: "MUNICIPALITY" });
    expect(documentOperations.creatableDocumentKinds(west("VIEWER"))).toEqual([]);
    expect(documentOperations.creatableDocumentKinds(west("EDITOR"))).toEqual(["FREE"]);
    expect(documentOperations.creatableDocumentKinds(west("COORDINATOR"))).toEqual([...DOCUMENT_KINDS]);
    // Another region's governance text: the kind is allowed, the region is not (said next to the region).
    expect(refusalOf(documentOperations.createDocument, west("COORDINATOR"), { kind: "GOVERNANCE", ownerRegionId: "oost" })).toBe("document.regionNotOwn");
    expect(refusalOf(documentOperations.createDocument, west("EDITOR"), { kind: "STRATEGY", ownerRegionId: "oost" })).toBe("forbidden");
  });

  it("let only a network's moderators review, and moderators or the author unpublish", () => {
    const user = {};
    expect(refusalOf(libraryOperations.reviewTemplate, user, { moderator: false, author: true })).toBe("forbidden");
    expect(permits(libraryOperations.reviewTemplate, user, { moderator: true, author: false })).toBe(true);
    expect(permits(libraryOperations.unpublishTemplate, user, { moderator: false, author: true })).toBe(true);
    expect(refusalOf(libraryOperations.unpublishTemplate, user, { moderator: false, author: false })).toBe("forbidden");
  });

  it("let only coordinators use a scenario matrix, and say so without naming the role in Dutch", () => {
    expect(refusalOf(libraryOperations.useTemplate, { role: "EDITOR" }, "SCENARIO_MATRIX")).toBe("template.useNeedsCoordinator");
    expect(permits(libraryOperations.useTemplate, { role: "COORDINATOR" }, "SCENARIO_MATRIX")).toBe(true);
    expect(permits(libraryOperations.useTemplate, { role: "EDITOR" }, "LOT_STRUCTURE")).toBe(true);
    expect(refusalOf(libraryOperations.useTemplate, { role: "VIEWER" }, "LOT_STRUCTURE")).toBe("forbidden");
    expect(errorMessages.en?.["template.useNeedsCoordinator"]).not.toMatch(/coördinator|bewerker|beheerder/);
  });

  it("ask a start date for a milestone plan and a procuring entity for the kinds that become a tender", () => {
    expect(libraryOperations.templateUseNeeds("MILESTONE_PLAN")).toEqual({ startDate: true, procuringEntity: true });
    expect(libraryOperations.templateUseNeeds("LOT_STRUCTURE")).toEqual({ startDate: false, procuringEntity: true });
    for (const kind of ["SCENARIO_MATRIX", "STRATEGY_OUTLINE", "PROJECT_ASSIGNMENT", "NVO_CHECKLIST"] as const) {
      expect(libraryOperations.templateUseNeeds(kind)).toEqual({ startDate: false, procuringEntity: false });
    }
  });
});
