import { z } from "zod";
import { LOCALES } from "./i18n";
import { ROLES } from "./roles";
import { emailSchema } from "./schemas";
import { requiredText } from "./text";
import { NOTIFICATION_KINDS } from "./notifications";

// What a mail may be asked for: the templates by name and the parameters each takes. The
// texts and the rendering live in packages/mail; services in packages/db queue mails by
// these names (enqueueMail), so they need no dependency on the mail package.

/** Line breaks and other control characters, which have no place in a name or a subject. */
/* eslint-disable no-control-regex -- these patterns exist to find control characters */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/* eslint-enable no-control-regex */

/** A name or title that goes into a mail's subject or body: trimmed, on one line. */
const mailLine = (max: number) =>
  requiredText(max)
    .transform((v) => v.replace(CONTROL, " ").trim())
    .pipe(z.string().min(1, { error: "text.required" }));

/** A link in a mail: an absolute http(s) address (the site's own origin, given by the caller). */
export const mailLinkSchema = z.url({ protocol: /^https?$/, error: "url.invalid" }).max(2000, { error: "text.tooLong" });

/** A path on this site ("/w/limburg/documenten/…"): the worker puts the site's address (PUBLIC_URL) before it. */
export const mailPathSchema = z.string().max(2000).regex(/^\/(?![/\\])[^\s\\]*$/, { error: "url.invalid" });

/**
 * An unsubscribe token in a mail (ADR 0038); once the mail is sent the outbox keeps
 * "verstuurd" instead, so a copy of the database holds no working token.
 */
export const mailTokenSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, { error: "input.invalid" });

/** One notification as a mail shows it: its kind, who did it, on what, where it leads. */
const notificationItem = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  /** The name of who did it (the actor), if anyone. */
  actor: mailLine(200).optional(),
  /** What it is about: a document's, tender's, template's title (the notification's params.title). */
  title: mailLine(300).optional(),
  /** A milestone's date (YYYY-MM-DD), for milestoneDue. */
  due: z.iso.date().optional(),
  path: mailPathSchema,
});
export type NotificationMailItem = z.input<typeof notificationItem>;

/** The most lines a digest lists; the rest is counted ("and 12 more"). */
export const DIGEST_MAX_ITEMS = 100;

export const MAIL_TEMPLATES = {
  /** An invitation to a workspace, with the link that accepts it. */
  invitation: z.object({
    inviterName: mailLine(200),
    organisation: mailLine(200),
    /** The organisation the invitee's new account will belong to (issue 17, point 4). */
    forOrganisation: mailLine(200).optional(),
    workspace: mailLine(200),
    role: z.enum(ROLES),
    link: mailLinkSchema,
    /** When the invitation's link stops working (ISO 8601 with offset). */
    expiresAt: z.iso.datetime({ offset: true }),
  }),
  /** A password reset link, valid for one hour. */
  passwordReset: z.object({ link: mailLinkSchema }),
  /** Your password was changed through a reset link (to the account's address, afterwards). */
  passwordChanged: z.object({ link: mailLinkSchema }),
  /** A reset asked for by someone whose organisation requires its own sign-in (ADR 0035). */
  passwordResetSso: z.object({ link: mailLinkSchema, organisation: mailLine(200) }),
  /** Links a provider identity to the existing password account of the same address (ADR 0035). */
  linkIdentity: z.object({ link: mailLinkSchema, organisation: mailLine(200) }),
  /** Confirms a new e-mail address: sent to the new address, valid for 24 hours (ADR 0024). */
  emailChangeConfirm: z.object({ name: mailLine(200), newEmail: emailSchema, link: mailLinkSchema }),
  /** Tells the old address that a change to `newEmail` was asked for (nothing changes until confirmed). */
  emailChangeNotice: z.object({ name: mailLine(200), newEmail: emailSchema, link: mailLinkSchema }),
  /** One notification by e-mail at once (issue 21, ADR 0038), with a one-click unsubscribe for its kind. */
  notification: notificationItem.extend({
    workspace: mailLine(200).optional(),
    /** A quoted excerpt (a comment's first words). */
    excerpt: mailLine(500).optional(),
    unsubscribeToken: mailTokenSchema,
  }),
  /** The daily or weekly digest: notifications grouped by workspace (no workspace: a group of its own). */
  digest: z.object({
    period: z.enum(["daily", "weekly"]),
    groups: z
      .array(z.object({ workspace: mailLine(200).optional(), items: z.array(notificationItem).min(1).max(DIGEST_MAX_ITEMS) }))
      .min(1)
      .max(DIGEST_MAX_ITEMS),
    /** Notifications in the digest beyond the listed ones. */
    more: z.number().int().min(0).default(0),
    unsubscribeToken: mailTokenSchema,
  }),
} as const;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export const MAIL_TEMPLATE_NAMES = Object.keys(MAIL_TEMPLATES) as MailTemplateName[];
export type MailParams<T extends MailTemplateName> = z.input<(typeof MAIL_TEMPLATES)[T]>;
export type ParsedMailParams<T extends MailTemplateName> = z.output<(typeof MAIL_TEMPLATES)[T]>;

/** One mail as a caller asks for it. */
export interface MailRequest<T extends MailTemplateName = MailTemplateName> {
  /** The caller's name for this mail, unique for what it is about (e.g. "invitation:<id>:1"): asking twice queues it once. */
  key: string;
  to: string;
  locale: (typeof LOCALES)[number];
  template: T;
  params: MailParams<T>;
}

/** A checked mail request: parameters as the template reads them. */
export interface ParsedMailRequest<T extends MailTemplateName = MailTemplateName> extends Omit<MailRequest<T>, "params"> {
  params: ParsedMailParams<T>;
}

const requestBase = z.object({
  key: z.string().min(1).max(200).refine((v) => !HAS_CONTROL.test(v), { error: "text.invalidCharacters" }),
  to: emailSchema,
  locale: z.enum(LOCALES),
});

/** Checks a mail request; returns it with its parameters as the template reads them. */
export function parseMailRequest<T extends MailTemplateName>(request: MailRequest<T>): ParsedMailRequest<T> {
  const base = requestBase.parse(request);
  if (!Object.hasOwn(MAIL_TEMPLATES, request.template)) throw new Error(`unknown mail template "${String(request.template)}"`);
  const params = MAIL_TEMPLATES[request.template].parse(request.params) as ParsedMailParams<T>;
  return { ...base, template: request.template, params };
}

/** A stored mail's parameters, checked again before it is rendered (a template may have changed since). */
export function parseMailParams<T extends MailTemplateName>(template: T, params: unknown): ParsedMailParams<T> {
  if (!Object.hasOwn(MAIL_TEMPLATES, template)) throw new Error(`unknown mail template "${String(template)}"`);
  return MAIL_TEMPLATES[template].parse(params) as ParsedMailParams<T>;
}
