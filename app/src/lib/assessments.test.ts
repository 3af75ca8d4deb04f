import { describe, expect, it } from "vitest";
import {
  checkWeights,
  formatCriterionLines,
  formatPoints,
  formatScenarioLines,
  formatShare,
  parseCriterionLines,
  parseScenarioLines,
  participantCodes,
  progressPercent,
  scoreLookup,
  scoreValue,
  shareOf,
  submittedScore,
  totalRange,
  weightsForm,
  assessmentForm,
  weightField,
} from "./assessments";

describe("scenario lines", () => {
  it("reads a title per line, with an optional explanation after the first bar", () => {
    expect(parseScenarioLines("Samenwerking MLW | MLW blijft zelf verantwoordelijk\n\n  Samenwerking provinciaal  \r\nOp onderdelen | a | b")).toEqual([
      { title: "Samenwerking MLW", description: "MLW blijft zelf verantwoordelijk" },
      { title: "Samenwerking provinciaal", description: "" },
      { title: "Op onderdelen", description: "a | b" },
    ]);
  });

  it("gives nothing for an empty box and keeps a line with only an explanation (the procedure asks for the title)", () => {
    expect(parseScenarioLines("  \n\n")).toEqual([]);
    expect(parseScenarioLines("| alleen toelichting")).toEqual([{ title: "", description: "alleen toelichting" }]);
  });

  it("formats scenarios back to the same text", () => {
    const text = "Samenwerking MLW | MLW blijft zelf verantwoordelijk\nSamenwerking provinciaal";
    expect(formatScenarioLines(parseScenarioLines(text))).toBe(text);
  });
});

describe("criterion lines", () => {
  it("reads title, weight (decimal comma or point) and explanation", () => {
    expect(parseCriterionLines("Bestuurlijk haalbaar | 2\nBeleidsontwikkeling | 1,5\nSlagkracht | 0.5 | snel kunnen schakelen\nOnderhandelingspositie")).toEqual([
      { title: "Bestuurlijk haalbaar", weight: 2, description: "" },
      { title: "Beleidsontwikkeling", weight: 1.5, description: "" },
      { title: "Slagkracht", weight: 0.5, description: "snel kunnen schakelen" },
      { title: "Onderhandelingspositie", weight: 1, description: "" },
    ]);
  });

  it("takes an empty weight as 1 and a weight that is not a number as NaN (refused by the procedure)", () => {
    const [empty, wrong] = parseCriterionLines("Kwaliteit |\nLokaal | veel");
    expect(empty!.weight).toBe(1);
    expect(wrong!.weight).toBeNaN();
  });

  it("formats criteria back with the weight in the user's locale", () => {
    const criteria = [
      { title: "Bestuurlijk haalbaar", weight: 1.5, description: "" },
      { title: "Slagkracht", weight: 2, description: "snel" },
    ];
    expect(formatCriterionLines(criteria, "nl")).toBe("Bestuurlijk haalbaar | 1,5\nSlagkracht | 2 | snel");
    expect(formatCriterionLines(criteria, "en")).toBe("Bestuurlijk haalbaar | 1.5\nSlagkracht | 2 | snel");
    expect(parseCriterionLines(formatCriterionLines(criteria, "nl"))).toEqual(criteria);
  });
});

describe("score lookup", () => {
  const scores = [
    { scenarioId: "s1", criterionId: "c1", participantId: "west", score: 5, rationale: "snel" },
    { scenarioId: "s1", criterionId: "c1", participantId: "noord", score: 1, rationale: "" },
    { scenarioId: "s1", criterionId: "c2", participantId: "west", score: 3, rationale: "" },
    { scenarioId: "s2", criterionId: "c1", participantId: "noord", score: 3, rationale: "" },
  ];

  it("finds a cell's scores and one participant's score", () => {
    const lookup = scoreLookup(scores);
    expect(lookup.cell("s1", "c1").map((s) => s.participantId)).toEqual(["west", "noord"]);
    expect(lookup.cell("s2", "c2")).toEqual([]);
    expect(lookup.get("s1", "c2", "west")?.score).toBe(3);
    expect(lookup.get("s1", "c2", "noord")).toBeUndefined();
    expect(lookup.countFor("west")).toBe(2);
    expect(lookup.countFor("weert")).toBe(0);
  });

  it("accepts only 1, 3 and 5 as a score button's value", () => {
    expect([scoreValue("1"), scoreValue("3"), scoreValue("5")]).toEqual([1, 3, 5]);
    expect([scoreValue("2"), scoreValue(""), scoreValue(null), scoreValue("5x")]).toEqual([null, null, null, null]);
  });

  it("sends the pressed score, else the current one, else nothing the procedure accepts", () => {
    expect(submittedScore("5", "3")).toBe(5);
    expect(submittedScore("", "3")).toBe(3);
    expect(submittedScore("", "")).toBeNaN();
  });
});

describe("participant codes", () => {
  it("uses initials for names of several words and three letters for one word", () => {
    const codes = participantCodes([
      { id: "a", name: "Convenant Midden-Limburg West" },
      { id: "b", name: "Weert" },
      { id: "c", name: "Nederweert" },
    ]);
    expect([...codes.values()]).toEqual(["CMLW", "Wee", "Ned"]);
  });

  it("names a regional body after its region, and numbers codes that would be the same", () => {
    const regionOf = new Map([
      ["noord", "Noord-Limburg"],
      ["west", "Midden-Limburg West"],
    ]);
    const codes = participantCodes(
      [
        { id: "noord", name: "MGR Sociaal Domein Limburg-Noord" },
        { id: "west", name: "Convenant Midden-Limburg West" },
        { id: "x", name: "Nederweert" },
        { id: "y", name: "Nederland" },
      ],
      regionOf,
    );
    expect(Object.fromEntries(codes)).toEqual({ noord: "NL", west: "MLW", x: "Ned1", y: "Ned2" });
  });
});

describe("figures", () => {
  it("formats totals and percentages in the user's locale, unknown as a dash", () => {
    expect(formatPoints(23.5, "nl")).toBe("23,5");
    expect(formatPoints(23.456, "en")).toBe("23.46");
    expect(formatPoints(null, "nl")).toBe("—");
    expect(formatShare(67.1, "nl")).toBe("67,1%");
    expect(formatShare(null, "en")).toBe("—");
  });

  it("computes a total's share of the maximum and the ends of the spread", () => {
    expect(shareOf(21, 35)).toBe(60);
    expect(shareOf(10, 35)).toBe(28.6);
    expect(shareOf(null, 35)).toBeNull();
    expect(shareOf(10, 0)).toBeNull();
    expect(totalRange([{ total: 21 }, { total: null }, { total: 15 }])).toEqual({ low: 15, high: 21 });
    expect(totalRange([{ total: null }])).toBeNull();
  });

  it("rounds progress to a whole percentage", () => {
    expect(progressPercent({ scored: 1, total: 3 })).toBe(33);
    expect(progressPercent({ scored: 0, total: 0 })).toBe(0);
  });
});

describe("weights", () => {
  const criteria = [
    { id: "c1", weight: 1 },
    { id: "c2", weight: 2 },
    { id: "c3", weight: 1 },
  ];

  it("reports only the weights that changed, reading a decimal comma", () => {
    const typed: Record<string, string> = { [weightField("c1")]: "1", [weightField("c2")]: "1,5", [weightField("c3")]: "3" };
    expect(checkWeights(criteria, (f) => typed[f] ?? "")).toEqual({
      changes: [
        { criterionId: "c2", weight: 1.5 },
        { criterionId: "c3", weight: 3 },
      ],
      invalid: [],
    });
  });

  it("refuses empty, non-numeric, negative and too large weights with the procedure's messages", () => {
    const typed: Record<string, string> = { [weightField("c1")]: "", [weightField("c2")]: "veel", [weightField("c3")]: "-1" };
    const check = checkWeights(criteria, (f) => typed[f] ?? "");
    expect(check.invalid).toEqual([
      { field: "weight-c1", messageKey: "text.required" },
      { field: "weight-c2", messageKey: "number.invalid" },
      { field: "weight-c3", messageKey: "number.negative" },
    ]);
    expect(checkWeights([{ id: "c1", weight: 1 }], () => "101").invalid).toEqual([{ field: "weight-c1", messageKey: "number.tooLarge" }]);
  });

  it("reads the weights form as one input: the changed weights, or a message key per invalid field and nothing else", () => {
    const form = weightsForm(criteria);
    expect(form.input.parse({ [weightField("c1")]: "1", [weightField("c2")]: "2,5", [weightField("c3")]: "1", workspace: "limburg" })).toEqual({
      changes: [{ criterionId: "c2", weight: 2.5 }],
    });
    const refused = form.input.safeParse({ [weightField("c1")]: "", [weightField("c2")]: "2,5", [weightField("c3")]: "-1" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["weight-c1", "text.required"],
      ["weight-c3", "number.negative"],
    ]);
    // A criterion of another assessment, posted under its field name, is not read.
    expect(form.input.parse({ [weightField("c1")]: "1", [weightField("c2")]: "2", [weightField("c3")]: "1", [weightField("other")]: "9" })).toEqual({ changes: [] });
  });
});

describe("the new assessment form", () => {
  const participant = "7b1e4b9e-3c55-4d2a-9a7e-0f6c2d1b8a10";

  it("reads the text boxes one item per line and a single ticked participant as a list", () => {
    const parsed = assessmentForm.input.parse({ title: "Ronde", description: "", scenarios: "A\n\nB | uitleg", criteria: "Kosten | 1,5", participantIds: participant });
    expect(parsed).toMatchObject({
      title: "Ronde",
      scenarios: [
        { title: "A", description: "" },
        { title: "B", description: "uitleg" },
      ],
      criteria: [{ title: "Kosten", weight: 1.5, description: "" }],
      participantIds: [participant],
    });
  });

  it("refuses with the contract's message keys, an item's by its place in the box", () => {
    const refused = assessmentForm.input.safeParse({ title: "Ronde", scenarios: "A\n| alleen uitleg", criteria: "K | veel" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["scenarios.1.title", "text.required"],
      ["criteria.0.weight", "number.invalid"],
      ["participantIds", "assessment.noParticipants"],
    ]);
  });
});
