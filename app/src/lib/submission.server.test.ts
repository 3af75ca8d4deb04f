import { describe, expect, it } from "vitest";
import { accountOperations, DomainError, tenderOperations as ops } from "@regiotafel/domain";
import { parseSubmission, placeMessages, submitForm } from "./submission.server";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const nl = { locale: "nl" as const };
const fixed = { workspace: "limburg", tenderId: id(5) };
const never = () => Promise.reject(new Error("the API must not be called"));

describe("submitForm", () => {
  it("refuses an amount that is not a number: a Dutch message next to the field, the typed text kept, the API not called", async () => {
    const posted = form([["intent", "lot.add"], ["title", "A1 Ambulant"], ["expectedValue", "twaalf"], ["regionalProvidersMin", "5"]]);
    const result = await submitForm(nl, ops.addLot, posted, fixed, never);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reply.status).toBe("error");
    expect(result.reply.error).toMatchObject({ expectedValue: ["Vul een getal in."] });
    expect(result.reply.initialValue).toMatchObject({ title: "A1 Ambulant", expectedValue: "twaalf", regionalProvidersMin: "5" });
    // The page's alerts read the same description a refusal of the API has.
    expect(result.error).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, messageKey: "input.invalid", fieldErrors: { expectedValue: ["Vul een getal in."] } });
  });

  it("never sends a contract's secret fields (passwords) back with a refusal, invalid or refused by the API", async () => {
    const posted = form([["current", "mijn-oude-wachtwoord"], ["next", "kort"], ["confirm", "kort"]]);
    const invalid = await submitForm(nl, accountOperations.changePassword, posted, {}, never);
    expect(!invalid.ok && invalid.reply.error).toMatchObject({ next: ["Kies een wachtwoord van minstens 12 tekens."] });
    expect(JSON.stringify(!invalid.ok && invalid.reply)).not.toMatch(/mijn-oude-wachtwoord|kort/);
    const login = form([["email", "weert@demo.regiotafel.nl"], ["password", "geheim-geheim-geheim"]]);
    const refused = await submitForm(nl, accountOperations.login, login, {}, () => Promise.reject(new DomainError("BAD_REQUEST", "login.invalid")));
    expect(!refused.ok && refused.reply.initialValue).toEqual({ email: "weert@demo.regiotafel.nl" });
    expect(JSON.stringify(!refused.ok && refused.reply)).not.toContain("geheim");
  });

  it("speaks English to an English user, from the same catalogue as the API", async () => {
    const result = await submitForm({ locale: "en" }, ops.addLot, form([["title", ""], ["localProvidersMax", "veel"]]), fixed, never);
    expect(!result.ok && result.reply.error).toEqual({ title: ["Fill in this field."], localProvidersMax: ["Enter a number."] });
  });

  it("reads '12.900' in an amount field as 12900 and passes the typed input, with the fixed fields, to the API", async () => {
    const calls: unknown[] = [];
    const posted = form([["title", "A1"], ["expectedValue", "12.900"], ["procedureOverride", ""], ["regionalProvidersMax", "4"]]);
    const result = await submitForm(nl, ops.addLot, posted, fixed, async (input) => {
      calls.push(input);
      return { id: id(7) };
    });
    expect(result).toEqual({ ok: true, input: calls[0], data: { id: id(7) } });
    expect(calls).toEqual([
      {
        workspace: "limburg",
        tenderId: id(5),
        segment: "",
        title: "A1",
        regionalProvidersMin: null,
        regionalProvidersMax: 4,
        localProvidersMin: null,
        localProvidersMax: null,
        procedureOverride: null,
        expectedValue: 12_900,
        notes: "",
      },
    ]);
  });

  it("reads '12.900' in a percentage (a decimal field) as 12.9", () => {
    const posted = form([
      ["title", "T"],
      ["domain", "WMO"],
      ["level", "REGIONAAL"],
      ["procedure", "OPEN_HOUSE"],
      ["procuringEntityId", id(1)],
      ["sroiPercentage", "12.900"],
      ["estimatedValue", "12.900"],
    ]);
    const { submission } = parseSubmission(ops.createTender, posted, { workspace: "limburg" }, "nl");
    expect(submission.status === "success" && submission.value).toMatchObject({ sroiPercentage: 12.9, estimatedValue: 12_900 });
  });

  it("reads the post exactly as the contract does, without Conform's coercion: an empty choice is not dropped to take the schema's default", () => {
    const posted = form([["type", "ENGAGEMENT"], ["title", "Publicatie"], ["status", ""], ["lotId", ""]]);
    const { submission } = parseSubmission(ops.addMilestone, posted, fixed, "nl");
    expect(submission.status !== "success" && submission.error).toEqual({ status: ["Kies een van de mogelijkheden."] });
  });

  it("never lets the post choose the workspace or the page's tender", async () => {
    const calls: unknown[] = [];
    const posted = form([["lotId", id(4)], ["workspace", "tiel"], ["tenderId", id(9)]]);
    await submitForm(nl, ops.removeLot, posted, fixed, async (input) => calls.push(input));
    expect(calls).toEqual([{ workspace: "limburg", tenderId: id(5), lotId: id(4) }]);
  });

  it("shows an API refusal of a field next to that field, and one without a field above the form, keeping what was typed", async () => {
    const posted = form([["title", "A1"], ["expectedValue", "1.000"], ["lotId", id(4)], ["version", "3"]]);
    const onField = await submitForm(nl, ops.updateLot, posted, fixed, () => Promise.reject(new DomainError("BAD_REQUEST", "range.invalid", undefined, "regionalProvidersMax")));
    expect(!onField.ok && onField.reply).toMatchObject({
      status: "error",
      error: { regionalProvidersMax: ["Het maximum moet minstens zo groot zijn als het minimum."] },
      initialValue: { title: "A1", expectedValue: "1.000" },
    });
    const stale = await submitForm(nl, ops.updateLot, posted, fixed, () => Promise.reject(new DomainError("CONFLICT", "conflict.stale")));
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.error).toMatchObject({ code: "CONFLICT", httpStatus: 409, messageKey: "conflict.stale" });
    expect(stale.reply.error).toEqual({ "": [stale.error.message] });
    expect(stale.reply.initialValue).toMatchObject({ title: "A1", expectedValue: "1.000", version: "3" });
  });

  it("reads a tender's checked participants as a list, one ticked box too, and an empty choice as none", async () => {
    const base: [string, string][] = [["title", "Wmo"], ["domain", "WMO"], ["level", "REGIONAAL"], ["procedure", "SAS_TWO_ROUNDS"], ["procuringEntityId", id(1)], ["ownerRegionId", ""], ["contractEnd", ""]];
    const several = parseSubmission(ops.createTender, form([...base, ["participantIds", id(2)], ["participantIds", id(3)]]), { workspace: "limburg" }, "nl").submission;
    expect(several.status === "success" && several.value).toMatchObject({ participantIds: [id(2), id(3)], ownerRegionId: null, contractEnd: null, description: "" });
    const one = parseSubmission(ops.createTender, form([...base, ["participantIds", id(2)]]), { workspace: "limburg" }, "nl").submission;
    expect(one.status === "success" && one.value).toMatchObject({ participantIds: [id(2)] });
    // The typed list comes back as typed, for the form after a refusal.
    expect(several.reply().initialValue).toMatchObject({ participantIds: [id(2), id(3)] });
  });
});

describe("placeMessages", () => {
  it("puts each field's messages on its field, a list item's on the list, and the rest above the form", () => {
    const placed = placeMessages(
      {
        message: "Deze invoer is ongeldig.",
        fieldErrors: { title: ["Vul dit veld in."], "participantIds.1": ["Ongeldig."], _: ["Alles mis."], workspace: ["Onbekend."], version: ["Oud."] },
      },
      ["workspace", "tenderId"],
    );
    expect(placed).toEqual({ fieldErrors: { title: ["Vul dit veld in."], participantIds: ["Ongeldig."], version: ["Oud."] }, formErrors: ["Alles mis.", "Onbekend."] });
  });

  it("puts a refusal without fields above the form", () => {
    expect(placeMessages({ message: "Alleen de eigenaren." }, [])).toEqual({ formErrors: ["Alleen de eigenaren."], fieldErrors: {} });
  });
});
