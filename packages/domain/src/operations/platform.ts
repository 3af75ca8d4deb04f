import { z } from "zod";
import { emailSchema, newPasswordSchema } from "../schemas";
import { requiredText } from "../text";
import { formInteger } from "../form-input";
import { defineOperation } from "./contract";

// The platform: its administrators manage the organisation directory and create workspaces
// (ADR 0021). These operations are outside any workspace (role null); their rule is the user's
// standing on the platform. Being a platform administrator gives no workspace role: a
// workspace's content is read only by its members.

/** The user's standing on the platform (loaded by the platform tier, packages/api). */
export interface PlatformStanding {
  platformAdmin: boolean;
}

/** Only platform administrators; anyone else is refused "forbidden" and learns nothing more. */
export const platformAdminsOnly = (_user: unknown, { platformAdmin }: PlatformStanding) => (platformAdmin ? null : "forbidden");

/** Counts of workspaces, organisations and users, and the mails given up on (ADR 0019). */
export const platformOverview = defineOperation({
  name: "platform.overview",
  input: z.object({ failedMails: formInteger(z.number().int().min(0, { error: "input.invalid" }).max(200, { error: "input.invalid" })).default(50) }).default({ failedMails: 50 }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden"],
});

// ---------------------------------------------------------------- first run

/**
 * A setup link's token as the URL gives it. Any text: a malformed or oversized token is refused
 * like a wrong one ("setup.invalid", by the service), never with a message of its own. One longer
 * than any token is read as empty (it matches nothing) rather than refused as input: a refusal
 * here was a server error page for a long URL.
 */
export const setupTokenSchema = z.string({ error: "setup.invalid" }).transform((token) => (token.length <= 200 ? token : ""));

/** Whether a setup link still works: NOT_FOUND once any user exists. */
export const checkSetup = defineOperation({ name: "setup.check", input: z.object({ token: setupTokenSchema }), role: null, refusals: ["setup.invalid"] });

/** A new platform administrator's account: the setup page's fields, and the command line's (`pnpm regiotafel setup`). */
export const newPlatformAdminSchema = z.object({
  name: requiredText(120),
  email: emailSchema,
  organisation: requiredText(160),
  password: newPasswordSchema,
});

/**
 * The first platform administrator, through the setup link printed at the first start. A used,
 * wrong or expired link (a user exists) is refused alike, "setup.invalid".
 */
export const completeSetup = defineOperation({
  name: "setup.complete",
  input: newPlatformAdminSchema
    .extend({ token: setupTokenSchema, confirm: z.string().max(200) })
    .refine((v) => v.password === v.confirm, { error: "password.mismatch", path: ["confirm"] }),
  role: null,
  refusals: ["setup.invalid", "auth.busy"],
  secret: ["password", "confirm"],
});
