import { assessmentOperations, parseDutchNumber, SCORES, type Locale, type ScoreValue } from "@regiotafel/domain";
import { z } from "zod";
import { formatNumber, formatPercent } from "./staffing";

// Pure helpers of the scenario assessment pages: the one-per-line text formats of the
// "Nieuwe beoordeling" form, looking up scores per cell, participants' short codes, and the
// figures of the results.

/* ------------------------------------------------------------- text boxes */

export interface ScenarioLine {
  title: string;
  description: string;
}

export interface CriterionLine {
  title: string;
  description: string;
  /** The typed weight; NaN when it is not a number (the procedure refuses it), 1 when left out. */
  weight: number;
}

/** The lines of a text box that hold something (empty lines are skipped). */
function filledLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Splits "a | b | c" into trimmed parts. */
const parts = (line: string) => line.split("|").map((p) => p.trim());

/**
 * Scenarios typed one per line as "titel" or "titel | toelichting". The first "|" separates the
 * explanation, which may itself contain a "|".
 */
export function parseScenarioLines(text: string): ScenarioLine[] {
  return filledLines(text).map((line) => {
    const [title = "", ...rest] = parts(line);
    return { title, description: rest.join(" | ") };
  });
}

/**
 * Criteria typed one per line as "titel", "titel | gewicht" or "titel | gewicht | toelichting".
 * The weight may have a decimal comma ("1,5") or point; left out or empty it is 1.
 */
export function parseCriterionLines(text: string): CriterionLine[] {
  return filledLines(text).map((line) => {
    const [title = "", weightText = "", ...rest] = parts(line);
    const weight = parseDutchNumber(weightText, "decimal");
    return { title, weight: weight ?? 1, description: rest.join(" | ") };
  });
}

/** The text box value for scenarios: the inverse of parseScenarioLines. */
export function formatScenarioLines(scenarios: readonly { title: string; description: string }[]): string {
  return scenarios.map((s) => (s.description ? `${s.title} | ${s.description}` : s.title)).join("\n");
}

/** The text box value for criteria: the inverse of parseCriterionLines (weights in the user's locale). */
export function formatCriterionLines(criteria: readonly { title: string; description: string; weight: number }[], locale: Locale): string {
  return criteria
    .map((c) => {
      const weight = formatNumber(c.weight, locale, 4);
      return c.description ? `${c.title} | ${weight} | ${c.description}` : `${c.title} | ${weight}`;
    })
    .join("\n");
}

/** What the form posts: two text boxes, and one or several (or no) ticked participants. */
const postedAssessment = z.looseObject({
  scenarios: z.string().default(""),
  criteria: z.string().default(""),
  participantIds: z.union([z.string(), z.array(z.string())]).default([]),
});

/**
 * The "Nieuwe beoordeling" form read as assessment.create's input: scenarios and criteria typed
 * one per line, the ticked participants (one or several) as a list; then the contract's schema.
 */
export const assessmentForm = {
  input: z.preprocess((posted) => {
    const texts = postedAssessment.safeParse(posted);
    if (!texts.success) return posted; // not a form: the contract's schema says what is wrong
    const { scenarios, criteria, participantIds } = texts.data;
    return {
      ...texts.data,
      scenarios: parseScenarioLines(scenarios),
      criteria: parseCriterionLines(criteria),
      participantIds: [...new Set([participantIds].flat().filter((id) => id !== ""))],
    };
  }, assessmentOperations.createAssessment.input),
};

/** The "Nieuwe beoordeling" form as it is typed. */
export interface NewAssessmentValues extends Record<string, string | string[]> {
  title: string;
  description: string;
  scenarios: string;
  criteria: string;
  participantIds: string[];
}

export const EMPTY_ASSESSMENT: NewAssessmentValues = { title: "", description: "", scenarios: "", criteria: "", participantIds: [] };

/* ------------------------------------------------------------------ scores */

export interface ScoreRow {
  scenarioId: string;
  criterionId: string;
  participantId: string;
  score: number;
  rationale: string;
}

const cellKey = (scenarioId: string, criterionId: string) => `${scenarioId}:${criterionId}`;

/** Every score by cell, for the matrix: one pass over the scores instead of a search per cell. */
export function scoreLookup<S extends ScoreRow>(scores: readonly S[]) {
  const byCell = new Map<string, S[]>();
  for (const s of scores) {
    const key = cellKey(s.scenarioId, s.criterionId);
    const list = byCell.get(key);
    if (list) list.push(s);
    else byCell.set(key, [s]);
  }
  return {
    /** The scores of one cell, in the order of the participants given (or as stored). */
    cell(scenarioId: string, criterionId: string): S[] {
      return byCell.get(cellKey(scenarioId, criterionId)) ?? [];
    },
    /** One participant's score of a cell. */
    get(scenarioId: string, criterionId: string, participantId: string): S | undefined {
      return byCell.get(cellKey(scenarioId, criterionId))?.find((s) => s.participantId === participantId);
    },
    /** How many cells a participant has scored. */
    countFor(participantId: string): number {
      return scores.filter((s) => s.participantId === participantId).length;
    },
  };
}

/** The value of a score button: 1, 3 or 5; anything else is null. */
export function scoreValue(text: string | null | undefined): ScoreValue | null {
  const n = Number(text);
  return (text && SCORES.find((score) => score === n)) || null;
}

/**
 * The score a cell's form sends: the button pressed ("score"), or, when only the rationale is
 * saved, the cell's current score. NaN when there is neither (the procedure says why).
 */
export function submittedScore(pressed: string, current: string): number {
  const text = pressed || current;
  return text === "" ? Number.NaN : Number(text);
}

/* ------------------------------------------------------------ participants */

/**
 * A short code per participant for the matrix badges and the results columns: the initials of
 * a name of several words ("Convenant Midden-Limburg West" → "CMLW"), the first three letters of
 * a single word ("Weert" → "Wee"). A regional body is known by its region's name, when given
 * ("Midden-Limburg West" → "MLW"). Codes that would be the same get a number.
 */
export function participantCodes(participants: readonly { id: string; name: string }[], regionOf: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const base = participants.map((p) => {
    const name = regionOf.get(p.id) ?? p.name;
    const words = name.split(/[\s-]+/).filter(Boolean);
    const code = words.length > 1 ? words.map((w) => w[0]!.toUpperCase()).join("") : name.slice(0, 3);
    return { id: p.id, code };
  });
  const counts = new Map<string, number>();
  for (const b of base) counts.set(b.code, (counts.get(b.code) ?? 0) + 1);
  const seen = new Map<string, number>();
  return new Map(
    base.map((b) => {
      if (counts.get(b.code) === 1) return [b.id, b.code];
      const n = (seen.get(b.code) ?? 0) + 1;
      seen.set(b.code, n);
      return [b.id, `${b.code}${n}`];
    }),
  );
}

/* ----------------------------------------------------------------- figures */

/** A weighted total or weight: "23,5" (nl), "23.5" (en); at most two decimals; null is "—". */
export function formatPoints(value: number | null | undefined, locale: Locale): string {
  return typeof value === "number" && Number.isFinite(value) ? formatNumber(value, locale, 2) : "—";
}

/** A percentage of the maximum (0–100): "67,1%"; null is "—". */
export function formatShare(value: number | null | undefined, locale: Locale): string {
  return typeof value === "number" && Number.isFinite(value) ? formatPercent(value, locale) : "—";
}

/** A total as a percentage of the maximum, with one decimal (for the chart); null when unknown. */
export function shareOf(total: number | null | undefined, maximum: number): number | null {
  if (typeof total !== "number" || !Number.isFinite(total) || maximum <= 0) return null;
  return Math.round((total / maximum) * 1000) / 10;
}

/** The lowest and highest participant total of a scenario (the ends of the spread). */
export function totalRange(perParticipant: readonly { total: number | null }[]): { low: number; high: number } | null {
  const totals = perParticipant.map((p) => p.total).filter((t): t is number => t !== null);
  return totals.length ? { low: Math.min(...totals), high: Math.max(...totals) } : null;
}

/** How far scoring has come as a whole percentage (0 when there is nothing to score). */
export function progressPercent(progress: { scored: number; total: number }): number {
  return progress.total > 0 ? Math.round((progress.scored / progress.total) * 100) : 0;
}

/* ----------------------------------------------------------------- weights */

/** The weight field of a criterion in the coordinators' weights form. */
export const weightField = (criterionId: string) => `weight-${criterionId}`;

export interface WeightCheck {
  /** Criteria whose typed weight differs from the stored one, with the new weight. */
  changes: { criterionId: string; weight: number }[];
  /** Fields with a weight that is not allowed, and the message key why. */
  invalid: { field: string; messageKey: string }[];
}

/**
 * Reads the typed weights ("1,5" or "1.5") against the stored ones: what changed, and what is not
 * a weight between 0 and 100 (the same rules as the procedure, so nothing is saved half).
 */
export function checkWeights(criteria: readonly { id: string; weight: number }[], typed: (field: string) => string): WeightCheck {
  const changes: WeightCheck["changes"] = [];
  const invalid: WeightCheck["invalid"] = [];
  for (const c of criteria) {
    const field = weightField(c.id);
    const weight = parseDutchNumber(typed(field), "decimal");
    if (weight === null) invalid.push({ field, messageKey: "text.required" });
    else if (Number.isNaN(weight)) invalid.push({ field, messageKey: "number.invalid" });
    else if (weight < 0) invalid.push({ field, messageKey: "number.negative" });
    else if (weight > 100) invalid.push({ field, messageKey: "number.tooLarge" });
    else if (weight !== c.weight) changes.push({ criterionId: c.id, weight });
  }
  return { changes, invalid };
}

/**
 * The weights form as one input (lib/submission.server.ts reads a form with it): every typed weight
 * of these criteria is checked (checkWeights), an invalid one refused with a message next to its
 * field, so that nothing is saved half; the output is the weights that changed.
 */
export function weightsForm(criteria: readonly { id: string; weight: number }[]) {
  return {
    input: z.record(z.string(), z.unknown()).transform((posted, context) => {
      const check = checkWeights(criteria, (field) => {
        const value = posted[field];
        return typeof value === "string" ? value : "";
      });
      for (const { field, messageKey } of check.invalid) context.addIssue({ code: "custom", path: [field], message: messageKey });
      return { changes: check.changes };
    }),
  };
}
