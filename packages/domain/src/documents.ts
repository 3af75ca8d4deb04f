import { z } from "zod";
import { hasAtLeast, ROLES, type Role } from "./roles";
import { isStorableText, STORABLE_TEXT } from "./text";

export const DOCUMENT_KINDS = ["STRATEGY", "GOVERNANCE", "FREE"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentRights {
  editRole: Role;
  ownerRegionId: string | null;
}

export interface MemberPosition {
  role: Role;
  /** Region of the member's organisation. */
  regionId: string | null;
}

/**
 * Who may change a document's text and title. Everyone in the workspace may read it.
 * A document whose lowest editing role is COORDINATOR and that a region owns may be edited
 * by that region's coordinators (and by admins).
 */
export function canEditDocument(member: MemberPosition, doc: DocumentRights): boolean {
  if (member.role === "ADMIN") return true;
  if (!hasAtLeast(member.role, doc.editRole)) return false;
  if (doc.editRole === "COORDINATOR" && doc.ownerRegionId) return member.regionId === doc.ownerRegionId;
  return true;
}

/**
 * Who may create which document, and with which rights it starts:
 * free documents by editors; the joint strategy and the workspace's governance text by
 * coordinators; a region's governance text by that region's coordinators. Admins may do all.
 */
export function newDocumentRights(
  member: MemberPosition,
  kind: DocumentKind,
  ownerRegionId: string | null,
): DocumentRights | "FORBIDDEN" {
  const admin = member.role === "ADMIN";
  switch (kind) {
    case "FREE":
      return hasAtLeast(member.role, "EDITOR") ? { editRole: "EDITOR", ownerRegionId } : "FORBIDDEN";
    case "STRATEGY":
      return hasAtLeast(member.role, "COORDINATOR") ? { editRole: "EDITOR", ownerRegionId: null } : "FORBIDDEN";
    case "GOVERNANCE":
      if (!hasAtLeast(member.role, "COORDINATOR")) return "FORBIDDEN";
      if (ownerRegionId && !admin && member.regionId !== ownerRegionId) return "FORBIDDEN";
      return { editRole: "COORDINATOR", ownerRegionId };
  }
}

export const documentTitleSchema = z
  .string({ error: "document.titleRequired" })
  .trim()
  .min(1, { error: "document.titleRequired" })
  .max(160, { error: "document.titleTooLong" })
  .refine(isStorableText, STORABLE_TEXT);

export const versionNameSchema = z
  .string({ error: "version.nameRequired" })
  .trim()
  .min(1, { error: "version.nameRequired" })
  .max(120, { error: "text.tooLong" })
  .refine(isStorableText, STORABLE_TEXT);

export const editRoleSchema = z.enum(ROLES, { error: "role.invalid" }).refine((r) => r !== "VIEWER", { error: "role.invalid" });

/** A block of initial document content: a heading or a paragraph. */
export type OutlineBlock = { type: "heading"; level: 1 | 2 | 3; text: string } | { type: "paragraph"; text: string };

/**
 * The outline of a joint procurement strategy (inkoopstrategie), after seed 002 and the
 * VNG procurement pyramid: each chapter with a short prompt of what belongs in it.
 */
export const STRATEGY_OUTLINE: { heading: string; prompt: string }[] = [
  { heading: "1. Inleiding", prompt: "Waarom een nieuwe inkoopstrategie? Scope, betrokken gemeenten en het proces van totstandkoming." },
  { heading: "2. Ontwikkelingen", prompt: "Landelijke, bovenregionale en regionale ontwikkelingen die de inkoop raken." },
  { heading: "3. Regio- en marktanalyse", prompt: "De regio, het huidige inkoopsysteem en de markt: uitgaven, aanbieders, cliënten en marktconcentratie per perceel." },
  { heading: "4. Uitgangspunten", prompt: "De gemeenschappelijke uitgangspunten van de samenwerkende gemeenten (transformatie sociaal domein)." },
  { heading: "5. Inkoopdoelen", prompt: "Wat de inkoop moet bereiken: kwaliteit, toegankelijkheid, beheersbaarheid en administratieve lasten." },
  { heading: "6. Segmenten", prompt: "De indeling in segmenten en percelen, met per segment het niveau (lokaal, regionaal, bovenregionaal)." },
  { heading: "7. Sturingsinstrumenten", prompt: "Toegangsmanagement, leveranciersmanagement, contractvormen en bekostiging (inspanningsgericht, outputgericht, taakgericht)." },
  { heading: "8. Implementatiesporen", prompt: "De inkoopsporen en hun planning: van marktconsultatie tot implementatie." },
  { heading: "9. Risico's en beheersmaatregelen", prompt: "De belangrijkste risico's van de gekozen strategie en hoe we ze beheersen." },
];

export function strategyOutlineBlocks(title: string): OutlineBlock[] {
  return [
    { type: "heading", level: 1, text: title },
    ...STRATEGY_OUTLINE.flatMap(({ heading, prompt }): OutlineBlock[] => [
      { type: "heading", level: 2, text: heading },
      { type: "paragraph", text: prompt },
    ]),
  ];
}

export function governanceBlocks(title: string): OutlineBlock[] {
  return [
    { type: "heading", level: 1, text: title },
    { type: "heading", level: 2, text: "Organisatievorm" },
    { type: "paragraph", text: "Gemeenschappelijke regeling, convenant, samenwerkingsovereenkomst of netwerkorganisatie; rechtspersoonlijkheid." },
    { type: "heading", level: 2, text: "Organen en mandaten" },
    { type: "paragraph", text: "Stuurgroep, ambtelijke regiegroep, Dagelijks en Algemeen Bestuur, portefeuillehoudersoverleg: wie beslist waarover." },
    { type: "heading", level: 2, text: "Besluitvorming" },
    { type: "paragraph", text: "Hoe besluiten worden voorbereid, genomen en vastgelegd." },
  ];
}
