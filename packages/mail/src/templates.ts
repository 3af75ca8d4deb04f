import { parseMailParams, translate, type Locale, type MailTemplateName, type Params, type ParsedMailParams } from "@regiotafel/domain";
import { renderHtml, renderText, type MailContent, type MailFrame, type RenderedMail } from "./render";
import { mailTexts } from "./texts";

type T = (key: string, params?: Params) => string;

/** Who sends, for every mail's footer. */
export interface MailSender {
  /** The organisation that runs this installation (MAIL_ORGANISATION), if named. */
  organisation?: string;
}

const TIME_ZONE = "Europe/Amsterdam";
const DATE_LOCALE: Record<Locale, string> = { nl: "nl-NL", en: "en-GB" };

/** Each template: its parameters (checked by the domain's schema) into what the mail says. */
const TEMPLATES: { [K in MailTemplateName]: (params: ParsedMailParams<K>, t: T, locale: Locale) => MailContent } = {
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
};

/**
 * Renders one mail, text and HTML from the same template, in the recipient's language.
 * Throws when the parameters do not fit the template (a permanent failure for the worker).
 */
export function renderMail(template: MailTemplateName, locale: Locale, params: unknown, sender: MailSender = {}): RenderedMail {
  const t: T = (key, values) => translate(mailTexts, locale, key, values);
  const parsed = parseMailParams(template, params); // throws for an unknown template too
  const build = TEMPLATES[template] as (params: unknown, t: T, locale: Locale) => MailContent;
  const content = build(parsed, t, locale);
  const frame: MailFrame = {
    locale,
    product: t("mail.product"),
    tagline: t("mail.tagline"),
    linkFallback: t("mail.linkFallback"),
    footer: [sender.organisation ? t("mail.sentByFor", { organisation: sender.organisation }) : t("mail.sentBy"), t("mail.automatic")],
  };
  return { subject: content.subject, text: renderText(content, frame), html: renderHtml(content, frame) };
}
