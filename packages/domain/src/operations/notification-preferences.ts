import { z } from "zod";
import { formInteger } from "../form-input";
import { LOCALES } from "../i18n";
import { DELIVERIES, MILESTONE_LEAD_DAYS, NOTIFICATION_KINDS } from "../notifications";
import { defineOperation } from "./contract";

// A user's own notification preferences (issue 21, point 7; ADR 0038): per kind how it reaches
// them, how many days ahead milestones are announced, the language of their mails. Not in a
// workspace (role null): only the signed-in user's own. And the one-click unsubscribe from a
// mail, which works without signing in: the token alone says whose and which kind.

/** The signed-in user's preferences: every kind with its delivery, the lead days, the mail language. */
export const get = defineOperation({
  name: "notificationPreferences.get",
  input: z.object({}).strict(),
  role: null,
  refusals: [],
});

/** Sets what is given; a bad value refuses the whole request and changes nothing. */
export const set = defineOperation({
  name: "notificationPreferences.set",
  input: z
    .object({
      deliveries: z.partialRecord(z.enum(NOTIFICATION_KINDS, { error: "input.invalid" }), z.enum(DELIVERIES, { error: "input.invalid" })).default({}),
      milestoneLeadDays: formInteger(
        z
          .number({ error: "notifications.leadDays.invalid" })
          .int({ error: "notifications.leadDays.invalid" })
          .min(MILESTONE_LEAD_DAYS.min, { error: "notifications.leadDays.invalid" })
          .max(MILESTONE_LEAD_DAYS.max, { error: "notifications.leadDays.invalid" }),
      ).optional(),
      mailLocale: z.enum(LOCALES, { error: "input.invalid" }).optional(),
    })
    .strict(),
  role: null,
  refusals: [],
});

/** A token from an unsubscribe link: any text; longer than any token reads as empty (matches nothing). */
export const unsubscribeTokenSchema = z.string({ error: "input.invalid" }).transform((token) => (token.length <= 200 ? token : ""));

/** What an unsubscribe link stops (the page asks to confirm); an unknown token is NOT_FOUND. */
export const checkUnsubscribe = defineOperation({
  name: "notificationPreferences.checkUnsubscribe",
  input: z.object({ token: unsubscribeTokenSchema }),
  role: null,
  refusals: ["unsubscribe.invalid"],
});

/** Unsubscribes through the link (also the RFC 8058 one-click POST); an unknown token changes nothing. */
export const unsubscribe = defineOperation({
  name: "notificationPreferences.unsubscribe",
  input: z.object({ token: unsubscribeTokenSchema }),
  role: null,
  refusals: ["unsubscribe.invalid"],
});
