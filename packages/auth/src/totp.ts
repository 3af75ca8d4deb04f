import { createHash, randomInt } from "node:crypto";
import { generate, generateSecret, generateURI, verify } from "otplib";
import { formatRecoveryCode, normaliseRecoveryCode, RECOVERY_CODE_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH } from "@regiotafel/domain";

// RFC 6238 as every authenticator app reads it: HMAC-SHA-1, 30-second steps, 6 digits, a
// base32 secret of 160 bits. A code is accepted one step either side of the server's clock.

export const TOTP_PERIOD_S = 30;
const TOTP = { algorithm: "sha1", digits: 6, period: TOTP_PERIOD_S } as const;
const ISSUER = "Regiotafel";

/** A new base32 secret of 20 random bytes. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app scans (as a QR code) to add the account. */
export function otpauthUri(secret: string, account: string): string {
  return generateURI({ ...TOTP, issuer: ISSUER, label: account, secret });
}

/** The code for `at` (tests, and nothing else: the server never needs to make one). */
export function totpCodeAt(secret: string, at: Date): Promise<string> {
  return generate({ ...TOTP, secret, epoch: Math.floor(at.getTime() / 1000) });
}

/**
 * Whether `code` is the secret's code for a step within one of `now`'s, and not for a step at
 * or before `afterStep` (a code already used: replay). The matched step is what to store.
 */
export async function verifyTotp(secret: string, code: string, now: Date, afterStep: number | null): Promise<{ valid: true; step: number } | { valid: false }> {
  const result = await verify({
    ...TOTP,
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_PERIOD_S,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && "timeStep" in result ? { valid: true, step: result.timeStep } : { valid: false };
}

/** Ten new recovery codes, as shown to the owner once ("abcde-12345"); 50 random bits each. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () =>
    formatRecoveryCode(Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)]).join("")),
  );
}

/** The SHA-256 (hex) a recovery code is stored as, of its normalised form: how it was shown or typed does not matter. */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}
