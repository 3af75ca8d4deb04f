import { describe, expect, it } from "vitest";
import { contactSchema, emailSchema, errorMessage, isoDateSchema, milestoneSchema, newPasswordSchema, slugSchema, versionSchema } from "./index";

describe("input schemas", () => {
  it("normalises e-mail addresses and rejects malformed ones with a message key", () => {
    expect(emailSchema.parse("  Weert@Demo.Regiotafel.NL ")).toBe("weert@demo.regiotafel.nl");
    const bad = emailSchema.safeParse("weert-at-demo");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("email.invalid");
  });

  it("rejects oversized input", () => {
    expect(emailSchema.safeParse(`${"a".repeat(300)}@x.nl`).success).toBe(false);
    expect(newPasswordSchema.safeParse("x".repeat(201)).success).toBe(false);
  });

  it("requires new passwords of at least 12 characters", () => {
    expect(newPasswordSchema.safeParse("kort").error?.issues[0]?.message).toBe("password.tooShort");
    expect(newPasswordSchema.safeParse("lang-genoeg-wachtwoord").success).toBe(true);
  });

  it("accepts lowercase slugs only", () => {
    expect(slugSchema.safeParse("limburg").success).toBe(true);
    expect(slugSchema.safeParse("Limburg").success).toBe(false);
    expect(slugSchema.safeParse("../etc").success).toBe(false);
  });

  it("turns empty contact fields into null and checks phone numbers", () => {
    expect(contactSchema.parse({ contactName: " ", contactEmail: "", contactPhone: "" })).toEqual({
      contactName: null,
      contactEmail: null,
      contactPhone: null,
    });
    expect(contactSchema.safeParse({ contactName: null, contactEmail: null, contactPhone: "call me" }).success).toBe(false);
  });

  it("accepts dates between 1900 and 2199 only: PostgreSQL has no year 0", () => {
    expect(isoDateSchema.safeParse("2026-12-31").success).toBe(true);
    expect(isoDateSchema.safeParse("0000-01-01").error?.issues[0]?.message).toBe("date.range");
    expect(isoDateSchema.safeParse("9999-12-31").error?.issues[0]?.message).toBe("date.range");
    expect(isoDateSchema.safeParse("2026-02-30").error?.issues[0]?.message).toBe("date.invalid");
    expect(milestoneSchema.safeParse({ type: "APPROVAL", title: "Gunning", dueDate: "0000-01-01" }).success).toBe(false);
    expect(milestoneSchema.parse({ type: "APPROVAL", title: "Gunning", dueDate: "" }).dueDate).toBeNull();
  });

  it("accepts versions that fit the integer column they are compared with", () => {
    expect(versionSchema.safeParse(2_147_483_647).success).toBe(true);
    expect(versionSchema.safeParse(2_147_483_648).success).toBe(false);
    expect(versionSchema.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(false);
    expect(versionSchema.safeParse(-1).success).toBe(false);
    expect(versionSchema.safeParse(1.5).success).toBe(false);
  });

  it("translates message keys with parameters and falls back to Dutch", () => {
    expect(errorMessage("nl", "login.throttled", { minutes: 15 })).toContain("15 minuten");
    expect(errorMessage("en", "login.throttled", { minutes: 15 })).toContain("15 minutes");
    expect(errorMessage("en", "no.such.key")).toBe("no.such.key");
  });
});
