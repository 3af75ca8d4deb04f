import { describe, expect, it } from "vitest";
import type { ErrorDescription } from "@regiotafel/domain";
import { errorMessages, formText } from "./forms";

const error = (extra: Partial<ErrorDescription>): ErrorDescription => ({
  code: "BAD_REQUEST",
  httpStatus: 400,
  messageKey: "input.invalid",
  message: "Deze invoer is ongeldig.",
  ...extra,
});

describe("errorMessages", () => {
  it("joins the fields' messages, or else gives the message for the whole form", () => {
    expect(errorMessages(error({ fieldErrors: { email: ["Vul een geldig e-mailadres in."], role: ["Kies een rol."] } }))).toBe("Vul een geldig e-mailadres in. Kies een rol.");
    const conflict = error({ code: "CONFLICT", httpStatus: 409, messageKey: "conflict.stale", message: "Iemand anders heeft dit intussen gewijzigd." });
    expect(errorMessages(conflict)).toBe("Iemand anders heeft dit intussen gewijzigd.");
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
