import { z } from "zod";
import { assessmentInputSchema, scoreInputSchema, weightSchema } from "../assessment";
import { formInteger } from "../form-input";
import { idSchema, versionSchema } from "../schemas";
import { defineOperation } from "./contract";

// Scenario assessments (workspace records: coordinators set them up, weigh and lock them;
// participants score for their own organisation) and the workspace's notifications.

export const getAssessment = defineOperation({ name: "assessment.get", input: z.object({ assessmentId: idSchema }), role: "VIEWER", refusals: [] });
export const createAssessment = defineOperation({ name: "assessment.create", input: assessmentInputSchema, role: "COORDINATOR", refusals: [] });

/** Scores one cell for the member's own organisation (never one named by the client), if it takes part. */
export const scoreAssessment = defineOperation({
  name: "assessment.score",
  input: scoreInputSchema.extend({ assessmentId: idSchema }),
  role: "EDITOR",
  rule: (_member, ownOrganisationTakesPart: boolean) => (ownOrganisationTakesPart ? null : "assessment.notParticipant"),
  refusals: ["assessment.notParticipant"],
});

export const setCriterionWeight = defineOperation({ name: "assessment.setWeight", input: z.object({ criterionId: idSchema, weight: weightSchema }), role: "COORDINATOR", refusals: [] });
export const lockAssessment = defineOperation({
  name: "assessment.lock",
  input: z.object({ assessmentId: idSchema, version: formInteger(versionSchema) }),
  role: "COORDINATOR",
  refusals: [],
});

export const dismissNotification = defineOperation({ name: "notification.dismiss", input: z.object({ notificationId: idSchema }), role: "EDITOR", refusals: [] });
