import { z } from "zod";
import { LOCALES } from "../i18n";
import { INVITATION_LIST_MAX_LENGTH, INVITATION_MAX_ADDRESSES, parseAddressList } from "../invitations";
import { idSchema, newPasswordSchema, roleSchema } from "../schemas";
import { requiredText } from "../text";
import { defineOperation } from "./contract";

// Invitations (issue 17, point 4; ADR 0023). A workspace's admins invite, resend and revoke;
// whoever holds a link's token checks and accepts it (outside any workspace: the workspace is
// the invitation's, never one named by the caller).

/**
 * The address field: one text with addresses separated by commas, semicolons or line breaks
 * (a JSON client may send a list). Each entry that is no address is its own message, naming
 * it. The output is every address, normalised, repeats included (the service invites each once
 * and reports the repeats): a list, which this schema reads back as the same list, since the
 * page's action parses the form and the procedure parses what the action sends once more.
 */
export const addressListSchema = z
  .preprocess((value) => (Array.isArray(value) && value.every((v) => typeof v === "string") ? value.join("\n") : value), z.string({ error: "invitation.addressesRequired" }))
  .pipe(z.string().max(INVITATION_LIST_MAX_LENGTH, { error: "invitation.listTooLong" }))
  .transform((text, ctx) => {
    const list = parseAddressList(text);
    for (const refused of list.refused) ctx.addIssue({ code: "custom", message: "invitation.addressInvalid", params: { address: refused.entry }, input: text });
    if (list.addresses.length === 0 && list.refused.length === 0) ctx.addIssue({ code: "custom", message: "invitation.addressesRequired", input: text });
    if (list.addresses.length > INVITATION_MAX_ADDRESSES) {
      ctx.addIssue({ code: "custom", message: "invitation.tooMany", params: { max: INVITATION_MAX_ADDRESSES, count: list.addresses.length }, input: text });
    }
    return list.all;
  })
  // What the API fuzz sends as a valid list (no generator guesses one).
  .meta({ examples: ["weert@example.org", "a@weert.nl, B de Vries <b@venlo.nl>; c@roermond.nl\nd@leudal.nl"] });

export const localeSchema = z.enum(LOCALES, { error: "choice.invalid" });

/**
 * Invites up to 50 addresses at once, all with one organisation (for the accounts that do not
 * exist yet), role and mail language. Addresses already members are skipped; an address with
 * an open invitation gets it renewed (a new link; the old one stops working).
 */
export const createInvitations = defineOperation({
  name: "invitation.create",
  input: z.object({
    emails: addressListSchema,
    organisationId: idSchema,
    role: roleSchema,
    locale: localeSchema.default("nl"),
  }),
  role: "ADMIN",
  refusals: ["invitation.organisationUnknown", "invitation.hourlyLimit"],
});

/** Sends an open invitation again with a new link and a new expiry; the old link stops working. */
export const resendInvitation = defineOperation({
  name: "invitation.resend",
  input: z.object({ invitationId: idSchema }),
  role: "ADMIN",
  refusals: ["invitation.closed", "invitation.hourlyLimit"],
});

/** Withdraws an open invitation: its link stops working. */
export const revokeInvitation = defineOperation({
  name: "invitation.revoke",
  input: z.object({ invitationId: idSchema }),
  role: "ADMIN",
  refusals: ["invitation.closed"],
});

/**
 * An invitation link's token as the URL gives it. Any text: a malformed, oversized, unknown,
 * used, revoked or expired token is refused alike ("invitation.invalid", by the service).
 * One longer than any token is read as empty (it matches nothing).
 */
export const invitationTokenSchema = z.string({ error: "invitation.invalid" }).transform((token) => (token.length <= 200 ? token : ""));

/** What an invitation link offers its holder; NOT_FOUND "invitation.invalid" for every link that no longer works. */
export const checkInvitation = defineOperation({
  name: "invitation.check",
  input: z.object({ token: invitationTokenSchema }),
  role: null,
  refusals: ["invitation.invalid"],
});

/**
 * Accepts an invitation for an existing account: the signed-in user must be the invited
 * address's account. Anyone else signed in is refused and nothing changes.
 */
export const acceptInvitation = defineOperation({
  name: "invitation.accept",
  input: z.object({ token: invitationTokenSchema }),
  role: null,
  refusals: ["invitation.invalid", "invitation.otherAccount", "invitation.needsAccount"],
});

/**
 * Accepts an invitation for an address without an account: creates it (name and a password
 * under the usual rules) in the invitation's organisation, adds the membership, signs in.
 */
export const createAccountFromInvitation = defineOperation({
  name: "invitation.createAccount",
  input: z
    .object({ token: invitationTokenSchema, name: requiredText(120), password: newPasswordSchema, confirm: z.string().max(200) })
    .refine((v) => v.password === v.confirm, { error: "password.mismatch", path: ["confirm"] }),
  role: null,
  refusals: ["invitation.invalid", "invitation.hasAccount", "invitation.signedIn", "auth.busy"],
  secret: ["password", "confirm"],
});
