import { describe, expect, it } from "vitest";
import { makeT } from "~/i18n/use-t";
import { describeAuditEvent } from "./history";

const nl = makeT("nl");
const en = makeT("en");
const noNames = () => undefined;

describe("audit event sentences", () => {
  it("describes a role change with Dutch role names", () => {
    const event = { action: "member.roleChanged", before: { name: "Inkoop Weert", role: "EDITOR" }, after: { name: "Inkoop Weert", role: "ADMIN" } };
    expect(describeAuditEvent(event, nl, noNames, "x")).toBe("Rol van Inkoop Weert gewijzigd van Bewerker naar Beheerder");
    expect(describeAuditEvent(event, en, noNames, "x")).toBe("Changed the role of Inkoop Weert from Editor to Admin");
  });

  it("names the municipality of a contact change", () => {
    const event = { action: "municipality.contactUpdated", before: {}, after: {} };
    expect(describeAuditEvent(event, nl, (id) => (id === "m1" ? "Weert" : undefined), "m1")).toBe("Contactgegevens van Weert gewijzigd");
  });

  it("falls back to the e-mail address and to the raw action", () => {
    expect(describeAuditEvent({ action: "member.added", before: null, after: { email: "a@b.nl", role: "VIEWER" } }, nl, noNames, "x")).toBe(
      "a@b.nl toegevoegd als Lezer",
    );
    expect(describeAuditEvent({ action: "something.new", before: null, after: null }, nl, noNames, "x")).toBe("something.new");
  });
});
