import { z } from "zod";
import { ROLES } from "./roles";
import { nullableText } from "./text";

// Messages are keys into ./messages.ts; the API translates them to the request's language.
export const emailSchema = z
  .string({ error: "email.required" })
  .trim()
  .toLowerCase()
  .min(1, { error: "email.required" })
  .max(254, { error: "email.tooLong" })
  .pipe(z.email({ error: "email.invalid" }));

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** A password as typed at login: never trimmed, only bounded. */
export const passwordInputSchema = z
  .string({ error: "password.required" })
  .min(1, { error: "password.required" })
  .max(PASSWORD_MAX_LENGTH, { error: "password.tooLong" });

/** A new password: long enough to resist guessing. */
export const newPasswordSchema = z
  .string({ error: "password.required" })
  .min(PASSWORD_MIN_LENGTH, { error: "password.tooShort" })
  .max(PASSWORD_MAX_LENGTH, { error: "password.tooLong" });

export const slugSchema = z
  .string({ error: "slug.invalid" })
  .min(1, { error: "slug.invalid" })
  .max(64, { error: "slug.invalid" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "slug.invalid" });

export const idSchema = z.uuid({ error: "id.invalid" });

export const roleSchema = z.enum(ROLES, { error: "role.invalid" });

/** The largest value a PostgreSQL integer column holds (record versions are stored in one). */
export const MAX_INT4 = 2_147_483_647;

/** A record's version as the client last read it, for optimistic locking. */
export const versionSchema = z.number({ error: "input.invalid" }).int({ error: "input.invalid" }).min(0, { error: "input.invalid" }).max(MAX_INT4, { error: "input.invalid" });

export const MIN_DATE = "1900-01-01";
export const MAX_DATE = "2199-12-31";

/**
 * A calendar date (yyyy-mm-dd) within a range any plan or decision can need. The ISO format
 * alone allows year 0000, which PostgreSQL has no date for.
 */
export const isoDateSchema = z.iso
  .date({ error: "date.invalid" })
  .refine((d) => d >= MIN_DATE && d <= MAX_DATE, { error: "date.range" });

export const contactSchema = z.object({
  contactName: nullableText(120),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, { error: "email.tooLong" })
    .transform((v) => (v === "" ? null : v))
    .pipe(z.email({ error: "email.invalid" }).nullable())
    .nullable(),
  contactPhone: z
    .string()
    .trim()
    .max(32, { error: "phone.invalid" })
    .regex(/^[+0-9 ()-]*$/, { error: "phone.invalid" })
    .transform((v) => (v === "" ? null : v))
    .nullable(),
});
export type ContactInput = z.infer<typeof contactSchema>;
