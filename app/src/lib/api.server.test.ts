import { describe, expect, it } from "vitest";
import { enrolmentGate, ENROLMENT_PATH, safeRedirect } from "./api.server";

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

describe("enrolmentGate", () => {
  const user = { id: "u", email: "beheer@regiotafel.nl", name: "Beheer", organisationId: "o" };
  const at = (path: string) => new Request(`http://localhost${path}`);
  const gate = (mustEnrol: boolean, path: string) => {
    try {
      enrolmentGate({ user: mustEnrol ? { ...user, mustEnrolSecondFactor: true } : user }, at(path));
      return "open";
    } catch (thrown) {
      return thrown instanceof Response ? thrown.headers.get("Location") : "threw";
    }
  };

  it("sends an account that must enrol from every page to the set-up", () => {
    for (const path of ["/", "/account", "/platform", "/w/limburg", "/platform/gebruikers?q=x"]) expect(gate(true, path), path).toBe(ENROLMENT_PATH);
  });

  it("leaves the set-up, signing out, the language and the accessibility statement open", () => {
    for (const path of [ENROLMENT_PATH, "/logout", "/taal", "/toegankelijkheid"]) expect(gate(true, path), path).toBe("open");
  });

  it("lets everyone else through", () => {
    expect(gate(false, "/platform")).toBe("open");
    expect(enrolmentGate({ user: null }, at("/platform"))).toBeUndefined();
  });
});
