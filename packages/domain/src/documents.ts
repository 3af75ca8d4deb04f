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

/** Admins, and coordinators of a body without a region (they serve the whole workspace). */
const servesWholeWorkspace = (member: MemberPosition) => member.role === "ADMIN" || (member.role === "COORDINATOR" && member.regionId === null);

/**
 * Who may change a document's text and title. Everyone in the workspace may read it.
 * A workspace document (no owner region) is edited by every member with at least its editing
 * role. A region's document is edited only by that region's members with that role (its
 * coordinators, when the role is COORDINATOR), the workspace's coordinators and admins:
 * another region reads it but does not change it.
 */
export function canEditDocument(member: MemberPosition, doc: DocumentRights): boolean {
  if (servesWholeWorkspace(member)) return hasAtLeast(member.role, doc.editRole);
  if (!hasAtLeast(member.role, doc.editRole)) return false;
  return doc.ownerRegionId === null || member.regionId === doc.ownerRegionId;
}

/**
 * Who may create which document, and with which rights it starts:
 * free documents by editors, for the workspace or their own region; the joint strategy and the
 * workspace's governance text by coordinators; a region's governance text by that region's
 * coordinators. Admins and the workspace's coordinators may do all.
 */
export function newDocumentRights(
  member: MemberPosition,
  kind: DocumentKind,
  ownerRegionId: string | null,
): DocumentRights | "FORBIDDEN" {
  switch (kind) {
    case "FREE":
      if (!hasAtLeast(member.role, "EDITOR")) return "FORBIDDEN";
      // A free document for a region: only for one's own region (or by those who serve all regions).
      if (ownerRegionId && !servesWholeWorkspace(member) && member.regionId !== ownerRegionId) return "FORBIDDEN";
      return { editRole: "EDITOR", ownerRegionId };
    case "STRATEGY":
      return hasAtLeast(member.role, "COORDINATOR") ? { editRole: "EDITOR", ownerRegionId: null } : "FORBIDDEN";
    case "GOVERNANCE":
      if (!hasAtLeast(member.role, "COORDINATOR")) return "FORBIDDEN";
      if (ownerRegionId && !servesWholeWorkspace(member) && member.regionId !== ownerRegionId) return "FORBIDDEN";
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

/** The content a new document of `kind` starts with: the outline of its kind under its title. */
export function startingBlocks(kind: DocumentKind, title: string): OutlineBlock[] {
  switch (kind) {
    case "STRATEGY":
      return strategyOutlineBlocks(title);
    case "GOVERNANCE":
      return governanceBlocks(title);
    case "FREE":
      return [
        { type: "heading", level: 1, text: title },
        { type: "paragraph", text: "" },
      ];
  }
}
