import type { useActionData } from "@remix-run/react";
import { failureFor, outcomeFor, useOutcome } from "~/components/records/outcome";
import type { action, loader } from "~/routes/w.$workspace.scenarios.$assessmentId";

/** An assessment as the detail page loads it (assessment.get). */
export type Assessment = Awaited<ReturnType<typeof loader>>["assessment"];
export type Scenario = Assessment["scenarios"][number];
export type Criterion = Assessment["criteria"][number];
export type Participant = Assessment["participants"][number];
export type Score = Assessment["scores"][number];
export type ScenarioResult = Assessment["results"]["scenarios"][number];
/** The answer of the page's action to one of its forms (`formKey`). */
export type AssessmentResult = NonNullable<ReturnType<typeof useActionData<typeof action>>>;
export type AssessmentFailure = Extract<AssessmentResult, { ok: false }>;

/** The form key of a cell's score form ("cell:<scenario>:<criterion>"). */
export const cellFormKey = (scenarioId: string, criterionId: string) => `cell:${scenarioId}:${criterionId}`;

/** The page's last outcome if it came from the form with this key (a cell, the weights, the lock). */
export function useAssessmentOutcome(formKey: string): AssessmentResult | undefined {
  return outcomeFor(useOutcome<AssessmentResult>(), null, { formKey });
}

/** The refusal of the form with this key, if its last post was refused. */
export function useAssessmentFailure(formKey: string): AssessmentFailure | undefined {
  return failureFor(useOutcome<AssessmentResult>(), null, { formKey });
}
