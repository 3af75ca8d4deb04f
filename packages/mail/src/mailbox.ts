import { listLoggedMails, type Db } from "@regiotafel/db";
import type { Locale, MailTemplateName } from "@regiotafel/domain";
import { renderMail, type MailSender } from "./templates";

export interface MailboxEntry {
  id: string;
  to: string;
  locale: Locale;
  template: MailTemplateName;
  createdAt: Date;
  subject: string;
  text: string;
  html: string;
}

/**
 * The development mailbox: mails that were printed to the log instead of sent (no SMTP_URL),
 * newest first, rendered as they would have been sent. Never served in production.
 */
export async function devMailbox(prisma: Db, options: { limit?: number; sender?: MailSender } = {}): Promise<MailboxEntry[]> {
  const rows = await listLoggedMails(prisma, { limit: options.limit ?? 50 });
  return rows.map((row) => ({
    id: row.id,
    to: row.recipient,
    locale: row.locale,
    template: row.template,
    createdAt: row.createdAt,
    ...renderMail(row.template, row.locale, row.params, options.sender),
  }));
}
