import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// A known-device cookie: handed out at a successful sign-in, it lets this browser sign in to
// that account while the account is locked for everyone else (ADR 0014). It is signed with
// the account's stored password hash as the key: no server secret to configure, only the
// server can make one, and a password change revokes every device cookie of the account.

export const DEVICE_COOKIE = "regiotafel_device";
export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 60 * 60;

const VERSION = "v1";
const VALUE = /^[A-Za-z0-9._-]{1,300}$/;
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

export const newDeviceId = () => randomBytes(16).toString("base64url");

function mac(userId: string, deviceId: string, key: string): Buffer {
  return createHmac("sha256", key).update(`regiotafel-device|${VERSION}|${userId}|${deviceId}`).digest();
}

/** `v1.<device id>.<signature>`: the account is not named (the signature covers it). */
export function signDevice(userId: string, deviceId: string, key: string): string {
  return [VERSION, deviceId, mac(userId, deviceId, key).toString("base64url")].join(".");
}

/** The device id of a cookie value made by `signDevice` for this user and key, or null. */
export function verifyDevice(value: string, userId: string, key: string): string | null {
  const parts = value.split(".");
  if (parts.length !== 3) return null;
  const [version, deviceId, signature] = parts as [string, string, string];
  if (version !== VERSION || !DEVICE_ID.test(deviceId) || !MAC.test(signature)) return null;
  const given = Buffer.from(signature, "base64url");
  const expected = mac(userId, deviceId, key);
  return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : null;
}

/**
 * The device cookie's value from a Cookie header, or null. Parsed by hand and never
 * URI-decoded: a malformed header is simply no device cookie.
 */
export function readDeviceCookie(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== DEVICE_COOKIE) continue;
    const value = part.slice(at + 1).trim();
    if (VALUE.test(value)) return value;
  }
  return null;
}

export function serializeDeviceCookie(value: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${value}; Path=/; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
