import { z } from "zod";
import { emailSchema, newPasswordSchema, passwordInputSchema } from "../schemas";
import { defineOperation } from "./contract";

// The user's own account: signing in and changing the password. Not in a workspace (role
// null); what can refuse them is the password check and its throttle (packages/auth).

export const login = defineOperation({
  name: "auth.login",
  input: z.object({ email: emailSchema, password: passwordInputSchema }),
  role: null,
  refusals: ["login.invalid", "login.throttled", "auth.busy"],
  secret: ["password"],
});

export const changePassword = defineOperation({
  name: "auth.changePassword",
  input: z
    .object({ current: passwordInputSchema, next: newPasswordSchema, confirm: z.string().max(200) })
    .refine((v) => v.next === v.confirm, { error: "password.mismatch", path: ["confirm"] }),
  role: null,
  refusals: ["password.wrongCurrent", "password.sameAsOld", "password.throttled", "auth.busy"],
  secret: ["current", "next", "confirm"],
});

// ---------------------------------------------------------------- account lifecycle (ADR 0024)

/**
 * A token from a link in a mail (password reset, e-mail change) as the URL gives it. Any text:
 * a malformed, oversized, used or expired token is refused alike by the service, never with a
 * message of its own; one longer than any token reads as empty (it matches nothing).
 */
export const accountTokenSchema = z.string({ error: "input.invalid" }).transform((token) => (token.length <= 200 ? token : ""));

/**
 * "Wachtwoord vergeten?": always the same answer, whether an account has the address or not;
 * only the throttle (per address asked for and per client) refuses.
 */
export const requestPasswordReset = defineOperation({
  name: "auth.requestPasswordReset",
  input: z.object({ email: emailSchema }),
  role: null,
  refusals: ["reset.throttled"],
});

/** Whether a reset link still works (the page shows the form or "no longer valid"). */
export const checkPasswordReset = defineOperation({ name: "auth.checkPasswordReset", input: z.object({ token: accountTokenSchema }), role: null, refusals: ["reset.invalid"] });

/** A new password through a reset link: used, expired and unknown links are refused alike ("reset.invalid"). */
export const resetPassword = defineOperation({
  name: "auth.resetPassword",
  input: z
    .object({ token: accountTokenSchema, password: newPasswordSchema, confirm: z.string().max(200) })
    .refine((v) => v.password === v.confirm, { error: "password.mismatch", path: ["confirm"] }),
  role: null,
  refusals: ["reset.invalid", "auth.busy"],
  secret: ["password", "confirm"],
});

/**
 * A new e-mail address, proven by the current password; the change happens only when the link
 * sent to the new address is opened. Whether another account has the address is not told here.
 */
export const requestEmailChange = defineOperation({
  name: "account.requestEmailChange",
  input: z.object({ email: emailSchema, password: passwordInputSchema }),
  role: null,
  refusals: ["emailChange.same", "password.wrongCurrent", "password.throttled", "auth.busy"],
  secret: ["password"],
});

/** The link sent to the new address: the change happens now, if the address is still free. */
export const confirmEmailChange = defineOperation({
  name: "account.confirmEmailChange",
  input: z.object({ token: accountTokenSchema }),
  role: null,
  refusals: ["emailChange.invalid", "emailChange.taken"],
});
