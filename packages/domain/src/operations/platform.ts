import { z } from "zod";
import { emailSchema, idSchema, newPasswordSchema } from "../schemas";
import { isStorableText, requiredText, STORABLE_TEXT } from "../text";
import { formBoolean, formInteger } from "../form-input";
import { defineOperation } from "./contract";

// The platform: its administrators manage the organisation directory and create workspaces
// (ADR 0021). These operations are outside any workspace (role null); their rule is the user's
// standing on the platform. Being a platform administrator gives no workspace role: a
// workspace's content is read only by its members.

/** The user's standing on the platform (loaded by the platform tier, packages/api). */
export interface PlatformStanding {
  platformAdmin: boolean;
  /** Allowed by a platform administrator to create workspaces (migration 0009, ADR 0022). */
  workspaceCreator: boolean;
  /** Administers their own organisation's sign-in and people (migration 0013, ADR 0035). */
  organisationAdmin: boolean;
}

/** Only platform administrators; anyone else is refused "forbidden" and learns nothing more. */
export const platformAdminsOnly = (_user: unknown, { platformAdmin }: PlatformStanding) => (platformAdmin ? null : "forbidden");

/** Platform administrators and the users they allowed to create workspaces (ADR 0022). */
export const workspaceCreatorsOnly = (_user: unknown, { platformAdmin, workspaceCreator }: PlatformStanding) => (platformAdmin || workspaceCreator ? null : "forbidden");

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

// ---------------------------------------------------------------- accounts (ADR 0024)

/** Every account, searched by name, address or organisation: for deactivating and reactivating. */
export const listUsers = defineOperation({
  name: "platform.users",
  input: z.object({ q: z.string().trim().max(100, { error: "text.tooLong" }).refine(isStorableText, STORABLE_TEXT).default("") }).default({ q: "" }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden"],
});

/**
 * Deactivates (active false) or reactivates an account. A deactivated account cannot sign in,
 * loses every session and live connection at once and gets no reset mail. Nobody deactivates
 * themselves or the last active platform administrator (`deactivationRefusal`).
 */
export const setUserActive = defineOperation({
  name: "platform.setUserActive",
  input: z.object({ userId: idSchema, active: formBoolean }),
  role: null,
  rule: platformAdminsOnly,
  refusals: ["forbidden", "notFound", "user.deactivateSelf", "user.lastPlatformAdmin"],
});

/**
 * Whether `actorId` may deactivate `targetId`: not themselves, and not the last active platform
 * administrator (`otherActivePlatformAdmins` counts the active ones besides the target).
 */
export function deactivationRefusal(input: { actorId: string; targetId: string; targetIsPlatformAdmin: boolean; otherActivePlatformAdmins: number }): string | null {
  if (input.actorId === input.targetId) return "user.deactivateSelf";
  if (input.targetIsPlatformAdmin && input.otherActivePlatformAdmins === 0) return "user.lastPlatformAdmin";
  return null;
}
