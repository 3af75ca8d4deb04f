import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { useLocale, useT } from "~/i18n/use-t";
import { contactHref } from "~/lib/accessibility";
import { intlLocale } from "~/lib/format";
import { pageTitle } from "~/lib/meta";

// The accessibility statement (toegankelijkheidsverklaring, issue 18): public, in the format of
// the model statement Dutch public bodies publish. What it says was tested is what
// e2e/src/accessibility.e2e.test.ts and e2e/src/keyboard.e2e.test.ts check on every change
// (docs/decisions/0029-accessibility-audit.md); the operator's contact is ACCESSIBILITY_CONTACT.

/** The day this statement was last brought in line with the tests. */
export const STATEMENT_DATE = "2026-12-07";
const OMBUDSMAN = "https://www.nationaleombudsman.nl/klacht-indienen";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.accessibility") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return { contact: context.accessibilityContact ?? "toegankelijkheid@regiotafel.nl", address: new URL(request.url).origin };
}

export default function AccessibilityStatement() {
  const t = useT();
  const locale = useLocale();
  const { contact, address } = useLoaderData<typeof loader>();
  const href = contactHref(contact);
  const date = new Intl.DateTimeFormat(intlLocale(locale), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(STATEMENT_DATE));
  return (
    <article className="rt-narrow rt-stack rt-stack--loose rt-statement">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.name")}</p>
        <Heading level={1}>{t("a11y.title")}</Heading>
        <Paragraph className="rt-lead">{t("a11y.intro")}</Paragraph>
      </header>

      <section className="rt-stack" aria-labelledby="a11y-about">
        <Heading level={2} id="a11y-about">
          {t("a11y.about.title")}
        </Heading>
        <dl className="rt-statement__facts">
          <dt>{t("a11y.about.organisation")}</dt>
          <dd>{t("a11y.about.organisationValue")}</dd>
          <dt>{t("a11y.about.application")}</dt>
          <dd>{t("a11y.about.applicationValue")}</dd>
          <dt>{t("a11y.about.address")}</dt>
          <dd>{address}</dd>
          <dt>{t("a11y.about.date")}</dt>
          <dd>
            <time dateTime={STATEMENT_DATE}>{date}</time>
          </dd>
          <dt>{t("a11y.about.scope")}</dt>
          <dd>{t("a11y.about.scopeValue")}</dd>
        </dl>
      </section>

      <section className="rt-stack" aria-labelledby="a11y-status">
        <Heading level={2} id="a11y-status">
          {t("a11y.status.title")}
        </Heading>
        <Paragraph>
          <strong data-testid="compliance-status">{t("a11y.status.value")}</strong>
        </Paragraph>
        <Paragraph>{t("a11y.status.why")}</Paragraph>
      </section>

      <section className="rt-stack" aria-labelledby="a11y-tested">
        <Heading level={2} id="a11y-tested">
          {t("a11y.tested.title")}
        </Heading>
        <Paragraph>{t("a11y.tested.intro")}</Paragraph>
        <ul className="utrecht-unordered-list">
          <li className="utrecht-unordered-list__item">{t("a11y.tested.axe")}</li>
          <li className="utrecht-unordered-list__item">{t("a11y.tested.reflow")}</li>
          <li className="utrecht-unordered-list__item">{t("a11y.tested.keyboard")}</li>
          <li className="utrecht-unordered-list__item">{t("a11y.tested.skip")}</li>
        </ul>
      </section>

      <section className="rt-stack" aria-labelledby="a11y-exceptions">
        <Heading level={2} id="a11y-exceptions">
          {t("a11y.exceptions.title")}
        </Heading>
        <ul className="utrecht-unordered-list">
          <li className="utrecht-unordered-list__item">{t("a11y.exceptions.audit")}</li>
          <li className="utrecht-unordered-list__item">{t("a11y.exceptions.editor")}</li>
          <li className="utrecht-unordered-list__item">{t("a11y.exceptions.files")}</li>
        </ul>
      </section>

      <section className="rt-stack" aria-labelledby="a11y-contact">
        <Heading level={2} id="a11y-contact">
          {t("a11y.contact.title")}
        </Heading>
        <Paragraph>{t("a11y.contact.body")}</Paragraph>
        {/* The operator's contact details: ACCESSIBILITY_CONTACT. */}
        <Paragraph className="rt-statement__contact" data-testid="accessibility-contact">
          {t("a11y.contact.label")}:{" "}
          {href ? (
            <a className="utrecht-link" href={href}>
              {contact}
            </a>
          ) : (
            contact
          )}
        </Paragraph>
      </section>

      <section className="rt-stack" aria-labelledby="a11y-enforcement">
        <Heading level={2} id="a11y-enforcement">
          {t("a11y.enforcement.title")}
        </Heading>
        <Paragraph>{t("a11y.enforcement.body")}</Paragraph>
        <Paragraph>
          <a className="utrecht-link" href={OMBUDSMAN} hrefLang="nl">
            {t("a11y.enforcement.link")}
          </a>
        </Paragraph>
      </section>
    </article>
  );
}
