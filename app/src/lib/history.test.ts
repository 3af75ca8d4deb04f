import { describe, expect, it } from "vitest";
import { makeT } from "~/i18n/use-t";
import { uiMessages } from "~/i18n/ui-messages";
import { describeAuditEvent, describeChanges, describeEdit, fieldLabel, formatValue, isHistoryFilter, MAX_VALUE_LENGTH, RECORD_ACTIONS } from "./history";

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

  it("describes invitations: invite, resend, revoke and accept, in Dutch and English", () => {
    const invited = { email: "weert@example.org", role: "EDITOR", organisation: "Weert", locale: "nl" };
    expect(describeAuditEvent(event("invitation.created", null, invited), nl, noNames)).toBe("weert@example.org uitgenodigd als Bewerker");
    expect(describeAuditEvent(event("invitation.created", null, invited), en, noNames)).toBe("Invited weert@example.org as Editor");
    expect(describeAuditEvent(event("invitation.resent", null, invited), nl, noNames)).toBe("Uitnodiging voor weert@example.org opnieuw verstuurd");
    expect(describeAuditEvent(event("invitation.revoked", { email: "weert@example.org", role: "EDITOR" }, null), en, noNames)).toBe("Withdrew the invitation for weert@example.org");
    const accepted = { userId: "u", email: "weert@example.org", name: "Wim Weert", role: "EDITOR", newAccount: true, alreadyMember: false };
    expect(describeAuditEvent(event("invitation.accepted", null, accepted), nl, noNames)).toBe("Wim Weert heeft een account aangemaakt en de uitnodiging geaccepteerd, als Bewerker");
    expect(describeAuditEvent(event("invitation.accepted", null, { ...accepted, newAccount: false }), en, noNames)).toBe("Wim Weert accepted the invitation, as Editor");
    expect(isHistoryFilter("invitation")).toBe(true);
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

  const tender = (action: string, before: unknown, after: unknown) => ({ ...event(action, before, after), entityType: "tender" });
  const snapshot = {
    title: "Wmo begeleiding",
    description: "",
    domain: "WMO",
    level: "REGIONAAL",
    procedure: "OPEN_HOUSE",
    contractStart: "2027-01-01",
    contractEnd: null,
    extensionOptions: "",
    estimatedValue: 1_000_000,
    sroiPercentage: 5,
    sroiThreshold: null,
    fundingModel: null,
  };

  it("lists a tender's changed fields with the form's labels and values, in Dutch and English, not the unchanged ones", () => {
    const changed = tender("tender.updated", snapshot, { ...snapshot, estimatedValue: 1_250_000, contractEnd: "2029-12-31", procedure: "SAS_TWO_ROUNDS" });
    const spaces = (text: string) => text.replace(/\s/g, " ");
    expect(describeChanges(changed, nl, "nl").map((c) => spaces(nl("history.change", { field: c.label, from: c.from, to: c.to })))).toEqual([
      `Inkoopvorm: ${nl("code.OPEN_HOUSE").toLowerCase()} → ${nl("code.SAS_TWO_ROUNDS").toLowerCase()}`,
      "Einde contract: — → 31 december 2029",
      "Geraamde waarde: € 1.000.000 → € 1.250.000",
    ].map((line) => line.replace("Einde contract", nl("tender.field.contractEnd"))));
    const english = describeChanges(changed, en, "en");
    expect(english.map((c) => c.label)).toEqual([en("tender.field.procedure"), en("tender.field.contractEnd"), en("tender.field.estimatedValue")]);
    expect(english[1]).toMatchObject({ from: "—", to: "31 December 2029" });
    expect(english[2]).toEqual({ label: en("tender.field.estimatedValue"), from: "€1,000,000", to: "€1,250,000" });
  });

  it("shows a status change as 'Status: before → after'", () => {
    const lines = describeChanges(tender("tender.statusChanged", { status: "PLANNED" }, { status: "PUBLISHED", lots: [{ title: "A", from: "PLANNED", to: "CANCELLED" }] }), nl, "nl");
    expect(lines).toEqual([{ label: "Status", from: nl("code.PLANNED").toLowerCase(), to: nl("code.PUBLISHED").toLowerCase() }]);
  });

  it("lists what a create set (not the title, which the sentence names) and nothing for a delete", () => {
    expect(describeChanges(tender("tender.created", null, snapshot), nl, "nl").map((c) => c.label)).toEqual(
      ["domain", "level", "procedure", "contractStart", "estimatedValue", "sroiPercentage"].map((f) => nl(`tender.field.${f}`)),
    );
    expect(describeChanges({ ...event("milestone.removed", { title: "Gunning" }, null), entityType: "milestone" }, nl, "nl")).toEqual([]);
  });

  it("every field the audit log keeps of a tender has the form's label in both languages", () => {
    for (const field of Object.keys(snapshot)) {
      expect(fieldLabel(nl, "tender", field), field).toBe(nl(`tender.field.${field}`));
      expect(fieldLabel(en, "tender", field), field).toBe(en(`tender.field.${field}`));
    }
    expect(fieldLabel(nl, "tender", "status")).toBe("Status");
    expect(fieldLabel(nl, "lot", "regionalProvidersMin")).toBe(nl("lot.field.regionalMin"));
    expect(fieldLabel(nl, "tender", "procuringEntityIdX")).toBeNull();
  });

  it("formats amounts, numbers, dates, yes/no, lists and shortens long texts", () => {
    expect(formatValue(nl, "nl", "sroiThreshold", 12_500.5).replace(/\s/g, " ")).toBe("€ 12.500,50");
    expect(formatValue(nl, "nl", "fteCurrent", 1.5)).toBe("1,5");
    expect(formatValue(en, "en", "fteCurrent", 1.5)).toBe("1.5");
    expect(formatValue(nl, "nl", "x", true)).toBe("ja");
    expect(formatValue(en, "en", "x", false)).toBe("no");
    expect(formatValue(nl, "nl", "dueDate", "2027-03-01")).toBe("1 maart 2027");
    expect(formatValue(nl, "nl", "x", ["a", "b"])).toBe("a, b");
    expect(formatValue(nl, "nl", "x", [{ title: "Perceel A" }, { other: 1 }])).toBe("Perceel A, …");
    const long = formatValue(nl, "nl", "description", "woord ".repeat(100));
    expect(long.length).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
    expect(long.endsWith("…")).toBe(true);
    expect(formatValue(nl, "nl", "x", "ZZZ_UNKNOWN")).toBe("ZZZ_UNKNOWN");
  });

  it("never fails on odd snapshots, and lists only labelled fields", () => {
    // Any pair of snapshots is the domain's changedFields (property-tested there); here the values it may hand over.
    const odd = [undefined, null, 0, -1.5, Number.MAX_VALUE, "", "x".repeat(500), "2027-02-30", "NOT_A_CODE", [], [null, [1]], { a: { b: null } }, { title: 3 }, true, false];
    const snapshots = [undefined, null, "text", [1, 2], ...odd.map((v, i) => ({ ...snapshot, [Object.keys(snapshot)[i % 12]!]: v, lots: v, x: v }))];
    for (const entityType of ["tender", "lot", "milestone", "market", "municipality", "other"]) {
      for (const before of snapshots) {
        for (const after of snapshots) {
          for (const [t, locale] of [[nl, "nl"], [en, "en"]] as const) {
            for (const line of describeChanges({ action: `${entityType}.updated`, entityType, entityId: "x", before, after }, t, locale)) {
              expect(line.label).not.toMatch(/\.field\.|^csv\./);
              expect(line.from.length + line.to.length).toBeLessThanOrEqual(2 * MAX_VALUE_LENGTH);
            }
          }
        }
      }
    }
  });
});

describe("describeEdit", () => {
  it("names the document, the hour in Dutch time and the number of changes", () => {
    const edit = { hour: "2026-12-07T13:00:00.000Z", updates: 23, document: { id: "d", title: "Gezamenlijke inkoopstrategie" }, actor: null };
    expect(describeEdit(edit, nl, "nl")).toEqual({ text: "Tekst van ‘Gezamenlijke inkoopstrategie’ bewerkt", hours: "14:00–15:00", count: "23 wijzigingen" });
    expect(describeEdit({ ...edit, updates: 1 }, en, "en")).toEqual({ text: "Edited the text of ‘Gezamenlijke inkoopstrategie’", hours: "14:00–15:00", count: "1 change" });
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
