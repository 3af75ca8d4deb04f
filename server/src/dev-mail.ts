import type { Express } from "express";
import type { Db } from "@regiotafel/db";
import { translate } from "@regiotafel/domain";
import { devMailbox, escapeHtml, mailTexts, type MailSender } from "@regiotafel/mail";
import { requestLocale } from "./request-context";

const LIMIT = 50;

/**
 * GET /dev/mail: the mails that were printed to the log instead of sent (no SMTP_URL), as a
 * plain page with their text and links. Mounted only outside production (http.ts); it shows
 * invitation and reset links, so it must never exist where real people have accounts.
 */
export function mountDevMailbox(app: Express, deps: { prisma: Db; sender: MailSender }) {
  app.get("/dev/mail", async (req, res, next) => {
    try {
      const locale = requestLocale(req);
      const t = (key: string, params?: Record<string, string | number>) => escapeHtml(translate(mailTexts, locale, key, params));
      const mails = await devMailbox(deps.prisma, { limit: LIMIT, sender: deps.sender });
      const items = mails.map(
        (m) => `<article>
<h2>${escapeHtml(m.subject)}</h2>
<p>${t("devMailbox.to")}: ${escapeHtml(m.to)} · ${t("devMailbox.at")}: <time datetime="${m.createdAt.toISOString()}">${escapeHtml(m.createdAt.toISOString())}</time> · ${m.locale} · ${escapeHtml(m.template)}</p>
<pre>${linkify(m.text)}</pre>
</article>`,
      );
      res.setHeader("Cache-Control", "no-store");
      res
        .type("text/html; charset=utf-8")
        .send(
          `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><title>${t("devMailbox.title")} — Regiotafel</title></head><body><main><h1>${t("devMailbox.title")}</h1><p>${t("devMailbox.intro", { count: LIMIT })}</p>${items.length ? items.join("\n") : `<p>${t("devMailbox.empty")}</p>`}</main></body></html>`,
        );
    } catch (error) {
      next(error);
    }
  });
}

/** The text escaped, with its http(s) addresses as links (the address itself is the link text). */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}
