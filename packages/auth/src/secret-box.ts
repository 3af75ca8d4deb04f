import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Seals secrets at rest (OIDC client secrets, TOTP secrets) under REGIOTAFEL_SECRET_KEY. */
export interface SecretBox {
  /** `v1.<iv>.<tag>.<ciphertext>`, each part base64url; a fresh random IV every time. */
  seal(plain: string): string;
  /** Throws a `SecretBoxError` when the value was tampered with or sealed under another key. */
  open(sealed: string): string;
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Reads REGIOTAFEL_SECRET_KEY: 32 random bytes in base64 (`openssl rand -base64 32`).
 * The error names the variable and says how to make one, never the value itself.
 */
export function parseSecretKey(value: string | undefined): Buffer {
  const hint = "generate one with `openssl rand -base64 32`";
  const text = value?.trim() ?? "";
  if (text === "") throw new SecretBoxError(`REGIOTAFEL_SECRET_KEY is not set: ${hint}.`);
  if (!BASE64.test(text)) throw new SecretBoxError(`REGIOTAFEL_SECRET_KEY is not base64: ${hint}.`);
  const key = Buffer.from(text, text.includes("-") || text.includes("_") ? "base64url" : "base64");
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(`REGIOTAFEL_SECRET_KEY must be ${KEY_BYTES} bytes in base64, it is ${key.length} bytes: ${hint}.`);
  }
  return key;
}

/** AES-256-GCM with a random 12-byte IV per value; `key` is REGIOTAFEL_SECRET_KEY's value. */
export function createSecretBox(key: string): SecretBox {
  const secretKey = parseSecretKey(key);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", secretKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
      return [VERSION, ...parts].join(".");
    },
    open(sealed) {
      const parts = sealed.split(".");
      if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((part) => BASE64URL.test(part))) {
        throw new SecretBoxError("Not a sealed secret (expected v1.<iv>.<tag>.<ciphertext>).");
      }
      const decoded = parts.slice(1).map((part) => Buffer.from(part, "base64url"));
      const [iv, tag, ciphertext] = decoded as [Buffer, Buffer, Buffer];
      // Only the canonical spelling: a changed padding bit is a changed value too.
      const canonical = decoded.every((part, index) => part.toString("base64url") === parts[index + 1]);
      if (!canonical || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new SecretBoxError("Not a sealed secret (a part is not canonical base64url, or the IV or tag has the wrong length).");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", secretKey, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError("The sealed secret cannot be opened: it was changed, or sealed under another REGIOTAFEL_SECRET_KEY.");
      }
    },
  };
}
