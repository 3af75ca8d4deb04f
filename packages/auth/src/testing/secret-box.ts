import { randomBytes } from "node:crypto";
import { createSecretBox, type SecretBox } from "../secret-box";

/** The real secret box under a random key, for tests (the server's key comes from REGIOTAFEL_SECRET_KEY). */
export function createTestSecretBox(): SecretBox {
  return createSecretBox(randomBytes(32).toString("base64"));
}
