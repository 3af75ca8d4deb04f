import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOTICES, readNotice, withNotice } from "./notice";

describe("notices after a redirect", () => {
  it("adds the notice to a path, with or without a query or fragment", () => {
    expect(withNotice("/w/limburg/aanbestedingen/1", "aangemaakt")).toBe("/w/limburg/aanbestedingen/1?melding=aangemaakt");
    expect(withNotice("/w/limburg/beheer?gedaan=x", "verwijderd")).toBe("/w/limburg/beheer?gedaan=x&melding=verwijderd");
    expect(withNotice("/w/limburg#leden", "welkom")).toBe("/w/limburg?melding=welkom#leden");
  });

  it("reads back only the notices it knows", () => {
    expect(readNotice(new URLSearchParams("melding=aangemaakt"))).toBe("aangemaakt");
    expect(readNotice(new URLSearchParams("melding=%3Cscript%3E"))).toBeNull();
    expect(readNotice(new URLSearchParams(""))).toBeNull();
  });

  it("reads back every notice from any path it was added to", () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom(...NOTICES), (parts, notice) => {
        const url = new URL(withNotice(`/${parts.join("/")}`, notice), "http://x");
        expect(readNotice(url.searchParams)).toBe(notice);
        expect(url.pathname).toBe(`/${parts.join("/")}`);
      }),
    );
  });
});
