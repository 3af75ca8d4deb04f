import { describe, expect, it } from "vitest";
import { assessmentResults, scoreInputSchema, scoreValueSchema } from "./assessment";

const scenarios = [
  { id: "s1", title: "Zelfstandig" },
  { id: "s2", title: "Bovenregionaal" },
];
const criteria = [
  { id: "c1", weight: 1 },
  { id: "c2", weight: 2 },
];
const participants = [
  { id: "west", name: "Regio West" },
  { id: "noord", name: "Regio Noord" },
];

describe("scores", () => {
  it("accepts only 1, 3 or 5 points", () => {
    for (const ok of [1, 3, 5]) expect(scoreValueSchema.safeParse(ok).success).toBe(true);
    for (const bad of [0, 2, 4, 6, 3.5, "3", null]) expect(scoreValueSchema.safeParse(bad).success).toBe(false);
    const refused = scoreInputSchema.safeParse({ scenarioId: crypto.randomUUID(), criterionId: crypto.randomUUID(), score: 4 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("score.invalid");
  });
});

describe("assessmentResults", () => {
  it("weights each criterion, averages over participants and reports the spread", () => {
    const scores = [
      // West: s1 = 5×1 + 3×2 = 11; s2 = 1×1 + 1×2 = 3
      { scenarioId: "s1", criterionId: "c1", participantId: "west", score: 5 },
      { scenarioId: "s1", criterionId: "c2", participantId: "west", score: 3 },
      { scenarioId: "s2", criterionId: "c1", participantId: "west", score: 1 },
      { scenarioId: "s2", criterionId: "c2", participantId: "west", score: 1 },
      // Noord: s1 = 1×1 + 1×2 = 3; s2 only one criterion: 5×2 = 10
      { scenarioId: "s1", criterionId: "c1", participantId: "noord", score: 1 },
      { scenarioId: "s1", criterionId: "c2", participantId: "noord", score: 1 },
      { scenarioId: "s2", criterionId: "c2", participantId: "noord", score: 5 },
    ];
    const r = assessmentResults({ scenarios, criteria, participants, scores });
    expect(r.maximum).toBe(15);
    const [s1, s2] = r.scenarios;
    expect(s1!.perParticipant.map((p) => p.total)).toEqual([11, 3]);
    expect(s1!.total).toBe(7);
    expect(s1!.spread).toBe(8);
    expect(s1!.percentage).toBe(46.7);
    expect(s2!.perParticipant.map((p) => [p.total, p.complete])).toEqual([
      [3, true],
      [10, false],
    ]);
    expect(s2!.total).toBe(6.5);
    expect(r.leader).toBe("s1");
    expect(r.progress).toEqual({ scored: 7, total: 8 });
  });

  it("has no totals and no leader before anyone scored, and no leader on a tie", () => {
    const empty = assessmentResults({ scenarios, criteria, participants, scores: [] });
    expect(empty.scenarios.map((s) => [s.total, s.spread])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(empty.leader).toBeNull();
    const tie = assessmentResults({
      scenarios,
      criteria,
      participants: [participants[0]!],
      scores: [
        { scenarioId: "s1", criterionId: "c1", participantId: "west", score: 3 },
        { scenarioId: "s2", criterionId: "c1", participantId: "west", score: 3 },
      ],
    });
    expect(tie.leader).toBeNull();
  });

  it("ignores scores of criteria that are not in the matrix", () => {
    const r = assessmentResults({ scenarios, criteria, participants, scores: [{ scenarioId: "s1", criterionId: "gone", participantId: "west", score: 5 }] });
    expect(r.scenarios[0]!.total).toBeNull();
    expect(r.progress.scored).toBe(0);
  });
});
