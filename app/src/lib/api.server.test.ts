import { describe, expect, it } from "vitest";
import { safeRedirect } from "./api.server";

describe("safeRedirect", () => {
  it("accepts paths of this site", () => {
    expect(safeRedirect("/w/limburg")).toBe("/w/limburg");
    expect(safeRedirect("/w/limburg/leden?x=1#lid")).toBe("/w/limburg/leden?x=1#lid");
    expect(safeRedirect("/")).toBe("/");
  });

  it("refuses other sites", () => {
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("//evil.example/w/limburg")).toBe("/");
    expect(safeRedirect("http://evil.example/")).toBe("/");
    expect(safeRedirect("https://evil.example/")).toBe("/");
    expect(safeRedirect("javascript:alert(1)")).toBe("/");
  });

  it("refuses paths browsers would turn into another site", () => {
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("/\\/evil.example")).toBe("/");
    expect(safeRedirect("/\t/evil.example")).toBe("/");
    expect(safeRedirect("/\n/evil.example")).toBe("/");
  });

  it("falls back for missing and relative values", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect("")).toBe("/");
    expect(safeRedirect("w/limburg", "/account")).toBe("/account");
    expect(safeRedirect(new File([], "x"))).toBe("/");
  });
});
