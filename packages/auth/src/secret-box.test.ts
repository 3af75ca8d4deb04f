import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSecretBox, parseSecretKey, SecretBoxError } from "./secret-box";

const KEY = Buffer.alloc(32, 7).toString("base64");
const OTHER_KEY = Buffer.alloc(32, 9).toString("base64");
const box = createSecretBox(KEY);

function flipCharacter(text: string, index: number): string {
  const replacement = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe("secret box", () => {
  it("opens what it sealed, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (plain) => {
        expect(box.open(box.seal(plain))).toBe(plain);
      }),
    );
  });

  it("seals as v1.<iv>.<tag>.<ciphertext> without the plain text, with a fresh IV every time", () => {
    const sealed = box.seal("client-secret-value");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("client-secret-value");
    expect(box.seal("client-secret-value")).not.toBe(sealed);
  });

  it("refuses any changed character of a sealed value", () => {
    const sealed = box.seal("client-secret-value");
    fc.assert(
      fc.property(fc.integer({ min: 3, max: sealed.length - 1 }), (index) => {
        fc.pre(sealed[index] !== ".");
        expect(() => box.open(flipCharacter(sealed, index))).toThrow(SecretBoxError);
      }),
    );
  });

  it("refuses a value sealed under another key, naming the key", () => {
    const sealed = createSecretBox(OTHER_KEY).seal("client-secret-value");
    expect(() => box.open(sealed)).toThrow(/another REGIOTAFEL_SECRET_KEY/);
  });

  it("refuses what is not a sealed value", () => {
    for (const value of ["", "plain", "v2.a.b.c", "v1.a.b", "v1.!!.b.c", `v1.${"A".repeat(16)}.${"A".repeat(21)}.AA`]) {
      expect(() => box.open(value)).toThrow(/Not a sealed secret/);
    }
  });
});

describe("REGIOTAFEL_SECRET_KEY", () => {
  it("accepts 32 random bytes in base64 or base64url", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const key = Buffer.from(bytes);
        expect(parseSecretKey(key.toString("base64"))).toEqual(key);
        expect(parseSecretKey(key.toString("base64url"))).toEqual(key);
      }),
    );
    expect(parseSecretKey(` ${KEY}\n`)).toEqual(Buffer.alloc(32, 7));
  });

  it("refuses a missing, malformed or wrong-length key with a message that says how to make one", () => {
    expect(() => parseSecretKey(undefined)).toThrow(/REGIOTAFEL_SECRET_KEY is not set: generate one with `openssl rand -base64 32`/);
    expect(() => parseSecretKey("  ")).toThrow(/is not set/);
    expect(() => parseSecretKey("not base64 at all!")).toThrow(/is not base64/);
    expect(() => parseSecretKey(randomBytes(16).toString("base64"))).toThrow(/must be 32 bytes in base64, it is 16 bytes/);
    expect(() => createSecretBox(randomBytes(64).toString("base64"))).toThrow(/it is 64 bytes/);
  });

  it("does not repeat the key in its error", () => {
    const wrong = randomBytes(31).toString("base64");
    expect(() => parseSecretKey(wrong)).toThrow(SecretBoxError);
    try {
      parseSecretKey(wrong);
    } catch (error) {
      expect((error as Error).message).not.toContain(wrong);
    }
  });
});
