import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

const CHEAP = { log2N: 10, r: 8, p: 1 };

describe("password hashing", () => {
  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("regiotafel-demo", CHEAP);
    expect(await verifyPassword(hash, "regiotafel-demo")).toBe(true);
    expect(await verifyPassword(hash, "regiotafel-demo ")).toBe(false);
  });

  it("salts every hash and never stores the password", async () => {
    const a = await hashPassword("regiotafel-demo", CHEAP);
    const b = await hashPassword("regiotafel-demo", CHEAP);
    expect(a).not.toBe(b);
    expect(a).not.toContain("regiotafel-demo");
    expect(a).toMatch(/^scrypt\$10\$8\$1\$/);
  });

  it("uses a memory-hard default of 128 MiB", async () => {
    const hash = await hashPassword("x");
    expect(hash.startsWith("scrypt$17$8$1$")).toBe(true);
  });

  it("treats malformed stored hashes as a mismatch", async () => {
    expect(await verifyPassword("plain", "plain")).toBe(false);
    expect(await verifyPassword("scrypt$40$8$1$AA==$AA==", "x")).toBe(false);
  });
});
