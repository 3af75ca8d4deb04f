import { z } from "zod";

// The second factor of a password account (issue 20 point 7): a TOTP code from an
// authenticator app (RFC 6238: SHA-1, 30 s, 6 digits) or one of ten single-use recovery codes.

export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;
export const RECOVERY_CODE_LENGTH = 10;
/**
 * The characters of a recovery code: digits and lower-case letters without i, l, o and u
 * (Crockford's base32), so that nothing read off paper is mistaken for something else.
 */
export const RECOVERY_CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** A code as typed: "123 456" and "123456" are the same code (apps show it in two groups). */
export function normaliseTotpCode(input: string): string {
  return input.replace(/[\s-]/g, "");
}

/**
 * A recovery code as typed, in the form it is hashed in: case, spaces and hyphens do not
 * matter, and the letters that look like digits (o, i, l) count as those digits.
 */
export function normaliseRecoveryCode(input: string): string {
  return input
    .toLowerCase()
    .replace(/[\s-]/g, "")
    .replace(/o/g, "0")
    .replace(/[il]/g, "1");
}

/** A recovery code as shown once to its owner: two groups of five ("abcde-12345"). */
export function formatRecoveryCode(code: string): string {
  const half = RECOVERY_CODE_LENGTH / 2;
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

const RECOVERY_CODE = new RegExp(`^[${RECOVERY_CODE_ALPHABET}]{${RECOVERY_CODE_LENGTH}}$`);
const TOTP_CODE = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

export const isTotpCode = (normalised: string) => TOTP_CODE.test(normalised);
export const isRecoveryCode = (normalised: string) => RECOVERY_CODE.test(normalised);

/** A six-digit code from the authenticator app, normalised. */
export const totpCodeSchema = z
  .string({ error: "secondFactor.codeFormat" })
  .max(40, { error: "secondFactor.codeFormat" })
  // Six digits, spaces and hyphens anywhere.
  .regex(/^[\s-]*(?:\d[\s-]*){6}$/, { error: "secondFactor.codeFormat" })
  .transform(normaliseTotpCode)
  .refine(isTotpCode, { error: "secondFactor.codeFormat" });

/** A recovery code, normalised (see normaliseRecoveryCode). */
export const recoveryCodeSchema = z
  .string({ error: "secondFactor.recoveryFormat" })
  .max(60, { error: "secondFactor.recoveryFormat" })
  // Ten letters or digits (any but u, in any case), spaces and hyphens anywhere: what can be a code at all.
  .regex(/^[\s-]*(?:[0-9a-tv-zA-TV-Z][\s-]*){10}$/, { error: "secondFactor.recoveryFormat" })
  .transform(normaliseRecoveryCode)
  .refine(isRecoveryCode, { error: "secondFactor.recoveryFormat" });

/**
 * Whether an account must have a second factor before it may do anything: platform
 * administrators signed in with a password (an organisation's provider does its own).
 */
export function secondFactorRequired(account: { platformAdmin: boolean }): boolean {
  return account.platformAdmin;
}

/**
 * What an account that must enrol may still call before it has a second factor: who it is,
 * signing out, and the enrolment itself. Everything else is refused
 * "secondFactor.enrolmentRequired".
 */
export const ALLOWED_BEFORE_ENROLMENT: readonly string[] = [
  "auth.me",
  "auth.logout",
  "auth.logoutEverywhere",
  "secondFactor.status",
  "secondFactor.enrolment",
  "secondFactor.startEnrolment",
  "secondFactor.confirmEnrolment",
];
