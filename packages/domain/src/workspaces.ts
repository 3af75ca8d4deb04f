import { z } from "zod";

// Workspaces as the platform creates and ends them (issue 17 point 3, ADR 0022): the address
// (slug) suggested from the name, the municipalities a form names, and who may steward a
// workspace's lifecycle. Pure: packages/db applies it.

/** Longest workspace slug (the address /w/<slug>). */
export const WORKSPACE_SLUG_MAX = 48;

/**
 * Slugs that would read as something else in an address or a log line; refused as "taken".
 * (The routes live under /w/<slug>, so none collides with a page; these are for people.)
 */
export const RESERVED_WORKSPACE_SLUGS: ReadonlySet<string> = new Set(["nieuw", "new", "platform", "admin", "beheer", "api", "setup", "w"]);

/**
 * The address suggested for a workspace name: lower case, accents and everything but letters
 * and digits folded to single hyphens, at most WORKSPACE_SLUG_MAX characters, never empty
 * ("werkruimte"), never reserved or shorter than 2. Always valid for `workspaceSlugSchema` (a property test checks it).
 */
export function suggestWorkspaceSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, WORKSPACE_SLUG_MAX)
    .replace(/-+$/g, "");
  if (slug === "") return "werkruimte";
  // Too short or reserved: made a word of its own ("A" → "a-werkruimte").
  return slug.length < 2 || RESERVED_WORKSPACE_SLUGS.has(slug) ? `${slug}-werkruimte` : slug;
}

/** A workspace address as typed (also a valid `slugSchema`, which routes every workspace call): trimmed, lower case, 2–48 of a–z, 0–9 and single inner hyphens. */
export const workspaceSlugSchema = z
  .string({ error: "workspace.slugInvalid" })
  .trim()
  .toLowerCase()
  .min(2, { error: "workspace.slugInvalid" })
  .max(WORKSPACE_SLUG_MAX, { error: "workspace.slugInvalid" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "workspace.slugInvalid" })
  .refine((slug) => !RESERVED_WORKSPACE_SLUGS.has(slug), { error: "workspace.slugTaken" });

/**
 * The municipalities a form names in one text field: CBS codes ("GM0988") or names, separated by
 * commas, semicolons or new lines. Trimmed, empty parts dropped, duplicates (ignoring case)
 * dropped, order kept.
 */
export function splitMunicipalityList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,;\n\r]+/)) {
    const item = part.trim().replace(/\s+/g, " ");
    if (item === "") continue;
    const key = item.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** What a municipality item names: a CBS code (upper case) or a name. */
export function municipalityReference(item: string): { cbsCode: string } | { name: string } {
  const code = /^gm\s?(\d{4})$/i.exec(item.trim());
  return code ? { cbsCode: `GM${code[1]}` } : { name: item.trim() };
}

/** Who may steward a workspace's lifecycle (regions, archive, delete). */
export interface WorkspaceStanding {
  platformAdmin: boolean;
  /** The user's role in the workspace; null when no member. */
  role: "VIEWER" | "EDITOR" | "COORDINATOR" | "ADMIN" | null;
}

/**
 * A workspace's admins and platform administrators steward it. Anyone else who is no member is
 * told it does not exist (NOT_FOUND, "notFound"); a member below admin is "forbidden".
 */
export function workspaceStewardRefusal(standing: WorkspaceStanding): null | "notFound" | "forbidden" {
  if (standing.platformAdmin || standing.role === "ADMIN") return null;
  return standing.role === null ? "notFound" : "forbidden";
}

/**
 * The name typed to confirm a deletion matches the workspace's name exactly (surrounding spaces
 * ignored; case, accents and inner spaces count).
 */
export function deletionConfirmed(workspaceName: string, typed: string): boolean {
  return typed.trim() === workspaceName.trim() && typed.trim() !== "";
}
