import { createHash } from "node:crypto";

/**
 * How every single-use or bearer token is kept (setup links, mail links, invitations, SCIM
 * tokens, sign-ins in progress): only its SHA-256, in hex. The tokens are random (≥ 256 bits),
 * so a plain hash suffices; a lookup by hash finds them.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
