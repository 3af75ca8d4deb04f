import { describe, expect, it } from "vitest";
import type { ErrorDescription } from "@regiotafel/domain";
import { formErrors, formText } from "./forms";

const error = (extra: Partial<ErrorDescription>): ErrorDescription => ({
  code: "BAD_REQUEST",
  httpStatus: 400,
  messageKey: "input.invalid",
  message: "Deze invoer is ongeldig.",
  ...extra,
});

describe("formErrors", () => {
  it("has nothing to say without an error", () => {
    expect(formErrors(undefined, ["email"])).toEqual({ fieldErrors: {}, formError: null });
  });

  it("puts messages of visible fields next to those fields", () => {
    const result = formErrors(error({ fieldErrors: { email: ["Vul een geldig e-mailadres in."] } }), ["email", "role"]);
    expect(result).toEqual({ fieldErrors: { email: ["Vul een geldig e-mailadres in."] }, formError: null });
  });

  it("gives an error without fields to the whole form", () => {
    const conflict = error({ code: "CONFLICT", httpStatus: 409, messageKey: "conflict.stale", message: "Iemand anders heeft dit intussen gewijzigd." });
    expect(formErrors(conflict, ["contactName"])).toEqual({ fieldErrors: {}, formError: "Iemand anders heeft dit intussen gewijzigd." });
  });

  it("does not swallow messages about fields the form does not show", () => {
    const result = formErrors(error({ fieldErrors: { version: ["Deze invoer is ongeldig."], contactPhone: ["Ongeldig nummer."] } }), ["contactName", "contactPhone"]);
    expect(result).toEqual({ fieldErrors: { contactPhone: ["Ongeldig nummer."] }, formError: "Deze invoer is ongeldig." });
  });
});

describe("formText", () => {
  it("reads strings and treats absent fields and files as empty", () => {
    const form = new FormData();
    form.set("name", " Weert ");
    form.set("upload", new File(["x"], "x.txt"));
    expect(formText(form, "name")).toBe(" Weert ");
    expect(formText(form, "missing")).toBe("");
    expect(formText(form, "upload")).toBe("");
  });
});
