import { Link } from "@remix-run/react";
import { Heading } from "@utrecht/component-library-react";
import { countText, formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";

/**
 * Template reviews waiting for a library moderator, on the page they land on ("/"): a moderator
 * need not be a member of any workspace (issue 18, point 1). Renders nothing for others.
 */
export function ReviewsWaiting({ reviews }: { reviews: readonly { id: string; title: string; number: number; network: string; submittedAt: string | Date }[] }) {
  const t = useT();
  const locale = useLocale();
  if (reviews.length === 0) return null;
  return (
    <section className="rt-card rt-card--accent rt-stack" aria-labelledby="reviews-waiting-heading">
      <Heading level={2} id="reviews-waiting-heading">
        {countText(t, locale, "home.needs.reviews", reviews.length)}
      </Heading>
      <ul className="rt-compact-list">
        {reviews.map((r) => (
          <li key={r.id}>
            <Link className="utrecht-link" to={`/bibliotheek/beoordelen#review-${r.id}`}>
              {t("home.needs.reviews.link", { title: r.title, number: r.number })}
            </Link>
            <span className="rt-muted rt-block">{t("home.needs.reviews.meta", { network: r.network, date: formatDateTime(r.submittedAt, locale) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
