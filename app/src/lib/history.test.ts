import { describe, expect, it } from "vitest";
import { makeT } from "~/i18n/use-t";
import { uiMessages } from "~/i18n/ui-messages";
import { describeAuditEvent, describeChanges, isHistoryFilter, RECORD_ACTIONS } from "./history";

const nl = makeT("nl");
const en = makeT("en");
const noNames = () => undefined;
const event = (action: string, before: unknown, after: unknown, entityId = "x") => ({ action, before, after, entityId });

describe("describeAuditEvent", () => {
  it("describes additions and removals with the person's name and role", () => {
    expect(describeAuditEvent(event("member.added", null, { name: "Inkoop Venlo", email: "venlo@x.nl", role: "VIEWER" }), nl, noNames)).toBe(
      "Inkoop Venlo toegevoegd als Lezer",
    );
    expect(describeAuditEvent(event("member.removed", { name: "Inkoop Venlo", role: "COORDINATOR" }, null), nl, noNames)).toBe(
      "Inkoop Venlo verwijderd (was Coördinator)",
    );
    expect(describeAuditEvent(event("member.removed", { name: "Inkoop Venlo", role: "COORDINATOR" }, null), en, noNames)).toBe(
      "Removed Inkoop Venlo (was Coordinator)",
    );
  });

  it("describes a role change with Dutch or English role names", () => {
    const changed = event("member.roleChanged", { name: "Inkoop Weert", role: "EDITOR" }, { name: "Inkoop Weert", role: "ADMIN" });
    expect(describeAuditEvent(changed, nl, noNames)).toBe("Rol van Inkoop Weert gewijzigd van Bewerker naar Beheerder");
    expect(describeAuditEvent(changed, en, noNames)).toBe("Changed the role of Inkoop Weert from Editor to Admin");
  });

  it("names the municipality of a contact change", () => {
    const names = (id: string) => (id === "m1" ? "Weert" : undefined);
    expect(describeAuditEvent(event("municipality.contactUpdated", {}, {}, "m1"), nl, names)).toBe("Contactgegevens van Weert gewijzigd");
    expect(describeAuditEvent(event("municipality.contactUpdated", {}, {}, "m2"), nl, names)).toBe("Contactgegevens van een gemeente gewijzigd");
  });

  it("falls back to the e-mail address, to 'iemand' and to the raw action", () => {
    expect(describeAuditEvent(event("member.added", null, { email: "a@b.nl", role: "VIEWER" }), nl, noNames)).toBe("a@b.nl toegevoegd als Lezer");
    expect(describeAuditEvent(event("member.added", null, null), nl, noNames)).toBe("iemand toegevoegd als ?");
    expect(describeAuditEvent(event("something.new", null, null), nl, noNames)).toBe("something.new");
  });
});

describe("describeAuditEvent for procurement records and documents", () => {
  it("names the record by its title, name, function or label", () => {
    expect(describeAuditEvent(event("tender.created", null, { title: "Wmo begeleiding", procedure: "SAS_TWO_ROUNDS" }), nl, noNames)).toBe(
      "Aanbesteding ‘Wmo begeleiding’ aangemaakt",
    );
    expect(describeAuditEvent(event("staffing.removed", { function: "Inkoopadviseur", fteCurrent: 0.56 }, null), nl, noNames)).toBe(
      "Formatieregel ‘Inkoopadviseur’ verwijderd",
    );
    expect(describeAuditEvent(event("governance.bodyAdded", null, { name: "Stuurgroep" }), en, noNames)).toBe("Body ‘Stuurgroep’ added");
    expect(describeAuditEvent(event("market.added", null, { label: "Wmo 2019" }), nl, noNames)).toBe("Marktcijfers ‘Wmo 2019’ toegevoegd");
  });

  it("describes status changes with the lifecycle's labels", () => {
    const moved = event("tender.statusChanged", { status: "PLANNED" }, { status: "MARKET_CONSULTATION" });
    expect(describeAuditEvent(moved, nl, noNames)).toBe("Status van een aanbesteding gewijzigd van gepland naar marktconsultatie");
    expect(describeAuditEvent(moved, en, noNames)).toBe("Status of a tender changed from planned to market consultation");
  });

  it("lists what a lot's removal took along, and the lots that followed a tender into its end state (issue 15)", () => {
    const removed = event("lot.removed", {
      title: "Ouderen",
      participations: [
        { name: "Nederweert", participating: true },
        { name: "Weert", participating: false },
      ],
      milestones: [{ title: "Publicatie" }],
    }, null);
    expect(describeAuditEvent(removed, nl, noNames)).toBe("Perceel ‘Ouderen’ verwijderd (bewaard voor ongedaan maken), met de keuzes van Nederweert (doet mee), Weert (doet niet mee) en de mijlpalen Publicatie");
    expect(describeAuditEvent(removed, en, noNames)).toBe("Lot ‘Ouderen’ removed (kept for undo), with the choices of Nederweert (takes part), Weert (does not take part) and the milestones Publicatie");
    expect(describeAuditEvent(event("lot.removed", { title: "Leeg" }, null), nl, noNames)).toBe("Perceel ‘Leeg’ verwijderd");
    expect(describeAuditEvent(event("lot.restored", null, { title: "Ouderen" }), nl, noNames)).toBe("Perceel ‘Ouderen’ teruggezet, met de keuzes van gemeenten en de mijlpalen");
    const withdrawn = event("tender.statusChanged", { status: "PUBLISHED" }, { status: "CANCELLED", lots: [{ title: "A" }, { title: "B" }] });
    expect(describeAuditEvent(withdrawn, nl, noNames)).toBe("Status van een aanbesteding gewijzigd van gepubliceerd naar ingetrokken; de open percelen (2) gingen mee");
  });

  it("names the municipality that opted in or out of a lot", () => {
    const names = (id: string) => (id === "m1" ? "Weert" : undefined);
    expect(describeAuditEvent(event("lot.participation", null, { municipalityId: "m1", participating: true }), nl, names)).toBe("Weert doet mee aan een perceel");
    expect(describeAuditEvent(event("lot.participation", { participating: true }, { municipalityId: "m2", participating: false }), nl, names)).toBe(
      "een gemeente doet niet mee aan een perceel",
    );
  });

  it("describes document events", () => {
    expect(describeAuditEvent(event("document.renamed", { title: "Oud" }, { title: "Nieuw" }), nl, noNames)).toBe("Document hernoemd naar ‘Nieuw’");
    expect(describeAuditEvent(event("document.versionSaved", null, { version: "Concept 1" }), nl, noNames)).toBe("Versie ‘Concept 1’ van een document bewaard");
  });

  it("describes scores, weights and template use", () => {
    expect(describeAuditEvent(event("assessment.scored", null, { scenario: "Provinciaal", criterion: "Bestuurlijk haalbaar", score: 5 }), nl, noNames)).toBe(
      "5 punten gegeven aan ‘Provinciaal’ op ‘Bestuurlijk haalbaar’",
    );
    expect(describeAuditEvent(event("assessment.weightChanged", null, { criterion: "Lokale beïnvloeding", weight: 1.5 }), en, noNames)).toBe(
      "Weight of ‘Lokale beïnvloeding’ changed to 1.5",
    );
    expect(describeAuditEvent(event("template.used", null, { title: "Onze strategie", template: "Opzet strategie", version: 2 }), nl, noNames)).toBe(
      "‘Onze strategie’ gemaakt met sjabloon ‘Opzet strategie’",
    );
  });

  it("has a Dutch and an English text for every record action", () => {
    for (const action of RECORD_ACTIONS) {
      expect(uiMessages.nl[`history.record.${action}`], action).toBeTruthy();
      expect(uiMessages.en[`history.record.${action}`], action).toBeTruthy();
    }
  });
});

describe("describeChanges", () => {
  it("lists the contact fields that changed, with — for empty values", () => {
    const updated = event(
      "municipality.contactUpdated",
      { contactName: null, contactEmail: "oud@weert.nl", contactPhone: "0495 575 000" },
      { contactName: "Jan Jansen", contactEmail: "oud@weert.nl", contactPhone: null },
    );
    expect(describeChanges(updated, nl)).toEqual([
      { label: "Contactpersoon inkoop", from: "—", to: "Jan Jansen" },
      { label: "Telefoon", from: "0495 575 000", to: "—" },
    ]);
  });

  it("has no details for other events", () => {
    expect(describeChanges(event("member.added", null, { name: "x" }), nl)).toEqual([]);
  });
});

describe("isHistoryFilter", () => {
  it("knows the entity types of the filter", () => {
    expect(isHistoryFilter("membership")).toBe(true);
    expect(isHistoryFilter("municipality")).toBe(true);
    expect(isHistoryFilter("")).toBe(false);
    expect(isHistoryFilter("tender")).toBe(true);
    expect(isHistoryFilter("workspace")).toBe(false);
    expect(isHistoryFilter(null)).toBe(false);
  });
});
