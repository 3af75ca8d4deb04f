import type { loader } from "~/routes/w.$workspace.scenarios.$assessmentId";

/** An assessment as the detail page loads it (assessment.get). */
export type Assessment = Awaited<ReturnType<typeof loader>>["assessment"];
export type Scenario = Assessment["scenarios"][number];
export type Criterion = Assessment["criteria"][number];
export type Participant = Assessment["participants"][number];
export type Score = Assessment["scores"][number];
export type ScenarioResult = Assessment["results"]["scenarios"][number];

/** The form key of a cell's score form ("cell:<scenario>:<criterion>"). */
export const cellFormKey = (scenarioId: string, criterionId: string) => `cell:${scenarioId}:${criterionId}`;
