import { z } from "zod";
import { emptyAsNull, formList, formNumber } from "../form-input";
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

// Numbers as forms post them (form-input.ts): amounts and counts read "12.900" as 12900,
// fte and percentages as 12.9. `optional` fields read an empty text as none.
const number = z.number({ error: "number.invalid" });
const fteNumber = number.min(0, { error: "number.negative" }).max(1000, { error: "number.tooLarge" });
const countNumber = number.int({ error: "number.whole" }).min(0, { error: "number.negative" }).max(100_000, { error: "number.tooLarge" });
const euroNumber = number.min(0, { error: "number.negative" }).max(1e12, { error: "number.tooLarge" });
const percentageNumber = number.min(0, { error: "percentage.range" }).max(100, { error: "percentage.range" });
const fte = formNumber("decimal", fteNumber);
const euros = formNumber("amount", euroNumber);
const optional = (kind: "amount" | "decimal", schema: z.ZodNumber) => formNumber(kind, schema.nullable()).default(null);
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) => emptyAsNull(choice(values).nullable()).default(null);
const optionalId = emptyAsNull(idSchema.nullable()).default(null);
const ids = (max: number) => formList(z.array(idSchema).max(max)).default([]);

export const staffingLineSchema = z.object({
  function: requiredText(120),
  fteCurrent: fte,
  fteMinimum: formNumber("decimal", fteNumber.nullable()),
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
  participantIds: ids(500),
  ownerRegionId: optionalId,
  contractStart: date.default(null),
  contractEnd: date.default(null),
  extensionOptions: optionalText(300),
  estimatedValue: optional("amount", euroNumber),
  sroiPercentage: optional("decimal", percentageNumber),
  sroiThreshold: optional("amount", euroNumber),
  fundingModel: optionalChoice(FUNDING_MODELS),
});

export const lotSchema = z
  .object({
    segment: optionalText(120),
    title: requiredText(200),
    regionalProvidersMin: optional("amount", countNumber),
    regionalProvidersMax: optional("amount", countNumber),
    localProvidersMin: optional("amount", countNumber),
    localProvidersMax: optional("amount", countNumber),
    procedureOverride: optionalChoice(PROCEDURES),
    /** The contract value this lot is expected to have (OCDS lots[].value). */
    expectedValue: optional("amount", euroNumber),
    notes: optionalText(2000),
  })
  .refine((l) => rangeOk(l.regionalProvidersMin, l.regionalProvidersMax), { error: "range.invalid", path: ["regionalProvidersMax"] })
  .refine((l) => rangeOk(l.localProvidersMin, l.localProvidersMax), { error: "range.invalid", path: ["localProvidersMax"] });

export const milestoneSchema = z.object({
  lotId: optionalId,
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
  leadRegionId: optionalId,
  centralMunicipalityId: optionalId,
  regionIds: ids(200),
  municipalityIds: ids(1000),
  tenderIds: ids(500),
  budgetSplit: optionalText(2000),
  riskSharing: optionalText(2000),
  cooperation: optionalText(2000),
});

export const marketFigureSchema = z.object({
  lotId: optionalId,
  label: requiredText(200),
  domain: optionalChoice(SOCIAL_DOMAINS),
  year: formNumber("decimal", number.int({ error: "number.whole" }).min(2000, { error: "year.range" }).max(2100, { error: "year.range" })),
  spend: euros,
  providers: optional("amount", countNumber),
  clients: optional("amount", countNumber),
  top3Share: optional("decimal", percentageNumber),
  top10Share: optional("decimal", percentageNumber),
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
  bodyId: optionalId,
  title: requiredText(200),
  decision: requiredText(4000),
  documents: z
    .array(z.object({ title: requiredText(200), url: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "url.invalid" })]).default("") }))
    .max(50)
    .default([]),
});

export const nvoCheckSchema = z.object({
  agreement: formNumber("decimal", z.number({ error: "choice.invalid" }).int({ error: "choice.invalid" }).min(1, { error: "choice.invalid" }).max(8, { error: "choice.invalid" })),
  status: choice(CHECKLIST_STATUSES),
  notes: optionalText(2000),
});
