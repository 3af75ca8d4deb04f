import { describe, expect, it } from "vitest";
import { safeRedirect } from "./api.server";

describe("safeRedirect", () => {
  it("accepts paths of this site", () => {
    expect(safeRedirect("/w/limburg")).toBe("/w/limburg");
    expect(safeRedirect("/w/limburg/leden?x=1")).toBe("/w/limburg/leden?x=1");
  });

  it("refuses other sites and odd values", () => {
    expect(safeRedirect("//evil.example/")).toBe("/");
    expect(safeRedirect("http://evil.example/")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect("w/limburg", "/account")).toBe("/account");
  });
});
