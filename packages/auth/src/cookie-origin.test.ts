import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Db } from "@regiotafel/db";
import { cookieForPlainHttp, createAuth, readCookieValue, verifyOrigin } from "./index";

// readToken never touches the database; a stand-in Prisma client is enough.
const auth = createAuth({ prisma: {} as Db, secureCookies: true });
const TOKEN = "abcdefghijklmnopqrstuvwxyz234567abcdefgh";

describe("session cookie name per request", () => {
  it("reads __Host-regiotafel_session where cookies are secure, and only that one", () => {
    const secure = { secureCookies: true };
    expect(auth.readToken(`__Host-regiotafel_session=${TOKEN}`, secure)).toBe(TOKEN);
    expect(auth.readToken(`regiotafel_session=${TOKEN}`, secure)).toBeNull();
  });

  it("reads regiotafel_session on plain-http localhost, and only that one", () => {
    const plain = { secureCookies: false };
    expect(auth.readToken(`regiotafel_lang=en; regiotafel_session=${TOKEN}`, plain)).toBe(TOKEN);
    expect(auth.readToken(`__Host-regiotafel_session=${TOKEN}`, plain)).toBeNull();
  });

  it("relaxes the secure cookie for plain-http localhost: no prefix, no Secure", () => {
    const cookie = auth.sessionCookie(TOKEN);
    expect(cookie).toMatch(/^__Host-regiotafel_session=/);
    const plain = cookieForPlainHttp(cookie);
    expect(plain).toMatch(new RegExp(`^regiotafel_session=${TOKEN}; `));
    expect(plain).not.toMatch(/Secure/i);
    expect(plain).toMatch(/HttpOnly/);
  });

  it("ignores malformed cookies and junk tokens instead of throwing", () => {
    for (const header of ["regiotafel_session=%E0%A4%A", "regiotafel_lang=%E0%A4%A; regiotafel_session=%%%", "regiotafel_session", ";;=;", "regiotafel_session=a b"]) {
      expect(auth.readToken(header, { secureCookies: false }), header).toBeNull();
    }
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.boolean(), (header, secureCookies) => {
        const token = auth.readToken(header, { secureCookies });
        expect(token === null || /^[a-z0-9]+$/.test(token)).toBe(true);
      }),
    );
  });

  it("takes the first cookie of a name and never decodes", () => {
    expect(readCookieValue("a=1; b=%41; a=2", "a")).toBe("1");
    expect(readCookieValue("a=1; b=%41", "b")).toBe("%41");
    expect(readCookieValue(undefined, "a")).toBeUndefined();
  });
});

describe("origin check", () => {
  it("accepts the site's own origin, scheme included, and configured origins only", () => {
    expect(verifyOrigin("http://localhost:3000", "http://localhost:3000")).toBe(true);
    expect(verifyOrigin("https://regiotafel.example", "https://regiotafel.example")).toBe(true);
    expect(verifyOrigin("https://regiotafel.example:443", "https://regiotafel.example")).toBe(true);
    expect(verifyOrigin("https://intern.example", "https://regiotafel.example", ["https://intern.example"])).toBe(true);
  });

  it("refuses another scheme on the same host (lucia compared hosts only)", () => {
    expect(verifyOrigin("http://regiotafel.example", "https://regiotafel.example")).toBe(false);
    expect(verifyOrigin("https://localhost:3000", "http://localhost:3000")).toBe(false);
  });

  it("refuses other hosts and ports, a missing or null Origin, and non-origins", () => {
    expect(verifyOrigin("https://evil.example", "https://regiotafel.example")).toBe(false);
    expect(verifyOrigin("http://localhost:3001", "http://localhost:3000")).toBe(false);
    expect(verifyOrigin(undefined, "http://localhost:3000")).toBe(false);
    expect(verifyOrigin("null", "http://localhost:3000")).toBe(false);
    expect(verifyOrigin("http://localhost:3000/path", "http://localhost:3000")).toBe(false);
    expect(verifyOrigin("ftp://localhost:3000", "ftp://localhost:3000")).toBe(false);
  });
});
