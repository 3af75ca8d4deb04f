import { z } from "zod";

// The organisation directory (issue 17 point 2, ADR 0020): what a municipality of the
// directory file is, how the import compares it with the database, how search text is
// compared, and what a merger (herindeling) may do. Pure: packages/db applies it.

/** The twelve provinces, as CBS names them (PV20–PV31). */
export const PROVINCES = [
  "Groningen",
  "Fryslân",
  "Drenthe",
  "Overijssel",
  "Flevoland",
  "Gelderland",
  "Utrecht",
  "Noord-Holland",
  "Zuid-Holland",
  "Zeeland",
  "Noord-Brabant",
  "Limburg",
] as const;
export type Province = (typeof PROVINCES)[number];

export const CBS_CODE = /^GM\d{4}$/;

/** A CBS municipality code as typed: trimmed, upper case, "GM" and four digits. */
export const cbsCodeSchema = z
  .string({ error: "directory.codeInvalid" })
  .trim()
  .toUpperCase()
  .regex(CBS_CODE, { error: "directory.codeInvalid" });

export const provinceSchema = z.enum(PROVINCES, { error: "directory.provinceInvalid" });

export const directoryMunicipalitySchema = z.object({
  code: cbsCodeSchema,
  name: z.string().trim().min(1).max(120),
  province: provinceSchema,
});
export type DirectoryMunicipality = z.infer<typeof directoryMunicipalitySchema>;

/** The shipped file (prisma/directory/gemeenten-2026.json): metadata and the municipalities. */
export const directoryFileSchema = z
  .object({
    description: z.string(),
    validOn: z.iso.date(),
    compiledOn: z.iso.date(),
    count: z.number().int().positive(),
    sources: z.array(z.string()).min(1),
    municipalities: z.array(directoryMunicipalitySchema),
  })
  .superRefine((file, ctx) => {
    if (file.municipalities.length !== file.count) ctx.addIssue({ code: "custom", message: `count says ${file.count}, file has ${file.municipalities.length}` });
    for (const key of ["code", "name"] as const) {
      const seen = new Set<string>();
      for (const m of file.municipalities) {
        if (seen.has(m[key])) ctx.addIssue({ code: "custom", message: `duplicate ${key} ${m[key]}` });
        seen.add(m[key]);
      }
    }
  });
export type DirectoryFile = z.infer<typeof directoryFileSchema>;

/** What the database holds of a directory municipality, for the import's comparison. */
export interface StoredMunicipality {
  id: string;
  cbsCode: string;
  name: string;
  cbsName: string | null;
  province: string | null;
}

export interface ImportPlan {
  insert: DirectoryMunicipality[];
  /** By CBS code: the new CBS name and province, and `name` when the stored name followed CBS. */
  update: { id: string; cbsCode: string; cbsName: string; province: Province; name?: string }[];
}

/**
 * What the import changes: municipalities missing by CBS code are inserted; a stored one whose
 * CBS name or province differs from the file is updated. Its display name follows the new CBS
 * name only when it was the CBS name (a local name such as the demo's "Bergen" stays). Nothing
 * is ever deleted: a municipality that left the file keeps its row (a merger ends it).
 */
export function planDirectoryImport(file: readonly DirectoryMunicipality[], stored: readonly StoredMunicipality[]): ImportPlan {
  const byCode = new Map(stored.map((s) => [s.cbsCode, s]));
  const plan: ImportPlan = { insert: [], update: [] };
  for (const m of file) {
    const s = byCode.get(m.code);
    if (!s) {
      plan.insert.push(m);
      continue;
    }
    if (s.cbsName === m.name && s.province === m.province) continue;
    const followsCbs = s.cbsName === null || s.name === s.cbsName;
    plan.update.push({
      id: s.id,
      cbsCode: m.code,
      cbsName: m.name,
      province: m.province,
      ...(followsCbs && s.name !== m.name ? { name: m.name } : {}),
    });
  }
  return plan;
}

/**
 * Text as search compares it: lower case, accents dropped (Súdwest-Fryslân → sudwest fryslan),
 * every run of other characters one space ('s-Gravenhage → " s gravenhage"). The database
 * keeps names folded the same way in organisation.search_name (migration 0007; its accent table
 * covers the Latin letters with accents of Dutch and neighbouring languages, and a test checks
 * it agrees with this function).
 */
export function foldSearchText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ø/g, "o")
    .replace(/đ/g, "d")
    .replace(/ł/g, "l")
    .replace(/[^a-z0-9]+/g, " ");
}

/** A slug for a directory organisation: its folded name with hyphens ("Bergen (L.)" → "bergen-l"). */
export function directorySlug(name: string): string {
  return foldSearchText(name).trim().replace(/ /g, "-").slice(0, 60) || "organisatie";
}

/** The organisations a merger touches, as loaded by the service. */
export interface MergerParty {
  id: string;
  cbsCode: string | null;
  kind: string;
  endedOn: Date | string | null;
}

/**
 * The refusal's message key for a merger, or null when it may go ahead: every party is a current
 * municipality, at least one municipality merges away (the successor may be one of `merged`, as
 * Purmerend absorbed Beemster, or a new one, as Voorne aan Zee), and the date is not in the future
 * (the merger is recorded when it takes effect: its people move to the successor at once).
 */
export function mergerRefusal(successor: MergerParty, merged: readonly MergerParty[], date: string, today: string): string | null {
  const away = merged.filter((m) => m.id !== successor.id);
  if (away.length === 0) return "directory.nothingToMerge";
  for (const party of [successor, ...away]) {
    if (party.kind !== "MUNICIPALITY" || party.cbsCode === null) return "directory.notAMunicipality";
    if (party.endedOn !== null) return "directory.alreadyMerged";
  }
  if (date > today) return "directory.mergeInFuture";
  return null;
}
