import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCUMENT_KINDS, DUTCH_LABELS, ROLES } from "@regiotafel/domain";
import { HISTORY_FILTERS } from "~/lib/history";
import { duplicateKeys, uiMessages } from "./ui-messages";

const SRC = new URL("..", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("interface texts", () => {
  it("has every key in Dutch and in English", () => {
    expect(Object.keys(uiMessages.en).sort()).toEqual(Object.keys(uiMessages.nl).sort());
  });

  it("defines each key in one catalogue only, and labels every vocabulary code in both languages", () => {
    expect(duplicateKeys()).toEqual([]);
    for (const code of Object.keys(DUTCH_LABELS)) {
      expect(uiMessages.nl[`code.${code}`], code).toBe(DUTCH_LABELS[code]);
      expect(uiMessages.en[`code.${code}`], code).toBeTruthy();
    }
  });

  it("uses the same placeholders in both languages", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(uiMessages.nl)) {
      expect(placeholders(uiMessages.en[key] ?? ""), key).toEqual(placeholders(uiMessages.nl[key]!));
    }
  });

  it("has a text for every key the code asks for", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const code = readFileSync(file, "utf8");
      for (const m of code.matchAll(/\bt\(\s*"([a-zA-Z][\w.]*)"/g)) used.add(m[1]!);
      for (const m of code.matchAll(/\b(?:crumb|label): "([a-z]+\.[\w.]+)"/g)) used.add(m[1]!);
      for (const m of code.matchAll(/countText\([^,]+,[^,]+,\s*"([\w.]+)"/g)) {
        used.add(`${m[1]}.one`);
        used.add(`${m[1]}.other`);
      }
    }
    for (const role of ROLES) used.add(`role.${role}`);
    for (const filter of HISTORY_FILTERS) used.add(`history.filter.${filter}`);
    for (const kind of DOCUMENT_KINDS) used.add(`documents.kind.${kind}`);
    for (const state of ["saved", "syncing", "loading", "offline"]) used.add(`editor.sync.${state}`);
    for (const intent of ["rename", "archive", "unarchive", "saveVersion", "restoreVersion"]) used.add(`document.done.${intent}`);
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => !(key in uiMessages.nl));
    expect(missing).toEqual([]);
  });
});
