import { parseMailParams, translate, type Locale, type MailTemplateName, type Params, type ParsedMailParams } from "@regiotafel/domain";
import { renderHtml, renderText, unsubscribeHeaders, type MailContent, type MailFrame, type RenderedMail } from "./render";
import { mailTexts } from "./texts";

type T = (key: string, params?: Params) => string;

/** Who sends, for every mail's footer. */
export interface MailSender {
  /** The organisation that runs this installation (MAIL_ORGANISATION), if named. */
  organisation?: string;
  /**
   * The site's address (PUBLIC_URL, no trailing slash): notification and digest mails carry
   * paths, and their links start here.
   */
  origin?: string;
}

/** The page with a user's notification preferences. */
export const PREFERENCES_PATH = "/account/meldingen";
/** The one-click unsubscribe page; the token follows. */
export const UNSUBSCRIBE_PATH = "/meldingen/afmelden/";

type NotificationItem = ParsedMailParams<"digest">["groups"][number]["items"][number];

/** One notification as one sentence: who did what, on what. */
function notificationLine(item: NotificationItem, t: T, locale: Locale): string {
  const values = {
    actor: item.actor ?? t("notification.someone"),
    title: item.title ?? t("notification.untitled"),
    due: item.due ? new Intl.DateTimeFormat(DATE_LOCALE[locale], { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${item.due}T00:00:00Z`)) : "",
  };
  return t(item.kind === "milestoneDue" && item.due ? "notification.line.milestoneDue.date" : `notification.line.${item.kind}`, values);
}

function siteOrigin(sender: MailSender): string {
  if (!sender.origin) throw new Error("notification mails need the site's address (MailSender.origin, from PUBLIC_URL)");
  return sender.origin.replace(/\/+$/, "");
}

const TIME_ZONE = "Europe/Amsterdam";
const DATE_LOCALE: Record<Locale, string> = { nl: "nl-NL", en: "en-GB" };

/** Each template: its parameters (checked by the domain's schema) into what the mail says. */
const TEMPLATES: { [K in MailTemplateName]: (params: ParsedMailParams<K>, t: T, locale: Locale, sender: MailSender) => MailContent } = {
  invitation(params, t, locale) {
    const expiresOn = new Intl.DateTimeFormat(DATE_LOCALE[locale], { dateStyle: "long", timeZone: TIME_ZONE }).format(new Date(params.expiresAt));
    const values = { ...params, role: t(`role.${params.role}`), expiresOn };
    return {
      subject: t("invitation.subject", values),
      heading: t("invitation.heading", values),
      paragraphs: [t("invitation.intro", values), ...(params.forOrganisation ? [t("invitation.forOrganisation", { organisation: params.forOrganisation })] : [])],
      action: { label: t("invitation.action", values), href: params.link },
      notes: [t("invitation.expiry", values), t("invitation.unexpected")],
    };
  },
  passwordReset(params, t) {
    return {
      subject: t("passwordReset.subject"),
      heading: t("passwordReset.heading"),
      paragraphs: [t("passwordReset.intro")],
      action: { label: t("passwordReset.action"), href: params.link },
      notes: [t("passwordReset.expiry"), t("passwordReset.unexpected")],
    };
  },
  passwordResetSso(params, t) {
    return {
      subject: t("passwordResetSso.subject"),
      heading: t("passwordResetSso.heading"),
      paragraphs: [t("passwordResetSso.intro", { organisation: params.organisation })],
      action: { label: t("passwordResetSso.action"), href: params.link },
      notes: [t("passwordReset.unexpected")],
    };
  },
  linkIdentity(params, t) {
    return {
      subject: t("linkIdentity.subject"),
      heading: t("linkIdentity.heading"),
      paragraphs: [t("linkIdentity.intro", { organisation: params.organisation })],
      action: { label: t("linkIdentity.action"), href: params.link },
      notes: [t("linkIdentity.expiry"), t("linkIdentity.unexpected")],
    };
  },
  passwordChanged(params, t) {
    return {
      subject: t("passwordChanged.subject"),
      heading: t("passwordChanged.heading"),
      paragraphs: [t("passwordChanged.intro")],
      action: { label: t("passwordChanged.action"), href: params.link },
      notes: [t("passwordChanged.unexpected")],
    };
  },
  emailChangeConfirm(params, t) {
    return {
      subject: t("emailChangeConfirm.subject"),
      heading: t("emailChangeConfirm.heading"),
      paragraphs: [t("emailChangeConfirm.intro", params)],
      action: { label: t("emailChangeConfirm.action"), href: params.link },
      notes: [t("emailChangeConfirm.expiry"), t("emailChangeConfirm.unexpected")],
    };
  },
  emailChangeNotice(params, t) {
    return {
      subject: t("emailChangeNotice.subject"),
      heading: t("emailChangeNotice.heading"),
      paragraphs: [t("emailChangeNotice.intro", params)],
      action: { label: t("emailChangeNotice.action"), href: params.link },
      notes: [t("emailChangeNotice.unexpected")],
    };
  },
  notification(params, t, locale, sender) {
    const origin = siteOrigin(sender);
    const line = notificationLine(params, t, locale);
    const kind = t(`notification.kind.${params.kind}`);
    return {
      subject: line,
      heading: line,
      paragraphs: params.workspace ? [t("notification.inWorkspace", { workspace: params.workspace })] : [],
      quote: params.excerpt,
      action: { label: t("notification.action"), href: origin + params.path },
      notes: [t("notification.why", { kind })],
      links: [
        { label: t("notification.preferences"), href: origin + PREFERENCES_PATH },
        { label: t("notification.unsubscribe", { kind }), href: origin + UNSUBSCRIBE_PATH + params.unsubscribeToken },
      ],
      unsubscribe: origin + UNSUBSCRIBE_PATH + params.unsubscribeToken,
    };
  },
  digest(params, t, locale, sender) {
    const origin = siteOrigin(sender);
    const count = params.groups.reduce((n, g) => n + g.items.length, 0) + params.more;
    const name = t(`digest.name.${params.period}`);
    return {
      subject: t(count === 1 ? "digest.subject.one" : "digest.subject", { name, count }),
      heading: t(`digest.heading.${params.period}`),
      paragraphs: [t(count === 1 ? "digest.intro.one" : "digest.intro", { count })],
      sections: params.groups.map((group) => ({
        heading: group.workspace ?? t("digest.noWorkspace"),
        lines: group.items.map((item) => ({ text: notificationLine(item, t, locale), href: origin + item.path })),
      })),
      action: { label: t("digest.action"), href: `${origin}/` },
      notes: [...(params.more > 0 ? [t("digest.more", { count: params.more })] : []), t("digest.why", { name })],
      links: [
        { label: t("notification.preferences"), href: origin + PREFERENCES_PATH },
        { label: t("digest.unsubscribe", { name }), href: origin + UNSUBSCRIBE_PATH + params.unsubscribeToken },
      ],
      unsubscribe: origin + UNSUBSCRIBE_PATH + params.unsubscribeToken,
    };
  },
};

/**
 * Renders one mail, text and HTML from the same template, in the recipient's language.
 * Throws when the parameters do not fit the template (a permanent failure for the worker).
 */
export function renderMail(template: MailTemplateName, locale: Locale, params: unknown, sender: MailSender = {}): RenderedMail {
  const t: T = (key, values) => translate(mailTexts, locale, key, values);
  const parsed = parseMailParams(template, params); // throws for an unknown template too
  const build = TEMPLATES[template] as (params: unknown, t: T, locale: Locale, sender: MailSender) => MailContent;
  const content = build(parsed, t, locale, sender);
  const frame: MailFrame = {
    locale,
    product: t("mail.product"),
    tagline: t("mail.tagline"),
    linkFallback: t("mail.linkFallback"),
    footer: [sender.organisation ? t("mail.sentByFor", { organisation: sender.organisation }) : t("mail.sentBy"), t("mail.automatic")],
  };
  const rendered: RenderedMail = { subject: content.subject, text: renderText(content, frame), html: renderHtml(content, frame) };
  return content.unsubscribe ? { ...rendered, headers: unsubscribeHeaders(content.unsubscribe) } : rendered;
}
