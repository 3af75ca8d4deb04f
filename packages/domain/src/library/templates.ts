import { z } from "zod";
import { DEMO_CRITERIA, DEMO_SCENARIOS } from "../assessment";
import { STRATEGY_OUTLINE, type OutlineBlock } from "../documents";
import { formWords } from "../form-input";
import { isStorableText, STORABLE_TEXT } from "../text";
import { MILESTONE_TYPES, NVO_AGREEMENTS, PROCEDURES, SOCIAL_DOMAINS, type MilestoneType } from "../procurement/vocabulary";

// Templates of a learning network's library (seed 004, action lines 1 and 3). A template's
// content is STRUCTURE only — sections, criteria, milestones, lots — never a workspace's data
// (no texts written in documents, no scores, no dates, no participants, no notes).

export const TEMPLATE_KINDS = ["STRATEGY_OUTLINE", "PROJECT_ASSIGNMENT", "SCENARIO_MATRIX", "NVO_CHECKLIST", "MILESTONE_PLAN", "LOT_STRUCTURE"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const text = (max: number) => z.string().trim().max(max, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT);
const title = (max: number) => text(max).min(1, { error: "text.required" });
const count = z.number().int().min(0).max(100_000).nullable();

const sectionsContent = z.object({
  sections: z.array(z.object({ heading: title(200), guidance: text(2000).default("") })).min(1, { error: "template.empty" }).max(60),
});
const matrixContent = z.object({
  scenarios: z.array(z.object({ title: title(200), description: text(2000).default("") })).min(1, { error: "template.empty" }).max(20),
  criteria: z.array(z.object({ title: title(200), description: text(2000).default(""), weight: z.number().min(0).max(100) })).min(1, { error: "template.empty" }).max(30),
});
const checklistContent = z.object({
  items: z.array(z.object({ title: title(300), guidance: text(2000).default("") })).min(1, { error: "template.empty" }).max(60),
});
const milestonePlanContent = z.object({
  milestones: z
    .array(z.object({ type: z.enum(MILESTONE_TYPES), title: title(200), offsetDays: z.number().int().min(-3650).max(3650).nullable() }))
    .min(1, { error: "template.empty" })
    .max(100),
});
const lotStructureContent = z.object({
  domain: z.enum(SOCIAL_DOMAINS),
  procedure: z.enum(PROCEDURES),
  lots: z
    .array(
      z.object({
        segment: text(120).default(""),
        title: title(200),
        regionalProvidersMin: count,
        regionalProvidersMax: count,
        localProvidersMin: count,
        localProvidersMax: count,
        procedureOverride: z.enum(PROCEDURES).nullable(),
      }),
    )
    .min(1, { error: "template.empty" })
    .max(100),
});

export const TEMPLATE_CONTENT = {
  STRATEGY_OUTLINE: sectionsContent,
  PROJECT_ASSIGNMENT: sectionsContent,
  SCENARIO_MATRIX: matrixContent,
  NVO_CHECKLIST: checklistContent,
  MILESTONE_PLAN: milestonePlanContent,
  LOT_STRUCTURE: lotStructureContent,
} as const;

export type SectionsContent = z.infer<typeof sectionsContent>;
export type MatrixContent = z.infer<typeof matrixContent>;
export type ChecklistContent = z.infer<typeof checklistContent>;
export type MilestonePlanContent = z.infer<typeof milestonePlanContent>;
export type LotStructureContent = z.infer<typeof lotStructureContent>;
export type TemplateContent = SectionsContent | MatrixContent | ChecklistContent | MilestonePlanContent | LotStructureContent;

/** Parses stored or extracted content for its kind (throws a ZodError when it does not fit). */
export function parseTemplateContent(kind: TemplateKind, content: unknown): TemplateContent {
  return TEMPLATE_CONTENT[kind].parse(content);
}

export const templateTagsSchema = z
  .array(z.string().trim().toLowerCase().min(1, { error: "text.required" }).max(40, { error: "text.tooLong" }).regex(/^[\p{L}\p{N} -]+$/u, { error: "tag.invalid" }))
  .max(12, { error: "tags.tooMany" })
  .transform((tags) => [...new Set(tags)]);

export const templateMetaSchema = z.object({
  title: title(200),
  description: text(2000).default(""),
  // A form types them in one box, separated by commas.
  tags: formWords(templateTagsSchema).default([]),
});

/** JSON with object keys in a fixed order: the same content always gives the same text (for its hash). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------- structure out of a workspace

/** Sections of a document: its headings below the title, without any text written under them. */
export function sectionsFromBlocks(blocks: readonly OutlineBlock[]): SectionsContent {
  const headings = blocks.filter((b): b is Extract<OutlineBlock, { type: "heading" }> => b.type === "heading" && b.text.trim() !== "");
  const belowTitle = headings.filter((h) => h.level > 1);
  return { sections: (belowTitle.length ? belowTitle : headings).map((h) => ({ heading: h.text.trim(), guidance: "" })) };
}

/** Scenarios and weighted criteria of an assessment; scores, rationales and participants stay behind. */
export function matrixFromAssessment(a: {
  scenarios: readonly { title: string; description: string }[];
  criteria: readonly { title: string; description: string; weight: number }[];
}): MatrixContent {
  return {
    scenarios: a.scenarios.map((s) => ({ title: s.title, description: s.description })),
    criteria: a.criteria.map((c) => ({ title: c.title, description: c.description, weight: c.weight })),
  };
}

const DAY_MS = 86_400_000;

/** A tender's milestones as a plan: types, titles and days after the first dated milestone; no dates. */
export function milestonePlanFromTender(milestones: readonly { type: MilestoneType; title: string; dueDate: string | null }[]): MilestonePlanContent {
  const dated = milestones.map((m) => m.dueDate).filter((d): d is string => d !== null).sort();
  const start = dated[0] ? Date.parse(dated[0]) : null;
  return {
    milestones: milestones.map((m) => ({
      type: m.type,
      title: m.title,
      offsetDays: start !== null && m.dueDate ? Math.round((Date.parse(m.dueDate) - start) / DAY_MS) : null,
    })),
  };
}

/** A tender's lot structure: segments, titles, provider ranges and procedures; no participants, status or notes. */
export function lotStructureFromTender(tender: {
  domain: (typeof SOCIAL_DOMAINS)[number];
  procedure: (typeof PROCEDURES)[number];
  lots: readonly {
    segment: string;
    title: string;
    regionalProvidersMin: number | null;
    regionalProvidersMax: number | null;
    localProvidersMin: number | null;
    localProvidersMax: number | null;
    procedureOverride: (typeof PROCEDURES)[number] | null;
  }[];
}): LotStructureContent {
  return {
    domain: tender.domain,
    procedure: tender.procedure,
    lots: tender.lots.map((l) => ({
      segment: l.segment,
      title: l.title,
      regionalProvidersMin: l.regionalProvidersMin,
      regionalProvidersMax: l.regionalProvidersMax,
      localProvidersMin: l.localProvidersMin,
      localProvidersMax: l.localProvidersMax,
      procedureOverride: l.procedureOverride,
    })),
  };
}

/** The NvO checklist: the 8 agreements, each with guidance and nothing of a region's status. */
export function nvoChecklist(): ChecklistContent {
  return { items: NVO_AGREEMENTS.map((agreement) => ({ title: agreement, guidance: "" })) };
}

// ---------------------------------------------------------------- structure into a workspace

/** The blocks of a new document made from sections or a checklist: title, then each heading with its guidance. */
export function blocksFromSections(documentTitle: string, sections: readonly { heading: string; guidance: string }[]): OutlineBlock[] {
  return [
    { type: "heading", level: 1, text: documentTitle },
    ...sections.flatMap(({ heading, guidance }): OutlineBlock[] => [
      { type: "heading", level: 2, text: heading },
      { type: "paragraph", text: guidance },
    ]),
  ];
}

/** Due dates of a milestone plan counted from `start` (yyyy-mm-dd); undated milestones stay undated. */
export function scheduleMilestones(plan: MilestonePlanContent, start: string): { type: MilestoneType; title: string; dueDate: string | null }[] {
  const origin = Date.parse(`${start}T00:00:00Z`);
  return plan.milestones.map((m) => ({
    type: m.type,
    title: m.title,
    dueDate: m.offsetDays === null ? null : new Date(origin + m.offsetDays * DAY_MS).toISOString().slice(0, 10),
  }));
}

// ---------------------------------------------------------------- the seeds' five templates

/** Seed 000: the format of a project assignment (projectopdracht). */
export const PROJECT_ASSIGNMENT_SECTIONS: SectionsContent["sections"] = [
  { heading: "Onderwerp", guidance: "Waar gaat de opdracht over, in één zin." },
  { heading: "Opdrachtgever", guidance: "Bestuurlijk en ambtelijk opdrachtgever." },
  { heading: "Opdrachtnemer", guidance: "Wie voert de opdracht uit (projectleider)." },
  { heading: "Uitdaging", guidance: "Probleemstelling, de uitdagingen en kansen voor de gemeenten." },
  { heading: "Aanleiding", guidance: "Waarom deze opdracht nu." },
  { heading: "(Achterliggend) doel", guidance: "Wat de opdracht moet bereiken, en de vraagstukken die daarbij aan de orde komen." },
  { heading: "Gewenst resultaat", guidance: "Wat er aan het eind ligt, met een planning per kwartaal." },
  { heading: "Randvoorwaarden: tijd", guidance: "Start, afronding en voortgangsrapportages." },
  { heading: "Randvoorwaarden: geld", guidance: "Budget en dekking." },
  { heading: "Randvoorwaarden: kwaliteit", guidance: "Kwaliteitseisen van opdrachtgever en opdrachtnemer." },
  { heading: "Randvoorwaarden: informatie", guidance: "Hoe opdrachtgever en opdrachtnemer elkaar op de hoogte houden." },
  { heading: "Randvoorwaarden: organisatie", guidance: "Projectteams, rollen en wie op afroep beschikbaar is." },
  { heading: "Randvoorwaarden: communicatie", guidance: "Interne en externe communicatie over voortgang en resultaten." },
  { heading: "Randvoorwaarden: capaciteit en tijdsinzet", guidance: "Uren per rol per week of maand." },
  { heading: "Afbakening", guidance: "Waar de opdracht wel en niet over gaat." },
  { heading: "Afbreukrisico's", guidance: "De belangrijkste risico's en wat ervoor nodig is." },
  { heading: "Besluitvorming", guidance: "Welk gremium wanneer wordt gevraagd in te stemmen." },
];

/** Seed 003: the milestones of a tender (publication ~1 Feb, award ~1 July, start 1 Jan). */
export const TENDER_MILESTONE_PLAN: MilestonePlanContent = {
  milestones: [
    { type: "ENGAGEMENT", title: "Marktconsultatie", offsetDays: -60 },
    { type: "ENGAGEMENT", title: "Publicatie aanbesteding", offsetDays: 0 },
    { type: "ENGAGEMENT", title: "Nota van inlichtingen (1e ronde)", offsetDays: 21 },
    { type: "ENGAGEMENT", title: "Nota van inlichtingen (2e ronde)", offsetDays: 42 },
    { type: "ASSESSMENT", title: "Sluiting inschrijving", offsetDays: 70 },
    { type: "ASSESSMENT", title: "Onderhandelingsfase (optioneel)", offsetDays: 90 },
    { type: "APPROVAL", title: "Voorlopige gunning", offsetDays: 129 },
    { type: "APPROVAL", title: "Definitieve gunning", offsetDays: 150 },
    { type: "DELIVERY", title: "Implementatie", offsetDays: 150 },
    { type: "DELIVERY", title: "Ingang contracten", offsetDays: 334 },
  ],
};

/** The five templates the demo network publishes, from the seeds. */
export const DEMO_TEMPLATES: { kind: TemplateKind; title: string; description: string; tags: string[]; content: TemplateContent }[] = [
  {
    kind: "STRATEGY_OUTLINE",
    title: "Opzet gezamenlijke inkoopstrategie sociaal domein",
    description: "De hoofdstukken van een regionale inkoopstrategie, naar de strategie van Rivierenland: van ontwikkelingen en marktanalyse tot sturingsinstrumenten en risico's.",
    tags: ["inkoopstrategie", "jeugd", "wmo"],
    content: { sections: STRATEGY_OUTLINE.map(({ heading, prompt }) => ({ heading, guidance: prompt })) },
  },
  {
    kind: "PROJECT_ASSIGNMENT",
    title: "Projectopdracht inkoopstrategie",
    description: "Het format van een projectopdracht: onderwerp, opdrachtgever en -nemer, uitdaging, doel, gewenst resultaat, randvoorwaarden (tijd, geld, kwaliteit, informatie, organisatie, communicatie, capaciteit), afbakening, risico's en besluitvorming.",
    tags: ["projectopdracht", "inkoopstrategie"],
    content: { sections: PROJECT_ASSIGNMENT_SECTIONS },
  },
  {
    kind: "SCENARIO_MATRIX",
    title: "Scenario's voor samenwerking in de inkoop",
    description: "Vijf scenario's (van zelfstandig tot provinciaal op onderdelen) en zeven criteria, te scoren met 1, 3 of 5 punten, naar Midden-Limburg West.",
    tags: ["samenwerking", "scenario's", "governance"],
    content: { scenarios: DEMO_SCENARIOS.map((s) => ({ ...s })), criteria: DEMO_CRITERIA.map((c) => ({ ...c, weight: 1 })) },
  },
  {
    kind: "NVO_CHECKLIST",
    title: "Checklist Norm voor Opdrachtgeverschap Jeugd",
    description: "De acht afspraken van de NvO als checklist voor een jeugdregio.",
    tags: ["jeugd", "nvo", "governance"],
    content: nvoChecklist(),
  },
  {
    kind: "MILESTONE_PLAN",
    title: "Mijlpalenplanning aanbesteding sociaal domein",
    description: "Van marktconsultatie via publicatie, nota's van inlichtingen en gunning tot de ingang van de contracten, naar de planning van Noord-Limburg.",
    tags: ["aanbesteding", "planning"],
    content: TENDER_MILESTONE_PLAN,
  },
];
