import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The secret key of a single development or demo installation without REGIOTAFEL_SECRET_KEY:
 * made once (32 random bytes) and kept in DATA_DIR/secret-key, readable by this user only.
 * Production and clusters set the variable (config.ts refuses to start without it).
 */
export async function localSecretKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "secret-key");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64");
  try {
    // "wx": of two processes starting at once, one writes; the other reads what it wrote.
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return (await readFile(file, "utf8")).trim();
  }
}
