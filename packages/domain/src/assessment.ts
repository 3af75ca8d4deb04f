import { z } from "zod";
import { idSchema } from "./schemas";
import { optionalText, requiredText } from "./text";

// Scenario assessment (seed 001 §3): participants score scenarios on weighted criteria with
// 1, 3 or 5 points; the round is locked once decided.

export const SCORES = [1, 3, 5] as const;
export type ScoreValue = (typeof SCORES)[number];


export const scoreValueSchema = z
  .number({ error: "score.invalid" })
  .refine((v) => (SCORES as readonly number[]).includes(v), { error: "score.invalid" });
export const weightSchema = z.number({ error: "number.invalid" }).min(0, { error: "number.negative" }).max(100, { error: "number.tooLarge" });

export const scenarioInputSchema = z.object({ title: requiredText(200), description: optionalText(2000) });
export const criterionInputSchema = z.object({ title: requiredText(200), description: optionalText(2000), weight: weightSchema.default(1) });

export const assessmentInputSchema = z.object({
  title: requiredText(200),
  description: optionalText(4000),
  scenarios: z.array(scenarioInputSchema).min(1, { error: "assessment.noScenarios" }).max(20, { error: "assessment.tooMany" }),
  criteria: z.array(criterionInputSchema).min(1, { error: "assessment.noCriteria" }).max(30, { error: "assessment.tooMany" }),
  participantIds: z.array(idSchema).min(1, { error: "assessment.noParticipants" }).max(100, { error: "assessment.tooMany" }),
});

export const scoreInputSchema = z.object({
  scenarioId: idSchema,
  criterionId: idSchema,
  score: scoreValueSchema,
  rationale: optionalText(2000),
});

export interface ResultInput {
  scenarios: readonly { id: string; title: string }[];
  criteria: readonly { id: string; weight: number }[];
  participants: readonly { id: string; name: string }[];
  scores: readonly { scenarioId: string; criterionId: string; participantId: string; score: number }[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Weighted totals per scenario: for each participant Σ weight × score over the criteria it
 * scored; the scenario's total is the mean over participants who scored it at all; the
 * spread is the difference between the highest and lowest participant total (how far
 * participants are apart). `maximum` is what a scenario scoring 5 everywhere would get.
 */
export function assessmentResults(input: ResultInput) {
  const weight = new Map(input.criteria.map((c) => [c.id, c.weight]));
  const maximum = round2(input.criteria.reduce((sum, c) => sum + c.weight * 5, 0));
  const cellsPerParticipant = input.criteria.length;
  const scenarios = input.scenarios.map((scenario) => {
    const perParticipant = input.participants.map((p) => {
      const own = input.scores.filter((s) => s.scenarioId === scenario.id && s.participantId === p.id && weight.has(s.criterionId));
      return {
        participantId: p.id,
        name: p.name,
        total: own.length ? round2(own.reduce((sum, s) => sum + (weight.get(s.criterionId) ?? 0) * s.score, 0)) : null,
        scored: own.length,
        complete: own.length === cellsPerParticipant,
      };
    });
    const totals = perParticipant.map((p) => p.total).filter((t): t is number => t !== null);
    return {
      id: scenario.id,
      title: scenario.title,
      perParticipant,
      total: totals.length ? round2(totals.reduce((a, b) => a + b, 0) / totals.length) : null,
      spread: totals.length ? round2(Math.max(...totals) - Math.min(...totals)) : null,
      percentage: totals.length && maximum > 0 ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length / maximum) * 1000) / 10 : null,
    };
  });
  const ranked = scenarios.filter((s) => s.total !== null).sort((a, b) => b.total! - a.total!);
  const scoredCells = input.scores.filter((s) => weight.has(s.criterionId)).length;
  return {
    maximum,
    scenarios,
    /** The scenario with the highest total, when there is exactly one. */
    leader: ranked.length && (ranked.length === 1 || ranked[0]!.total! > ranked[1]!.total!) ? ranked[0]!.id : null,
    progress: { scored: scoredCells, total: input.scenarios.length * input.criteria.length * input.participants.length },
  };
}

/** The five scenarios and seven criteria of Midden-Limburg West (seed 001 §3), scored 1, 3 or 5. */
export const DEMO_SCENARIOS = [
  { title: "Samenwerking Midden-Limburg West", description: "MLW is en blijft volledig zelf verantwoordelijk voor de inkoop sociaal domein." },
  { title: "Samenwerking bovenregionaal voor het hele sociale domein", description: "Met de regio Oost, of met Oost en Noord: bovenregionaal wordt een inkooporganisatie ingericht die verantwoordelijk is voor de inkoop sociaal domein." },
  { title: "Samenwerking bovenregionaal op onderdelen", description: "Bovenregionaal wordt een inkooporganisatie ingericht die verantwoordelijk is voor de grotere segmenten van het sociaal domein." },
  { title: "Samenwerking provinciaal", description: "Provinciaal wordt een inkooporganisatie ingericht voor de inkoop sociaal domein." },
  { title: "Samenwerking provinciaal op onderdelen", description: "Provinciaal wordt een inkooporganisatie ingericht die verantwoordelijk is voor de grotere segmenten van het sociaal domein." },
] as const;

export const DEMO_CRITERIA = [
  { title: "Bestuurlijk haalbaar", description: "De mate waarin de samenwerking ook binnen een termijn van 3 jaar realiseerbaar is." },
  { title: "Beleidsontwikkeling", description: "De mate waarin de MLW-gemeenten invloed hebben op de beleidsontwikkeling sociaal domein." },
  { title: "Lokale beïnvloeding", description: "De mate waarin gemeenten invloed kunnen uitoefenen op de lokale uitvoering binnen het sociaal domein." },
  { title: "Slagkracht/bureaucratie", description: "De mate waarin zorgvuldig maar wel snel geanticipeerd kan worden op ontwikkelingen binnen het sociaal domein." },
  { title: "Kwaliteit inkooporganisatie", description: "De mate waarin de inkooporganisatie (beleidsadviseurs, inkoopadviseurs, aanbestedingsjuristen, contractmanagers en relatiemanagers) professioneel kan worden vormgegeven." },
  { title: "Beleid versus uitvoering", description: "De mate waarin het regionale beleid kan worden doorvertaald naar de operationele uitvoering." },
  { title: "Onderhandelingspositie", description: "De mate waarin de onderhandelingspositie van de gemeenten sterker wordt naar de leveranciers in het sociaal domein." },
] as const;
