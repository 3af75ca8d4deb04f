import { z } from "zod";
import { idSchema, isoDateSchema } from "../schemas";
import { optionalText, requiredText } from "../text";
import { TENDER_STATUSES } from "./lifecycle";
import {
  CHECKLIST_STATUSES,
  EMPLOYMENTS,
  FUNDING_MODELS,
  GOVERNANCE_BODY_KINDS,
  MILESTONE_STATUSES,
  MILESTONE_TYPES,
  ORGANISATION_FORMS,
  PROCEDURES,
  PROCUREMENT_LEVELS,
  SOCIAL_DOMAINS,
} from "./vocabulary";

const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: "choice.invalid" });

/** An ISO date (yyyy-mm-dd), as forms send it; "" means none. */
const date = z
  .union([z.literal(""), isoDateSchema])
  .nullable()
  .transform((v) => (v ? v : null));

const fte = z.number({ error: "number.invalid" }).min(0, { error: "number.negative" }).max(1000, { error: "number.tooLarge" });
const count = z.number({ error: "number.invalid" }).int({ error: "number.whole" }).min(0, { error: "number.negative" }).max(100_000, { error: "number.tooLarge" });
const euros = z.number({ error: "number.invalid" }).min(0, { error: "number.negative" }).max(1e12, { error: "number.tooLarge" });
const percentage = z.number({ error: "number.invalid" }).min(0, { error: "percentage.range" }).max(100, { error: "percentage.range" });

export const staffingLineSchema = z.object({
  function: requiredText(120),
  fteCurrent: fte,
  fteMinimum: fte.nullable(),
  employment: choice(EMPLOYMENTS).default("EMPLOYED"),
  notes: optionalText(1000),
});

const rangeOk = (min: number | null | undefined, max: number | null | undefined) => min == null || max == null || min <= max;

export const tenderSchema = z.object({
  title: requiredText(200),
  description: optionalText(4000),
  domain: choice(SOCIAL_DOMAINS),
  level: choice(PROCUREMENT_LEVELS),
  procedure: choice(PROCEDURES),
  procuringEntityId: idSchema,
  participantIds: z.array(idSchema).max(500).default([]),
  ownerRegionId: idSchema.nullable().default(null),
  contractStart: date.default(null),
  contractEnd: date.default(null),
  extensionOptions: optionalText(300),
  estimatedValue: euros.nullable().default(null),
  sroiPercentage: percentage.nullable().default(null),
  sroiThreshold: euros.nullable().default(null),
  fundingModel: choice(FUNDING_MODELS).nullable().default(null),
});

export const lotSchema = z
  .object({
    segment: optionalText(120),
    title: requiredText(200),
    regionalProvidersMin: count.nullable().default(null),
    regionalProvidersMax: count.nullable().default(null),
    localProvidersMin: count.nullable().default(null),
    localProvidersMax: count.nullable().default(null),
    procedureOverride: choice(PROCEDURES).nullable().default(null),
    notes: optionalText(2000),
  })
  .refine((l) => rangeOk(l.regionalProvidersMin, l.regionalProvidersMax), { error: "range.invalid", path: ["regionalProvidersMax"] })
  .refine((l) => rangeOk(l.localProvidersMin, l.localProvidersMax), { error: "range.invalid", path: ["localProvidersMax"] });

export const milestoneSchema = z.object({
  lotId: idSchema.nullable().default(null),
  type: choice(MILESTONE_TYPES),
  title: requiredText(200),
  description: optionalText(1000),
  dueDate: date.default(null),
  dateMet: date.default(null),
  status: choice(MILESTONE_STATUSES).default("SCHEDULED"),
});

export const tenderStatusSchema = choice(TENDER_STATUSES);

export const segmentSchema = z.object({
  name: requiredText(200),
  domain: choice(SOCIAL_DOMAINS),
  level: choice(PROCUREMENT_LEVELS),
  leadRegionId: idSchema.nullable().default(null),
  centralMunicipalityId: idSchema.nullable().default(null),
  regionIds: z.array(idSchema).max(200).default([]),
  municipalityIds: z.array(idSchema).max(1000).default([]),
  tenderIds: z.array(idSchema).max(500).default([]),
  budgetSplit: optionalText(2000),
  riskSharing: optionalText(2000),
  cooperation: optionalText(2000),
});

export const marketFigureSchema = z.object({
  lotId: idSchema.nullable().default(null),
  label: requiredText(200),
  domain: choice(SOCIAL_DOMAINS).nullable().default(null),
  year: z.number({ error: "number.invalid" }).int({ error: "number.whole" }).min(2000, { error: "year.range" }).max(2100, { error: "year.range" }),
  spend: euros,
  providers: count.nullable().default(null),
  clients: count.nullable().default(null),
  top3Share: percentage.nullable().default(null),
  top10Share: percentage.nullable().default(null),
});

export const governanceModelSchema = z.object({
  organisationForm: choice(ORGANISATION_FORMS),
  description: optionalText(4000),
});

export const governanceBodySchema = z.object({
  kind: choice(GOVERNANCE_BODY_KINDS),
  name: requiredText(200),
  members: z
    .array(z.object({ name: requiredText(120), role: optionalText(120), organisation: optionalText(160) }))
    .max(100)
    .default([]),
});

export const decisionSchema = z.object({
  date: isoDateSchema,
  bodyId: idSchema.nullable().default(null),
  title: requiredText(200),
  decision: requiredText(4000),
  documents: z
    .array(z.object({ title: requiredText(200), url: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "url.invalid" })]).default("") }))
    .max(50)
    .default([]),
});

export const nvoCheckSchema = z.object({
  agreement: z.number().int().min(1, { error: "choice.invalid" }).max(8, { error: "choice.invalid" }),
  status: choice(CHECKLIST_STATUSES),
  notes: optionalText(2000),
});
