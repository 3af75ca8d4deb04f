import { Link } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { countText } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";

export interface NetworkSummary {
  id: string;
  name: string;
  members: number;
  isModerator: boolean;
}

/** The national learning networks of the user's organisation (and those they moderate) on the platform home. */
export function MyNetworks({ networks }: { networks: NetworkSummary[] }) {
  const t = useT();
  const locale = useLocale();
  if (networks.length === 0) return null;
  return (
    <section className="rt-stack" aria-labelledby="networks-heading">
      <Heading level={2} id="networks-heading">
        {t("home.networks.title")}
      </Heading>
      <Paragraph className="rt-muted">{t("home.networks.intro")}</Paragraph>
      <ul className="rt-grid rt-plain-list">
        {networks.map((n) => (
          <li key={n.id} className="rt-card">
            <p className="rt-card__title">{n.name}</p>
            <p className="rt-muted rt-small">{countText(t, locale, "home.networks.members", n.members)}</p>
            {n.isModerator && <p className="rt-small">{t("home.networks.moderator")}</p>}
            <Link className="utrecht-link" to="/bibliotheek">
              {t("home.networks.open")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
