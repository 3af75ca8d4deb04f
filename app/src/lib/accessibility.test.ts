import { describe, expect, it } from "vitest";
import { contactHref } from "./accessibility";

describe("the accessibility statement's contact", () => {
  it("links an e-mail address and a web address, and leaves anything else as text", () => {
    expect(contactHref("toegankelijkheid@regiotafel.nl")).toBe("mailto:toegankelijkheid@regiotafel.nl");
    expect(contactHref("https://gemeente.example/toegankelijkheid")).toBe("https://gemeente.example/toegankelijkheid");
    expect(contactHref("Servicedesk, telefoon 14 0495")).toBeNull();
    // Never a script or another scheme as a link.
    expect(contactHref("javascript:alert(1)")).toBeNull();
    expect(contactHref("javascript:a@b.c")).toBeNull();
    expect(contactHref("data:text/html,x")).toBeNull();
  });
});
