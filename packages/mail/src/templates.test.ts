import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAIL_TEMPLATE_NAMES, ROLES, type MailParams } from "@regiotafel/domain";
import { renderMail } from "./templates";
import { mailTexts } from "./texts";
import { retryDelayMs } from "./worker";

const invitation: MailParams<"invitation"> = {
  inviterName: "Anna de Vries",
  organisation: "Gemeente Venlo",
  workspace: "Limburg",
  role: "COORDINATOR",
  link: "https://regiotafel.example/uitnodiging/abc",
  expiresAt: "2026-12-14T12:00:00+01:00",
};
const reset: MailParams<"passwordReset"> = { link: "https://regiotafel.example/wachtwoord/xyz" };
const passwordChanged: MailParams<"passwordChanged"> = { link: "https://regiotafel.example/wachtwoord-vergeten" };
const emailChangeConfirm: MailParams<"emailChangeConfirm"> = { name: "Anna de Vries", newEmail: "anna.nieuw@venlo.nl", link: "https://regiotafel.example/e-mailadres-bevestigen/xyz" };
const emailChangeNotice: MailParams<"emailChangeNotice"> = { name: "Anna de Vries", newEmail: "anna.nieuw@venlo.nl", link: "https://regiotafel.example/wachtwoord-vergeten" };
const passwordResetSso: MailParams<"passwordResetSso"> = { link: "https://regiotafel.example/login", organisation: "Gemeente Weert" };
const linkIdentity: MailParams<"linkIdentity"> = { link: "https://regiotafel.example/inloggen/koppelen/abc", organisation: "Gemeente Weert" };
const notification: MailParams<"notification"> = {
  kind: "mention",
  actor: "Anna de Vries",
  title: "Gezamenlijke inkoopstrategie",
  workspace: "Limburg",
  excerpt: "@Venlo klopt dit?",
  path: "/w/limburg/documenten/d1?reactie=c1",
  unsubscribeToken: "tok_EN-123",
};
const digest: MailParams<"digest"> = {
  period: "daily",
  groups: [
    { workspace: "Limburg", items: [{ kind: "comment", actor: "Bert", title: "Perceel S2b", path: "/w/limburg/aanbestedingen/t1" }, { kind: "milestoneDue", title: "Gunning", due: "2026-12-15", path: "/w/limburg/planning" }] },
    { workspace: "Rivierenland", items: [{ kind: "templateVersion", title: "Raamovereenkomst Jeugd", path: "/bibliotheek/t9" }] },
  ],
  unsubscribeToken: "digestTOKEN",
};
const ORIGIN = "https://regiotafel.example";
const paramsOf = { invitation, passwordReset: reset, passwordChanged, emailChangeConfirm, emailChangeNotice, passwordResetSso, linkIdentity, notification, digest };
/** The address each template's button leads to. */
const linkOf = (template: keyof typeof paramsOf): string => {
  const params = paramsOf[template];
  if ("link" in params) return params.link;
  return template === "notification" ? ORIGIN + notification.path : `${ORIGIN}/`;
};

const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}[\p{L}-]*/gu) ?? []);

/** Every word of the Dutch mail texts that is not also a word of the English ones (e.g. "in"). */
const DUTCH_ONLY = (() => {
  const english = words(Object.values(mailTexts.en).join(" "));
  return [...words(Object.values(mailTexts.nl).join(" ").replace(/\{\w+\}/g, " "))].filter((w) => !english.has(w));
})();

const HOSTILE = fc.constantFrom("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "Tom & Jerry's <b>", "{workspace} {role}", "a\nBcc: evil@example.org", "Zoë's ‘werkruimte’ ✓");
const line = fc.oneof(HOSTILE, fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0 && !s.includes("\u0000")));
const randomInvitation = fc.record({
  inviterName: line,
  organisation: line,
  workspace: line,
  role: fc.constantFrom(...ROLES),
  link: fc.webUrl({ validSchemes: ["https"], withQueryParameters: true }),
  expiresAt: fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
});

describe("mail templates", () => {
  it("render every template in Dutch and English, text and HTML, with the product, a heading and the link", () => {
    for (const template of MAIL_TEMPLATE_NAMES) {
      for (const locale of ["nl", "en"] as const) {
        const mail = renderMail(template, locale, paramsOf[template], { organisation: "MGR Sociaal Domein Limburg-Noord", origin: ORIGIN });
        const link = linkOf(template);
        expect(mail.subject.length).toBeGreaterThan(5);
        expect(mail.text).toContain(link);
        expect(mail.text).toContain("Regiotafel");
        expect(mail.text).toContain("MGR Sociaal Domein Limburg-Noord");
        expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}"`));
        expect(mail.html).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
        expect(mail.html).not.toMatch(/<table/i);
        // The link's text says where it goes, never "click here".
        const label = /<a href="[^"]+" style="[^"]+">([^<]+)<\/a>/.exec(mail.html)?.[1] ?? "";
        expect(label).toContain("Regiotafel");
        expect(label).not.toMatch(/klik hier|click here/i);
      }
    }
  });

  it("says the invitation's role, organisation and expiry date in the reader's language", () => {
    const nl = renderMail("invitation", "nl", invitation);
    expect(nl.text).toContain("Anna de Vries van Gemeente Venlo nodigt je uit om als coördinator mee te werken in de werkruimte Limburg");
    expect(nl.text).toContain("14 december 2026");
    const en = renderMail("invitation", "en", invitation);
    expect(en.text).toContain("Anna de Vries from Gemeente Venlo invites you to work as coordinator in the workspace Limburg");
    expect(en.text).toContain("14 December 2026");
    expect(renderMail("passwordReset", "nl", reset).text).toContain("1 uur geldig");
    expect(renderMail("passwordReset", "en", reset).text).toContain("valid for 1 hour");
  });

  it("has the same keys and placeholders in both languages", () => {
    expect(Object.keys(mailTexts.en).sort()).toEqual(Object.keys(mailTexts.nl).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(mailTexts.nl)) expect(placeholders(mailTexts.en[key]!), key).toEqual(placeholders(mailTexts.nl[key]!));
  });

  it("escapes every parameter in the HTML, keeps it readable in the text, and writes no Dutch in English (any parameters)", () => {
    expect(DUTCH_ONLY).toContain("uitnodiging");
    fc.assert(
      fc.property(randomInvitation, (params) => {
        const en = renderMail("invitation", "en", params);
        const nl = renderMail("invitation", "nl", params);
        for (const mail of [en, nl]) {
          // No markup from a parameter survives into the HTML: every < in it is one of ours.
          const tags = mail.html.match(/<[^>]*>/g) ?? [];
          for (const tag of tags) expect(tag).toMatch(/^<\/?(!DOCTYPE html|html|head|meta|title|body|main|p|span|h1|a|br|footer)[\s>]/);
          expect(mail.html).not.toContain("<script");
          expect(mail.html).not.toMatch(/<img/);
          expect(mail.subject).not.toMatch(/[\r\n]/);
          for (const name of ["inviterName", "organisation", "workspace"] as const) {
            // A line break in a name becomes a space (the domain's schema); everything else stays as typed.
            // eslint-disable-next-line no-control-regex
            expect(mail.text).toContain(params[name].replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim());
          }
        }
        const fromParams = words([params.inviterName, params.organisation, params.workspace, params.link].join(" "));
        const dutch = [...words(en.text + " " + en.subject)].filter((w) => DUTCH_ONLY.includes(w) && !fromParams.has(w));
        expect(dutch).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("a notification mail says who did what where, links to it, to the preferences and to a one-click unsubscribe (RFC 8058 headers)", () => {
    const nl = renderMail("notification", "nl", notification, { origin: ORIGIN });
    expect(nl.subject).toBe("Anna de Vries heeft je genoemd bij ‘Gezamenlijke inkoopstrategie’");
    expect(nl.text).toContain("In de werkruimte Limburg.");
    expect(nl.text).toContain("> @Venlo klopt dit?");
    expect(nl.text).toContain(`${ORIGIN}/w/limburg/documenten/d1?reactie=c1`);
    expect(nl.text).toContain(`${ORIGIN}/account/meldingen`);
    expect(nl.text).toContain("Geen e-mails meer over vermeldingen van jou");
    expect(nl.headers).toEqual({ "List-Unsubscribe": `<${ORIGIN}/meldingen/afmelden/tok_EN-123>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    const en = renderMail("notification", "en", { ...notification, kind: "reply" }, { origin: ORIGIN });
    expect(en.subject).toBe("Anna de Vries replied in a thread on ‘Gezamenlijke inkoopstrategie’");
    expect(en.html).toContain(`<a href="${ORIGIN}/meldingen/afmelden/tok_EN-123">No more emails about replies in your threads</a>`);
    // Other mails have no unsubscribe headers: they are not optional.
    expect(renderMail("passwordReset", "nl", reset).headers).toBeUndefined();
    // Without the site's address a notification mail cannot be rendered (a setup mistake, not a silent broken link).
    expect(() => renderMail("notification", "nl", notification)).toThrow(/PUBLIC_URL/);
  });

  it("a digest lists its notifications grouped by workspace, every line with its link, in the reader's language", () => {
    const nl = renderMail("digest", "nl", digest, { origin: ORIGIN });
    expect(nl.subject).toBe("Je dagelijkse samenvatting van Regiotafel: 3 meldingen");
    const limburg = nl.text.indexOf("Limburg\n");
    const rivierenland = nl.text.indexOf("Rivierenland\n");
    expect(limburg).toBeGreaterThan(0);
    expect(rivierenland).toBeGreaterThan(limburg);
    expect(nl.text.slice(limburg, rivierenland)).toContain("- Bert heeft een opmerking geplaatst bij ‘Perceel S2b’, dat je volgt\n  https://regiotafel.example/w/limburg/aanbestedingen/t1");
    expect(nl.text.slice(limburg, rivierenland)).toContain("De mijlpaal ‘Gunning’ komt eraan: 15 december 2026");
    expect(nl.text.slice(rivierenland)).toContain("Er is een nieuwe versie van het sjabloon ‘Raamovereenkomst Jeugd’");
    expect(nl.html).toContain('<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3">Rivierenland</h2>');
    expect(nl.headers?.["List-Unsubscribe"]).toBe(`<${ORIGIN}/meldingen/afmelden/digestTOKEN>`);
    const en = renderMail("digest", "en", { ...digest, period: "weekly", more: 4 }, { origin: ORIGIN });
    expect(en.subject).toBe("Your Regiotafel weekly digest: 7 notifications");
    expect(en.text).toContain("And 4 more notifications");
    // Addresses are the site's paths (Dutch by design), not text to read.
    const dutch = [...words(en.text.replace(/https?:\/\/\S+/g, " ") + " " + en.subject)].filter((w) => DUTCH_ONLY.includes(w) && !words(JSON.stringify(digest)).has(w));
    expect(dutch).toEqual([]);
  });

  it("a notification's path must stay on this site", () => {
    for (const path of ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/a b"]) {
      expect(() => renderMail("notification", "nl", { ...notification, path }, { origin: ORIGIN }), path).toThrow();
    }
  });

  it("refuses parameters the template does not take", () => {
    expect(() => renderMail("invitation", "nl", { ...invitation, link: "javascript:alert(1)" })).toThrow();
    expect(() => renderMail("passwordReset", "nl", {})).toThrow();
    expect(() => renderMail("toString" as never, "nl", {})).toThrow(/unknown mail template/);
  });
});

describe("retry delays", () => {
  it("double with each attempt up to the cap, in the upper half of the step (jitter)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempts, r) => {
        const step = Math.min(3_600_000, 30_000 * 2 ** (attempts - 1));
        const delay = retryDelayMs(attempts, 30_000, 3_600_000, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
        expect(delay).toBeLessThanOrEqual(step);
      }),
    );
    expect(retryDelayMs(1, 30_000, 3_600_000, () => 0.999)).toBeLessThan(retryDelayMs(3, 30_000, 3_600_000, () => 0));
  });
});
