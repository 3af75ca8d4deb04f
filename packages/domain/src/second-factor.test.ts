import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { errorMessages } from "./messages";
import { secondFactorOperations } from "./operations";
import {
  formatRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_LENGTH,
  recoveryCodeSchema,
  secondFactorRequired,
  totpCodeSchema,
} from "./second-factor";

const recoveryCode = fc.string({ unit: fc.constantFrom(...RECOVERY_CODE_ALPHABET), minLength: RECOVERY_CODE_LENGTH, maxLength: RECOVERY_CODE_LENGTH });

describe("codes from the authenticator app", () => {
  it("takes six digits, also typed in two groups", () => {
    expect(totpCodeSchema.parse("123456")).toBe("123456");
    expect(totpCodeSchema.parse(" 123 456 ")).toBe("123456");
    expect(totpCodeSchema.parse("123-456")).toBe("123456");
  });

  it("refuses anything but six digits with one message", () => {
    for (const bad of ["", "12345", "1234567", "12345a", "１２３４５６", "١٢٣٤٥٦"]) {
      const result = totpCodeSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("secondFactor.codeFormat");
    }
  });
});

describe("recovery codes", () => {
  it("reads a code shown to its owner back whatever the case, spacing or hyphens", () => {
    fc.assert(
      fc.property(recoveryCode, fc.boolean(), fc.boolean(), (code, upper, spaced) => {
        let typed = formatRecoveryCode(code);
        if (upper) typed = typed.toUpperCase();
        if (spaced) typed = typed.replace("-", " - ");
        expect(recoveryCodeSchema.parse(typed)).toBe(code);
      }),
    );
  });

  it("reads o, i and l as the digits they look like", () => {
    expect(normaliseRecoveryCode("OIL00-11111")).toBe("0110011111");
  });

  it("refuses codes of another length or with other characters", () => {
    for (const bad of ["abcde-1234", "abcde-123456", "abcde-1234u", "abcde-1234!", ""]) {
      const result = recoveryCodeSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("secondFactor.recoveryFormat");
    }
  });

  it("shows a code as two groups of five", () => {
    expect(formatRecoveryCode("abcde12345")).toBe("abcde-12345");
  });
});

describe("who must have a second factor", () => {
  it("is platform administrators", () => {
    expect(secondFactorRequired({ platformAdmin: true })).toBe(true);
    expect(secondFactorRequired({ platformAdmin: false })).toBe(false);
  });
});

describe("the operations' refusals", () => {
  it("have a message in every language", () => {
    const keys = Object.values(secondFactorOperations).flatMap((op) => ("refusals" in op ? [...op.refusals] : []));
    expect(keys.length).toBeGreaterThan(10);
    for (const key of [...keys, "secondFactor.enrolmentRequired"]) {
      expect(errorMessages.nl[key], key).toBeDefined();
      expect(errorMessages.en[key], key).toBeDefined();
    }
  });
});
