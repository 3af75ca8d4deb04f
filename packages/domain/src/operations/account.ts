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
